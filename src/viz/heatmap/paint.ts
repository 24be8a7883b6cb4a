/**
 * Paints a heatmap's plot area into the canvas: the binned, scaled rows
 * (bins.ts) become device pixel rows, averaging rows when there are more
 * rows than pixel rows, straight into ImageData through a 256-entry colour
 * table.
 */
import type { ColorLut } from '../color-scales';
import { packRgba } from '../color-scales';
import type { BinCache } from './bins';
import { binRows, pixelBins } from './bins';
import type { HeatmapGridSpec, HeatmapLayout } from './spec';

/** Rows with no variation under per-neuron normalisation (dead neurons): a neutral grey on no scale. */
export const FLAT_COLOR = '#b4bac2';
const FLAT_PIXEL = packRgba(0xb4, 0xba, 0xc2);

const imageCache = new WeakMap<CanvasRenderingContext2D, ImageData>();
const binCache = new WeakMap<CanvasRenderingContext2D, BinCache>();

function cacheFor(ctx: CanvasRenderingContext2D, spec: HeatmapGridSpec, binning: string, Wd: number): BinCache | null {
  const token = spec.valuesToken;
  if (!token) return null;
  const have = binCache.get(ctx);
  if (have && have.token === token && have.colOrder === spec.colOrder && have.binning === binning) return have;
  const fresh: BinCache = { token, colOrder: spec.colOrder, binning, means: new Float32Array(spec.rows * Wd), done: new Uint8Array(spec.rows) };
  binCache.set(ctx, fresh);
  return fresh;
}

/** Paints the plot; returns the number of flat (grey) rows. */
export function paintPlot(ctx: CanvasRenderingContext2D, spec: HeatmapGridSpec, layout: HeatmapLayout, ratio: number, lut: ColorLut, range: [number, number] | null): number {
  const { plot, segments } = layout;
  const px0 = Math.round(plot.x * ratio);
  const py0 = Math.round(plot.y * ratio);
  const Wd = Math.max(1, Math.round((plot.x + plot.w) * ratio) - px0);
  const Hd = Math.max(1, Math.round((plot.y + plot.h) * ratio) - py0);
  const nRows = spec.rowOrder.length;
  const nDisp = spec.colOrder ? spec.colOrder.length : spec.cols;
  if (nRows === 0 || nDisp === 0) return 0;

  const bins = pixelBins(segments, px0, Wd, ratio);
  const { binStart } = bins;
  const cache = cacheFor(ctx, spec, `${Wd}:${spec.cols}:${binStart.join(',')}:${bins.binEnd.join(',')}`, Wd);
  const { T, flatRow, flatRows } = binRows(spec, bins, range, cache);

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
