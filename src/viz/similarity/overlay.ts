/**
 * What the similarity graph draws over its nodes and edges: the two special
 * edges (the next merge and a previewed pair) with their click targets and
 * captions, focus rings, and the labels of the selected and hovered nodes.
 */
import * as d3 from 'd3';
import { drawFocusRings, GRAPH_RINGS, type FocusRingMark } from '../focus-ring';
import { INK } from '../palette';
import { FONT, fontPx } from '../sizes';
import type { DrawnNode, GraphScene } from './draw';
import type { Blocker } from './hit-targets';
import { placeHitTargets } from './hit-targets';
import type { PlotBox } from './layout';
import type { SimilarityGraphSpec } from './spec';
import { pairKey } from './spec';
import { captionWordings, fitsRow } from './text';

/** Highlighter colours of the two special edges (under an ink core line). */
const CANDIDATE_HALO = '#FFB000';
const PREVIEW_HALO = '#9B7BE0';
/** Stroke width of a special edge's click target (at scale 1). */
export const SPECIAL_HIT_WIDTH = 12;

export interface Special {
  kind: 'candidate' | 'preview';
  a: DrawnNode;
  b: DrawnNode;
  r: number;
  label: string;
}

/** The next merge and the previewed pair, when their nodes are shown (one entry when they are the same pair). */
export function specialEdges(spec: SimilarityGraphSpec, byId: ReadonlyMap<number, DrawnNode>): Special[] {
  const out: Special[] = [];
  const n = spec.nodes.length;
  const rOf = (a: DrawnNode, b: DrawnNode) => {
    const v = spec.correlation[a.k * n + b.k];
    return Number.isFinite(v) ? v : 0;
  };
  const pv = spec.previewEdge ? [byId.get(spec.previewEdge[0]), byId.get(spec.previewEdge[1])] : null;
  const cd = spec.candidate ? [byId.get(spec.candidate[0]), byId.get(spec.candidate[1])] : null;
  const same = pv && cd && pv[0] && pv[1] && cd[0] && cd[1] && pairKey(pv[0].id, pv[1].id) === pairKey(cd[0].id, cd[1].id);
  if (cd && cd[0] && cd[1] && cd[0] !== cd[1]) {
    const [a, b] = cd as [DrawnNode, DrawnNode];
    const rem = spec.candidateRemovedId;
    const text = rem === a.id ? `#${a.id} → #${b.id}` : rem === b.id ? `#${b.id} → #${a.id}` : `#${a.id} + #${b.id}`;
    out.push({ kind: 'candidate', a, b, r: rOf(a, b), label: `${same ? 'preview · ' : ''}next merge ${text}` });
  }
  if (pv && pv[0] && pv[1] && pv[0] !== pv[1] && !same) {
    const [a, b] = pv as [DrawnNode, DrawnNode];
    out.push({ kind: 'preview', a, b, r: rOf(a, b), label: `preview #${a.id} + #${b.id}` });
  }
  return out;
}

/** A special edge from rim to rim (it is drawn over the nodes, whose colours must stay true). */
function rimToRim(s: Special, scale: number): [number, number, number, number] {
  const dx = s.b.x - s.a.x;
  const dy = s.b.y - s.a.y;
  const len = Math.hypot(dx, dy);
  const ca = s.a.r + 3 * scale;
  const cb = s.b.r + 3 * scale;
  if (len <= ca + cb) return [s.a.x, s.a.y, s.a.x, s.a.y];
  const ux = dx / len;
  const uy = dy / len;
  return [s.a.x + ux * ca, s.a.y + uy * ca, s.b.x - ux * cb, s.b.y - uy * cb];
}

/** The special edges' click targets as blockers for the plain edges' targets (`ownerOf` maps a pair key to its plain edge). */
export function specialBlockers(specials: readonly Special[], ownerOf: (key: string) => number, scale = 1): Blocker[] {
  return specials.map((s) => ({
    x1: s.a.x,
    y1: s.a.y,
    x2: s.b.x,
    y2: s.b.y,
    halfWidth: (SPECIAL_HIT_WIDTH * scale) / 2,
    owner: ownerOf(pairKey(s.a.id, s.b.id)),
  }));
}

export interface FocusState {
  spec: SimilarityGraphSpec;
  byId: ReadonlyMap<number, DrawnNode>;
  hoverId: number | null;
  box: PlotBox;
}

