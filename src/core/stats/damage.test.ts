import { describe, expect, it } from 'vitest';
import { makeRng } from '../random';
import { changedDigits, classAccuracy, confusionMatrix, digitDamage } from './damage';

function randomPreds(n: number, K: number, seed: number): { labels: Uint8Array; a: Int32Array; b: Int32Array } {
  const rng = makeRng(seed);
  const labels = Uint8Array.from({ length: n }, () => Math.floor(rng() * K));
  // Mostly right, sometimes wrong, so every cell type occurs.
  const pred = () => Int32Array.from(labels, (l) => (rng() < 0.7 ? l : Math.floor(rng() * K)));
  return { labels, a: pred(), b: pred() };
}

describe('per-digit damage', () => {
  const K = 4;
  const { labels, a, b } = randomPreds(500, K, 5);

  it('per-class accuracy equals a naive count', () => {
    const acc = classAccuracy(labels, a, K);
    for (let k = 0; k < K; k++) {
      const idx = [...labels.keys()].filter((i) => labels[i] === k);
      const ok = idx.filter((i) => a[i] === k).length;
      expect(acc[k].n).toBe(idx.length);
      expect(acc[k].correct).toBe(ok);
      expect(acc[k].value).toBe(ok / idx.length);
    }
  });

  it('the confusion matrix equals a naive count, and its diagonal the per-class counts', () => {
    const m = confusionMatrix(labels, b, K);
    for (let t = 0; t < K; t++) {
      for (let p = 0; p < K; p++) {
        let naive = 0;
        for (let i = 0; i < labels.length; i++) if (labels[i] === t && b[i] === p) naive++;
        expect(m[t * K + p]).toBe(naive);
      }
    }
    const acc = classAccuracy(labels, b, K);
    for (let k = 0; k < K; k++) expect(m[k * K + k]).toBe(acc[k].correct);
    expect(m.reduce((x, y) => x + y, 0)).toBe(labels.length);
  });

  it('lists the broken and fixed digits', () => {
    const { broken, fixed } = changedDigits(labels, a, b);
    const naiveBroken = [...labels.keys()].filter((i) => a[i] === labels[i] && b[i] !== labels[i]);
    const naiveFixed = [...labels.keys()].filter((i) => a[i] !== labels[i] && b[i] === labels[i]);
    expect(Array.from(broken)).toEqual(naiveBroken);
    expect(Array.from(fixed)).toEqual(naiveFixed);
    expect(naiveBroken.length).toBeGreaterThan(0);
    const okA = a.filter((p, i) => p === labels[i]).length;
    const okB = b.filter((p, i) => p === labels[i]).length;
    expect(okA - broken.length + fixed.length).toBe(okB);
  });

  it('digitDamage bundles both networks', () => {
    const d = digitDamage(labels, a, b, K);
    expect(d.classes.original).toEqual(classAccuracy(labels, a, K));
    expect(d.classes.current).toEqual(classAccuracy(labels, b, K));
    expect(Array.from(d.confusion.original)).toEqual(Array.from(confusionMatrix(labels, a, K)));
    expect(() => confusionMatrix(labels, Int32Array.from(a, () => K), K)).toThrow(/not a class/);
    expect(() => classAccuracy(labels, a.subarray(1), K)).toThrow(/labels/);
  });
});
