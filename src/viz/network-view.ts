/**
 * The network view (d3 on SVG): the MLP as columns, input to output.
 *
 * - The input is one compact block (28 x 28 pixels), not 784 dots.
 * - Each hidden layer is a block of small circles, one per neuron of the
 *   ORIGINAL layer, filled column by column; every layer uses the same cell
 *   size and the same number of rows, so a block's area is its original width.
 *   Removed neurons stay as faint ghosts at their place; survivors never move.
 * - The output is a column of ten labelled neurons.
 * - Between blocks a faint band stands for the dense weights, labelled with
 *   the current matrix size (in x out), which shrinks as neurons go.
 *
 * When `stepSerial` changes and `lastStep` is given, the hand-over plays
 * (about 550 ms): the removed neuron's mark flows along curves to its heirs,
 * each curve as wide as |coefficient|, the heirs flash, the mark fades to a
 * ghost. An undo (serial going down, or direction 'undo') plays it backwards:
 * the heirs hand the behaviour back and the neuron fills in again. With
 * prefers-reduced-motion the new state is shown at once.
 *
 * Pure rendering: hovering and clicking call back; tooltips are the UI's job.
 * Marks: circle.nv-neuron[data-layer][data-id][data-alive]; the SVG has
 * data-animating="true" while a hand-over plays.
 */
import * as d3 from 'd3';
import { classColor, classStroke } from './class-colors';
import { motionPacer } from './motion';
import { INK, MUTED, OKABE_ITO } from './palette';

export interface NetworkLayerSpec {
  /** Every neuron the layer had originally (stable ids, in display order). */
  originalIds: readonly number[];
  /** The neurons still alive. */
  aliveIds: readonly number[];
  /**
   * Optional preferred class of each neuron, parallel to originalIds: colours the neurons like the
   * similarity graph (-1 or out of range: no preferred class, light grey). Omitted: all neutral grey.
   */
  preferredClass?: ArrayLike<number>;
}

export interface NetworkHeir {
  id: number;
  coef: number;
}

export interface NetworkStep {
  /** Hidden layer index (0 = first hidden layer). */
  layer: number;
  removedId: number;
  heirs: readonly NetworkHeir[];
}

export interface NetworkViewSpec {
  width: number;
  height: number;
  /** Hidden layers, first to last. */
  layers: readonly NetworkLayerSpec[];
  selected: { layer: number; id: number } | null;
  /** The step to animate: on a step, the one just applied; on an undo, the one just undone. */
  lastStep: NetworkStep | null;
  /** Increases with every applied step; a change (with lastStep) plays the hand-over. */
  stepSerial: number;
  /** Overrides the direction inferred from the serial (down = undo). */
  direction?: 'step' | 'undo';
  /** Input size and image shape (default 784 = 28 x 28). */
  inputSize?: number;
  inputShape?: readonly [number, number];
  /** Output labels (default 0-9). */
  outputLabels?: readonly string[];
}

export interface NetworkViewCallbacks {
  onNeuronClick(layer: number, id: number): void;
  onNeuronHover(layer: number, id: number, clientX: number, clientY: number): void;
  onNeuronLeave(): void;
}

export interface NetworkView {
  update(spec: NetworkViewSpec): void;
  destroy(): void;
}

const TOP = 36;
const BOTTOM = 22;
const SIDE = 8;
const MAX_CELL = 14;
const MIN_GAP = 34;
/** Fill when the layer's preferred classes were not given (dead neurons, class -1, use NO_CLASS_COLOR). */
const NEUTRAL_FILL = '#7b8794';
const GHOST_STROKE = '#c3cad3';
const BAND_FILL = '#eef1f5';
const FLOW_POS = OKABE_ITO.blue;
const FLOW_NEG = OKABE_ITO.vermillion;
const MAX_FLOWS = 12;
const DURATION = 560;

interface Cell {
  layer: number;
  id: number;
  /** Index in originalIds. */
  k: number;
  x: number;
  y: number;
  alive: boolean;
  cls: number;
  el: SVGCircleElement | null;
  /** What was last painted into el ('' = nothing yet). */
  painted: string;
}

