/**
 * The code heatmap: one hidden layer's neurons (rows) by probe samples
 * (columns, grouped by class), on a canvas. It draws what it is given and
 * computes nothing the engine computes: the caller passes the codes, the row
 * order (seriation), the class grouping and the highlighted neurons.
 *
 * There are usually more samples (2,000) than pixel columns, so each device
 * pixel column shows the mean of the samples it covers; with more rows than
 * device pixel rows, a pixel row shows the mean of its rows. Both are drawn
 * straight into ImageData through a 256-entry colour table.
 *
 * Layout (CSS px): class bands along the top, labelled; a narrow gap
 * separates the classes in the plot; the left margin carries the highlight
 * labels; the bottom strip a caption and the colour legend. The same layout
 * drives heatmapHit, so hit-testing matches the picture exactly.
 */
import type { ColorLut } from './color-scales';
import { packRgba, scaleFor } from './color-scales';
import { drawColorLegend, FONT_FAMILY, legendLabels, legendTitleWidth, setupCanvas } from './color-legend';
import { INK, MUTED } from './palette';

/**
 * How values become colours:
 * - 'neuron': every row is stretched to its own range (of what is drawn: the
 *   means over the samples each pixel covers), so each neuron's pattern is
 *   visible however weakly or rarely it fires (compare shapes, not strengths);
 *   a row with no variation (a dead neuron) is drawn in FLAT_COLOR, a grey
 *   that is on neither scale, and the footer says so;
 * - 'layer': one range for all displayed rows (compare strengths within the layer);
 * - 'global': the caller's globalRange, shared by every layer.
 * Signed values use a range symmetric around 0 (max |x|), so 0 is always the
 * diverging scale's neutral middle; unsigned ones run from min to max.
 */
export type Normalize = 'neuron' | 'layer' | 'global';

/** Columns [start, end) (display order) that belong to one class. */
export interface ClassBand {
  label: string;
  start: number;
  end: number;
}

/** A row to point out: the selected neuron, the next candidate pair. */
export interface RowHighlight {
  /** Source row index (into values), not the display position. */
  row: number;
  /** A CSS colour dark enough for text on white (for instance Okabe-Ito blue or vermillion). */
  color: string;
  /** Short text drawn in the left margin, for instance "#17" or "#17 keep". */
  label: string;
}

export interface HeatmapMargin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/**
 * Default margins (CSS px). The profile heatmap uses the same top and bottom,
 * so the two line up row for row when drawn side by side at the same height.
 */
export const HEATMAP_MARGIN: HeatmapMargin = { top: 22, right: 8, bottom: 36, left: 66 };

export interface CodeHeatmapSpec {
  /** Row-major rows x cols: values[r * cols + c] is source row r's output on source sample c. */
  values: ArrayLike<number>;
  /** Source rows in values (the layer's neurons). */
  rows: number;
  /** Source columns in values (probe samples). */
  cols: number;
  /**
   * Display order: display row k shows source row rowOrder[k]. May list a
   * subset (for instance only the neurons still alive); only these are drawn
   * and only these set the range in 'layer' normalisation.
   */
  rowOrder: ArrayLike<number>;
  /** Stable neuron id of each source row (length rows), reported by heatmapHit. */
  rowIds: ArrayLike<number>;
  /**
   * Display column k shows source column colOrder[k]. Omit it when values'
   * columns are already grouped by class; pass the engine's class order to
   * use neuron-major codes in probe order without copying them.
   */
  colOrder?: ArrayLike<number>;
  /** Display-column ranges per class, ascending and not overlapping. Empty: one unlabelled block. */
  classBands: readonly ClassBand[];
  normalize: Normalize;
  /** [lo, hi] for normalize 'global' (required then, ignored otherwise). */
  globalRange?: readonly [number, number];
  /** True for tanh layers (diverging scale around 0); false for relu / sigmoid (sequential). */
  signed: boolean;
  /**
   * Rows to mark: lines above and below the row (the row stays visible), a
   * marker at the left edge (and at the right edge when margin.right >= 10)
   * and a label in the left margin.
   */
  highlights?: readonly RowHighlight[];
  /** Canvas size in CSS px. */
  width: number;
  height: number;
  /** Device pixel ratio (default window.devicePixelRatio). */
  dpr?: number;
  /** Overrides of HEATMAP_MARGIN. */
  margin?: Partial<HeatmapMargin>;
  /** Legend title, default "output". */
  valueLabel?: string;
  /** Text at the bottom left, for instance "2,000 probe images, grouped by class". */
  caption?: string;
  /** Text in the left margin beside the class bands, for instance "digit". */
  bandTitle?: string;
  /** Gap between class blocks in CSS px (default 2; 0 when the blocks would be narrower than 8 px). */
  bandGap?: number;
  /** Draw the highlight labels (default true; markers and outlines are always drawn). */
  highlightLabels?: boolean;
  /**
   * Optional token that changes whenever the contents of `values` change (for
   * instance the engine's codes object). With it, each row's column means are
   * kept between calls, so redrawing after a step only re-colours the rows.
   */
  valuesToken?: object;
}

