/**
 * The similarity graph (d3-force on SVG). Nodes are one layer's neurons,
 * coloured by preferred class and sized by outgoing weight norm; edges join
 * pairs whose |Pearson r| reaches a threshold (the strongest `maxEdges`
 * only). The next candidate merge and a previewed pair stand out.
 *
 * Pure rendering: it is given the correlation matrix and everything else,
 * computes nothing the engine computes, and reports clicks and hovers
 * through callbacks. Called again with a new spec it updates in place: the
 * layout restarts warm (surviving nodes keep their positions), removed nodes
 * fade out, and a neuron that comes back (undo) reappears where it was.
 *
 * Smoothness with 300 nodes: the force simulation is not run by d3's own
 * timer but by ticks in requestAnimationFrame with a time budget per frame
 * (a few ms), a cap on the number of ticks, and a stop once it has cooled
 * (alphaMin). Plain edges are drawn as a handful of <path>s (one per sign
 * and strength bin), not one element each; the wide, invisible click
 * targets of the edges are only repositioned every few frames and at rest.
 *
 * The SVG carries data-layout="running" | "settled" (for tests and
 * screenshots), and every node and edge target carries its neuron ids:
 * circle.sg-node[data-id], line.sg-hit[data-a][data-b].
 */
import * as d3 from 'd3';
import { classColor, classStroke, renderClassLegend } from './class-colors';
import { motionPacer, reducedMotion } from './motion';
import { INK, MUTED } from './palette';

export interface SimilarityNode {
  /** Stable neuron id (within its layer). */
  id: number;
  /** Preferred class 0-9 (the class with the highest mean output); anything else draws neutral. */
  preferredClass: number;
  /** Outgoing weight norm ||W[i]||; sets the node's area. */
  size: number;
}

export interface SimilarityGraphSpec {
  width: number;
  height: number;
  nodes: readonly SimilarityNode[];
  /** Pearson correlation, n x n row-major, rows and columns in `nodes` order. */
  correlation: Float32Array;
  /** Draw the pairs with |r| >= threshold. */
  threshold: number;
  /** At most this many edges are drawn, the strongest ones (default 600). */
  maxEdges?: number;
  /** The next merge [idA, idB]: drawn thick, highlighted and labelled even below the threshold. */
  candidate: readonly [number, number] | null;
  /** Optional: which end of `candidate` is the one removed (the label then reads "#removed → #heir"). */
  candidateRemovedId?: number | null;
  selectedId: number | null;
  /** A pair the user is previewing (clicked edge): drawn highlighted and labelled "preview". */
  previewEdge: readonly [number, number] | null;
  /**
   * Identifies the population of nodes (for instance the layer index). When
   * it changes the layout starts afresh instead of warm; neuron ids of
   * different layers overlap, so pass it whenever the layer can change.
   */
  layoutKey?: string | number;
}

export interface SimilarityGraphCallbacks {
  onNodeClick(id: number): void;
  onEdgeClick(idA: number, idB: number): void;
  onHover(id: number | null): void;
}

export interface SimilarityGraph {
  update(spec: SimilarityGraphSpec): void;
  destroy(): void;
}

export const DEFAULT_MAX_EDGES = 600;

/** Highlighter colours of the two special edges (under an ink core line). */
const CANDIDATE_HALO = '#FFB000';
const PREVIEW_HALO = '#9B7BE0';
const EDGE_GREY = '#7d8896';
const LEGEND_BAND = 22;
const NOTE_BAND = 34; // two rows: the special edges' captions, then the note
const PAD = 6;
const BINS = 4;
const FRAME_BUDGET_MS = 5;
const FRESH_TICKS = 220;
const WARM_TICKS = 90;
/** Below this speed (px per tick) for three frames in a row, the layout counts as settled. */
const STILL_PX = 0.03;
const WARM_ALPHA = 0.1;
const FRESH_DECAY = 0.034;
/** The seeded start already groups classes, so a fresh layout need not start at full heat. */
const FRESH_ALPHA = 0.7;
const WARM_DECAY = 0.05;
/** Relax the layout again once this fraction of the nodes (removed, or with changed edges) has changed since it last did. */
const DRIFT_RELAYOUT = 0.08;

interface SNode extends d3.SimulationNodeDatum {
  id: number;
  cls: number;
  size: number;
  r: number;
  /** Index in spec.nodes. */
  k: number;
  x: number;
  y: number;
  /** Its circle, and the values last written to it (to touch only what changed). */
  el: SVGCircleElement | null;
  px: number;
  py: number;
  ar: number;
  acls: number;
  aop: number;
}

interface SLink extends d3.SimulationLinkDatum<SNode> {
  source: SNode;
  target: SNode;
  r: number;
  /** Strength in [0, 1] relative to the threshold. */
  w: number;
  key: string;
}

function pairKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}