interface Geometry {
  s: number;
  rows: number;
  r: number;
  inX: number;
  inY: number;
  inSide: number;
  blocks: { x: number; y: number; w: number; h: number; cols: number }[];
  outX: number;
  outYs: number[];
  outR: number;
  top: number;
  bottom: number;
}

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Cell size and row count so that every block fits side by side. */
export function layoutNetwork(width: number, height: number, widths: readonly number[], nOut: number): Geometry {
  const top = TOP;
  const bottom = height - BOTTOM;
  const availH = Math.max(20, bottom - top);
  const inSide = Math.max(24, Math.min(64, availH * 0.28, width * 0.11));
  const outR = Math.max(4, Math.min(9, availH / Math.max(1, nOut) / 2 - 2));
  const outW = outR * 2 + 14; // circle plus its label
  const L = widths.length;
  const fixed = 2 * SIDE + inSide + outW + (L + 1) * MIN_GAP;
  const maxN = Math.max(1, ...widths);
  // Every row count that fits; the largest cells win, but among nearly as large
  // ones prefer blocks without a ragged last column (300 and 100 at 560 x 360:
  // 20 rows, blocks of 15 and 5 columns).
  const fits: { s: number; rows: number; ragged: number }[] = [];
  for (let rows = 1; rows <= maxN; rows++) {
    const s = Math.min(MAX_CELL, availH / rows);
    const cols = widths.reduce((a, n) => a + Math.max(1, Math.ceil(n / rows)), 0);
    if (fixed + cols * s <= width) fits.push({ s, rows, ragged: widths.reduce((a, n) => a + (Math.ceil(n / rows) * rows - n), 0) });
  }
  const top1 = d3.max(fits, (f) => f.s) ?? 0;
  const best =
    fits
      .filter((f) => f.s >= top1 * 0.9)
      .sort((p, q) => p.ragged - q.ragged || q.s - p.s || q.rows - p.rows)[0] ?? { s: Math.max(1, availH / maxN), rows: maxN };
  const { s, rows } = best;
  const blockW = widths.map((n) => Math.max(1, Math.ceil(n / rows)) * s);
  const gap = Math.max(MIN_GAP, (width - 2 * SIDE - inSide - outW - d3.sum(blockW)) / (L + 1));
  const midY = (top + bottom) / 2;
  let x = SIDE;
  const inX = x;
  const inY = midY - inSide / 2;
  x += inSide + gap;
  const blocks = widths.map((n, l) => {
    const h = Math.min(n, rows) * s;
    const b = { x, y: midY - h / 2, w: blockW[l], h, cols: Math.max(1, Math.ceil(n / rows)) };
    x += blockW[l] + gap;
    return b;
  });
  const outX = x + outR;
  const outStep = Math.min(availH / Math.max(1, nOut), outR * 2 + 10);
  const outYs = d3.range(nOut).map((k) => midY + (k - (nOut - 1) / 2) * outStep);
  return { s, rows, r: Math.max(1.2, Math.min(s / 2 - 0.9, s * 0.4)), inX, inY, inSide, blocks, outX, outYs, outR, top, bottom };
}