export interface BandSegment {
  label: string | null;
  /** Display columns [start, end). */
  start: number;
  end: number;
  /** Horizontal extent in CSS px. */
  x0: number;
  x1: number;
}

export interface HeatmapLayout {
  width: number;
  height: number;
  margin: HeatmapMargin;
  /** The plot area in CSS px. */
  plot: { x: number; y: number; w: number; h: number };
  segments: BandSegment[];
  /** Number of displayed rows (rowOrder.length) and columns. */
  displayRows: number;
  displayCols: number;
}

export interface HeatmapRenderInfo {
  layout: HeatmapLayout;
  /** The colour range used ([lo, hi]; symmetric when signed), or null for per-neuron normalisation. */
  range: [number, number] | null;
  /** Rows drawn grey ('neuron' normalisation, no variation: dead neurons). */
  flatRows: number;
  /** Time spent drawing, in ms. */
  ms: number;
}

export interface HeatmapHit {
  /** Source row (index into values). */
  row: number;
  /** Position in the display order. */
  displayRow: number;
  /** Stable neuron id. */
  id: number;
  /** Display column (class-grouped order). */
  col: number;
  /** Source column (index into values' columns: colOrder[col], or col). */
  sample: number;
  classLabel: string | null;
  /** The neuron's output on that sample. */
  value: number;
}

function displayCols(spec: Pick<CodeHeatmapSpec, 'cols' | 'colOrder'>): number {
  return spec.colOrder ? spec.colOrder.length : spec.cols;
}

/** Splits the display columns into segments: the class bands, plus unlabelled runs between or around them. */
function bandRuns(bands: readonly ClassBand[], n: number): { label: string | null; start: number; end: number }[] {
  const runs: { label: string | null; start: number; end: number }[] = [];
  let at = 0;
  for (const b of bands) {
    if (!(b.start >= at && b.end > b.start && b.end <= n)) {
      throw new Error(`class band "${b.label}" [${b.start}, ${b.end}) is out of order, empty or beyond ${n} columns`);
    }
    if (b.start > at) runs.push({ label: null, start: at, end: b.start });
    runs.push({ label: b.label, start: b.start, end: b.end });
    at = b.end;
  }
  if (at < n || runs.length === 0) runs.push({ label: null, start: at, end: n });
  return runs;
}

