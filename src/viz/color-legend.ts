/**
 * A colour-ramp legend with low / middle / high labels, drawn on a canvas.
 * drawColorLegend paints into a context the caller already set up (the
 * heatmaps put it in their own bottom strip).
 */
import * as d3 from 'd3';
import type { ColorLut } from './color-scales';
import { INK, MUTED } from './palette';
import { FONT, fontPx } from './sizes';

export const FONT_FAMILY = "'Inter', 'Segoe UI', system-ui, -apple-system, 'Helvetica Neue', Arial, sans-serif";

export interface ColorLegendSpec {
  lut: ColorLut;
  /** Labels under the low end, the middle and the high end of the ramp ('' leaves one out). */
  labels: readonly [string, string, string];
  /** Drawn to the left of the ramp, for instance "output" or "weight". */
  title?: string;
  /** Size scale of the ramp and the text (default 1). */
  scale?: number;
}

/** Height of ramp, ticks and labels together, in CSS px at scale 1. */
export const LEGEND_HEIGHT = 24;
const RAMP = 8;
const TICK_LEN = 3;

/**
 * Draws the legend with the ramp's top-left corner at (x, y) and the ramp
 * rampWidth wide; the title (if any) goes to the left of x, right-aligned.
 * Coordinates are in the context's current (CSS pixel) space.
 */
export function drawColorLegend(ctx: CanvasRenderingContext2D, x: number, y: number, rampWidth: number, spec: ColorLegendSpec): void {
  const k = spec.scale ?? 1;
  const RAMP_H = RAMP * k;
  const TICK = TICK_LEN * k;
  const w = Math.max(8, rampWidth);
  const grad = ctx.createLinearGradient(x, 0, x + w, 0);
  const stops = 32;
  for (let k = 0; k <= stops; k++) grad.addColorStop(k / stops, spec.lut.interpolate(k / stops));
  ctx.save();
  ctx.fillStyle = grad;
  ctx.fillRect(x, y, w, RAMP_H);
  ctx.strokeStyle = 'rgba(31,41,51,0.45)';
  ctx.lineWidth = 0.75 * k;
  ctx.strokeRect(x + 0.375 * k, y + 0.375 * k, w - 0.75 * k, RAMP_H - 0.75 * k);
  ctx.beginPath();
  for (const f of [0, 0.5, 1]) {
    const tx = Math.round(x + f * w) + (f === 1 ? -0.5 : 0.5);
    ctx.moveTo(tx, y + RAMP_H);
    ctx.lineTo(tx, y + RAMP_H + TICK);
  }
  ctx.stroke();
  ctx.font = `${fontPx(FONT.small, k)}px ${FONT_FAMILY}`;
  ctx.fillStyle = INK;
  ctx.textBaseline = 'top';
  const ly = y + RAMP_H + TICK + k;
  const [lo, mid, hi] = spec.labels;
  ctx.textAlign = 'left';
  if (lo) ctx.fillText(lo, x, ly);
  ctx.textAlign = 'right';
  if (hi) ctx.fillText(hi, x + w, ly);
  if (mid) {
    // Leave the middle label out rather than let it collide with the ends.
    const mw = ctx.measureText(mid).width;
    const room = w / 2 - Math.max(ctx.measureText(lo).width, ctx.measureText(hi).width) - 6 * k;
    if (mw / 2 <= room) {
      ctx.textAlign = 'center';
      ctx.fillText(mid, x + w / 2, ly);
    }
  }
  if (spec.title) {
    ctx.fillStyle = MUTED;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    ctx.font = `${fontPx(FONT.small, k)}px ${FONT_FAMILY}`;
    ctx.fillText(spec.title, x - 6 * k, y + RAMP_H / 2);
  }
  ctx.restore();
}

/** Width the title needs to the left of the ramp (0 without a title). */
export function legendTitleWidth(ctx: CanvasRenderingContext2D, title: string | undefined, scale = 1): number {
  if (!title) return 0;
  ctx.save();
  ctx.font = `${fontPx(FONT.small, scale)}px ${FONT_FAMILY}`;
  const w = ctx.measureText(title).width + 6 * scale;
  ctx.restore();
  return w;
}

const fmt = d3.format('.2~g');

/** A compact number: 3 significant digits at most, a true minus sign. */
export function formatValue(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return v === 0 ? '0' : String(v);
  return fmt(v).replace('-', '\u2212');
}

/**
 * Legend labels for a range: [lo, mid, hi]. Diverging ranges are symmetric
 * around 0 (mid = "0"); `perRow` says every row has its own range, so the
 * labels name the ends in words instead of numbers.
 */
export function legendLabels(lo: number, hi: number, signed: boolean, perRow = false): [string, string, string] {
  if (perRow) return signed ? ['\u2212max |x|', '0', '+max |x|'] : ['min', 'per neuron', 'max'];
  if (signed) {
    const m = Math.max(Math.abs(lo), Math.abs(hi));
    return [formatValue(-m), '0', formatValue(m)];
  }
  return [formatValue(lo), formatValue((lo + hi) / 2), formatValue(hi)];
}

/**
 * Sets a canvas's backing store to width x height CSS px times the device
 * pixel ratio, clears it and returns a context that draws in CSS px.
 */
export function setupCanvas(canvas: HTMLCanvasElement, width: number, height: number, dpr?: number): CanvasRenderingContext2D {
  const ratio = dpr ?? (typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1);
  const bw = Math.max(1, Math.round(width * ratio));
  const bh = Math.max(1, Math.round(height * ratio));
  if (canvas.width !== bw) canvas.width = bw;
  if (canvas.height !== bh) canvas.height = bh;
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas context');
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, bw, bh);
  ctx.setTransform(bw / width, 0, 0, bh / height, 0, 0);
  return ctx;
}
