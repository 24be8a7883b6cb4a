/**
 * The fixed, seeded, stratified split into training, validation and test
 * digits (by default 7 : 1 : 2, so 7,000 / 1,000 / 2,000 of the 10,000
 * embedded digits). Validation digits decide (stops, budgets); test digits
 * only report.
 *
 * Each class gives its share of every part, rounded by largest remainder so
 * that each part has exactly round(count * part / total) samples. The parts
 * are integer weights and every share is computed in integers, and the
 * shuffles come from a seeded LCG, so Node and every browser produce the same
 * indices.
 *
 * How: every class is shuffled and gives its first test-share samples to the
 * test set; the rest of all classes form one shuffled pool; the validation
 * set takes, from each class, its first validation-share samples in pool
 * order, and the training set is the pool without them. The test set is
 * therefore exactly that of the earlier two-way 8,000 / 2,000 split (same
 * seed and shares), and training plus validation is that split's training
 * set.
 */
import { makeRng, shuffleInPlace } from '../random';
import type { Dataset } from './dataset';
import { subset } from './dataset';

export interface SplitIndices {
  train: Int32Array;
  /** Absent for a two-way split. */
  validation?: Int32Array;
  test: Int32Array;
}

/** Relative sizes of the parts, as non-negative integers (train and test at least 1). */
export interface SplitParts {
  train: number;
  validation: number;
  test: number;
}

export const DEFAULT_SPLIT_SEED = 20180920;
/** 7,000 train / 1,000 validation / 2,000 test of 10,000. */
export const DEFAULT_SPLIT_PARTS: Readonly<SplitParts> = { train: 7, validation: 1, test: 2 };
/** The test share of the default split (for callers that still ask for a two-way split by fraction). */
export const DEFAULT_TEST_FRACTION = 0.2;

/** A test fraction as integer parts (a two-way split): parts per million. */
function fractionParts(testFraction: number): SplitParts {
  if (!(testFraction > 0 && testFraction < 1)) throw new Error(`testFraction must be in (0, 1), got ${testFraction}`);
  const test = Math.round(testFraction * 1e6);
  return { train: 1e6 - test, validation: 0, test };
}

function checkParts(p: SplitParts): void {
  for (const k of ['train', 'validation', 'test'] as const) {
    if (!Number.isSafeInteger(p[k]) || p[k] < 0) throw new Error(`split part ${k} must be a non-negative integer, got ${p[k]}`);
  }
  if (p.train < 1 || p.test < 1) throw new Error('a split needs training and test parts of at least 1');
}

/**
 * Largest-remainder shares: part * sizes[k] / total for each class k, floored,
 * then one more for the classes with the largest remainders (ties to the lower
 * class) until the shares sum to round(part * sum(sizes) / total); no class
 * gives more than cap[k].
 */
export function largestRemainder(sizes: readonly number[], part: number, total: number, cap: readonly number[] = sizes): number[] {
  const n = sizes.reduce((a, b) => a + b, 0);
  const want = Math.floor((2 * n * part + total) / (2 * total)); // round half up, in integers
  const take = sizes.map((c) => Math.floor((c * part) / total));
  const order = sizes.map((c, k) => ({ r: (c * part) % total, k })).sort((a, b) => b.r - a.r || a.k - b.k);
  let left = want - take.reduce((a, b) => a + b, 0);
  for (const { k } of order) {
    if (left <= 0) break;
    if (take[k] < cap[k]) {
      take[k]++;
      left--;
    }
  }
  return take.map((t, k) => Math.min(t, cap[k]));
}

/**
 * Splits sample indices by class. `parts`: integer weights of the parts, or
 * (for compatibility) a test fraction, which gives a two-way split.
 */
export function stratifiedSplit(
  labels: ArrayLike<number>,
  numClasses: number,
  parts: Readonly<SplitParts> | number = DEFAULT_SPLIT_PARTS,
  seed = DEFAULT_SPLIT_SEED,
): SplitIndices {
  const p = typeof parts === 'number' ? fractionParts(parts) : parts;
  checkParts(p);
  const total = p.train + p.validation + p.test;
  const rng = makeRng(seed);
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) byClass[labels[i]].push(i);
  const sizes = byClass.map((c) => c.length);
  const testTake = largestRemainder(sizes, p.test, total);
  const test: number[] = [];
  const rest: number[] = [];
  byClass.forEach((members, k) => {
    const shuffled = shuffleInPlace(members.slice(), rng);
    test.push(...shuffled.slice(0, testTake[k]));
    rest.push(...shuffled.slice(testTake[k]));
  });
  const pool = shuffleInPlace(Int32Array.from(rest), rng);
  const testIdx = shuffleInPlace(Int32Array.from(test), rng);
  if (p.validation === 0) return { train: pool, test: testIdx };
  const valLeft = largestRemainder(
    sizes,
    p.validation,
    total,
    sizes.map((c, k) => c - testTake[k]),
  );
  const train: number[] = [];
  const validation: number[] = [];
  for (const i of pool) {
    const k = labels[i];
    if (valLeft[k] > 0) {
      validation.push(i);
      valLeft[k]--;
    } else train.push(i);
  }
  return { train: Int32Array.from(train), validation: Int32Array.from(validation), test: testIdx };
}

export interface SplitData {
  train: Dataset;
  /** The validation digits. Absent only for data split two ways (an import with given train and test files, before it carves its own). */
  validation?: Dataset;
  test: Dataset;
  indices: SplitIndices;
}

/** A split data set; with the default parts, or any parts with a validation share, it has validation digits. */
export function splitDataset(d: Dataset, parts: Readonly<SplitParts> | number = DEFAULT_SPLIT_PARTS, seed = DEFAULT_SPLIT_SEED): SplitData {
  const indices = stratifiedSplit(d.labels, d.numClasses, parts, seed);
  const out: SplitData = {
    train: subset(d, indices.train, `${d.name} (train)`),
    test: subset(d, indices.test, `${d.name} (test)`),
    indices,
  };
  if (indices.validation) out.validation = subset(d, indices.validation, `${d.name} (validation)`);
  return out;
}

/** Data split three ways: training, validation (decides) and test (reports) digits. */
export type ThreeWaySplit = SplitData & { validation: Dataset; indices: Required<SplitIndices> };

/** splitDataset with the default three-way parts: validation digits always present. */
export function splitThreeWays(d: Dataset, seed = DEFAULT_SPLIT_SEED): ThreeWaySplit {
  return splitDataset(d, DEFAULT_SPLIT_PARTS, seed) as ThreeWaySplit;
}

/**
 * Carves validation digits out of a training set (for data that comes with
 * its own test set): stratified and seeded like the split, `validation` out of
 * `train + validation` parts of it (default 1 of 8, as 1,000 of 8,000).
 * Indices are into `train`.
 */
export function carveValidation(
  train: Dataset,
  parts: { train: number; validation: number } = { train: 7, validation: 1 },
  seed = DEFAULT_SPLIT_SEED,
): { train: Dataset; validation: Dataset; indices: { train: Int32Array; validation: Int32Array } } {
  // A two-way split of the training digits whose "test" part is the validation set.
  const idx = stratifiedSplit(train.labels, train.numClasses, { train: parts.train, validation: 0, test: parts.validation }, seed);
  return {
    train: subset(train, idx.train, train.name),
    validation: subset(train, idx.test, `${train.name.replace(/ \(train\)$/, '')} (validation)`),
    indices: { train: idx.train, validation: idx.test },
  };
}
