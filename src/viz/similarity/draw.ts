/**
 * Drawing the similarity graph's nodes, edges and edge click targets into
 * the SVG. Nothing here decides where things go (layout.ts, hit-targets.ts)
 * or what happens on a click (interact.ts).
 *
 * The SVG's layers, bottom to top: plain edges (a handful of <path>s, one per
 * sign and strength bin, not one element per edge), the edges of the focused
 * node, the edges' invisible full-length hit lines, their short target
 * pills (one per edge, placed so that each can be reached: hit-targets.ts),
 * the special edges' targets, the nodes, the special edges themselves
 * (translucent, over the nodes), focus rings, labels. The legend sits above
 * the plot; captions and a note below.
 */
import * as d3 from 'd3';
import { appendRingLayer } from '../focus-ring';
import { classColor, classStroke } from '../class-colors';
import { INK, MUTED } from '../palette';
import { FONT, fontPx } from '../sizes';
import { renderClassLegend } from '../class-colors';
import type { Blocker, HitPlacement } from './hit-targets';
import { placeHitTargets } from './hit-targets';
import type { LayoutLink, LayoutNode, PlotBox } from './layout';

type G = d3.Selection<SVGGElement, unknown, null, undefined>;

/** A node with its circle and the attribute values last written to it (to touch only what changed). */
export interface DrawnNode extends LayoutNode {
  el: SVGCircleElement | null;
  px: number;
  py: number;
  ar: number;
  acls: number;
  aop: number;
}

export interface GraphLink extends LayoutLink<DrawnNode> {
  /** Where along the edge its target pill is centred (0.5: the midpoint). */
  t: number;
}

export const EDGE_GREY = '#7d8896';
const BINS = 4;
/** Stroke width of an edge's invisible hit line and of its target pill (at scale 1). */
export const HIT_WIDTH = 9;
/** Length of an edge's target pill (shorter on a shorter edge; at scale 1). */
export const TARGET_LENGTH = 8;

export interface GraphScene {
  svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  root: G;
  legendG: G;
  plot: G;
  edgeG: G;
  binPaths: d3.Selection<SVGPathElement, { sign: number; bin: number }, SVGGElement, unknown>;
  focusEdgePath: d3.Selection<SVGPathElement, unknown, null, undefined>;
  focusEdgeNegPath: d3.Selection<SVGPathElement, unknown, null, undefined>;
  hitG: G;
  targetG: G;
  specialHitG: G;
  nodeG: G;
  specialG: G;
  ringG: G;
  labelG: G;
  captionG: G;
  note: d3.Selection<SVGTextElement, unknown, null, undefined>;
  emptyText: d3.Selection<SVGTextElement, unknown, null, undefined>;
}

export function createScene(svgEl: SVGSVGElement): GraphScene {
  const svg = d3.select(svgEl);
  svg.classed('similarity-graph-svg', true).attr('data-layout', 'settled').attr('data-targets', 'pending');
  const root = svg.append('g').attr('class', 'sg-root');
  const legendG = root.append('g').attr('class', 'sg-legend');
  const plot = root.append('g').attr('class', 'sg-plot');
  const edgeG = plot.append('g').attr('class', 'sg-edges').attr('fill', 'none').attr('pointer-events', 'none');
  const focusPath = (cls: string, dash: string | null) =>
    plot
      .append('path')
      .attr('class', cls)
      .attr('fill', 'none')
      .attr('stroke', INK)
      .attr('stroke-width', 1.4)
      .attr('stroke-opacity', 0.85)
      .attr('stroke-dasharray', dash)
      .attr('pointer-events', 'none');
  const focusEdgePath = focusPath('sg-focus-edges', null);
  const focusEdgeNegPath = focusPath('sg-focus-edges-neg', '4 3');
  const hitG = plot.append('g').attr('class', 'sg-hits');
  const targetG = plot.append('g').attr('class', 'sg-targets');
  // Above the plain edges' targets, below the nodes (so the pair's own neurons stay clickable).
  const specialHitG = plot.append('g').attr('class', 'sg-special-hits');
  const nodeG = plot.append('g').attr('class', 'sg-nodes');
  // The candidate and preview edges over the nodes, so that they stand out even across a crowd
  // (translucent, and not a click target: their targets are in specialHitG, under the nodes).
  const specialG = plot.append('g').attr('class', 'sg-special').attr('pointer-events', 'none');
  const ringG = appendRingLayer(plot, 'sg-rings');
  const labelG = plot.append('g').attr('class', 'sg-labels').attr('pointer-events', 'none');
  // Captions of the special edges, under the plot (not over the nodes); they are click targets too.
  const captionG = root.append('g').attr('class', 'sg-captions');
  const note = root.append('text').attr('class', 'sg-note').attr('fill', MUTED).attr('font-size', 11);
  const emptyText = root.append('text').attr('class', 'sg-empty').attr('fill', MUTED).attr('font-size', 13).attr('text-anchor', 'middle');
  const binKeys = d3.cross([1, -1], d3.range(BINS)).map(([sign, bin]) => ({ sign, bin }));
  const binPaths = edgeG
    .selectAll<SVGPathElement, { sign: number; bin: number }>('path')
    .data(binKeys)
    .join('path')
    .attr('stroke', EDGE_GREY)
    .attr('stroke-opacity', (d) => 0.2 + (d.bin / (BINS - 1)) * 0.5);
  return { svg, root, legendG, plot, edgeG, binPaths, focusEdgePath, focusEdgeNegPath, hitG, targetG, specialHitG, nodeG, specialG, ringG, labelG, captionG, note, emptyText };
}

