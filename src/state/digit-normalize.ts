/**
 * A drawing made the way MNIST made its digits: the ink's bounding box is
 * scaled (keeping its aspect ratio) to fit a 20 x 20 box, resampled by area
 * (each source pixel spreads its ink over the target pixels it overlaps, so
 * stroke edges come out grey as in MNIST), and the result is placed in a
 * 28 x 28 field so that its centre of mass falls on the field's centre
 * (LeCun et al., "The MNIST database": "centered in a 28x28 image by
 * computing the center of mass of the pixels"). Pure: numbers in, numbers out.
 */

export const MNIST_FIELD = 28;
export const MNIST_BOX = 20;

/** Ink below this counts as paper when finding the bounding box. */
const INK_FLOOR = 0.05;

/** The bounding box of the ink (pixels >= INK_FLOOR), or null when there is none. */
export function inkBounds(ink: ArrayLike<number>, width: number, height: number): { x0: number; y0: number; x1: number; y1: number } | null {
  let x0 = width;
  let y0 = height;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] >= INK_FLOOR) {
        if (x < x0) x0 = x;
        if (x > x1) x1 = x;
        if (y < y0) y0 = y;
        if (y > y1) y1 = y;
      }
    }
  }
  return x1 < 0 ? null : { x0, y0, x1: x1 + 1, y1: y1 + 1 };
}

/** Centre of mass (pixel centres at i + 0.5) of a w x h image; null when it has no ink. */
export function centreOfMass(img: ArrayLike<number>, width: number, height: number): { x: number; y: number } | null {
  let m = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const v = img[y * width + x];
      m += v;
      sx += v * (x + 0.5);
      sy += v * (y + 0.5);
    }
  }
  return m > 0 ? { x: sx / m, y: sy / m } : null;
}

/** Overlap of [a0, a1) and [b0, b1). */
const overlap = (a0: number, a1: number, b0: number, b1: number): number => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));

/**
 * The ink of a width x height drawing (values in [0, 1], 1 = full ink, row
 * major) as a 28 x 28 MNIST-style digit (values in [0, 1]); null when nothing
 * is drawn.
 */
export function normalizeDrawing(ink: ArrayLike<number>, width: number, height: number): Float64Array | null {
  if (ink.length !== width * height) throw new Error(`a ${width} x ${height} drawing has ${width * height} pixels, got ${ink.length}`);
  const b = inkBounds(ink, width, height);
  if (!b) return null;
  const bw = b.x1 - b.x0;
  const bh = b.y1 - b.y0;
  const s = MNIST_BOX / Math.max(bw, bh);
  // The box the ink is scaled into (its longer side is 20 pixels).
  const ow = Math.max(1, Math.ceil(bw * s - 1e-9));
  const oh = Math.max(1, Math.ceil(bh * s - 1e-9));
  const box = new Float64Array(ow * oh);
  // Area resampling: source pixel (x, y) covers [x, x + 1) x [y, y + 1) scaled by s; its ink, weighted by
  // the overlap, goes to each target pixel it covers; dividing by the target pixel's area (1) keeps
  // full ink at 1 when the source is downscaled, and gives the covered fraction at the stroke edges.
  for (let y = b.y0; y < b.y1; y++) {
    const ty0 = (y - b.y0) * s;
    const ty1 = ty0 + s;
    for (let x = b.x0; x < b.x1; x++) {
      const v = ink[y * width + x];
      if (v <= 0) continue;
      const tx0 = (x - b.x0) * s;
      const tx1 = tx0 + s;
      for (let v0 = Math.floor(ty0); v0 < Math.min(oh, Math.ceil(ty1)); v0++) {
        const fy = overlap(ty0, ty1, v0, v0 + 1);
        if (fy <= 0) continue;
        for (let u0 = Math.floor(tx0); u0 < Math.min(ow, Math.ceil(tx1)); u0++) {
          const fx = overlap(tx0, tx1, u0, u0 + 1);
          if (fx > 0) box[v0 * ow + u0] += v * fx * fy;
        }
      }
    }
  }
  // An upscaled drawing (smaller than the box) keeps its ink at most 1 per pixel.
  for (let i = 0; i < box.length; i++) if (box[i] > 1) box[i] = 1;
  const c = centreOfMass(box, ow, oh)!;
  // Whole-pixel shift that brings the centre of mass nearest to the field's centre.
  const dx = Math.round(MNIST_FIELD / 2 - c.x);
  const dy = Math.round(MNIST_FIELD / 2 - c.y);
  const out = new Float64Array(MNIST_FIELD * MNIST_FIELD);
  for (let v = 0; v < oh; v++) {
    const y = v + dy;
    if (y < 0 || y >= MNIST_FIELD) continue;
    for (let u = 0; u < ow; u++) {
      const x = u + dx;
      if (x >= 0 && x < MNIST_FIELD) out[y * MNIST_FIELD + x] = box[v * ow + u];
    }
  }
  return out;
}
