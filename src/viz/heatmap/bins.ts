/**
 * From values to colour positions, pure: there are usually more columns
 * (2,000 probe samples) than device pixel columns, so each pixel column shows
 * the mean of the columns it covers; each displayed row is then scaled to
 * [0, 1] by the shared colour range or, per neuron, by its own range.
 */
import type { BandSegment, HeatmapGridSpec } from './spec';

/** The shared colour range ([lo, hi], symmetric around 0 when signed), or null for 'neuron'. */
export function sharedRange(spec: Pick<HeatmapGridSpec, 'normalize' | 'globalRange' | 'values' | 'cols' | 'rowOrder' | 'signed'>): [number, number] | null {
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

export interface PixelBins {
  /** Device pixel columns of the plot. */
  width: number;
  /** Per pixel column: the display columns [binStart, binEnd) it averages; binStart -1 in the gaps between bands. */
  binStart: Int32Array;
  binEnd: Int32Array;
  /** Some band was too narrow to get a pixel (its columns are not drawn). */
  tinySegment: boolean;
}

/** Which display columns each device pixel column covers; px0 is the plot's left edge in device pixels. */
export function pixelBins(segments: readonly BandSegment[], px0: number, width: number, ratio: number): PixelBins {
  let tinySegment = false;
  const binStart = new Int32Array(width).fill(-1);
  const binEnd = new Int32Array(width);
  for (const s of segments) {
    const a = Math.max(0, Math.round(s.x0 * ratio) - px0);
    const b = Math.min(width, Math.round(s.x1 * ratio) - px0);
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
  return { width, binStart, binEnd, tinySegment };
}

/** Column means per source row, valid while the values' token, column order and binning stay the same. */
export interface BinCache {
  token: object;
  colOrder: ArrayLike<number> | undefined;
  binning: string;
  means: Float32Array;
  done: Uint8Array;
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

export interface BinnedRows {
  /** T[k * width + x] in [0, 1] for display row k and pixel column x; NaN in the gaps. Scratch memory: valid until the next call. */
  T: Float32Array;
  /** Rows with no variation under per-neuron normalisation (drawn grey). */
  flatRow: Uint8Array;
  flatRows: number;
}

/**
 * Bin means of every displayed row into T, then each row scaled to [0, 1]
 * in place, by the shared range or (per neuron, range null) by the range of
 * its own bins. With a cache, a row's means are computed once per token.
 */
export function binRows(spec: Pick<HeatmapGridSpec, 'values' | 'cols' | 'rowOrder' | 'colOrder' | 'signed'>, bins: PixelBins, range: [number, number] | null, cache: BinCache | null): BinnedRows {
  const { values, cols, rowOrder, colOrder, signed } = spec;
  const { width: Wd, binStart, binEnd } = bins;
  const nRows = rowOrder.length;
  const nDisp = colOrder ? colOrder.length : cols;
  // When every pixel column covers one or more whole samples (the usual case:
  // 2,000 samples, a few hundred pixels), each display column belongs to one
  // bin and a row is summed in one flat pass, scattering into the bins.
  let reduce = !bins.tinySegment;
  const binOf = scratchInts(nDisp);
  const invCount = new Float32Array(Wd);
  for (let x = 0; x < Wd; x++) {
    const c0 = binStart[x];
    if (c0 < 0) continue;
    invCount[x] = 1 / (binEnd[x] - c0);
    for (let c = c0; c < binEnd[x]; c++) binOf[c] = x;
    if (x > 0 && binStart[x - 1] === c0) reduce = false;
  }
  const T = scratchFloats(nRows * Wd);
  const flatRow = new Uint8Array(nRows);
  let flatRows = 0;
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
  return { T, flatRow, flatRows };
}
