/**
 * Digits as small images on canvas: ink on paper (1 or 255 = dark ink, 0 =
 * white), one canvas pixel per image pixel (CSS scales it up). Used by the
 * gallery of broken digits and the draw pad's "what the network sees".
 */
import { INK } from './palette';

const INK_RGB = [0x1f, 0x29, 0x33];

/**
 * Paints image `index` of `pixels` (count x rows x cols values; `max` is full
 * ink: 255 for a data set's bytes, 1 for network inputs) into `canvas`; with
 * `transparent`, ink is the alpha of the ink colour (paper shows through).
 */
export function paintDigit(canvas: HTMLCanvasElement, pixels: ArrayLike<number>, index: number, rows: number, cols: number, max = 255, transparent = false): void {
  if (canvas.width !== cols) canvas.width = cols;
  if (canvas.height !== rows) canvas.height = rows;
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const img = ctx.createImageData(cols, rows);
  const o = index * rows * cols;
  for (let i = 0; i < rows * cols; i++) {
    const a = Math.max(0, Math.min(1, pixels[o + i] / max));
    for (let c = 0; c < 3; c++) img.data[4 * i + c] = transparent ? INK_RGB[c] : Math.round(255 + (INK_RGB[c] - 255) * a);
    img.data[4 * i + 3] = transparent ? Math.round(255 * a) : 255;
  }
  ctx.putImageData(img, 0, 0);
}

/** Paints a network input (values in [0, 1]) over a whole canvas of any size, pixel for pixel, as ink on a transparent canvas. */
export function paintInputOnPad(canvas: HTMLCanvasElement, pixels: ArrayLike<number>, rows: number, cols: number): void {
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  const small = document.createElement('canvas');
  paintDigit(small, pixels, 0, rows, cols, 1, true);
  ctx.save();
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(small, 0, 0, canvas.width, canvas.height);
  ctx.restore();
}

/** The colour of ink on the pad and in the digits. */
export const DIGIT_INK = INK;