export function removeScene(scene: GraphScene): void {
  scene.root.selectAll('*').interrupt();
  scene.root.remove();
  scene.svg.attr('data-layout', null).attr('data-targets', null).classed('similarity-graph-svg', false);
}

/**
 * Positions the plot, the class legend above it (hovering a class calls
 * onLegendHover) and the note below; sizes the text and the plain edges'
 * strokes for the box's size scale.
 */
export function layoutFrame(scene: GraphScene, box: PlotBox, onLegendHover: (k: number | null) => void): void {
  const k = box.scale;
  scene.plot.attr('transform', `translate(${box.cx},${box.cy})`);
  scene.legendG.attr('transform', `translate(${box.pad + 2 * k},${box.legendBand / 2 + 1})`);
  // Ten swatches with their digits must fit on one line: a swatch needs 2r + 12 px (at scale 1).
  const avail = box.width - 2 * box.pad - 4 * k;
  let title = 'preferred class';
  let step = Math.min(22 * k, (avail - (title.length * 6 + 8) * k) / 10);
  if (step < 18 * k) {
    title = 'class';
    step = Math.min(22 * k, (avail - (title.length * 6 + 8) * k) / 10);
  }
  renderClassLegend(scene.legendG.node()!, {
    title,
    step,
    radius: Math.max(3 * k, Math.min(5 * k, (step - 12 * k) / 2)),
    fontSize: fontPx(FONT.small, k),
    onHover: onLegendHover,
  });
  scene.note.attr('x', box.pad + 2 * k).attr('y', box.height - 5 * k).attr('font-size', fontPx(FONT.small, k));
  scene.emptyText.attr('font-size', fontPx(FONT.note, k));
  scene.binPaths
    .attr('stroke-width', (d) => (0.6 + (d.bin / (BINS - 1)) * 1.4) * k)
    .attr('stroke-dasharray', (d) => (d.sign < 0 ? `${3 * k} ${2.5 * k}` : null));
  scene.focusEdgeNegPath.attr('stroke-dasharray', `${4 * k} ${3 * k}`);
}

/** Moves the circles of nodes that moved (by more than 0.2 px); says whether any did. */
export function writeNodePositions(nodes: readonly DrawnNode[]): boolean {
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
  return moved;
}

/** Writes each circle's id, radius and class colours where they changed (a step must not rewrite 300 circles). */
export function writeNodeAttributes(el: SVGCircleElement, d: DrawnNode): void {
  if (d.el !== el) {
    d.el = el;
    d.px = d.py = d.ar = d.acls = NaN;
    d.aop = 1;
    el.setAttribute('data-id', String(d.id));
    el.setAttribute('stroke-width', '1');
  }
  // Radii in tenths of a pixel: weight norms move a little on every step, circles need not.
  const r10 = Math.round(d.r * 10) / 10;
  if (d.ar !== r10) {
    d.ar = r10;
    el.setAttribute('r', r10.toFixed(1));
  }
  if (d.acls !== d.cls) {
    d.acls = d.cls;
    el.setAttribute('data-class', String(d.cls));
    el.setAttribute('fill', classColor(d.cls));
    el.setAttribute('stroke', classStroke(d.cls));
  }
}

