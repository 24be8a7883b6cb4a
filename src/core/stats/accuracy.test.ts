import { describe, expect, it } from 'vitest';
import { accuracyOf, allowedLoss, wilsonInterval, withinDrop } from './accuracy';

describe('Wilson score interval (95%)', () => {
  it('matches the published values', () => {
    // Newcombe, "Two-sided confidence intervals for the single proportion: comparison of seven
    // methods", Statistics in Medicine 17 (1998) 857-872, Table II, method 3 (score interval without
    // continuity correction), to the 4 decimals printed there.
    const cases: [number, number, number, number][] = [
      [81, 263, 0.2553, 0.3662],
      [15, 148, 0.0624, 0.1605],
      [0, 20, 0.0, 0.1611],
      [1, 29, 0.0061, 0.1718],
    ];
    for (const [k, n, lo, hi] of cases) {
      const [a, b] = wilsonInterval(k, n);
      expect(a).toBeCloseTo(lo, 4);
      expect(b).toBeCloseTo(hi, 4);
    }
  });

  it('is the set of p the score test does not reject', () => {
    // |k - n p| / sqrt(n p (1 - p)) = z exactly at both ends.
    const z = 1.959963984540054;
    for (const [k, n] of [[1917, 2000], [990, 1000], [3, 10]]) {
      for (const p of wilsonInterval(k, n)) expect(Math.abs(k - n * p) / Math.sqrt(n * p * (1 - p))).toBeCloseTo(z, 9);
    }
  });

  it('touches 0 and 1 exactly at the ends and refuses impossible counts', () => {
    expect(wilsonInterval(0, 50)[0]).toBe(0);
    expect(wilsonInterval(50, 50)[1]).toBe(1);
    expect(wilsonInterval(50, 50)[0]).toBeCloseTo(1 - 0.0713, 4); // 1 - (upper end of 0/50, by symmetry)
    expect(wilsonInterval(0, 0)).toEqual([0, 1]);
    expect(() => wilsonInterval(3, 2)).toThrow(/0\.\.2/);
    expect(() => wilsonInterval(1.5, 2)).toThrow(/integer/);
  });

  it('gives accuracies as counts with the interval', () => {
    const a = accuracyOf(1917, 2000);
    expect(a).toEqual({ correct: 1917, n: 2000, value: 0.9585, ci95: wilsonInterval(1917, 2000) });
    expect(a.ci95[0]).toBeLessThan(0.9585);
    expect(a.ci95[1]).toBeGreaterThan(0.9585);
  });
});

describe('drop budgets in whole digits', () => {
  it('a drop of exactly D points is within D; one digit more is not', () => {
    // The float trap of the old stop: 95.85% - 94.85% is "more" than 1 point.
    expect(0.9585 - 0.9485 > 0.01).toBe(true);
    expect(allowedLoss(0.01, 2000)).toBe(20);
    expect(withinDrop(1917, 1897, 2000, 0.01)).toBe(true); // 95.85% -> 94.85%: exactly 1 point
    expect(withinDrop(1917, 1896, 2000, 0.01)).toBe(false); // 94.80%: 1.05 points
  });

  it('counts budgets that are whole digits in decimal as exactly that many', () => {
    expect(0.29 * 100).toBeLessThan(29); // 28.999999999999996
    expect(allowedLoss(0.29, 100)).toBe(29);
    expect(allowedLoss(0.07, 100)).toBe(7);
    expect(allowedLoss(0.015, 1000)).toBe(15);
    expect(allowedLoss(0.0149, 1000)).toBe(14);
    expect(allowedLoss(0, 1000)).toBe(0);
    expect(() => allowedLoss(-0.01, 1000)).toThrow(/>= 0/);
  });
});