/** The layout of a code heatmap (CSS px); pure arithmetic, shared by rendering and hit-testing. */
export function codeHeatmapLayout(
  spec: Pick<CodeHeatmapSpec, 'width' | 'height' | 'margin' | 'cols' | 'colOrder' | 'classBands' | 'rowOrder' | 'bandGap'>,
): HeatmapLayout {
  const margin = { ...HEATMAP_MARGIN, ...spec.margin };
  const n = displayCols(spec);
  const plot = {
    x: margin.left,
    y: margin.top,
    w: Math.max(1, spec.width - margin.left - margin.right),
    h: Math.max(1, spec.height - margin.top - margin.bottom),
  };
  const runs = bandRuns(spec.classBands, n);
  const wanted = spec.bandGap ?? 2;
  const gap = runs.length > 1 && (plot.w - wanted * (runs.length - 1)) / runs.length >= 8 ? wanted : 0;
  const usable = plot.w - gap * (runs.length - 1);
  const segments: BandSegment[] = [];
  let x = plot.x;
  for (const r of runs) {
    const w = n > 0 ? (usable * (r.end - r.start)) / n : usable;
    segments.push({ ...r, x0: x, x1: x + w });
    x += w + gap;
  }
  return { width: spec.width, height: spec.height, margin, plot, segments, displayRows: spec.rowOrder.length, displayCols: n };
}

function checkSpec(spec: CodeHeatmapSpec): void {
  const { rows, cols, values, rowOrder, rowIds } = spec;
  if (values.length < rows * cols) throw new Error(`values has ${values.length} entries, fewer than ${rows} x ${cols}`);
  if (rowIds.length < rows) throw new Error(`rowIds has ${rowIds.length} entries for ${rows} rows`);
  for (let k = 0; k < rowOrder.length; k++) {
    const r = rowOrder[k];
    if (!(r >= 0 && r < rows)) throw new Error(`rowOrder[${k}] = ${r} is not a row (0..${rows - 1})`);
  }
  if (spec.colOrder) {
    for (let k = 0; k < spec.colOrder.length; k++) {
      const c = spec.colOrder[k];
      if (!(c >= 0 && c < cols)) throw new Error(`colOrder[${k}] = ${c} is not a column (0..${cols - 1})`);
    }
  }
  if (spec.normalize === 'global' && !spec.globalRange) throw new Error("normalize 'global' needs a globalRange");
}

