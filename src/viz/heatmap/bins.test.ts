import { randomLcg } from 'd3';
import { describe, expect, it } from 'vitest';
import { binRows, pixelBins, sharedRange } from './bins';
import type { BandSegment } from './spec';

const segment = (start: number, end: number, x0: number, x1: number, label: string | null = null): BandSegment => ({ label, start, end, x0, x1 });

describe('pixelBins', () => {
  it('covers every column of a band exactly once, in order, and leaves the gaps empty', () => {
    const segs = [segment(0, 37, 10, 40), segment(37, 100, 42, 80)];
    const b = pixelBins(segs, 10, 70, 1);
    const covered: number[] = [];
    for (let x = 0; x < b.width; x++) {
      if (b.binStart[x] < 0) continue;
      for (let c = b.binStart[x]; c < b.binEnd[x]; c++) covered.push(c);
    }
    expect(covered).toEqual(Array.from({ length: 100 }, (_, c) => c));
    // The 2 px gap between the bands.
    expect([b.binStart[30], b.binStart[31]]).toEqual([-1, -1]);
    expect(b.tinySegment).toBe(false);
  });

  it('notices a band too narrow to get a pixel', () => {
    expect(pixelBins([segment(0, 5, 0, 0.3), segment(5, 50, 1, 50)], 0, 50, 1).tinySegment).toBe(true);
  });
});

describe('binRows', () => {
  const rows = 5;
  const cols = 60;
  const rng = randomLcg(4);
  const values = Float32Array.from({ length: rows * cols }, () => rng() * 3);
  // Row 2 is dead (constant).
  values.fill(0.5, 2 * cols, 3 * cols);
  const rowOrder = [4, 2, 0, 1];
  const bins = pixelBins([segment(0, 60, 0, 25)], 0, 25, 1);
  const naiveMean = (row: number, x: number) => {
    let s = 0;
    for (let c = bins.binStart[x]; c < bins.binEnd[x]; c++) s += values[row * cols + c];
    return s / (bins.binEnd[x] - bins.binStart[x]);
  };

  it('per neuron: stretches each row over its own bin means, and marks a constant row flat', () => {
    const { T, flatRow, flatRows } = binRows({ values, cols, rowOrder, signed: false }, bins, null, null);
    expect(Array.from(flatRow)).toEqual([0, 1, 0, 0]);
    expect(flatRows).toBe(1);
    rowOrder.forEach((row, k) => {
      if (row === 2) return;
      const means = Array.from({ length: 25 }, (_, x) => naiveMean(row, x));
      const lo = Math.min(...means);
      const hi = Math.max(...means);
      for (let x = 0; x < 25; x++) expect(T[k * 25 + x]).toBeCloseTo((means[x] - lo) / (hi - lo), 5);
    });
  });

  it('with a shared range: one scale for every row, clamped to [0, 1]', () => {
    const range: [number, number] = [0.5, 2];
    const { T, flatRows } = binRows({ values, cols, rowOrder, signed: false }, bins, range, null);
    expect(flatRows).toBe(0);
    rowOrder.forEach((row, k) => {
      for (let x = 0; x < 25; x++) expect(T[k * 25 + x]).toBeCloseTo(Math.min(1, Math.max(0, (naiveMean(row, x) - 0.5) / 1.5)), 5);
    });
  });

  it('reuses the cached means of a row: a stale cache shows in the picture', () => {
    const cache = { token: {}, colOrder: undefined, binning: 'x', means: new Float32Array(rows * 25), done: new Uint8Array(rows) };
    binRows({ values, cols, rowOrder, signed: false }, bins, [0, 3], cache);
    expect(Array.from(cache.done)).toEqual([1, 1, 1, 0, 1]);
    const changed = values.slice();
    changed.fill(3, 0, cols);
    const { T } = binRows({ values: changed, cols, rowOrder, signed: false }, bins, [0, 3], cache);
    // Row 0 (display row 2) still shows its cached means, not the new values.
    expect(T[2 * 25]).toBeCloseTo(naiveMean(0, 0) / 3, 5);
  });
});

describe('sharedRange', () => {
  const values = Float32Array.from([1, -4, 2, 0.5, 3, -1]);
  it('spans the displayed rows, symmetric around 0 when signed; none per neuron', () => {
    expect(sharedRange({ normalize: 'layer', values, cols: 2, rowOrder: [0, 2], signed: false })).toEqual([-4, 3]);
    expect(sharedRange({ normalize: 'layer', values, cols: 2, rowOrder: [1], signed: false })).toEqual([0.5, 2]);
    expect(sharedRange({ normalize: 'layer', values, cols: 2, rowOrder: [0, 2], signed: true })).toEqual([-4, 4]);
    expect(sharedRange({ normalize: 'global', globalRange: [-2, 7], values, cols: 2, rowOrder: [0], signed: false })).toEqual([-2, 7]);
    expect(sharedRange({ normalize: 'neuron', values, cols: 2, rowOrder: [0], signed: false })).toBeNull();
  });
});
