/**
 * Accuracy as a count, with its uncertainty: the Wilson score interval, and
 * budgets of lost digits that compare whole counts (so "a drop of at most D
 * points" means at most D, never a float's last bit more or less).
 */

/** The 0.975 quantile of the standard normal distribution (two-sided 95%). */
export const Z95 = 1.959963984540054;

/** Correct predictions out of n, their fraction, and its 95% Wilson score interval. */
export interface Accuracy {
  correct: number;
  n: number;
  /** correct / n (0 when n = 0). */
  value: number;
  /** 95% Wilson score interval for the true accuracy. */
  ci95: [number, number];
}

/**
 * The Wilson score interval for a binomial proportion: the p whose score test
 * does not reject `correct` successes in n trials at the level given by z,
 * (p^ + z^2/2n +- z sqrt(p^(1-p^)/n + z^2/4n^2)) / (1 + z^2/n). It stays inside
 * [0, 1] and is sensible at 0 and n. n = 0 gives [0, 1] (nothing is known).
 */
export function wilsonInterval(correct: number, n: number, z = Z95): [number, number] {
  if (!Number.isInteger(n) || n < 0) throw new Error(`n must be a non-negative integer, got ${n}`);
  if (!Number.isInteger(correct) || correct < 0 || correct > n) throw new Error(`correct must be an integer in 0..${n}, got ${correct}`);
  if (n === 0) return [0, 1];
  const p = correct / n;
  const z2 = z * z;
  const d = 1 + z2 / n;
  const centre = p + z2 / (2 * n);
  const half = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At the ends the interval touches 0 or 1 exactly (the formula gives it up to rounding).
  const lo = correct === 0 ? 0 : Math.max(0, (centre - half) / d);
  const hi = correct === n ? 1 : Math.min(1, (centre + half) / d);
  return [lo, hi];
}

export function accuracyOf(correct: number, n: number): Accuracy {
  return { correct, n, value: n ? correct / n : 0, ci95: wilsonInterval(correct, n) };
}

/**
 * How many correct digits out of n a budget of `drop` (a fraction: 0.01 is
 * one percentage point) allows to lose: floor(drop * n), with a tolerance of
 * 1e-9 digits so that a budget that is a whole number of digits in decimal
 * (0.29 of 100 is 29, though 0.29 * 100 is 28.999999999999996 in floating
 * point) counts as exactly that many.
 */
export function allowedLoss(drop: number, n: number): number {
  if (!(drop >= 0)) throw new Error(`an accuracy drop must be >= 0, got ${drop}`);
  return Math.floor(drop * n + 1e-9);
}

/** Whether losing `baseCorrect - correct` digits stays within a drop budget (a fraction of n). */
export function withinDrop(baseCorrect: number, correct: number, n: number, drop: number): boolean {
  return baseCorrect - correct <= allowedLoss(drop, n);
}