export function createNetworkView(svgEl: SVGSVGElement, callbacks: NetworkViewCallbacks): NetworkView {
  const svg = d3.select(svgEl);
  svg.classed('network-view-svg', true).attr('data-animating', 'false');
  const root = svg.append('g').attr('class', 'nv-root');
  const bandG = root.append('g').attr('class', 'nv-bands').attr('pointer-events', 'none');
  const titleG = root.append('g').attr('class', 'nv-titles').attr('pointer-events', 'none');
  const inputG = root.append('g').attr('class', 'nv-input').attr('pointer-events', 'none');
  const cellG = root.append('g').attr('class', 'nv-cells');
  const outG = root.append('g').attr('class', 'nv-output').attr('pointer-events', 'none');
  const ringG = root.append('g').attr('class', 'nv-rings').attr('pointer-events', 'none').attr('fill', 'none');
  const flowG = root.append('g').attr('class', 'nv-flow').attr('pointer-events', 'none');

  let spec: NetworkViewSpec | null = null;
  let geoSig = '';
  let prevLayers: (readonly number[])[] | null = null;
  let geo: Geometry | null = null;
  let cells: Cell[] = [];
  let cellIndex = new Map<string, Cell>();
  let prevSerial: number | null = null;
  let hover: Cell | null = null;
  let animTimer: ReturnType<typeof setTimeout> | null = null;
  let destroyed = false;
  const pace = motionPacer();
  /** The neuron (layer:id) whose fill is held back while an undo plays. */
  let holdBack: string | null = null;

  const key = (layer: number, id: number) => `${layer}:${id}`;

  /** cls: 0-9 a class, -1 no preferred class (dead, as in the similarity graph), -2 not given. */
  function cellFill(c: Cell): string {
    return c.cls === -2 ? NEUTRAL_FILL : classColor(c.cls);
  }

  function drawInput(g: Geometry, s: NetworkViewSpec): void {
    const [rows, cols] = s.inputShape ?? [28, 28];
    const n = s.inputSize ?? rows * cols;
    const side = g.inSide;
    const lines: number[] = d3.range(1, 7).map((q) => (q * side) / 7);
    inputG
      .selectAll<SVGRectElement, null>('rect.nv-input-block')
      .data([null])
      .join('rect')
      .attr('class', 'nv-input-block')
      .attr('x', g.inX)
      .attr('y', g.inY)
      .attr('width', side)
      .attr('height', side)
      .attr('rx', 3)
      .attr('fill', '#f4f6f9')
      .attr('stroke', '#9aa5b1');
    inputG
      .selectAll<SVGPathElement, null>('path.nv-input-grid')
      .data([null])
      .join('path')
      .attr('class', 'nv-input-grid')
      .attr('stroke', '#d5dbe2')
      .attr('stroke-width', 0.8)
      .attr('d', lines.map((v) => `M${g.inX + v},${g.inY}v${side}M${g.inX},${g.inY + v}h${side}`).join(''));
    inputG
      .selectAll<SVGTextElement, string>('text.nv-input-label')
      .data([`${rows}×${cols}`, `${n} pixels`])
      .join('text')
      .attr('class', 'nv-input-label')
      .attr('x', g.inX + side / 2)
      .attr('y', (_d, q) => g.inY + side + 13 + q * 12)
      .attr('text-anchor', 'middle')
      .attr('font-size', 10.5)
      .attr('fill', MUTED)
      .text((d) => d);
  }

  function drawOutput(g: Geometry, s: NetworkViewSpec): void {
    const labels = s.outputLabels ?? d3.range(10).map(String);
    const items = outG
      .selectAll<SVGGElement, string>('g.nv-out')
      .data(labels)
      .join((enter) => {
        const it = enter.append('g').attr('class', 'nv-out');
        it.append('circle');
        it.append('text');
        return it;
      })
      .attr('transform', (_d, k) => `translate(${g.outX},${g.outYs[k]})`);
    items.select('circle').attr('r', g.outR).attr('fill', '#fff').attr('stroke', INK).attr('stroke-width', 1.2);
    items
      .select('text')
      .attr('x', g.outR + 4)
      .attr('dy', '0.35em')
      .attr('font-size', Math.min(11, g.outR + 4))
      .attr('fill', INK)
      .text((d) => d);
  }

  function drawTitlesAndBands(g: Geometry, s: NetworkViewSpec): void {
    const inSize = s.inputSize ?? 784;
    const nOut = (s.outputLabels ?? d3.range(10)).length;
    const titles: { x: number; title: string; sub: string }[] = [
      { x: g.inX + g.inSide / 2, title: 'input', sub: String(inSize) },
      ...s.layers.map((layer, l) => ({
        x: g.blocks[l].x + g.blocks[l].w / 2,
        title: `hidden ${l + 1}`,
        sub:
          layer.aliveIds.length === layer.originalIds.length
            ? String(layer.originalIds.length)
            : `${layer.aliveIds.length} / ${layer.originalIds.length}`,
      })),
      { x: g.outX, title: 'output', sub: String(nOut) },
    ];
    // Short names when the long ones would run into each other (about 7.2 px per bold character).
    const clash = (list: typeof titles) =>
      list.some((d, q) => q > 0 && d.x - list[q - 1].x < ((d.title.length + list[q - 1].title.length) * 7.2) / 2 + 10);
    if (clash(titles)) {
      titles.forEach((d, q) => {
        d.title = q === 0 ? 'in' : q === titles.length - 1 ? 'out' : `h${q}`;
      });
    }
    const t = titleG
      .selectAll<SVGGElement, (typeof titles)[number]>('g.nv-title')
      .data(titles)
      .join((enter) => {
        const it = enter.append('g').attr('class', 'nv-title');
        it.append('text').attr('class', 'nv-title-main');
        it.append('text').attr('class', 'nv-title-sub');
        return it;
      })
      .attr('transform', (d) => `translate(${d.x},0)`);
    t.select('text.nv-title-main')
      .attr('y', 13)
      .attr('text-anchor', 'middle')
      .attr('font-size', 12)
      .attr('font-weight', 600)
      .attr('fill', INK)
      .text((d) => d.title);
    t.select('text.nv-title-sub')
      .attr('y', 27)
      .attr('text-anchor', 'middle')
      .attr('font-size', 11)
      .attr('fill', MUTED)
      .style('font-variant-numeric', 'tabular-nums')
      .text((d) => d.sub);

    // Dense weights between columns, as faint bands labelled in x out.
    const cols: { x0: number; x1: number; y0: number; y1: number; n: number }[] = [
      { x0: g.inX, x1: g.inX + g.inSide, y0: g.inY, y1: g.inY + g.inSide, n: inSize },
      ...s.layers.map((layer, l) => ({ x0: g.blocks[l].x, x1: g.blocks[l].x + g.blocks[l].w, y0: g.blocks[l].y, y1: g.blocks[l].y + g.blocks[l].h, n: layer.aliveIds.length })),
      { x0: g.outX - g.outR, x1: g.outX + g.outR, y0: g.outYs[0] - g.outR, y1: g.outYs[g.outYs.length - 1] + g.outR, n: nOut },
    ];
    const bands = d3.range(cols.length - 1).map((q) => ({ a: cols[q], b: cols[q + 1] }));
    bandG
      .selectAll<SVGPathElement, (typeof bands)[number]>('path.nv-band')
      .data(bands)
      .join('path')
      .attr('class', 'nv-band')
      .attr('fill', BAND_FILL)
      .attr('d', ({ a, b }) => {
        const xa = a.x1 + 3;
        const xb = b.x0 - 3;
        const xm = (xa + xb) / 2;
        return `M${xa},${a.y0}C${xm},${a.y0} ${xm},${b.y0} ${xb},${b.y0}L${xb},${b.y1}C${xm},${b.y1} ${xm},${a.y1} ${xa},${a.y1}Z`;
      });
    bandG
      .selectAll<SVGTextElement, (typeof bands)[number]>('text.nv-band-label')
      .data(bands)
      .join('text')
      .attr('class', 'nv-band-label')
      .attr('x', ({ a, b }) => (a.x1 + b.x0) / 2)
      .attr('y', g.bottom + 15)
      .attr('text-anchor', 'middle')
      .attr('font-size', 10)
      .attr('fill', MUTED)
      .style('font-variant-numeric', 'tabular-nums')
      .text(({ a, b }) => `${a.n}×${b.n}`);
  }

  /** Places every original neuron; called when the geometry or the neuron lists change. */
  function buildCells(g: Geometry, s: NetworkViewSpec): void {
    cells = [];
    cellIndex = new Map();
    s.layers.forEach((layer, l) => {
      const b = g.blocks[l];
      layer.originalIds.forEach((id, k) => {
        const col = Math.floor(k / g.rows);
        const row = k % g.rows;
        const c: Cell = { layer: l, id, k, x: b.x + col * g.s + g.s / 2, y: b.y + row * g.s + g.s / 2, alive: true, cls: -1, el: null, painted: '' };
        cells.push(c);
        cellIndex.set(key(l, id), c);
      });
    });
  }

  /** Alive flags and classes from the spec (cheap; no DOM). */
  function refreshCells(s: NetworkViewSpec): void {
    s.layers.forEach((layer, l) => {
      const alive = new Set(layer.aliveIds);
      layer.originalIds.forEach((id, k) => {
        const c = cellIndex.get(key(l, id))!;
        c.alive = alive.has(id);
        const cls = layer.preferredClass ? Number(layer.preferredClass[k]) : -2;
        c.cls = cls === -2 ? -2 : cls >= 0 && cls < 10 ? cls : -1;
      });
    });
  }

  /** Creates the circles (after buildCells). */
  function joinCells(g: Geometry): void {
    cellG
      .selectAll<SVGCircleElement, Cell>('circle.nv-neuron')
      .data(cells, (c) => key(c.layer, c.id))
      .join((enter) =>
        enter
          .append('circle')
          .attr('class', 'nv-neuron')
          .on('click', (e: MouseEvent, c) => {
            if (!c.alive) return;
            e.stopPropagation();
            callbacks.onNeuronClick(c.layer, c.id);
          })
          .on('pointerenter pointermove', (e: PointerEvent, c) => {
            if (!c.alive) return;
            if (hover !== c) {
              hover = c;
              drawRings();
            }
            callbacks.onNeuronHover(c.layer, c.id, e.clientX, e.clientY);
          })
          .on('pointerleave', (_e, c) => {
            if (hover === c) {
              hover = null;
              drawRings();
              callbacks.onNeuronLeave();
            }
          }),
      )
      .attr('data-layer', (c) => c.layer)
      .attr('data-id', (c) => c.id)
      .attr('cx', (c) => c.x)
      .attr('cy', (c) => c.y)
      .attr('r', g.r)
      .each(function (c) {
        c.el = this;
        c.painted = '';
      });
  }

  /** Paints alive neurons and ghosts; touches only the circles whose state changed. */
  function paintCells(): void {
    for (const c of cells) {
      const el = c.el;
      if (!el) continue;
      const shown = c.alive && key(c.layer, c.id) !== holdBack;
      const state = shown ? `a${c.cls}` : c.alive ? 'held' : 'ghost';
      if (state === c.painted) continue;
      c.painted = state;
      el.setAttribute('data-alive', c.alive ? 'true' : 'false');
      el.setAttribute('fill', shown ? cellFill(c) : 'none');
      el.setAttribute('stroke', shown ? (c.cls === -2 ? 'none' : classStroke(c.cls)) : GHOST_STROKE);
      el.setAttribute('stroke-width', shown ? '0.6' : '0.8');
      el.setAttribute('pointer-events', c.alive ? 'all' : 'none');
      el.style.cursor = c.alive ? 'pointer' : '';
    }
  }

  function drawRings(): void {
    if (!geo) return;
    const g = geo;
    const rings: { key: string; c: Cell; kind: 'selected' | 'hover' }[] = [];
    const sel = spec?.selected ? cellIndex.get(key(spec.selected.layer, spec.selected.id)) : undefined;
    if (sel) rings.push({ key: 'sel', c: sel, kind: 'selected' });
    if (hover && hover !== sel) rings.push({ key: 'hover', c: hover, kind: 'hover' });
    ringG
      .selectAll<SVGCircleElement, (typeof rings)[number]>('circle')
      .data(rings, (q) => q.key)
      .join('circle')
      .attr('cx', (q) => q.c.x)
      .attr('cy', (q) => q.c.y)
      .attr('r', (q) => g.r + (q.kind === 'selected' ? 2.6 : 2))
      .attr('stroke', INK)
      .attr('stroke-width', (q) => (q.kind === 'selected' ? 2 : 1.4))
      .attr('stroke-dasharray', (q) => (q.c.alive ? null : '2 1.5'));
  }

  // ---- the hand-over animation -------------------------------------------------

  function stopAnimation(): void {
    if (animTimer) clearTimeout(animTimer);
    animTimer = null;
    flowG.selectAll('*').interrupt().remove();
    titleG.selectAll('text.nv-title-sub').attr('opacity', 1);
    if (holdBack) {
      holdBack = null;
      paintCells();
    }
    svg.attr('data-animating', 'false');
  }

  function titleSub(layer: number) {
    return titleG.selectAll<SVGTextElement, unknown>('text.nv-title-sub').filter((_d, q) => q === layer + 1);
  }

  /** A quadratic curve bowing sideways: its path and a point at parameter t. */
  function curve(x0: number, y0: number, x1: number, y1: number): { d: string; at: (t: number) => number[] } {
    const mx = (x0 + x1) / 2;
    const my = (y0 + y1) / 2;
    const dx = x1 - x0;
    const dy = y1 - y0;
    const len = Math.hypot(dx, dy) || 1;
    // Bow sideways by a quarter of the distance (8 to 36 px), always to the same side.
    const bow = Math.min(36, Math.max(8, len * 0.25));
    const cx = mx - (dy / len) * bow;
    const cy = my + (dx / len) * bow;
    return { d: `M${x0},${y0}Q${cx},${cy} ${x1},${y1}`, at: (t: number) => {
      const u = 1 - t;
      return [u * u * x0 + 2 * u * t * cx + t * t * x1, u * u * y0 + 2 * u * t * cy + t * t * y1];
    } };
  }

  function playHandOver(step: NetworkStep, undo: boolean): void {
    if (!geo) return;
    const g = geo;
    const from = cellIndex.get(key(step.layer, step.removedId));
    if (!from) return;
    const heirs = step.heirs
      .filter((h) => Number.isFinite(h.coef) && h.coef !== 0 && cellIndex.has(key(step.layer, h.id)))
      .slice()
      .sort((a, b) => Math.abs(b.coef) - Math.abs(a.coef));
    const maxAbs = heirs.length ? Math.abs(heirs[0].coef) : 1;
    const shown = heirs.filter((h) => Math.abs(h.coef) >= maxAbs * 0.02).slice(0, MAX_FLOWS);
    const width = d3.scaleSqrt().domain([0, Math.max(1, maxAbs)]).range([0.8, 5]).clamp(true);
    svg.attr('data-animating', 'true');
    const T = DURATION;
    const fill = cellFill(from);

    const flows = shown.map((h) => {
      const to = cellIndex.get(key(step.layer, h.id))!;
      const c = undo ? curve(to.x, to.y, from.x, from.y) : curve(from.x, from.y, to.x, to.y);
      return { h, to, d: c.d, at: c.at };
    });
    // Each curve twice: a white casing that lifts it off the coloured neurons, then the colour.
    const flowPaths = (cls: string, casing: boolean) =>
      flowG
        .selectAll<SVGPathElement, (typeof flows)[number]>(`path.${cls}`)
        .data(flows)
        .join('path')
        .attr('class', cls)
        .attr('fill', 'none')
        .attr('stroke', (f) => (casing ? '#fff' : f.h.coef >= 0 ? FLOW_POS : FLOW_NEG))
        .attr('stroke-width', (f) => width(Math.abs(f.h.coef)) + (casing ? 3 : 0))
        .attr('stroke-linecap', 'round')
        .attr('stroke-opacity', 0.9)
        .attr('d', (f) => f.d);
    flowPaths('nv-flow-casing', true);
    flowPaths('nv-flow-path', false);
    const allPaths = flowG.selectAll<SVGPathElement, (typeof flows)[number]>('path.nv-flow-casing, path.nv-flow-path');
    // Curve lengths by sampling (getTotalLength would force a layout in the middle of update()).
    allPaths.each(function (f) {
      let len = 0;
      let [px, py] = f.at(0);
      for (let q = 1; q <= 16; q++) {
        const [x, y] = f.at(q / 16);
        len += Math.hypot(x - px, y - py);
        px = x;
        py = y;
      }
      len = Math.ceil(len) + 1;
      this.setAttribute('stroke-dasharray', `${len} ${len}`);
      this.setAttribute('stroke-dashoffset', String(len));
    });
    allPaths
      .transition('draw')
      .delay(undo ? 0 : T * 0.12)
      .duration(T * 0.5)
      .ease(d3.easeCubicInOut)
      .attr('stroke-dashoffset', 0)
      .transition()
      .duration(T * 0.3)
      .attr('stroke-opacity', 0)
      .remove();
    // A dot riding each curve.
    flowG
      .selectAll<SVGCircleElement, (typeof flows)[number]>('circle.nv-flow-dot')
      .data(flows)
      .join('circle')
      .attr('class', 'nv-flow-dot')
      .attr('r', (f) => Math.max(1.5, width(Math.abs(f.h.coef)) * 0.7 + 0.8))
      .attr('fill', (f) => (f.h.coef >= 0 ? FLOW_POS : FLOW_NEG))
      .attr('cx', undo ? -1e4 : from.x)
      .attr('cy', undo ? -1e4 : from.y)
      .transition('ride')
      .delay(undo ? 0 : T * 0.12)
      .duration(T * 0.5)
      .ease(d3.easeCubicInOut)
      .attrTween('transform', function (f) {
        const self = this as SVGCircleElement;
        self.setAttribute('cx', '0');
        self.setAttribute('cy', '0');
        return (t: number) => {
          const [x, y] = f.at(t);
          return `translate(${x.toFixed(1)},${y.toFixed(1)})`;
        };
      })
      .transition()
      .duration(T * 0.15)
      .attr('opacity', 0)
      .remove();
    // The heirs flash as the behaviour arrives (on undo: the neuron they give it back to).
    const targets = undo ? [from] : flows.map((f) => f.to);
    flowG
      .selectAll<SVGCircleElement, Cell>('circle.nv-flash')
      .data(targets)
      .join('circle')
      .attr('class', 'nv-flash')
      .attr('cx', (c) => c.x)
      .attr('cy', (c) => c.y)
      .attr('r', g.r)
      .attr('fill', 'none')
      .attr('stroke', INK)
      .attr('stroke-width', 1.6)
      .attr('opacity', 0)
      .transition('flash')
      .delay(T * 0.55)
      .duration(T * 0.4)
      .attr('opacity', 1)
      .attr('r', g.r + 5)
      .transition()
      .duration(T * 0.15)
      .attr('opacity', 0)
      .remove();
    // The removed neuron's mark: grows, then fades to its ghost (undo: fills in at the end).
    const mark = flowG
      .append('circle')
      .attr('class', 'nv-flow-mark')
      .attr('cx', from.x)
      .attr('cy', from.y)
      .attr('r', g.r)
      .attr('fill', fill)
      .attr('stroke', INK)
      .attr('stroke-width', 1.5);
    if (undo) {
      holdBack = key(from.layer, from.id);
      paintCells();
      mark
        .attr('opacity', 0)
        .transition('mark')
        .delay(T * 0.55)
        .duration(T * 0.3)
        .attr('opacity', 1)
        .attr('r', g.r * 1.5)
        .transition()
        .duration(T * 0.15)
        .attr('r', g.r);
    } else {
      mark
        .transition('mark')
        .duration(T * 0.15)
        .attr('r', g.r * 2)
        .transition()
        .duration(T * 0.6)
        .attr('r', g.r)
        .attr('opacity', 0);
    }
    // What happened, in words, in place of the layer's count (not over the neurons).
    const text =
      heirs.length === 1
        ? `#${step.removedId} ${undo ? '←' : '→'} #${heirs[0].id}`
        : `#${step.removedId} ${undo ? '←' : '→'} ${heirs.length} heirs`;
    const block = g.blocks[step.layer];
    titleSub(step.layer).attr('opacity', 0);
    flowG
      .append('text')
      .attr('class', 'nv-flow-label')
      .attr('x', block.x + block.w / 2)
      .attr('y', 27)
      .attr('text-anchor', 'middle')
      .attr('font-size', 11)
      .attr('font-weight', 600)
      .attr('fill', INK)
      .text(text);
    animTimer = setTimeout(stopAnimation, T + 60);
  }

  // ---- update ------------------------------------------------------------------

  function update(next: NetworkViewSpec): void {
    if (destroyed) return;
    const { width, height } = next;
    svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    const nOut = (next.outputLabels ?? d3.range(10)).length;
    const widths = next.layers.map((l) => l.originalIds.length);
    const serialChanged = prevSerial !== null && next.stepSerial !== prevSerial;
    const undo = next.direction ? next.direction === 'undo' : prevSerial !== null && next.stepSerial < prevSerial;
    prevSerial = next.stepSerial;
    spec = next;
    if (serialChanged) stopAnimation();
    const sig = `${width}x${height}|${nOut}|${next.inputSize ?? 784}|${widths.join(',')}`;
    const idsSame =
      spec !== null && prevLayers !== null && prevLayers.length === next.layers.length && next.layers.every((l, q) => sameIds(l.originalIds, prevLayers![q]));
    const relayout = sig !== geoSig || !idsSame || !geo;
    prevLayers = next.layers.map((l) => l.originalIds);
    if (relayout) {
      geoSig = sig;
      geo = layoutNetwork(width, height, widths, nOut);
      buildCells(geo, next);
      joinCells(geo);
      drawInput(geo, next);
      drawOutput(geo, next);
    }
    const g = geo!;
    refreshCells(next);
    if (hover) hover = cellIndex.get(key(hover.layer, hover.id)) ?? null;
    if (hover && !hover.alive) {
      hover = null;
      callbacks.onNeuronLeave();
    }
    drawTitlesAndBands(g, next);
    paintCells();
    drawRings();
    const totalAlive = d3.sum(next.layers, (l) => l.aliveIds.length);
    const totalOrig = d3.sum(next.layers, (l) => l.originalIds.length);
    svg.attr(
      'aria-label',
      `Network: input ${next.inputSize ?? 784}, hidden ${next.layers.map((l) => l.aliveIds.length).join('-')} (of ${totalOrig}, ${totalAlive} alive), output ${nOut}`,
    );
    if (serialChanged && pace() && next.lastStep) playHandOver(next.lastStep, undo);
  }

  function destroy(): void {
    destroyed = true;
    if (animTimer) clearTimeout(animTimer);
    animTimer = null;
    root.selectAll('*').interrupt();
    root.remove();
    svg.attr('data-animating', null).classed('network-view-svg', false);
  }

  return { update, destroy };
}