/** The shared colour range, or null for 'neuron'. */
function sharedRange(spec: CodeHeatmapSpec): [number, number] | null {
  if (spec.normalize === 'neuron') return null;
  let lo: number;
  let hi: number;
  if (spec.normalize === 'global') [lo, hi] = spec.globalRange as [number, number];
  else {
    lo = Infinity;
    hi = -Infinity;
    const { values, cols, rowOrder } = spec;
    for (let k = 0; k < rowOrder.length; k++) {
      const o = rowOrder[k] * cols;
      for (let c = 0; c < cols; c++) {
        const v = values[o + c];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (lo > hi) lo = hi = 0;
  }
  if (spec.signed) {
    const m = Math.max(Math.abs(lo), Math.abs(hi));
    return [-m, m];
  }
  return [lo, hi];
}

/** Reused between renders (a render allocates nothing big in steady state). */
let floats = new Float32Array(0);
function scratchFloats(n: number): Float32Array {
  if (floats.length < n) floats = new Float32Array(n);
  return floats;
}
let ints = new Int32Array(0);
function scratchInts(n: number): Int32Array {
  if (ints.length < n) ints = new Int32Array(n);
  return ints;
}
const imageCache = new WeakMap<CanvasRenderingContext2D, ImageData>();

/** Column means per source row for one canvas, valid while token, column order and binning stay the same. */
interface BinCache {
  token: object;
  colOrder: ArrayLike<number> | undefined;
  binning: string;
  means: Float32Array;
  done: Uint8Array;
}
const binCache = new WeakMap<CanvasRenderingContext2D, BinCache>();

function binsFor(ctx: CanvasRenderingContext2D, spec: CodeHeatmapSpec, binning: string, Wd: number): BinCache | null {
  const token = spec.valuesToken;
  if (!token) return null;
  const have = binCache.get(ctx);
  if (have && have.token === token && have.colOrder === spec.colOrder && have.binning === binning) return have;
  const fresh: BinCache = { token, colOrder: spec.colOrder, binning, means: new Float32Array(spec.rows * Wd), done: new Uint8Array(spec.rows) };
  binCache.set(ctx, fresh);
  return fresh;
}

/** Rows with no variation under per-neuron normalisation (dead neurons): a neutral grey on no scale. */
export const FLAT_COLOR = '#b4bac2';
const FLAT_PIXEL = packRgba(0xb4, 0xba, 0xc2);

/**
 * Paints the plot area: T[r][x] in [0, 1] per display row and device pixel
 * column (NaN in the gaps), then device pixel rows (averaging rows when there
 * are more rows than pixels) through the colour table into ImageData.
 */
function paintPlot(ctx: CanvasRenderingContext2D, spec: CodeHeatmapSpec, layout: HeatmapLayout, ratio: number, lut: ColorLut, range: [number, number] | null): number {
  const { values, cols, rowOrder, colOrder, signed } = spec;
  const { plot, segments } = layout;
  const px0 = Math.round(plot.x * ratio);
  const py0 = Math.round(plot.y * ratio);
  const Wd = Math.max(1, Math.round((plot.x + plot.w) * ratio) - px0);
  const Hd = Math.max(1, Math.round((plot.y + plot.h) * ratio) - py0);
  const nRows = rowOrder.length;
  const nDisp = colOrder ? colOrder.length : cols;
  if (nRows === 0 || nDisp === 0) return 0;

  // Column bins per device pixel column, in display columns; -1 in the gaps.
  let tinySegment = false;
  const binStart = new Int32Array(Wd).fill(-1);
  const binEnd = new Int32Array(Wd);
  for (const s of segments) {
    const a = Math.max(0, Math.round(s.x0 * ratio) - px0);
    const b = Math.min(Wd, Math.round(s.x1 * ratio) - px0);
    const w = b - a;
    const n = s.end - s.start;
    if (n <= 0) continue;
    if (w <= 0) {
      // A class too small to get a pixel: its samples are not drawn (and must not be scattered).
      tinySegment = true;
      continue;
    }
    for (let i = 0; i < w; i++) {
      const c0 = s.start + Math.floor((i * n) / w);
      binStart[a + i] = c0;
      binEnd[a + i] = Math.max(c0 + 1, s.start + Math.floor(((i + 1) * n) / w));
    }
  }

  // When every pixel column covers one or more whole samples (the usual case:
  // 2,000 samples, a few hundred pixels), each display column belongs to one
  // bin and a row is summed in one flat pass, scattering into the bins.
  let reduce = !tinySegment;
  const binOf = scratchInts(nDisp);
  const invCount = new Float32Array(Wd);
  for (let x = 0; x < Wd; x++) {
    const c0 = binStart[x];
    if (c0 < 0) continue;
    invCount[x] = 1 / (binEnd[x] - c0);
    for (let c = c0; c < binEnd[x]; c++) binOf[c] = x;
    if (x > 0 && binStart[x - 1] === c0) reduce = false;
  }

  // One pass over each row: bin means into T; then the row is scaled to
  // [0, 1] in place, by the shared range or (per neuron) by the range of its bins.
  const T = scratchFloats(nRows * Wd);
  const flatRow = new Uint8Array(nRows);
  let flatRows = 0;
  const cache = binsFor(ctx, spec, `${Wd}:${cols}:${binStart.join(',')}:${binEnd.join(',')}`, Wd);
  for (let k = 0; k < nRows; k++) {
    const src = rowOrder[k];
    const base = src * cols;
    const o = k * Wd;
    if (cache && cache.done[src]) {
      T.set(cache.means.subarray(src * Wd, (src + 1) * Wd), o);
    } else if (reduce) {
      for (let x = o, e = o + Wd; x < e; x++) T[x] = 0;
      if (colOrder) {
        for (let c = 0; c < nDisp; c++) T[o + binOf[c]] += values[base + colOrder[c]];
      } else {
        for (let c = 0; c < nDisp; c++) T[o + binOf[c]] += values[base + c];
      }
      for (let x = 0; x < Wd; x++) T[o + x] = binStart[x] < 0 ? NaN : T[o + x] * invCount[x];
    } else {
      for (let x = 0; x < Wd; x++) {
        const c0 = binStart[x];
        if (c0 < 0) {
          T[o + x] = NaN;
          continue;
        }
        const c1 = binEnd[x];
        let sum = 0;
        for (let c = c0; c < c1; c++) sum += values[base + (colOrder ? colOrder[c] : c)];
        T[o + x] = sum / (c1 - c0);
      }
    }
    if (cache && !cache.done[src]) {
      cache.means.set(T.subarray(o, o + Wd), src * Wd);
      cache.done[src] = 1;
    }
    let lo: number;
    let hi: number;
    if (range) {
      lo = range[0];
      hi = range[1];
    } else {
      lo = Infinity;
      hi = -Infinity;
      for (let x = o, e = o + Wd; x < e; x++) {
        const v = T[x];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
    }
    if (!range && signed) {
      const m = Math.max(Math.abs(lo), Math.abs(hi));
      lo = -m;
      hi = m;
    }
    const span = hi - lo;
    if (!(span > 0)) {
      if (!range) {
        // Per neuron, a constant row (a dead neuron) has no range to stretch: drawn grey.
        flatRow[k] = 1;
        flatRows++;
      }
      // Under a shared range that is itself empty: the scale's neutral end.
      const t = range ? (signed ? 0.5 : 0) : 0;
      for (let x = 0; x < Wd; x++) if (binStart[x] >= 0) T[o + x] = t;
      continue;
    }
    const inv = 1 / span;
    for (let x = o, e = o + Wd; x < e; x++) {
      const t = (T[x] - lo) * inv;
      T[x] = t < 0 ? 0 : t > 1 ? 1 : t;
    }
  }

  let img = imageCache.get(ctx);
  if (!img || img.width !== Wd || img.height !== Hd) {
    img = ctx.createImageData(Wd, Hd);
    imageCache.set(ctx, img);
  }
  const out = new Uint32Array(img.data.buffer);
  out.fill(0);
  const pal = lut.packed;
  const acc = new Float32Array(Wd);
  let lastSingle = -1;
  for (let y = 0; y < Hd; y++) {
    const r0 = Math.min(nRows - 1, Math.floor((y * nRows) / Hd));
    const r1 = Math.max(r0 + 1, Math.min(nRows, Math.floor(((y + 1) * nRows) / Hd)));
    const o = y * Wd;
    if (r1 - r0 === 1) {
      // Fewer rows than pixel rows: a row repeats, copy the pixel row above.
      if (r0 === lastSingle) {
        out.copyWithin(o, o - Wd, o);
        continue;
      }
      lastSingle = r0;
      if (flatRow[r0]) {
        for (let x = 0; x < Wd; x++) if (binStart[x] >= 0) out[o + x] = FLAT_PIXEL;
        continue;
      }
      const t0 = r0 * Wd;
      for (let x = 0; x < Wd; x++) {
        const t = T[t0 + x];
        if (t === t) out[o + x] = pal[(t * 255 + 0.5) | 0];
      }
    } else {
      lastSingle = -1;
      // More rows than pixel rows: average the rows that are not flat, a whole row at a time.
      let used = 0;
      for (let r = r0; r < r1; r++) {
        if (flatRow[r]) continue;
        const ar = r * Wd;
        if (used === 0) for (let x = 0; x < Wd; x++) acc[x] = T[ar + x];
        else for (let x = 0; x < Wd; x++) acc[x] += T[ar + x];
        used++;
      }
      if (used === 0) {
        for (let x = 0; x < Wd; x++) if (binStart[x] >= 0) out[o + x] = FLAT_PIXEL;
        continue;
      }
      const scale = 255 / used;
      for (let x = 0; x < Wd; x++) {
        const t = acc[x];
        if (t === t) out[o + x] = pal[(t * scale + 0.5) | 0];
      }
    }
  }
  ctx.putImageData(img, px0, py0);
  return flatRows;
}

/** The text, cut short with an ellipsis if it is wider than maxWidth in the context's current font. */
export function fitText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(text.slice(0, mid) + '\u2026').width <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo > 0 ? text.slice(0, lo).trimEnd() + '\u2026' : '';
}

/** CSS-px vertical extent of display row k. */
function rowExtent(layout: HeatmapLayout, k: number): [number, number] {
  const rh = layout.plot.h / Math.max(1, layout.displayRows);
  return [layout.plot.y + k * rh, layout.plot.y + (k + 1) * rh];
}

function drawBands(ctx: CanvasRenderingContext2D, layout: HeatmapLayout, bandTitle: string | undefined): void {
  const { plot, segments } = layout;
  const bh = 16;
  const y = plot.y - bh - 3;
  ctx.save();
  ctx.font = `600 11px ${FONT_FAMILY}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  let shade = 0;
  for (const s of segments) {
    if (s.label === null) continue;
    const w = s.x1 - s.x0;
    ctx.fillStyle = shade++ % 2 === 0 ? '#e3e8ee' : '#f1f3f6';
    ctx.fillRect(s.x0, y, w, bh);
    const tw = ctx.measureText(s.label).width;
    if (tw <= w - 2) {
      ctx.fillStyle = INK;
      ctx.fillText(s.label, s.x0 + w / 2, y + bh / 2 + 0.5);
    }
  }
  if (bandTitle) {
    ctx.font = `11px ${FONT_FAMILY}`;
    ctx.fillStyle = MUTED;
    ctx.textAlign = 'right';
    ctx.fillText(bandTitle, plot.x - 6, y + bh / 2 + 0.5);
  }
  ctx.restore();
}

/**
 * Highlighted rows: a line above and below each (a run of adjacent highlighted
 * rows, such as a candidate pair that seriation put side by side, gets one
 * pair of lines, coloured by its first and last row), leaving the row itself
 * visible; a marker at each edge of the plot; and labels in the left margin.
 * Markers and labels are pushed apart so that neighbouring rows stay
 * readable, with a leader line to the row when they had to move.
 */
export function drawHighlights(
  ctx: CanvasRenderingContext2D,
  layout: HeatmapLayout,
  rowOrder: ArrayLike<number>,
  highlights: readonly RowHighlight[],
  withLabels: boolean,
  halo = 'rgba(255,255,255,0.9)',
): void {
  const { plot, margin } = layout;
  const posOf = new Map<number, number>();
  for (let k = 0; k < rowOrder.length; k++) posOf.set(rowOrder[k], k);
  // One entry per displayed row (the first highlight of a row wins), top to bottom.
  const byRow = new Map<number, RowHighlight>();
  for (const h of highlights) {
    const k = posOf.get(h.row);
    if (k !== undefined && !byRow.has(k)) byRow.set(k, h);
  }
  const items = [...byRow]
    .sort((a, b) => a[0] - b[0])
    .map(([k, h]) => {
      const [y0, y1] = rowExtent(layout, k);
      return { h, k, y0, y1, yc: (y0 + y1) / 2, ly: (y0 + y1) / 2 };
    });
  if (items.length === 0) return;
  ctx.save();

  // Lines above and below each run of adjacent rows: a halo outside (white on
  // the dark-ended sequential scale, dark on the white-centred diverging one), colour inside.
  const hline = (y: number, color: string, dir: -1 | 1) => {
    ctx.lineWidth = 2;
    ctx.strokeStyle = halo;
    ctx.beginPath();
    ctx.moveTo(plot.x, y + dir * 2.25);
    ctx.lineTo(plot.x + plot.w, y + dir * 2.25);
    ctx.stroke();
    ctx.lineWidth = 1.5;
    ctx.strokeStyle = color;
    ctx.beginPath();
    ctx.moveTo(plot.x, y + dir * 0.9);
    ctx.lineTo(plot.x + plot.w, y + dir * 0.9);
    ctx.stroke();
  };
  for (let i = 0; i < items.length; ) {
    let j = i;
    while (j + 1 < items.length && items[j + 1].k === items[j].k + 1) j++;
    hline(items[i].y0 - 0.5, items[i].h.color, -1);
    hline(items[j].y1 + 0.5, items[j].h.color, 1);
    i = j + 1;
  }

  // Marker (and label) positions, at least `gap` apart, kept within the plot's height.
  const gap = withLabels ? 13 : 9;
  const minY = plot.y + 4;
  const maxY = plot.y + plot.h + Math.min(8, margin.bottom / 3);
  for (let i = 0; i < items.length; i++) items[i].ly = Math.max(items[i].yc, i > 0 ? items[i - 1].ly + gap : minY, minY);
  const over = items[items.length - 1].ly - maxY;
  if (over > 0) {
    items[items.length - 1].ly -= over;
    for (let i = items.length - 2; i >= 0; i--) items[i].ly = Math.min(items[i].ly, items[i + 1].ly - gap);
  }

  const tri = 6;
  const stub = 4;
  const marker = (edge: number, side: -1 | 1, it: (typeof items)[number]) => {
    // side -1: left of the plot, pointing right; side 1: right of it, pointing left.
    const tip = edge + side * stub;
    ctx.strokeStyle = it.h.color;
    ctx.lineWidth = 1.25;
    ctx.beginPath();
    ctx.moveTo(tip, it.ly);
    ctx.lineTo(edge, it.yc);
    ctx.stroke();
    ctx.fillStyle = it.h.color;
    ctx.beginPath();
    ctx.moveTo(tip, it.ly);
    ctx.lineTo(tip + side * tri, it.ly - tri * 0.7);
    ctx.lineTo(tip + side * tri, it.ly + tri * 0.7);
    ctx.closePath();
    ctx.fill();
  };
  for (const it of items) {
    marker(plot.x, -1, it);
    if (margin.right >= stub + tri) marker(plot.x + plot.w, 1, it);
  }

  if (withLabels) {
    ctx.font = `600 11px ${FONT_FAMILY}`;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const tx = plot.x - stub - tri - 3;
    for (const it of items) {
      ctx.fillStyle = it.h.color;
      ctx.fillText(fitText(ctx, it.h.label, tx - 2), tx, it.ly + 0.5);
    }
  }
  ctx.restore();
}

/**
 * Caption at the bottom left, legend at the bottom right, and (when some rows
 * are flat) a grey swatch "no variation" between them, if there is room.
 */
export function drawFooter(
  ctx: CanvasRenderingContext2D,
  layout: HeatmapLayout,
  lut: ColorLut,
  labels: readonly [string, string, string],
  title: string,
  caption: string | undefined,
  flatRows = 0,
): void {
  const { plot } = layout;
  const y = plot.y + plot.h + 8;
  const tw = legendTitleWidth(ctx, title);
  const rampW = Math.max(40, Math.min(170, caption ? plot.w * 0.4 : plot.w, plot.w - tw - 4));
  const rampX = plot.x + plot.w - rampW;
  drawColorLegend(ctx, rampX, y, rampW, { lut, labels, title });
  let room = rampX - tw - 12 - plot.x;
  if (flatRows > 0) {
    ctx.save();
    ctx.font = `11px ${FONT_FAMILY}`;
    const text = 'no variation';
    const need = ctx.measureText(text).width + 16;
    if (room >= need) {
      const sx = rampX - tw - 12 - need;
      ctx.fillStyle = FLAT_COLOR;
      ctx.fillRect(sx, y, 10, 8);
      ctx.fillStyle = MUTED;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(text, sx + 14, y + 4);
      room -= need + 8;
    }
    ctx.restore();
  }
  if (caption && room > 40) {
    ctx.save();
    ctx.font = `11px ${FONT_FAMILY}`;
    ctx.fillStyle = MUTED;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(fitText(ctx, caption, room), plot.x, y + 4);
    ctx.restore();
  }
}

/** Draws the heatmap into the canvas (resized to width x height CSS px at the device pixel ratio). */
export function renderCodeHeatmap(canvas: HTMLCanvasElement, spec: CodeHeatmapSpec): HeatmapRenderInfo {
  const t0 = performance.now();
  checkSpec(spec);
  const ctx = setupCanvas(canvas, spec.width, spec.height, spec.dpr);
  const ratio = canvas.width / spec.width;
  const layout = codeHeatmapLayout(spec);
  const lut = scaleFor(spec.signed);
  const range = sharedRange(spec);
  const flatRows = paintPlot(ctx, spec, layout, ratio, lut, range);
  canvas.dataset.rows = String(spec.rowOrder.length); // what is drawn (for tests and tools)
  drawBands(ctx, layout, spec.bandTitle);
  drawHighlights(ctx, layout, spec.rowOrder, spec.highlights ?? [], spec.highlightLabels ?? true, spec.signed ? 'rgba(31,41,51,0.85)' : undefined);
  const labels = range ? legendLabels(range[0], range[1], spec.signed) : legendLabels(0, 0, spec.signed, true);
  drawFooter(ctx, layout, lut, labels, spec.valueLabel ?? 'output', spec.caption, flatRows);
  return { layout, range, flatRows, ms: performance.now() - t0 };
}

/**
 * What is under (x, y), in CSS px relative to the canvas: the neuron and
 * sample of the cell, or null outside the plot and in the gaps between classes.
 */
export function heatmapHit(spec: CodeHeatmapSpec, x: number, y: number): HeatmapHit | null {
  const layout = codeHeatmapLayout(spec);
  const { plot } = layout;
  if (layout.displayRows === 0 || y < plot.y || y >= plot.y + plot.h || x < plot.x || x >= plot.x + plot.w) return null;
  const seg = layout.segments.find((s) => x >= s.x0 && x < s.x1);
  if (!seg || seg.end <= seg.start) return null;
  const n = seg.end - seg.start;
  const col = Math.min(seg.end - 1, seg.start + Math.floor(((x - seg.x0) / (seg.x1 - seg.x0)) * n));
  const displayRow = Math.min(layout.displayRows - 1, Math.floor(((y - plot.y) / plot.h) * layout.displayRows));
  const row = spec.rowOrder[displayRow];
  const sample = spec.colOrder ? spec.colOrder[col] : col;
  return { row, displayRow, id: spec.rowIds[row], col, sample, classLabel: seg.label, value: spec.values[row * spec.cols + sample] };
}

/**
 * Class bands from labels already sorted by class (ascending): one band per
 * class present, labelled with labelOf(class). A small helper for callers
 * that hold the class-grouped labels.
 */
export function classBandsFromSortedLabels(sortedLabels: ArrayLike<number>, labelOf: (k: number) => string = String): ClassBand[] {
  const bands: ClassBand[] = [];
  let start = 0;
  for (let i = 1; i <= sortedLabels.length; i++) {
    if (i === sortedLabels.length || sortedLabels[i] !== sortedLabels[start]) {
      bands.push({ label: labelOf(sortedLabels[start]), start, end: i });
      start = i;
    }
  }
  return bands;
}