/** Node opacity: dimmed nodes fade to 0.22. */
export function writeNodeOpacity(nodes: readonly DrawnNode[], dimmed: (d: DrawnNode) => boolean): void {
  for (const d of nodes) {
    const op = dimmed(d) ? 0.22 : 1;
    if (op !== d.aop && d.el) {
      d.aop = op;
      d.el.setAttribute('opacity', String(op));
    }
  }
}

function seg(a: LayoutNode, b: LayoutNode): string {
  return `M${a.x.toFixed(1)},${a.y.toFixed(1)}L${b.x.toFixed(1)},${b.y.toFixed(1)}`;
}

/**
 * The visible edges: plain ones by sign and strength bin; those touching the
 * focused node on top, bold while hovering, quieter for a selection (which stays).
 */
export function drawEdges(scene: GraphScene, links: readonly GraphLink[], focus: number | null, hovering: boolean, scale = 1): void {
  const parts: string[][] = Array.from({ length: 2 * BINS }, () => []);
  const focusPos: string[] = [];
  const focusNeg: string[] = [];
  for (const l of links) {
    const s = seg(l.source, l.target);
    if (focus !== null && (l.source.id === focus || l.target.id === focus)) {
      (l.r < 0 ? focusNeg : focusPos).push(s);
      continue;
    }
    const bin = Math.min(BINS - 1, Math.floor(l.w * BINS));
    parts[(l.r < 0 ? BINS : 0) + bin].push(s);
  }
  scene.binPaths.attr('d', (_d, q) => parts[q].join(''));
  for (const [path, list] of [
    [scene.focusEdgePath, focusPos],
    [scene.focusEdgeNegPath, focusNeg],
  ] as const) {
    path.attr('d', list.join('')).attr('stroke-opacity', hovering ? 0.85 : 0.5).attr('stroke-width', (hovering ? 1.4 : 1) * scale);
  }
}

/** The bold line over a hovered edge (none when `hovered` is undefined). */
export function drawHoverEdge(scene: GraphScene, hovered: GraphLink | undefined, scale = 1): void {
  scene.specialG
    .selectAll<SVGLineElement, GraphLink>('line.sg-hover-edge')
    .data(hovered ? [hovered] : [], (l) => l.key)
    .join('line')
    .attr('class', 'sg-hover-edge')
    .attr('stroke', INK)
    .attr('stroke-width', 2.4 * scale)
    .attr('stroke-dasharray', (l) => (l.r < 0 ? `${5 * scale} ${3 * scale}` : null))
    .attr('x1', (l) => l.source.x)
    .attr('y1', (l) => l.source.y)
    .attr('x2', (l) => l.target.x)
    .attr('y2', (l) => l.target.y);
}

const fmtR = d3.format('+.2f');

export type HitSelection = d3.Selection<SVGLineElement, GraphLink, SVGGElement, unknown>;

/**
 * One invisible, wide line per edge, keyed by pair, in `group` with class
 * `cls` (the full-length hit lines, or the target pills); `init` positions
 * new ones and attaches their pointer handlers.
 */
export function joinHits(group: G, cls: string, links: readonly GraphLink[], init: (enter: HitSelection) => void, scale = 1): HitSelection {
  return group
    .selectAll<SVGLineElement, GraphLink>(`line.${cls}`)
    .data(links, (l) => l.key)
    .join((enter) => {
      const lines = enter
        .append('line')
        .attr('class', cls)
        // Transparent rather than hidden: Skia draws nothing, and Playwright still counts it visible (clickable in tests).
        .attr('stroke', 'transparent')
        .attr('pointer-events', 'stroke')
        .style('cursor', 'pointer')
        .attr('data-a', (l) => l.source.id)
        .attr('data-b', (l) => l.target.id);
      lines.append('title');
      init(lines);
      return lines;
    })
    .attr('stroke-width', HIT_WIDTH * scale)
    .each(function (l) {
      // The tooltip text, only where r changed (new pair, or new codes).
      const el = this as SVGLineElement & { __r?: number };
      if (el.__r !== l.r) {
        el.__r = l.r;
        el.firstChild!.textContent = `#${l.source.id} – #${l.target.id}: r = ${fmtR(l.r)}`;
      }
    });
}

