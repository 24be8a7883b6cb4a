/**
 * The network view's geometry, pure: where the input block, the hidden
 * layers' blocks of neurons and the output column go in a width x height
 * SVG (at a size scale), where each neuron sits, which neuron a point is on,
 * the titles and weight bands, and the curves of the hand-over animation.
 */
import * as d3 from 'd3';

const TOP = 36;
const BOTTOM = 22;
const SIDE = 8;
const MAX_CELL = 20;
const MIN_GAP = 34;

export interface NetworkGeometry {
  /** Cell size (px) and rows per block. */
  s: number;
  rows: number;
  /** Neuron radius. */
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
  /** The size scale it was laid out at (text, rings and lines use it too). */
  scale: number;
}

/**
 * Cell size and row count so that every block fits side by side; every
 * hidden layer uses the same cell size and row count, so a block's area is
 * its original width.
 */
export function layoutNetwork(width: number, height: number, widths: readonly number[], nOut: number, scale = 1): NetworkGeometry {
  const top = TOP * scale;
  const bottom = height - BOTTOM * scale;
  const side = SIDE * scale;
  const minGap = MIN_GAP * scale;
  const availH = Math.max(20, bottom - top);
  const inSide = Math.max(24 * scale, Math.min(64 * scale, availH * 0.28, width * 0.11));
  const outR = Math.max(4, Math.min(9 * scale, availH / Math.max(1, nOut) / 2 - 2));
  const outW = outR * 2 + 14 * scale; // circle plus its label
  const L = widths.length;
  const fixed = 2 * side + inSide + outW + (L + 1) * minGap;
  const maxN = Math.max(1, ...widths);
  // Every row count that fits; the largest cells win, but among nearly as large
  // ones prefer blocks without a ragged last column (300 and 100 at 560 x 360:
  // 20 rows, blocks of 15 and 5 columns).
  const fits: { s: number; rows: number; ragged: number }[] = [];
  for (let rows = 1; rows <= maxN; rows++) {
    const s = Math.min(MAX_CELL * scale, availH / rows);
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
  const gap = Math.max(minGap, (width - 2 * side - inSide - outW - d3.sum(blockW)) / (L + 1));
  const midY = (top + bottom) / 2;
  let x = side;
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
  const outStep = Math.min(availH / Math.max(1, nOut), outR * 2 + 10 * scale);
  const outYs = d3.range(nOut).map((k) => midY + (k - (nOut - 1) / 2) * outStep);
  return { s, rows, r: Math.max(1.2, Math.min(s / 2 - 0.9, s * 0.4)), inX, inY, inSide, blocks, outX, outYs, outR, top, bottom, scale };
}

export interface CellPosition {
  layer: number;
  id: number;
  /** Index in the layer's originalIds. */
  k: number;
  x: number;
  y: number;
}

/** Cell k of a block: filled column by column, top to bottom. */
export function cellCentre(g: NetworkGeometry, layer: number, k: number): [number, number] {
  const b = g.blocks[layer];
  return [b.x + Math.floor(k / g.rows) * g.s + g.s / 2, b.y + (k % g.rows) * g.s + g.s / 2];
}

/** Every original neuron of every hidden layer, placed (survivors never move; removed ones stay as ghosts). */
export function placeCells(g: NetworkGeometry, layers: readonly { originalIds: readonly number[] }[]): CellPosition[] {
  const out: CellPosition[] = [];
  layers.forEach((layer, l) => {
    layer.originalIds.forEach((id, k) => {
      const [x, y] = cellCentre(g, l, k);
      out.push({ layer: l, id, k, x, y });
    });
  });
  return out;
}

/** The neuron drawn at (x, y) (within its circle, radius g.r plus `slack`), or null in the gaps and outside the blocks. */
export function cellAt(
  g: NetworkGeometry,
  layers: readonly { originalIds: readonly number[] }[],
  x: number,
  y: number,
  slack = 0.3,
): { layer: number; id: number; k: number } | null {
  for (let l = 0; l < layers.length; l++) {
    const b = g.blocks[l];
    if (x < b.x || x >= b.x + b.w || y < b.y || y >= b.y + b.h) continue;
    const k = Math.floor((x - b.x) / g.s) * g.rows + Math.floor((y - b.y) / g.s);
    if (k >= layers[l].originalIds.length) return null;
    const [cx, cy] = cellCentre(g, l, k);
    return Math.hypot(x - cx, y - cy) <= g.r + slack ? { layer: l, id: layers[l].originalIds[k], k } : null;
  }
  return null;
}

export interface ColumnTitle {
  x: number;
  title: string;
  sub: string;
}

/** Titles over the columns (input, hidden 1..L, output) with their sizes; short names when the long ones would run into each other. */
export function columnTitles(g: NetworkGeometry, inSize: number, layers: readonly { originalIds: readonly number[]; aliveIds: readonly number[] }[], nOut: number): ColumnTitle[] {
  const titles: ColumnTitle[] = [
    { x: g.inX + g.inSide / 2, title: 'input', sub: String(inSize) },
    ...layers.map((layer, l) => ({
      x: g.blocks[l].x + g.blocks[l].w / 2,
      title: `hidden ${l + 1}`,
      sub: layer.aliveIds.length === layer.originalIds.length ? String(layer.originalIds.length) : `${layer.aliveIds.length} / ${layer.originalIds.length}`,
    })),
    { x: g.outX, title: 'output', sub: String(nOut) },
  ];
  // About 7.2 px per bold character at scale 1.
  const k = g.scale;
  const clash = titles.some((d, q) => q > 0 && d.x - titles[q - 1].x < ((d.title.length + titles[q - 1].title.length) * 7.2 * k) / 2 + 10 * k);
  if (clash) titles.forEach((d, q) => (d.title = q === 0 ? 'in' : q === titles.length - 1 ? 'out' : `h${q}`));
  return titles;
}

export interface WeightBand {
  a: { x0: number; x1: number; y0: number; y1: number; n: number };
  b: { x0: number; x1: number; y0: number; y1: number; n: number };
}

/** The dense weights between consecutive columns, with the sizes (alive neurons) at both ends. */
export function weightBands(g: NetworkGeometry, inSize: number, layers: readonly { aliveIds: readonly number[] }[], nOut: number): WeightBand[] {
  const cols = [
    { x0: g.inX, x1: g.inX + g.inSide, y0: g.inY, y1: g.inY + g.inSide, n: inSize },
    ...layers.map((layer, l) => ({ x0: g.blocks[l].x, x1: g.blocks[l].x + g.blocks[l].w, y0: g.blocks[l].y, y1: g.blocks[l].y + g.blocks[l].h, n: layer.aliveIds.length })),
    { x0: g.outX - g.outR, x1: g.outX + g.outR, y0: g.outYs[0] - g.outR, y1: g.outYs[g.outYs.length - 1] + g.outR, n: nOut },
  ];
  return d3.range(cols.length - 1).map((q) => ({ a: cols[q], b: cols[q + 1] }));
}

/** A band's outline: two curves between the facing edges of its columns. */
export function bandPath({ a, b }: WeightBand): string {
  const xa = a.x1 + 3;
  const xb = b.x0 - 3;
  const xm = (xa + xb) / 2;
  return `M${xa},${a.y0}C${xm},${a.y0} ${xm},${b.y0} ${xb},${b.y0}L${xb},${b.y1}C${xm},${b.y1} ${xm},${a.y1} ${xa},${a.y1}Z`;
}

/** The heirs a hand-over draws: strongest first, those within 2% of the strongest |coefficient|, at most maxFlows. */
export function shownHeirs<H extends { id: number; coef: number }>(heirs: readonly H[], exists: (id: number) => boolean, maxFlows: number): { all: H[]; shown: H[]; maxAbs: number } {
  const all = heirs.filter((h) => Number.isFinite(h.coef) && h.coef !== 0 && exists(h.id)).sort((a, b) => Math.abs(b.coef) - Math.abs(a.coef));
  const maxAbs = all.length ? Math.abs(all[0].coef) : 1;
  return { all, shown: all.filter((h) => Math.abs(h.coef) >= maxAbs * 0.02).slice(0, maxFlows), maxAbs };
}

/** A quadratic curve bowing sideways by a quarter of the distance (8 to 36 px), always to the same side: its path, a point at parameter t, and its length. */
export function curve(x0: number, y0: number, x1: number, y1: number): { d: string; at: (t: number) => [number, number]; length: number } {
  const mx = (x0 + x1) / 2;
  const my = (y0 + y1) / 2;
  const dx = x1 - x0;
  const dy = y1 - y0;
  const len = Math.hypot(dx, dy) || 1;
  const bow = Math.min(36, Math.max(8, len * 0.25));
  const cx = mx - (dy / len) * bow;
  const cy = my + (dx / len) * bow;
  const at = (t: number): [number, number] => {
    const u = 1 - t;
    return [u * u * x0 + 2 * u * t * cx + t * t * x1, u * u * y0 + 2 * u * t * cy + t * t * y1];
  };
  // Length by sampling (getTotalLength would force a layout in the middle of an update).
  let length = 0;
  let [px, py] = at(0);
  for (let q = 1; q <= 16; q++) {
    const [x, y] = at(q / 16);
    length += Math.hypot(x - px, y - py);
    px = x;
    py = y;
  }
  return { d: `M${x0},${y0}Q${cx},${cy} ${x1},${y1}`, at, length };
}
