/**
 * A first-layer neuron's incoming weights as an image (28 x 28 for MNIST):
 * what pattern of ink excites it (red) or inhibits it (blue). Diverging
 * scale symmetric around 0, crisp pixels (integer device-pixel scaling,
 * image smoothing off), a legend underneath.
 */
import { divergingScale } from './color-scales';
import { drawColorLegend, FONT_FAMILY, LEGEND_HEIGHT, legendLabels, legendTitleWidth, setupCanvas } from './color-legend';
import { fitText } from './heatmap/annotations';
import { INK } from './palette';
import { FONT, fontPx } from './sizes';

export interface WeightImageSpec {
  /**
   * The weights: pixel p's weight is weights[offset + p * stride]. For the
   * engine's first layer (W row-major inSize x outSize), neuron j's image is
   * { weights: W, offset: j, stride: outSize } and nothing is copied.
   */
  weights: ArrayLike<number>;
  offset?: number;
  stride?: number;
  /** Image size (default 28 x 28). */
  imageRows?: number;
  imageCols?: number;
  /** The colour range is [-range, range]; default this neuron's max |w| (pass a layer-wide one to compare neurons). */
  range?: number;
  width: number;
  height: number;
  dpr?: number;
  /** Drawn above the image, for instance "#17: incoming weights". */
  title?: string;
  /** Size scale of the title, the legend and the gaps (default 1). */
  scale?: number;
}

export interface WeightImageLayout {
  /** The image square in CSS px. */
  image: { x: number; y: number; size: number; w: number; h: number };
  legendY: number;
}

export interface WeightImageInfo {
  layout: WeightImageLayout;
  range: number;
  ms: number;
}

const TITLE_H = 18;
const GAP = 8;

function dims(spec: WeightImageSpec): { rows: number; cols: number; offset: number; stride: number } {
  const rows = spec.imageRows ?? 28;
  const cols = spec.imageCols ?? 28;
  const offset = spec.offset ?? 0;
  const stride = spec.stride ?? 1;
  const last = offset + (rows * cols - 1) * stride;
  if (last >= spec.weights.length) throw new Error(`weights has ${spec.weights.length} entries; pixel ${rows * cols - 1} needs index ${last}`);
  return { rows, cols, offset, stride };
}

/**
 * Where the image goes: as large as fits above the legend, snapped to a
 * whole number of device pixels per image pixel so every pixel is the same size.
 */
export function weightImageLayout(spec: WeightImageSpec, ratio = spec.dpr ?? (typeof window !== 'undefined' ? window.devicePixelRatio || 1 : 1)): WeightImageLayout {
  const { rows, cols } = dims(spec);
  const k = spec.scale ?? 1;
  const top = spec.title ? TITLE_H * k : 2;
  const availH = spec.height - top - (GAP + LEGEND_HEIGHT) * k - 2;
  const availW = spec.width - 4;
  const cell = Math.max(1, Math.floor(Math.min((availW * ratio) / cols, (availH * ratio) / rows)));
  const w = (cell * cols) / ratio;
  const h = (cell * rows) / ratio;
  // Snap the origin to a device pixel as well.
  const x = Math.round(((spec.width - w) / 2) * ratio) / ratio;
  const y = Math.round(top * ratio) / ratio;
  return { image: { x, y, size: Math.max(w, h), w, h }, legendY: y + h + GAP * k };
}

let scratch: HTMLCanvasElement | null = null;

export function renderWeightImage(canvas: HTMLCanvasElement, spec: WeightImageSpec): WeightImageInfo {
  const t0 = performance.now();
  const { rows, cols, offset, stride } = dims(spec);
  const ctx = setupCanvas(canvas, spec.width, spec.height, spec.dpr);
  const ratio = canvas.width / spec.width;
  const layout = weightImageLayout(spec, ratio);
  const lut = divergingScale();
  let m = spec.range ?? 0;
  if (!(spec.range && spec.range > 0)) {
    for (let p = 0; p < rows * cols; p++) m = Math.max(m, Math.abs(spec.weights[offset + p * stride]));
  }
  const inv = m > 0 ? 0.5 / m : 0;

  scratch ??= document.createElement('canvas');
  scratch.width = cols;
  scratch.height = rows;
  const sctx = scratch.getContext('2d');
  if (!sctx) throw new Error('no 2D canvas context');
  const img = sctx.createImageData(cols, rows);
  const out = new Uint32Array(img.data.buffer);
  for (let p = 0; p < rows * cols; p++) {
    let t = 0.5 + spec.weights[offset + p * stride] * inv;
    t = t < 0 ? 0 : t > 1 ? 1 : t;
    out[p] = lut.packed[(t * 255 + 0.5) | 0];
  }
  sctx.putImageData(img, 0, 0);

  const { image } = layout;
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(scratch, image.x, image.y, image.w, image.h);
  ctx.strokeStyle = 'rgba(31,41,51,0.35)';
  ctx.lineWidth = 1;
  ctx.strokeRect(image.x - 0.5, image.y - 0.5, image.w + 1, image.h + 1);

  const k = spec.scale ?? 1;
  if (spec.title) {
    ctx.font = `600 ${fontPx(FONT.label, k)}px ${FONT_FAMILY}`;
    ctx.fillStyle = INK;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(fitText(ctx, spec.title, spec.width - 4), spec.width / 2, (TITLE_H * k) / 2);
  }
  const title = 'weight';
  const tw = legendTitleWidth(ctx, title, k);
  const rampW = Math.max(40 * k, Math.min(image.w, spec.width - 8) - tw);
  const rampX = Math.max(tw + 2, (spec.width - rampW + tw) / 2);
  drawColorLegend(ctx, rampX, layout.legendY, rampW, { lut, labels: legendLabels(-m, m, true), title, scale: k });
  return { layout, range: m, ms: performance.now() - t0 };
}

