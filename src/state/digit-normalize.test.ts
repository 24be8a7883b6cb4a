/**
 * The pad's drawings made MNIST-like: the ink's bounding box scaled into a
 * 20 x 20 box, area resampling, centre of mass on the 28 x 28 field's centre.
 */
import { describe, expect, it } from 'vitest';
import { centreOfMass, inkBounds, normalizeDrawing } from './digit-normalize';

/** A w x h drawing with a filled rectangle [x0, x1) x [y0, y1) of ink. */
function rect(w: number, h: number, x0: number, y0: number, x1: number, y1: number, v = 1): Float32Array {
  const a = new Float32Array(w * h);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) a[y * w + x] = v;
  return a;
}

/** Bounding box of the non-zero pixels of a 28 x 28 image. */
function box28(img: Float64Array) {
  return inkBounds(Array.from(img, (v) => (v > 1e-9 ? 1 : 0)), 28, 28)!;
}

describe('normalizeDrawing', () => {
  it('returns null for an empty pad', () => {
    expect(normalizeDrawing(new Float32Array(280 * 280), 280, 280)).toBeNull();
  });

  it('scales the longer side of the ink to 20 pixels, keeps the aspect ratio, and keeps full ink at 1', () => {
    // A tall bar: 60 wide, 200 high on a 280 x 280 pad.
    const out = normalizeDrawing(rect(280, 280, 100, 40, 160, 240), 280, 280)!;
    const b = box28(out);
    expect(b.y1 - b.y0).toBe(20);
    expect(b.x1 - b.x0).toBe(6);
    expect(Math.max(...out)).toBeCloseTo(1, 12);
    expect(Math.min(...out)).toBeGreaterThanOrEqual(0);
    // Total ink is the area scaled by (20 / 200)^2.
    expect(out.reduce((a, v) => a + v, 0)).toBeCloseTo(60 * 200 * 0.01, 9);
  });

  it('puts the centre of mass within half a pixel of the field centre (14, 14)', () => {
    // An L shape: its centre of mass is not the centre of its bounding box.
    const ink = rect(280, 280, 40, 20, 80, 250);
    for (let y = 210; y < 250; y++) for (let x = 80; x < 200; x++) ink[y * 280 + x] = 1;
    const out = normalizeDrawing(ink, 280, 280)!;
    const c = centreOfMass(out, 28, 28)!;
    expect(Math.abs(c.x - 14)).toBeLessThanOrEqual(0.5);
    expect(Math.abs(c.y - 14)).toBeLessThanOrEqual(0.5);
  });

  it('gives the same digit wherever on the pad it is drawn', () => {
    const a = normalizeDrawing(rect(280, 280, 20, 30, 90, 200, 0.8), 280, 280)!;
    const b = normalizeDrawing(rect(280, 280, 150, 70, 220, 240, 0.8), 280, 280)!;
    expect(Array.from(b)).toEqual(Array.from(a));
  });

  it('edges that cover part of a pixel get that fraction of ink', () => {
    // 30 x 300 pad pixels: s = 20 / 300, the 30-wide bar is 2 target pixels wide, exactly.
    const out = normalizeDrawing(rect(40, 300, 5, 0, 35, 300), 40, 300)!;
    expect(out.filter((v) => v > 0 && v < 1 - 1e-9)).toHaveLength(0);
    // 25 wide: 1.667 target pixels, the second column two thirds full.
    const frac = normalizeDrawing(rect(40, 300, 5, 0, 30, 300), 40, 300)!;
    const values = [...new Set(Array.from(frac).filter((v) => v > 0).map((v) => v.toFixed(6)))].sort();
    expect(values).toEqual([(2 / 3).toFixed(6), (1).toFixed(6)]);
  });

  it('refuses a drawing whose size does not match its pixels', () => {
    expect(() => normalizeDrawing(new Float32Array(10), 4, 4)).toThrow(/16 pixels/);
  });
});
