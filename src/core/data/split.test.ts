import { describe, expect, it } from 'vitest';
import { loadEmbeddedDataset } from '../../node/load-embedded';
import { classCounts } from './dataset';
import { chooseProbe } from '../coding/probe';
import { carveValidation, DEFAULT_SPLIT_PARTS, largestRemainder, splitDataset, splitThreeWays, stratifiedSplit } from './split';

const data = loadEmbeddedDataset();

describe('embedded data', () => {
  it('holds the 10,000 MNIST digits grouped as the mnist package ships them', () => {
    expect(data.count).toBe(10000);
    expect([data.rows, data.cols, data.numClasses]).toEqual([28, 28, 10]);
    expect(classCounts(data)).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    // Real images: mostly background with some full-intensity strokes.
    const ink = data.pixels.filter((p) => p > 128).length / data.pixels.length;
    expect(ink).toBeGreaterThan(0.05);
    expect(ink).toBeLessThan(0.3);
  });
});

describe('stratified split', () => {
  it('gives 8,000 / 2,000, disjoint, covering every sample', () => {
    // The two-way split by a test fraction (the split before validation digits existed).
    const { train, test } = stratifiedSplit(data.labels, 10, 0.2);
    expect(train.length).toBe(8000);
    expect(test.length).toBe(2000);
    const all = new Set([...train, ...test]);
    expect(all.size).toBe(10000);
  });

  it('keeps each class in proportion (within one sample of 20%)', () => {
    const { test } = splitDataset(data);
    const counts = classCounts(test);
    classCounts(data).forEach((c, k) => expect(Math.abs(counts[k] - 0.2 * c)).toBeLessThanOrEqual(1));
  });

  it('is deterministic for a seed and changes with the seed', () => {
    const a = stratifiedSplit(data.labels, 10, 0.2, 7);
    const b = stratifiedSplit(data.labels, 10, 0.2, 7);
    const c = stratifiedSplit(data.labels, 10, 0.2, 8);
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(Array.from(a.train)).toEqual(Array.from(b.train));
    expect(Array.from(a.test)).not.toEqual(Array.from(c.test));
  });

  it('shuffles the training order so batches mix classes', () => {
    const { train } = splitDataset(data);
    const first = new Set(train.labels.subarray(0, 128));
    expect(first.size).toBe(10);
  });

  it('rejects a fraction outside (0, 1)', () => {
    expect(() => stratifiedSplit(data.labels, 10, 1)).toThrow(/testFraction/);
  });
});

/** Per-class shares by largest remainder, computed independently with exact fractions (BigInt cross-multiplication). */
function expectedShares(sizes: number[], part: number, total: number, cap: number[]): number[] {
  const n = sizes.reduce((a, b) => a + b, 0);
  // round(n * part / total), half up
  let want = Math.floor((n * part) / total);
  if (2n * ((BigInt(n) * BigInt(part)) % BigInt(total)) >= BigInt(total)) want++;
  const base = sizes.map((c) => Math.floor((c * part) / total));
  const ranked = sizes.map((_, k) => k).sort((a, b) => {
    // remainder of a vs b as fractions of total: compare (c_a * part mod total) exactly
    const ra = (BigInt(sizes[a]) * BigInt(part)) % BigInt(total);
    const rb = (BigInt(sizes[b]) * BigInt(part)) % BigInt(total);
    return ra === rb ? a - b : rb > ra ? 1 : -1;
  });
  let left = want - base.reduce((a, b) => a + b, 0);
  for (const k of ranked) {
    if (left > 0 && base[k] < cap[k]) {
      base[k]++;
      left--;
    }
  }
  return base;
}

function countsOf(idx: Int32Array): number[] {
  const c = new Array<number>(10).fill(0);
  for (const i of idx) c[data.labels[i]]++;
  return c;
}

describe('three-way split', () => {
  const three = stratifiedSplit(data.labels, 10);

  it('gives 7,000 / 1,000 / 2,000, disjoint, covering every sample', () => {
    expect([three.train.length, three.validation!.length, three.test.length]).toEqual([7000, 1000, 2000]);
    const all = new Set([...three.train, ...three.validation!, ...three.test]);
    expect(all.size).toBe(10000);
    for (const i of all) expect(i >= 0 && i < 10000).toBe(true);
  });

  it('is stratified: per-class counts are the largest-remainder shares', () => {
    const sizes = classCounts(data);
    const test = expectedShares(sizes, 2, 10, sizes);
    const validation = expectedShares(sizes, 1, 10, sizes.map((c, k) => c - test[k]));
    expect(countsOf(three.test)).toEqual(test);
    expect(countsOf(three.validation!)).toEqual(validation);
    expect(countsOf(three.train)).toEqual(sizes.map((c, k) => c - test[k] - validation[k]));
    // The shares, worked out by hand from the class counts 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978:
    // tenths 100.1, 112.7, 99.1, 103.2, 98, 86.3, 101.4, 107, 94.4, 97.8 -> floors sum to 997, +1 for 9 (.8), 1 (.7), 6 (.4, before 8).
    expect(validation).toEqual([100, 113, 99, 103, 98, 86, 102, 107, 94, 98]);
    expect(largestRemainder(sizes, 1, 10)).toEqual(validation);
  });

  it('is deterministic for a seed, and changes with the seed', () => {
    const again = stratifiedSplit(data.labels, 10, DEFAULT_SPLIT_PARTS);
    expect(Array.from(again.validation!)).toEqual(Array.from(three.validation!));
    expect(Array.from(again.train)).toEqual(Array.from(three.train));
    expect(Array.from(again.test)).toEqual(Array.from(three.test));
    const other = stratifiedSplit(data.labels, 10, DEFAULT_SPLIT_PARTS, 7);
    expect(Array.from(other.validation!)).not.toEqual(Array.from(three.validation!));
  });

  it('keeps the test digits of the two-way split; training plus validation is its training set', () => {
    const two = stratifiedSplit(data.labels, 10, 0.2);
    expect(Array.from(three.test)).toEqual(Array.from(two.test));
    expect(new Set([...three.train, ...three.validation!])).toEqual(new Set(two.train));
  });

  it('splitDataset carries the validation digits; the probe set stays inside the training digits', () => {
    const d = splitThreeWays(data);
    expect([d.train.count, d.validation.count, d.test.count]).toEqual([7000, 1000, 2000]);
    expect(Array.from(d.validation.labels)).toEqual(Array.from(d.indices.validation, (i) => data.labels[i]));
    const probe = chooseProbe(d.train);
    const train = new Set(d.indices.train);
    for (const i of probe.indices) expect(train.has(d.indices.train[i])).toBe(true);
  });

  it('carves stratified validation digits out of a given training set', () => {
    const { train } = splitDataset(data, 0.2);
    const c = carveValidation(train);
    expect([c.train.count, c.validation.count]).toEqual([7000, 1000]);
    expect(new Set([...c.indices.train, ...c.indices.validation]).size).toBe(8000);
    const sizes = classCounts(train);
    expect(classCounts(c.validation)).toEqual(expectedShares(sizes, 1, 8, sizes));
  });

  it('refuses parts that are not non-negative integers', () => {
    expect(() => stratifiedSplit(data.labels, 10, { train: 7, validation: 0.5, test: 2 })).toThrow(/integer/);
    expect(() => stratifiedSplit(data.labels, 10, { train: 7, validation: 1, test: 0 })).toThrow(/at least 1/);
  });
});