/** Special edges (halo and core), their click targets, focus rings and node labels, at the nodes' current positions. */
export function drawOverlay(scene: GraphScene, specials: readonly Special[], st: FocusState, bindSpecialHit: (enter: d3.Selection<SVGLineElement, Special, SVGGElement, unknown>) => void): void {
  const k = st.box.scale;
  const ends = new Map(specials.map((s) => [s.kind, rimToRim(s, k)]));
  for (const [cls, halo] of [
    ['sg-halo', true],
    ['sg-core', false],
  ] as const) {
    scene.specialG
      .selectAll<SVGLineElement, Special>(`line.${cls}`)
      .data(specials, (s) => s.kind)
      .join('line')
      .attr('class', cls)
      .attr('stroke', (s) => (!halo ? INK : s.kind === 'candidate' ? CANDIDATE_HALO : PREVIEW_HALO))
      .attr('stroke-opacity', halo ? 0.5 : 1)
      .attr('stroke-width', (halo ? 11 : 2.6) * k)
      .attr('stroke-linecap', halo ? 'butt' : null)
      .attr('stroke-dasharray', (s) => (!halo && s.r < 0 ? `${5 * k} ${3 * k}` : null))
      .attr('x1', (s) => ends.get(s.kind)![0])
      .attr('y1', (s) => ends.get(s.kind)![1])
      .attr('x2', (s) => ends.get(s.kind)![2])
      .attr('y2', (s) => ends.get(s.kind)![3]);
  }
  // Their targets' points: the midpoint unless a node covers it (the later target is on top).
  const nodes = [...st.byId.values()];
  const placement = placeHitTargets({
    segments: specials.map((s) => ({ x1: s.a.x, y1: s.a.y, x2: s.b.x, y2: s.b.y })),
    circles: nodes.map((d) => ({ x: d.x, y: d.y, r: d.r + 0.5 })),
    halfWidth: (SPECIAL_HIT_WIDTH * k) / 2,
    // Their targets are the whole lines.
    pillLength: Infinity,
  });
  scene.specialHitG
    .selectAll<SVGLineElement, Special>('line.sg-hit-special')
    .data(specials, (s) => s.kind)
    .join((enter) => {
      const lines = enter
        .append('line')
        .attr('class', 'sg-hit sg-hit-special')
        .attr('stroke', 'transparent')
        .attr('pointer-events', 'stroke')
        .style('cursor', 'pointer');
      bindSpecialHit(lines);
      return lines;
    })
    .attr('stroke-width', SPECIAL_HIT_WIDTH * k)
    .attr('data-a', (s) => s.a.id)
    .attr('data-b', (s) => s.b.id)
    .attr('data-kind', (s) => s.kind)
    .attr('x1', (s) => s.a.x)
    .attr('y1', (s) => s.a.y)
    .attr('x2', (s) => s.b.x)
    .attr('y2', (s) => s.b.y)
    .attr('data-hit-x', (_s, q) => placement.x[q].toFixed(1))
    .attr('data-hit-y', (_s, q) => placement.y[q].toFixed(1))
    .attr('data-hit-t', (_s, q) => placement.t[q].toFixed(2))
    .attr('data-hit-free', (_s, q) => (placement.free[q] ? 'true' : 'false'))
    .sort((p, q) => placement.order.indexOf(specials.indexOf(p)) - placement.order.indexOf(specials.indexOf(q)));

  // Rings: the special edges' ends (dashed: the one removed), the selected node, the hovered one.
  const rings: FocusRingMark[] = [];
  for (const s of specials) {
    for (const d of [s.a, s.b]) {
      const removed = s.kind === 'candidate' && st.spec.candidateRemovedId === d.id;
      rings.push({ key: `${s.kind}-${d.id}`, x: d.x, y: d.y, r: d.r, kind: 'candidate', dashed: removed });
    }
  }
  const sel = st.spec.selectedId;
  const selNode = sel !== null ? st.byId.get(sel) : undefined;
  if (selNode) rings.push({ key: `sel-${selNode.id}`, x: selNode.x, y: selNode.y, r: selNode.r, kind: 'selected' });
  const hovNode = st.hoverId !== null ? st.byId.get(st.hoverId) : undefined;
  if (hovNode && hovNode !== selNode) rings.push({ key: `hov-${hovNode.id}`, x: hovNode.x, y: hovNode.y, r: hovNode.r, kind: 'hover' });
  drawFocusRings(scene.ringG, rings, GRAPH_RINGS, st.box.scale);

  const { halfW, halfH } = st.box;
  const labels: { key: string; x: number; y: number; text: string; bold: boolean }[] = [];
  for (const d of [selNode, hovNode]) {
    if (!d || labels.some((l) => l.key === `n-${d.id}`)) continue;
    const above = d.y - d.r - 6 * k > -halfH + 8 * k;
    labels.push({
      key: `n-${d.id}`,
      x: Math.max(-halfW + 14 * k, Math.min(halfW - 14 * k, d.x)),
      y: above ? d.y - d.r - 6 * k : d.y + d.r + 13 * k,
      text: `#${d.id}`,
      bold: d === selNode,
    });
  }
  scene.labelG
    .selectAll<SVGTextElement, (typeof labels)[number]>('text')
    .data(labels, (l) => l.key)
    .join('text')
    .attr('class', 'sg-node-label')
    .attr('x', (l) => l.x)
    .attr('y', (l) => l.y)
    .attr('text-anchor', 'middle')
    .attr('font-size', fontPx(FONT.small, k))
    .attr('font-weight', (l) => (l.bold ? 600 : 400))
    .attr('fill', INK)
    .attr('stroke', '#fff')
    .attr('stroke-width', 3 * k)
    .attr('stroke-linejoin', 'round')
    .attr('paint-order', 'stroke')
    .text((l) => l.text);
}