const f1 = (v: number) => v.toFixed(1);

/** Moves the full-length hit lines to their edges' current ends. */
export function writeHitEnds(hits: HitSelection): void {
  hits.each(function (l) {
    this.setAttribute('x1', f1(l.source.x));
    this.setAttribute('y1', f1(l.source.y));
    this.setAttribute('x2', f1(l.target.x));
    this.setAttribute('y2', f1(l.target.y));
  });
}

/** Moves the target pills with their edges (each keeps its place along its edge until the next placement). */
export function writeTargetEnds(targets: HitSelection, scale = 1): void {
  targets.each(function (l) {
    const dx = l.target.x - l.source.x;
    const dy = l.target.y - l.source.y;
    const len = Math.hypot(dx, dy) || 1;
    const h = Math.min(TARGET_LENGTH * scale, len) / (2 * len);
    const a = Math.max(0, Math.min(1 - 2 * h, l.t - h));
    this.setAttribute('x1', f1(l.source.x + dx * a));
    this.setAttribute('y1', f1(l.source.y + dy * a));
    this.setAttribute('x2', f1(l.source.x + dx * (a + 2 * h)));
    this.setAttribute('y2', f1(l.source.y + dy * (a + 2 * h)));
    this.setAttribute('data-hit-x', f1(l.source.x + dx * l.t));
    this.setAttribute('data-hit-y', f1(l.source.y + dy * l.t));
  });
}

/** Places every edge's target pill where nothing covers its target point (hit-targets.ts) and writes the result. */
export function placeTargets(scene: GraphScene, targets: HitSelection, links: readonly GraphLink[], nodes: readonly DrawnNode[], blockers: readonly Blocker[], scale = 1): void {
  // The pills' ends are written rounded to 0.1 px; place them on the same coordinates.
  const r1 = (v: number) => Math.round(v * 10) / 10;
  const placement = placeHitTargets({
    segments: links.map((l) => ({ x1: r1(l.source.x), y1: r1(l.source.y), x2: r1(l.target.x), y2: r1(l.target.y) })),
    circles: nodes.map((d) => ({ x: d.x, y: d.y, r: d.r + 0.5 })),
    blockers,
    halfWidth: (HIT_WIDTH * scale) / 2,
    pillLength: TARGET_LENGTH * scale,
  });
  arrangeTargets(scene, targets, links, placement);
}

/**
 * Writes the placement: each pill's ends, its target point (data-hit-x,
 * data-hit-y in plot coordinates; data-hit-t, its parameter along the edge,
 * 0.5 at the midpoint; data-hit-free "true" when nothing covers it), and the
 * pills' stacking order. `placement` indexes `links`.
 */
export function arrangeTargets(scene: GraphScene, targets: HitSelection, links: readonly GraphLink[], placement: HitPlacement): void {
  const index = new Map<GraphLink, number>(links.map((l, q) => [l, q]));
  const byLink = new Map<number, SVGLineElement>();
  targets.each(function (l) {
    const q = index.get(l);
    if (q === undefined) return;
    byLink.set(q, this);
    l.t = placement.t[q];
    const p = placement.pills;
    this.setAttribute('x1', f1(p[4 * q]));
    this.setAttribute('y1', f1(p[4 * q + 1]));
    this.setAttribute('x2', f1(p[4 * q + 2]));
    this.setAttribute('y2', f1(p[4 * q + 3]));
    this.setAttribute('data-hit-x', f1(placement.x[q]));
    this.setAttribute('data-hit-y', f1(placement.y[q]));
    this.setAttribute('data-hit-t', placement.t[q].toFixed(2));
    this.setAttribute('data-hit-free', placement.free[q] ? 'true' : 'false');
  });
  const parent = scene.targetG.node()!;
  // Re-append in stacking order (bottom first).
  for (const q of placement.order) {
    const el = byLink.get(q);
    if (el) parent.appendChild(el);
  }
}
