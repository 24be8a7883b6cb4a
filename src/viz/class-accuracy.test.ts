/** The per-digit chart's size scale: full on a wide panel, smaller (never under 1) only when the digits would need more than two rows. */
import { describe, expect, it } from 'vitest';
import { accuracyFloor, classAccuracyScale, digitsPerRow } from './class-accuracy';

describe('classAccuracyScale', () => {
  it('keeps the given scale where the ten digits fit on one row', () => {
    expect(classAccuracyScale(10, 1800, 1.7)).toBe(1.7);
    expect(digitsPerRow(10, 1800, 1.7)).toBe(10);
    expect(classAccuracyScale(10, 1200, 1)).toBe(1);
  });

  it('on a narrow panel, the largest scale at which the digits take two rows at most', () => {
    const k = classAccuracyScale(10, 330, 1.7);
    expect(k).toBeLessThan(1.7);
    expect(k).toBeGreaterThanOrEqual(1);
    expect(Math.ceil(10 / digitsPerRow(10, 330, k))).toBeLessThanOrEqual(2);
    // A little larger would need a third row.
    expect(Math.ceil(10 / digitsPerRow(10, 330, k + 0.05))).toBeGreaterThan(2);
  });

  it('never goes below 1, nor above a scale under 1', () => {
    expect(classAccuracyScale(10, 150, 1.7)).toBe(1);
    expect(classAccuracyScale(10, 150, 0.9)).toBe(0.9);
    expect(classAccuracyScale(10, 1800, 0.9)).toBe(0.9);
  });
});

describe('accuracyFloor', () => {
  it('starts the axis a step below the lowest accuracy, at most 90%', () => {
    expect(accuracyFloor([0.97, 0.99])).toBe(0.9);
    expect(accuracyFloor([0.62, 0.99])).toBe(0.6);
    expect(accuracyFloor([0.01])).toBe(0);
  });
});
