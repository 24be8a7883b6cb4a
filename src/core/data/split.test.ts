import { describe, expect, it } from 'vitest';
import { loadEmbeddedDataset } from '../../node/load-embedded';
import { classCounts } from './dataset';
import { splitDataset, stratifiedSplit } from './split';

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
    const { train, test } = stratifiedSplit(data.labels, 10);
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
