/**
 * The fixed, seeded, stratified train/test split. Each class gives the same
 * fraction of its samples to the test set (largest-remainder rounding, so the
 * test set has exactly round(testFraction * count) samples); the order inside
 * both sets is a seeded shuffle. Pure integer arithmetic and a seeded LCG, so
 * Node and every browser produce the same indices.
 */
import { makeRng, shuffleInPlace } from '../random';
import type { Dataset } from './dataset';
import { subset } from './dataset';

export interface SplitIndices {
  train: Int32Array;
  test: Int32Array;
}

export const DEFAULT_SPLIT_SEED = 20180920;
export const DEFAULT_TEST_FRACTION = 0.2;

export function stratifiedSplit(
  labels: ArrayLike<number>,
  numClasses: number,
  testFraction = DEFAULT_TEST_FRACTION,
  seed = DEFAULT_SPLIT_SEED,
): SplitIndices {
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`testFraction must be in (0, 1), got ${testFraction}`);
  const rng = makeRng(seed);
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
  const totalTest = Math.round(testFraction * labels.length);
  // Largest remainder: floor shares, then hand out the rest by remainder, ties by class index.
  const exact = byClass.map((c) => c.length * testFraction);
  const take = exact.map(Math.floor);
  let left = totalTest - take.reduce((a, b) => a + b, 0);
  const order = exact.map((e, k) => ({ r: e - Math.floor(e), k })).sort((a, b) => b.r - a.r || a.k - b.k);
  for (const { k } of order) {
    if (left <= 0) break;
    if (take[k] < byClass[k].length) {
      take[k]++;
      left--;
    }
  }
  const train: number[] = [];
  const test: number[] = [];
  byClass.forEach((members, k) => {
    const shuffled = shuffleInPlace(members.slice(), rng);
    test.push(...shuffled.slice(0, take[k]));
    train.push(...shuffled.slice(take[k]));
  });
  return {
    train: shuffleInPlace(Int32Array.from(train), rng),
    test: shuffleInPlace(Int32Array.from(test), rng),
  };
}

export interface SplitData {
  train: Dataset;
  test: Dataset;
  indices: SplitIndices;
}

export function splitDataset(d: Dataset, testFraction = DEFAULT_TEST_FRACTION, seed = DEFAULT_SPLIT_SEED): SplitData {
  const indices = stratifiedSplit(d.labels, d.numClasses, testFraction, seed);
  return {
    train: subset(d, indices.train, `${d.name} (train)`),
    test: subset(d, indices.test, `${d.name} (test)`),
    indices,
  };
}