export interface PlacedCaption {
  s: Special;
  text: string;
  x: number;
}

/** The chips under the plot naming the special edges: the longest wording for which they all fit on the row. */
export function placeCaptions(specials: readonly Special[], box: PlotBox): PlacedCaption[] {
  const k = box.scale;
  let placed: PlacedCaption[] = [];
  for (const wording of captionWordings) {
    let x = box.pad + 2 * k;
    placed = specials.map((s) => {
      const text = wording(s.label, s.r);
      const out = { s, text, x };
      x += (22 + text.length * 6.6 + 14) * k;
      return out;
    });
    if (fitsRow(x, box)) break;
  }
  return placed;
}

export function drawCaptions(scene: GraphScene, placed: readonly PlacedCaption[], box: PlotBox, shown: boolean, bindCaption: (enter: d3.Selection<SVGGElement, PlacedCaption, SVGGElement, unknown>) => void): void {
  const k = box.scale;
  scene.captionG.attr('transform', `translate(0,${box.height - 23 * k})`).attr('display', shown ? null : 'none');
  scene.captionG
    .selectAll<SVGGElement, PlacedCaption>('g.sg-special-label')
    .data(placed, (p) => p.s.kind)
    .join((enter) => {
      const g = enter.append('g').attr('class', 'sg-special-label').style('cursor', 'pointer');
      bindCaption(g);
      g.append('rect').attr('class', 'sg-caption-swatch');
      g.append('line').attr('class', 'sg-caption-core');
      g.append('text');
      return g;
    })
    .attr('data-kind', (p) => p.s.kind)
    .attr('data-a', (p) => p.s.a.id)
    .attr('data-b', (p) => p.s.b.id)
    .attr('transform', (p) => `translate(${p.x},0)`)
    .call((g) =>
      g
        .select('rect')
        .attr('x', 0)
        .attr('y', -5 * k)
        .attr('width', 16 * k)
        .attr('height', 10 * k)
        .attr('rx', 5 * k)
        .attr('fill', (p) => (p.s.kind === 'candidate' ? CANDIDATE_HALO : PREVIEW_HALO))
        .attr('fill-opacity', 0.6),
    )
    .call((g) =>
      g
        .select('line')
        .attr('x1', 2 * k)
        .attr('x2', 14 * k)
        .attr('stroke', INK)
        .attr('stroke-width', 2 * k)
        .attr('stroke-dasharray', (p) => (p.s.r < 0 ? `${3 * k} ${2 * k}` : null)),
    )
    .call((g) =>
      g
        .select('text')
        .attr('x', 21 * k)
        .attr('dy', '0.35em')
        .attr('font-size', fontPx(FONT.small, k))
        .attr('font-weight', 600)
        .attr('fill', INK)
        .text((p) => p.text),
    );
}

