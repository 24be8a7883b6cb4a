/**
 * The probe set: the inputs over which neurons' codes are measured. By default
 * 2,000 images drawn from the training split by a seeded permutation, so the
 * same seed gives the same probe set in Node and every browser.
 */
import type { Dataset } from '../data/dataset';
import { subset } from '../data/dataset';
import { makeRng, shuffleInPlace } from '../random';

export const DEFAULT_PROBE_SIZE = 2000;
export const DEFAULT_PROBE_SEED = 1;

export interface Probe {
  data: Dataset;
  /** Indices of the chosen samples in the source data set, ascending. */
  indices: Int32Array;
}

/**
 * Chooses `size` samples of `source` (all of them if it has fewer): the first
 * `size` of a seeded Fisher-Yates permutation, kept in ascending index order.
 */
export function chooseProbe(source: Dataset, size = DEFAULT_PROBE_SIZE, seed = DEFAULT_PROBE_SEED): Probe {
  if (!Number.isInteger(size) || size < 1) throw new Error(`probe size must be a positive integer, got ${size}`);
  const all = new Int32Array(source.count);
  for (let i = 0; i < all.length; i++) all[i] = i;
  shuffleInPlace(all, makeRng(seed));
  const indices = all.slice(0, Math.min(size, source.count)).sort();
  return { data: subset(source, indices, `${source.name} (probe ${indices.length})`), indices };
}