function sameArray(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** A small deterministic random source for d3-force's jiggle (no Math.random). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** Fixed-point formatting of r without a leading zero problem: 0.83, -0.61. */
const fmtR = d3.format('+.2f');

export function createSimilarityGraph(svgEl: SVGSVGElement, callbacks: SimilarityGraphCallbacks): SimilarityGraph {
  const svg = d3.select(svgEl);
  svg.classed('similarity-graph-svg', true).attr('data-layout', 'settled');
  const root = svg.append('g').attr('class', 'sg-root');
  const legendG = root.append('g').attr('class', 'sg-legend');
  const plot = root.append('g').attr('class', 'sg-plot');
  const edgeG = plot.append('g').attr('class', 'sg-edges').attr('fill', 'none').attr('pointer-events', 'none');
  const focusEdgePath = plot
    .append('path')
    .attr('class', 'sg-focus-edges')
    .attr('fill', 'none')
    .attr('stroke', INK)
    .attr('stroke-width', 1.4)
    .attr('stroke-opacity', 0.85)
    .attr('pointer-events', 'none');
  const focusEdgeNegPath = plot
    .append('path')
    .attr('class', 'sg-focus-edges-neg')
    .attr('fill', 'none')
    .attr('stroke', INK)
    .attr('stroke-width', 1.4)
    .attr('stroke-opacity', 0.85)
    .attr('stroke-dasharray', '4 3')
    .attr('pointer-events', 'none');
  const hitG = plot.append('g').attr('class', 'sg-hits');
  // Above the plain edges' targets, below the nodes (so the pair's own neurons stay clickable).
  const specialHitG = plot.append('g').attr('class', 'sg-special-hits');
  const nodeG = plot.append('g').attr('class', 'sg-nodes');
  // The candidate and preview edges over the nodes, so that they stand out even across a crowd
  // (translucent, and not a click target: their targets are in specialHitG, under the nodes).
  const specialG = plot.append('g').attr('class', 'sg-special').attr('pointer-events', 'none');
  const ringG = plot.append('g').attr('class', 'sg-rings').attr('pointer-events', 'none').attr('fill', 'none');
  const labelG = plot.append('g').attr('class', 'sg-labels').attr('pointer-events', 'none');
  // Captions of the special edges, under the plot (not over the nodes); they are click targets too.
  const captionG = root.append('g').attr('class', 'sg-captions');
  const note = root.append('text').attr('class', 'sg-note').attr('fill', MUTED).attr('font-size', 11);
  const emptyText = root.append('text').attr('class', 'sg-empty').attr('fill', MUTED).attr('font-size', 13).attr('text-anchor', 'middle');

  // Plain edges: one path per (sign, strength bin).
  const binKeys = d3.cross([1, -1], d3.range(BINS)).map(([sign, bin]) => ({ sign, bin }));
  const binPaths = edgeG
    .selectAll<SVGPathElement, { sign: number; bin: number }>('path')
    .data(binKeys)
    .join('path')
    .attr('stroke', EDGE_GREY)
    .attr('stroke-width', (d) => 0.6 + (d.bin / (BINS - 1)) * 1.4)
    .attr('stroke-opacity', (d) => 0.2 + (d.bin / (BINS - 1)) * 0.5)
    .attr('stroke-dasharray', (d) => (d.sign < 0 ? '3 2.5' : null));

  const sim = d3
    .forceSimulation<SNode>()
    .stop()
    .randomSource(lcg(7))
    .alphaDecay(0.028)
    .alphaMin(0.004)
    .velocityDecay(0.42);
  const linkForce = d3.forceLink<SNode, SLink>([]);
  const chargeForce = d3.forceManyBody<SNode>().theta(0.95);
  const collideForce = d3.forceCollide<SNode>().strength(0.9).iterations(2);
  /** Used alone once the layout has cooled, to push apart circles that still overlap. */
  const separate = d3.forceCollide<SNode>().strength(1).iterations(1);
  const xForce = d3.forceX<SNode>(0);
  const yForce = d3.forceY<SNode>(0);
  sim.force('link', linkForce).force('charge', chargeForce).force('collide', collideForce).force('x', xForce).force('y', yForce);

  // State kept between updates.
  let spec: SimilarityGraphSpec | null = null;
  let nodes: SNode[] = [];
  let byId = new Map<number, SNode>();
  let links: SLink[] = [];
  let linkKeys = new Set<string>();
  /** Last known positions of neurons no longer shown (so undo puts them back). */
  let graveyard = new Map<number, { x: number; y: number }>();
  let prevIds: number[] = [];
  let prevKey: string | number | undefined;
  let prevCorr: Float32Array | null = null;
  let prevThreshold = NaN;
  let prevMaxEdges = NaN;
  let prevW = 0;
  let prevH = 0;
  let halfW = 100;
  let halfH = 100;
  let totalPairs = 0;
  let hoverId: number | null = null;
  let hoverEdge: string | null = null;
  let legendClass: number | null = null;
  let raf = 0;
  let ticksLeft = 0;
  let frame = 0;
  let destroyed = false;
  const pace = motionPacer();
  let hitSel = hitG.selectAll<SVGLineElement, SLink>('line.sg-hit');

  function clampNode(d: SNode): void {
    const mx = Math.max(0, halfW - d.r - 1);
    const my = Math.max(0, halfH - d.r - 1);
    if (d.x < -mx) (d.x = -mx), (d.vx = 0);
    else if (d.x > mx) (d.x = mx), (d.vx = 0);
    if (d.y < -my) (d.y = -my), (d.vy = 0);
    else if (d.y > my) (d.y = my), (d.vy = 0);
  }

  /** Deterministic start: classes on an ellipse, a phyllotaxis inside each class. */
  function seedPositions(fresh: SNode[], spacing: number): void {
    const byClass = new Map<number, SNode[]>();
    for (const d of fresh) {
      const c = d.cls >= 0 && d.cls < 10 ? d.cls : -1;
      let list = byClass.get(c);
      if (!list) byClass.set(c, (list = []));
      list.push(d);
    }
    const golden = Math.PI * (3 - Math.sqrt(5));
    for (const [c, list] of byClass) {
      if (c < 0) {
        // No preferred class (dead or constant: no edges either): spread around the rim.
        list.forEach((d, m) => {
          const t = (2 * Math.PI * (m + 0.5)) / list.length + Math.PI / 10;
          d.x = Math.cos(t) * halfW * 0.9;
          d.y = Math.sin(t) * halfH * 0.9;
          d.vx = d.vy = 0;
        });
        continue;
      }
      const theta = (2 * Math.PI * c) / 10 - Math.PI / 2;
      const ring = 0.55;
      const cx = Math.cos(theta) * halfW * ring;
      const cy = Math.sin(theta) * halfH * ring;
      list.forEach((d, m) => {
        const rad = spacing * 0.5 * Math.sqrt(m + 0.5);
        d.x = cx + rad * Math.cos(m * golden);
        d.y = cy + rad * Math.sin(m * golden);
        d.vx = 0;
        d.vy = 0;
      });
    }
  }

  function edgesFor(s: SimilarityGraphSpec): { list: SLink[]; total: number } {
    const n = s.nodes.length;
    const C = s.correlation;
    const thr = Math.max(0, s.threshold);
    const cap = Math.max(0, Math.floor(s.maxEdges ?? DEFAULT_MAX_EDGES));
    // Pass 1: count and collect |r| of qualifying pairs.
    let count = 0;
    let absVals = new Float32Array(Math.min(n * (n - 1) / 2, 4096) | 0 || 1);
    for (let i = 0; i < n; i++) {
      const row = i * n;
      for (let j = i + 1; j < n; j++) {
        const a = Math.abs(C[row + j]);
        if (a >= thr && a === a) {
          if (count === absVals.length) {
            const grown = new Float32Array(absVals.length * 2);
            grown.set(absVals);
            absVals = grown;
          }
          absVals[count++] = a;
        }
      }
    }
    let cut = thr;
    let tiesAllowed = Infinity;
    if (count > cap) {
      const sorted = absVals.slice(0, count).sort();
      cut = cap > 0 ? sorted[count - cap] : Infinity;
      // Pairs strictly above the cut all go in; ties at the cut fill up to the cap.
      let above = 0;
      for (let q = count - cap; q < count; q++) if (sorted[q] > cut) above++;
      tiesAllowed = cap - above;
    }
    const list: SLink[] = [];
    const span = 1 - thr > 1e-6 ? 1 - thr : 1;
    for (let i = 0; i < n && list.length < cap; i++) {
      const row = i * n;
      for (let j = i + 1; j < n; j++) {
        const r = C[row + j];
        const a = Math.abs(r);
        if (!(a >= thr) || a < cut) continue;
        if (a === cut && count > cap) {
          if (tiesAllowed <= 0) continue;
          tiesAllowed--;
        }
        const src = nodes[i];
        const tgt = nodes[j];
        list.push({ source: src, target: tgt, r, w: Math.min(1, Math.max(0, (a - thr) / span)), key: pairKey(src.id, tgt.id) });
        if (list.length >= cap) break;
      }
    }
    return { list, total: count };
  }

  function configureForces(n: number): void {
    const spacing = Math.sqrt((4 * halfW * halfH) / Math.max(1, n));
    const deg = new Map<SNode, number>();
    for (const l of links) {
      deg.set(l.source, (deg.get(l.source) ?? 0) + 1);
      deg.set(l.target, (deg.get(l.target) ?? 0) + 1);
    }
    linkForce
      .links(links)
      .distance((l) => spacing * (0.45 + 0.9 * (1 - Math.abs(l.r))) + l.source.r + l.target.r)
      .strength((l) => (0.25 + 0.75 * l.w) / Math.min(deg.get(l.source) ?? 1, deg.get(l.target) ?? 1));
    chargeForce.strength(-spacing * 0.7).distanceMax(spacing * 4);
    collideForce.radius((d) => d.r + 1.2);
    // Pull towards the centre, stronger vertically in a landscape box so the layout fills it.
    const k = 0.06;
    xForce.strength(k * Math.min(1, halfH / halfW));
    yForce.strength(k * Math.min(1, halfW / halfH));
  }

  // ---- drawing -------------------------------------------------------------

  function seg(a: SNode, b: SNode): string {
    return `M${a.x.toFixed(1)},${a.y.toFixed(1)}L${b.x.toFixed(1)},${b.y.toFixed(1)}`;
  }

  function focusId(): number | null {
    return hoverId ?? spec?.selectedId ?? null;
  }

  /** Writes positions to the DOM: only circles that moved, edges only when something moved. */
  function drawPositions(final: boolean, force = false): void {
    let moved = false;
    for (const d of nodes) {
      // Written as "not within" so that NaN (never drawn) counts as moved.
      if (!(Math.abs(d.x - d.px) <= 0.2 && Math.abs(d.y - d.py) <= 0.2)) {
        moved = true;
        d.px = d.x;
        d.py = d.y;
        if (d.el) {
          d.el.setAttribute('cx', d.x.toFixed(1));
          d.el.setAttribute('cy', d.y.toFixed(1));
        }
      }
    }
    // Click targets follow only when nodes moved (new ones get their ends when they are created).
    if (moved) hitsDirty = true;
    if (moved || force || edgesDirty) {
      drawEdges();
      drawSpecial();
    }
    if (hitsDirty && (final || frame % 10 === 0)) {
      hitsDirty = false;
      hitSel.each(function (l) {
        this.setAttribute('x1', l.source.x.toFixed(1));
        this.setAttribute('y1', l.source.y.toFixed(1));
        this.setAttribute('x2', l.target.x.toFixed(1));
        this.setAttribute('y2', l.target.y.toFixed(1));
      });
    }
  }

  let edgesDirty = true;
  let hitsDirty = true;

  function drawEdges(): void {
    edgesDirty = false;
    // Plain edges by bin (edges touching the focused node are drawn on top instead).
    const f = focusId();
    const parts: string[][] = binKeys.map(() => []);
    const focusPos: string[] = [];
    const focusNeg: string[] = [];
    for (const l of links) {
      const s = seg(l.source, l.target);
      if (f !== null && (l.source.id === f || l.target.id === f)) {
        (l.r < 0 ? focusNeg : focusPos).push(s);
        continue;
      }
      const bin = Math.min(BINS - 1, Math.floor(l.w * BINS));
      parts[(l.r < 0 ? BINS : 0) + bin].push(s);
    }
    binPaths.attr('d', (_d, q) => parts[q].join(''));
    // Hovering shows a node's neighbourhood boldly; a selection (which stays) more quietly.
    const hovering = hoverId !== null;
    focusEdgePath.attr('d', focusPos.join('')).attr('stroke-opacity', hovering ? 0.85 : 0.5).attr('stroke-width', hovering ? 1.4 : 1);
    focusEdgeNegPath.attr('d', focusNeg.join('')).attr('stroke-opacity', hovering ? 0.85 : 0.5).attr('stroke-width', hovering ? 1.4 : 1);
  }

  interface Special {
    kind: 'candidate' | 'preview';
    a: SNode;
    b: SNode;
    r: number;
    label: string;
  }

  function specials(): Special[] {
    if (!spec) return [];
    const out: Special[] = [];
    const n = spec.nodes.length;
    const rOf = (a: SNode, b: SNode) => {
      const v = spec!.correlation[a.k * n + b.k];
      return Number.isFinite(v) ? v : 0;
    };
    const pv = spec.previewEdge ? [byId.get(spec.previewEdge[0]), byId.get(spec.previewEdge[1])] : null;
    const cd = spec.candidate ? [byId.get(spec.candidate[0]), byId.get(spec.candidate[1])] : null;
    const same = pv && cd && pv[0] && pv[1] && cd[0] && cd[1] && pairKey(pv[0].id, pv[1].id) === pairKey(cd[0].id, cd[1].id);
    if (cd && cd[0] && cd[1] && cd[0] !== cd[1]) {
      const [a, b] = cd as [SNode, SNode];
      const rem = spec.candidateRemovedId;
      const text = rem === a.id ? `#${a.id} → #${b.id}` : rem === b.id ? `#${b.id} → #${a.id}` : `#${a.id} + #${b.id}`;
      out.push({ kind: 'candidate', a, b, r: rOf(a, b), label: `${same ? 'preview · ' : ''}next merge ${text}` });
    }
    if (pv && pv[0] && pv[1] && pv[0] !== pv[1] && !same) {
      const [a, b] = pv as [SNode, SNode];
      out.push({ kind: 'preview', a, b, r: rOf(a, b), label: `preview #${a.id} + #${b.id}` });
    }
    return out;
  }

  let specialList: Special[] = [];

  /** The chips under the plot naming the special edges; redrawn when they change, not per frame. */
  let captionSig = '';
  function drawCaptions(width: number, height: number): void {
    const n = spec?.nodes.length ?? 0;
    const sig = `${width}|${height}|` + specialList.map((s) => `${s.kind}:${s.label}:${s.r}`).join('|');
    if (sig === captionSig) return;
    captionSig = sig;
    const fmt = d3.format('+.2f');
    // The longest wording for which all chips fit on the row (about 6.6 px per bold character).
    const wordings = [
      (s: Special) => `${s.label}  (r = ${fmt(s.r)})`,
      (s: Special) => s.label,
      (s: Special) => s.label.replace('next merge', 'next').replace('preview · ', ''),
    ];
    let placed: { s: Special; text: string; x: number }[] = [];
    for (const wording of wordings) {
      let x = PAD + 2;
      placed = specialList.map((s) => {
        const text = wording(s);
        const out = { s, text, x };
        x += 22 + text.length * 6.6 + 14;
        return out;
      });
      if (x - 14 <= width - PAD) break;
    }
    captionG.attr('transform', `translate(0,${height - 23})`).attr('display', n ? null : 'none');
    captionG
      .selectAll<SVGGElement, (typeof placed)[number]>('g.sg-special-label')
      .data(placed, (p) => p.s.kind)
      .join((enter) => {
        const g = enter
          .append('g')
          .attr('class', 'sg-special-label')
          .style('cursor', 'pointer')
          .on('click', (e: MouseEvent, p) => {
            e.stopPropagation();
            callbacks.onEdgeClick(p.s.a.id, p.s.b.id);
          });
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
          .attr('y', -5)
          .attr('width', 16)
          .attr('height', 10)
          .attr('rx', 5)
          .attr('fill', (p) => (p.s.kind === 'candidate' ? CANDIDATE_HALO : PREVIEW_HALO))
          .attr('fill-opacity', 0.6),
      )
      .call((g) =>
        g
          .select('line')
          .attr('x1', 2)
          .attr('x2', 14)
          .attr('stroke', INK)
          .attr('stroke-width', 2)
          .attr('stroke-dasharray', (p) => (p.s.r < 0 ? '3 2' : null)),
      )
      .call((g) =>
        g
          .select('text')
          .attr('x', 21)
          .attr('dy', '0.35em')
          .attr('font-size', 11)
          .attr('font-weight', 600)
          .attr('fill', INK)
          .text((p) => p.text),
      );
  }

  /** A special edge from rim to rim (it is drawn over the nodes, whose colours must stay true). */
  function rimToRim(s: Special): [number, number, number, number] {
    const dx = s.b.x - s.a.x;
    const dy = s.b.y - s.a.y;
    const len = Math.hypot(dx, dy);
    const ca = s.a.r + 3;
    const cb = s.b.r + 3;
    if (len <= ca + cb) return [s.a.x, s.a.y, s.a.x, s.a.y];
    const ux = dx / len;
    const uy = dy / len;
    return [s.a.x + ux * ca, s.a.y + uy * ca, s.b.x - ux * cb, s.b.y - uy * cb];
  }

  function drawSpecial(): void {
    const ends = new Map(specialList.map((s) => [s.kind, rimToRim(s)]));
    for (const [cls, halo] of [
      ['sg-halo', true],
      ['sg-core', false],
    ] as const) {
      specialG
        .selectAll<SVGLineElement, Special>(`line.${cls}`)
        .data(specialList, (s) => s.kind)
        .join('line')
        .attr('class', cls)
        .attr('stroke', (s) => (!halo ? INK : s.kind === 'candidate' ? CANDIDATE_HALO : PREVIEW_HALO))
        .attr('stroke-opacity', halo ? 0.5 : 1)
        .attr('stroke-width', halo ? 11 : 2.6)
        .attr('stroke-linecap', halo ? 'butt' : null)
        .attr('stroke-dasharray', (s) => (!halo && s.r < 0 ? '5 3' : null))
        .attr('x1', (s) => ends.get(s.kind)![0])
        .attr('y1', (s) => ends.get(s.kind)![1])
        .attr('x2', (s) => ends.get(s.kind)![2])
        .attr('y2', (s) => ends.get(s.kind)![3]);
    }
    specialHitG
      .selectAll<SVGLineElement, Special>('line.sg-hit-special')
      .data(specialList, (s) => s.kind)
      .join((enter) =>
        enter
          .append('line')
          .attr('class', 'sg-hit sg-hit-special')
          .attr('stroke', 'transparent')
          .attr('stroke-width', 12)
          .attr('pointer-events', 'stroke')
          .style('cursor', 'pointer')
          .on('click', (e: MouseEvent, s) => {
            e.stopPropagation();
            callbacks.onEdgeClick(s.a.id, s.b.id);
          }),
      )
      .attr('data-a', (s) => s.a.id)
      .attr('data-b', (s) => s.b.id)
      .attr('data-kind', (s) => s.kind)
      .attr('x1', (s) => s.a.x)
      .attr('y1', (s) => s.a.y)
      .attr('x2', (s) => s.b.x)
      .attr('y2', (s) => s.b.y);
    // Rings and labels.
    const ringNodes: { key: string; d: SNode; kind: 'selected' | 'candidate' | 'removed' | 'hover' }[] = [];
    for (const s of specialList) {
      for (const d of [s.a, s.b]) {
        const removed = s.kind === 'candidate' && spec?.candidateRemovedId === d.id;
        ringNodes.push({ key: `${s.kind}-${d.id}`, d, kind: removed ? 'removed' : 'candidate' });
      }
    }
    const sel = spec?.selectedId ?? null;
    const selNode = sel !== null ? byId.get(sel) : undefined;
    if (selNode) ringNodes.push({ key: `sel-${selNode.id}`, d: selNode, kind: 'selected' });
    const hovNode = hoverId !== null ? byId.get(hoverId) : undefined;
    if (hovNode && hovNode !== selNode) ringNodes.push({ key: `hov-${hovNode.id}`, d: hovNode, kind: 'hover' });
    ringG
      .selectAll<SVGCircleElement, (typeof ringNodes)[number]>('circle')
      .data(ringNodes, (q) => q.key)
      .join('circle')
      .attr('cx', (q) => q.d.x)
      .attr('cy', (q) => q.d.y)
      .attr('r', (q) => q.d.r + (q.kind === 'selected' ? 4 : 2.5))
      .attr('stroke', INK)
      .attr('stroke-width', (q) => (q.kind === 'selected' ? 2.2 : 1.6))
      .attr('stroke-dasharray', (q) => (q.kind === 'removed' ? '2.5 2' : null));
    const labels: { key: string; x: number; y: number; text: string; bold: boolean }[] = [];
    for (const d of [selNode, hovNode]) {
      if (!d) continue;
      if (labels.some((l) => l.key === `n-${d.id}`)) continue;
      const above = d.y - d.r - 6 > -halfH + 8;
      labels.push({
        key: `n-${d.id}`,
        x: Math.max(-halfW + 14, Math.min(halfW - 14, d.x)),
        y: above ? d.y - d.r - 6 : d.y + d.r + 13,
        text: `#${d.id}`,
        bold: d === selNode,
      });
    }
    labelG
      .selectAll<SVGTextElement, (typeof labels)[number]>('text')
      .data(labels, (l) => l.key)
      .join('text')
      .attr('class', 'sg-node-label')
      .attr('x', (l) => l.x)
      .attr('y', (l) => l.y)
      .attr('text-anchor', 'middle')
      .attr('font-size', 11)
      .attr('font-weight', (l) => (l.bold ? 600 : 400))
      .attr('fill', INK)
      .attr('stroke', '#fff')
      .attr('stroke-width', 3)
      .attr('stroke-linejoin', 'round')
      .attr('paint-order', 'stroke')
      .text((l) => l.text);
  }

  /** Opacity and emphasis: depends on hover, selection and legend hover, not on positions. */
  let styledFocus: number | null | undefined;
  let styledLinks: SLink[] | null = null;
  function restyle(): void {
    const f = focusId();
    if (f !== styledFocus || links !== styledLinks) edgesDirty = true;
    styledFocus = f;
    styledLinks = links;
    const neighbours = new Set<number>();
    if (f !== null) {
      neighbours.add(f);
      for (const l of links) {
        if (l.source.id === f) neighbours.add(l.target.id);
        else if (l.target.id === f) neighbours.add(l.source.id);
      }
    }
    const dimNode = (d: SNode) =>
      (legendClass !== null && d.cls !== legendClass) || (hoverId !== null && !neighbours.has(d.id));
    for (const d of nodes) {
      const op = dimNode(d) ? 0.22 : 1;
      if (op !== d.aop && d.el) {
        d.aop = op;
        d.el.setAttribute('opacity', String(op));
      }
    }
    edgeG.attr('opacity', hoverId !== null || legendClass !== null ? 0.3 : f !== null ? 0.75 : 1);
    const hovered = hoverEdge ? links.find((l) => l.key === hoverEdge) : undefined;
    specialG
      .selectAll<SVGLineElement, SLink>('line.sg-hover-edge')
      .data(hovered ? [hovered] : [], (l) => l.key)
      .join('line')
      .attr('class', 'sg-hover-edge')
      .attr('stroke', INK)
      .attr('stroke-width', 2.4)
      .attr('stroke-dasharray', (l) => (l.r < 0 ? '5 3' : null))
      .attr('x1', (l) => l.source.x)
      .attr('y1', (l) => l.source.y)
      .attr('x2', (l) => l.target.x)
      .attr('y2', (l) => l.target.y);
  }

  // ---- the simulation loop ---------------------------------------------------

  function frameLoop(): void {
    raf = 0;
    if (destroyed) return;
    frame++;
    const t0 = performance.now();
    while (ticksLeft > 0 && sim.alpha() >= sim.alphaMin()) {
      sim.tick();
      for (const d of nodes) clampNode(d);
      ticksLeft--;
      if (performance.now() - t0 > FRAME_BUDGET_MS) break;
    }
    // Cooled, or nothing moves visibly any more (a warm restart after one removal often ends here early).
    let vmax = 0;
    for (const d of nodes) vmax = Math.max(vmax, Math.abs(d.vx ?? 0), Math.abs(d.vy ?? 0));
    if (vmax < STILL_PX) stillFrames++;
    else stillFrames = 0;
    const done = ticksLeft <= 0 || sim.alpha() < sim.alphaMin() || stillFrames >= 3;
    if (done) removeOverlaps();
    if (!reducedMotion() || done) drawPositions(done);
    if (done) {
      svg.attr('data-layout', 'settled');
      if (hoverEdge) restyle();
    } else raf = requestAnimationFrame(frameLoop);
  }

  let stillFrames = 0;
  /** Change since the layout last relaxed, in nodes. */
  let drift = 0;

  /** Collision-only relaxation: links and charge can squeeze circles together; this settles it. */
  function removeOverlaps(): void {
    separate.radius((d) => d.r + 1);
    separate.initialize(nodes, sim.randomSource());
    for (let q = 0; q < 24; q++) {
      for (const d of nodes) d.vx = d.vy = 0;
      separate(1);
      let moved = 0;
      for (const d of nodes) {
        moved = Math.max(moved, Math.abs(d.vx!), Math.abs(d.vy!));
        d.x += d.vx!;
        d.y += d.vy!;
        d.vx = d.vy = 0;
        clampNode(d);
      }
      if (moved < 0.05) break;
    }
  }
  function run(alpha: number, maxTicks: number): void {
    stillFrames = 0;
    sim.alpha(Math.max(sim.alpha(), alpha));
    ticksLeft = Math.max(ticksLeft, maxTicks);
    svg.attr('data-layout', 'running');
    if (!raf) raf = requestAnimationFrame(frameLoop);
  }

  // ---- update ----------------------------------------------------------------

  function update(next: SimilarityGraphSpec): void {
    if (destroyed) return;
    const { width, height } = next;
    const n = next.nodes.length;
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    if (next.correlation.length !== n * n) {
      emptyText
        .attr('x', width / 2)
        .attr('y', height / 2)
        .text(`correlation has ${next.correlation.length} entries, expected ${n} x ${n}`);
      return;
    }
    const fresh = next.layoutKey !== prevKey;
    const resized = width !== prevW || height !== prevH;
    const ids = next.nodes.map((d) => d.id);
    const nodesChanged = fresh || !sameArray(ids, prevIds);
    const edgesMayChange =
      nodesChanged || next.correlation !== prevCorr || next.threshold !== prevThreshold || (next.maxEdges ?? DEFAULT_MAX_EDGES) !== prevMaxEdges;
    spec = next;

    halfW = Math.max(20, (width - 2 * PAD) / 2);
    halfH = Math.max(20, (height - LEGEND_BAND - NOTE_BAND - 2 * PAD) / 2);
    if (resized) {
      plot.attr('transform', `translate(${width / 2},${LEGEND_BAND + PAD + halfH})`);
      legendG.attr('transform', `translate(${PAD + 2},${LEGEND_BAND / 2 + 1})`);
      // Ten swatches with their digits must fit on one line: a swatch needs 2r + 12 px.
      const avail = width - 2 * PAD - 4;
      let title = 'preferred class';
      let step = Math.min(22, (avail - (title.length * 6 + 8)) / 10);
      if (step < 18) {
        title = 'class';
        step = Math.min(22, (avail - (title.length * 6 + 8)) / 10);
      }
      renderClassLegend(legendG.node()!, {
        title,
        step,
        radius: Math.max(3, Math.min(5, (step - 12) / 2)),
        onHover: (k) => {
          legendClass = k;
          restyle();
          drawPositions(false);
        },
      });
      note.attr('x', PAD + 2).attr('y', height - 5);
    }

    // Nodes: reuse the survivors' simulation state.
    const spacing = Math.sqrt((4 * halfW * halfH) / Math.max(1, n));
    const rMax = Math.max(3.5, Math.min(10, spacing * 0.22));
    const maxSize = d3.max(next.nodes, (d) => d.size) ?? 1;
    const rScale = d3.scaleSqrt().domain([0, maxSize > 0 ? maxSize : 1]).range([1.8, rMax]).clamp(true);
    if (fresh) {
      graveyard = new Map();
      byId = new Map();
    }
    const newById = new Map<number, SNode>();
    const unplaced: SNode[] = [];
    nodes = next.nodes.map((s, k) => {
      let d = byId.get(s.id);
      if (!d) {
        const g = graveyard.get(s.id);
        d = { id: s.id, cls: s.preferredClass, size: s.size, r: 0, k, x: g?.x ?? 0, y: g?.y ?? 0, vx: 0, vy: 0, el: null, px: NaN, py: NaN, ar: NaN, acls: NaN, aop: 1 };
        if (!g) unplaced.push(d);
        else graveyard.delete(s.id);
      }
      d.cls = s.preferredClass;
      d.size = s.size;
      d.k = k;
      d.r = rScale(Number.isFinite(s.size) ? s.size : 0);
      newById.set(s.id, d);
      return d;
    });
    let removedNow = 0;
    for (const [id, d] of byId) {
      if (newById.has(id)) continue;
      graveyard.set(id, { x: d.x, y: d.y });
      removedNow++;
    }
    byId = newById;
    if (unplaced.length) seedPositions(unplaced, spacing);
    if (resized && !fresh && prevW > 0) {
      // Keep the layout's shape: scale positions into the new box.
      const sx = halfW / Math.max(1, (prevW - 2 * PAD) / 2);
      const sy = halfH / Math.max(1, (prevH - LEGEND_BAND - NOTE_BAND - 2 * PAD) / 2);
      for (const d of nodes) if (!unplaced.includes(d)) (d.x *= sx), (d.y *= sy);
    }
    for (const d of nodes) clampNode(d);

    let edgesChanged = false;
    let edgeChange = 0;
    if (edgesMayChange) {
      const { list, total } = edgesFor(next);
      // Weakest first, so the strongest edges' click targets end up on top.
      list.sort((p, q) => Math.abs(p.r) - Math.abs(q.r));
      totalPairs = total;
      const keys = new Set(list.map((l) => l.key));
      edgesChanged = keys.size !== linkKeys.size || list.some((l) => !linkKeys.has(l.key));
      // Pairs drawn before and now whose correlation moved (new codes); pairs that only
      // enter or leave the strongest-edges cap, or go with a removed node, do not count.
      const oldR = new Map(links.map((l) => [l.key, l.r]));
      for (const l of list) {
        const r = oldR.get(l.key);
        if (r !== undefined && Math.abs(r - l.r) > 0.02) edgeChange++;
      }
      links = list;
      linkKeys = keys;
    } else {
      // Same pairs; refresh link endpoints (node objects are reused anyway).
    }

    prevIds = ids;
    prevKey = next.layoutKey;
    prevCorr = next.correlation;
    prevThreshold = next.threshold;
    prevMaxEdges = next.maxEdges ?? DEFAULT_MAX_EDGES;
    prevW = width;
    prevH = height;

    // Join nodes.
    const motion = pace();
    nodeG
      .selectAll<SVGCircleElement, SNode>('circle.sg-node:not(.sg-exiting)')
      .data(nodes, (d) => d.id)
      .join(
        (enter) =>
          enter
            .append('circle')
            .attr('class', 'sg-node')
            .attr('cx', (d) => d.x)
            .attr('cy', (d) => d.y)
            .style('cursor', 'pointer')
            .on('click', (e: MouseEvent, d) => {
              e.stopPropagation();
              callbacks.onNodeClick(d.id);
            })
            .on('pointerenter', (_e, d) => {
              hoverId = d.id;
              callbacks.onHover(d.id);
              restyle();
              drawPositions(false, true);
            })
            .on('pointerleave', () => {
              hoverId = null;
              callbacks.onHover(null);
              restyle();
              drawPositions(false, true);
            })
            .call((e) => {
              if (motion && !fresh) e.attr('fill-opacity', 0).transition().duration(250).attr('fill-opacity', 1);
            }),
        (upd) => upd,
        (exit) => {
          exit.classed('sg-exiting', true).on('click', null).on('pointerenter', null).on('pointerleave', null).attr('pointer-events', 'none');
          if (motion && !fresh) exit.transition().duration(350).attr('opacity', 0).attr('r', 0).remove();
          else exit.remove();
          return exit;
        },
      )
      .each(function (d) {
        // Touch only what changed: a removal must not rewrite 300 circles.
        if (d.el !== this) {
          d.el = this;
          d.px = d.py = d.ar = d.acls = NaN;
          d.aop = 1;
          this.setAttribute('data-id', String(d.id));
          this.setAttribute('stroke-width', '1');
        }
        // Radii in tenths of a pixel: weight norms move a little on every step, circles need not.
        const r10 = Math.round(d.r * 10) / 10;
        if (d.ar !== r10) {
          d.ar = r10;
          this.setAttribute('r', r10.toFixed(1));
        }
        if (d.acls !== d.cls) {
          d.acls = d.cls;
          this.setAttribute('data-class', String(d.cls));
          this.setAttribute('fill', classColor(d.cls));
          this.setAttribute('stroke', classStroke(d.cls));
        }
      });
    if (hoverId !== null && !byId.has(hoverId)) {
      hoverId = null;
      callbacks.onHover(null);
    }

    if (edgesMayChange) {
      hitSel = hitG
        .selectAll<SVGLineElement, SLink>('line.sg-hit')
        .data(links, (l) => l.key)
        .join((enter) =>
          enter
            .append('line')
            .attr('class', 'sg-hit')
            .attr('x1', (l) => l.source.x.toFixed(1))
            .attr('y1', (l) => l.source.y.toFixed(1))
            .attr('x2', (l) => l.target.x.toFixed(1))
            .attr('y2', (l) => l.target.y.toFixed(1))
            // Transparent rather than hidden: Skia draws nothing, and Playwright still counts it visible (clickable in tests).
            .attr('stroke', 'transparent')
            .attr('stroke-width', 9)
            .attr('pointer-events', 'stroke')
            .style('cursor', 'pointer')
            .on('click', (e: MouseEvent, l) => {
              e.stopPropagation();
              callbacks.onEdgeClick(l.source.id, l.target.id);
            })
            .on('pointerenter', (_e, l) => {
              hoverEdge = l.key;
              restyle();
            })
            .on('pointerleave', () => {
              hoverEdge = null;
              restyle();
            })
            .call((e) => e.append('title'))
            .attr('data-a', (l) => l.source.id)
            .attr('data-b', (l) => l.target.id),
        )
        .each(function (l) {
          // The tooltip text, only where r changed (new pair, or new codes).
          const el = this as SVGLineElement & { __r?: number };
          if (el.__r !== l.r) {
            el.__r = l.r;
            el.firstChild!.textContent = `#${l.source.id} – #${l.target.id}: r = ${fmtR(l.r)}`;
          }
        })
        .order();
      if (hoverEdge && !linkKeys.has(hoverEdge)) hoverEdge = null;
    }

    // The note under the graph.
    const thrText = d3.format('.2f')(next.threshold);
    const cap = next.maxEdges ?? DEFAULT_MAX_EDGES;
    const total = totalPairs.toLocaleString('en-US');
    const variants =
      n === 0
        ? ['']
        : totalPairs === 0
          ? [`no pair reaches |r| ≥ ${thrText}: lower the threshold`, `no pair with |r| ≥ ${thrText}`]
          : totalPairs > links.length
            ? [
                `${total} pairs with |r| ≥ ${thrText}; only the strongest ${cap} drawn · dashed: r < 0`,
                `strongest ${cap} of ${total} pairs with |r| ≥ ${thrText} · dashed: r < 0`,
                `${cap} of ${total} pairs, |r| ≥ ${thrText} · dashed: r<0`,
              ]
            : [`${total} pairs with |r| ≥ ${thrText} · dashed: r < 0`, `${total} pairs, |r| ≥ ${thrText} · dashed: r<0`];
    // About 5.9 px per character at 11 px: take the longest wording that fits.
    const fitChars = (width - 2 * PAD) / 5.9;
    note.text(variants.find((v) => v.length <= fitChars) ?? variants[variants.length - 1]);
    emptyText
      .attr('x', width / 2)
      .attr('y', LEGEND_BAND + PAD + halfH)
      .text(n === 0 ? 'no neurons left in this layer' : '');
    svg.attr(
      'aria-label',
      `Similarity graph: ${n} neurons, ${links.length} edges with |r| ≥ ${thrText}` +
        (next.candidate ? `; next merge #${next.candidate[0]} and #${next.candidate[1]}` : ''),
    );

    specialList = specials();
    drawCaptions(width, height);
    if (nodesChanged || edgesChanged || resized || fresh) {
      configureForces(n);
      sim.nodes(nodes);
      linkForce.links(links);
      if (fresh) {
        drift = 0;
        sim.alpha(FRESH_ALPHA).alphaDecay(FRESH_DECAY);
        ticksLeft = 0;
        run(FRESH_ALPHA, FRESH_TICKS);
      } else {
        // Survivors keep their places and a neuron that comes back returns to
        // where it was: a step only fades a node out. The layout relaxes (gently,
        // briefly) once enough has changed since it last did, or a node is new.
        drift += removedNow + (edgeChange / Math.max(1, links.length)) * n;
        if (unplaced.length || resized || drift >= DRIFT_RELAYOUT * Math.max(1, n)) {
          drift = 0;
          if (sim.alpha() < WARM_ALPHA) sim.alphaDecay(WARM_DECAY);
          run(WARM_ALPHA, WARM_TICKS);
        }
      }
    }
    restyle();
    if (!raf) drawPositions(true, true);
    else drawSpecial();
  }

  function destroy(): void {
    destroyed = true;
    if (raf) cancelAnimationFrame(raf);
    raf = 0;
    sim.stop();
    sim.nodes([]);
    root.selectAll('*').interrupt();
    root.remove();
    svg.attr('data-layout', null).classed('similarity-graph-svg', false);
  }

  return { update, destroy };
}
