/**
 * The session's held-out digits: a validation set (decisions: accuracy
 * budgets) and a test set (reports), kept in one activation cache over the
 * validation digits followed by the test digits, so a step updates both at
 * once. Accuracies are counts of correct digits.
 */
import type { Activations } from '../coding/codes';
import type { Dataset } from '../data/dataset';
import { concatDatasets } from '../data/dataset';
import type { Accuracy } from '../stats/accuracy';
import { accuracyOf } from '../stats/accuracy';
import type { DigitDamage } from '../stats/damage';
import { digitDamage } from '../stats/damage';
import { ActivationCache } from './activations';
import type { StateAt } from './activations';
import type { NetState } from './state';
import type { MergeRecord } from './types';

export type HeldOutName = 'validation' | 'test';

/** Correct counts (or accuracies) on each held-out set; null for a set the session does not have. */
export interface PerSet<T> {
  validation: T | null;
  test: T | null;
}

/** The record fields that hold accuracy after a step. */
export const ACCURACY_FIELDS = ['accuracyAfter', 'validationAccuracyAfter', 'testCorrectAfter', 'validationCorrectAfter'] as const;

/** A record's accuracy fields: accuracyAfter is the test accuracy (as before validation digits existed). */
export function accuracyFields(a: PerSet<Accuracy>): Pick<MergeRecord, (typeof ACCURACY_FIELDS)[number]> {
  const out: Pick<MergeRecord, (typeof ACCURACY_FIELDS)[number]> = {};
  if (a.test) {
    out.accuracyAfter = a.test.value;
    out.testCorrectAfter = a.test.correct;
  }
  if (a.validation) {
    out.validationAccuracyAfter = a.validation.value;
    out.validationCorrectAfter = a.validation.correct;
  }
  return out;
}

export class HeldOut {
  readonly cache: ActivationCache;
  private readonly labels: Uint8Array;
  private readonly ranges: PerSet<[number, number]>;
  private readonly originalPred: Int32Array;
  readonly numClasses: number;

  /** The data set to run through the original model: validation digits, then test digits. */
  static data(sets: { validation?: Dataset; test?: Dataset }): Dataset | null {
    const parts = [sets.validation, sets.test].filter((d): d is Dataset => d !== undefined && d.count > 0);
    if (!parts.length) return null;
    return parts.length === 1 ? parts[0] : concatDatasets(parts[0], parts[1], 'held out');
  }

  /** `data`: HeldOut.data(sets), the digits `init` ran through the original model (computed again when not given). */
  constructor(st: NetState, sets: { validation?: Dataset; test?: Dataset }, init: Activations, stateAt: StateAt, data: Dataset | null = HeldOut.data(sets)) {
    const nv = sets.validation?.count ?? 0;
    const nt = sets.test?.count ?? 0;
    this.cache = new ActivationCache(st, init, stateAt, data);
    if (this.cache.N !== nv + nt) throw new Error(`held-out activations for ${this.cache.N} digits, expected ${nv + nt}`);
    this.labels = new Uint8Array(nv + nt);
    if (sets.validation) this.labels.set(sets.validation.labels, 0);
    if (sets.test) this.labels.set(sets.test.labels, nv);
    this.ranges = { validation: nv ? [0, nv] : null, test: nt ? [nv, nv + nt] : null };
    this.numClasses = st.layers[st.layers.length - 1].outSize;
    this.originalPred = this.cache.predictOriginal();
  }

  has(set: HeldOutName): boolean {
    return this.ranges[set] !== null;
  }

  size(set: HeldOutName): number {
    const r = this.ranges[set];
    return r ? r[1] - r[0] : 0;
  }

  private count(pred: Int32Array, set: HeldOutName): number | null {
    const r = this.ranges[set];
    if (!r) return null;
    let ok = 0;
    for (let i = r[0]; i < r[1]; i++) if (pred[i] === this.labels[i]) ok++;
    return ok;
  }

  /** Correct digits of the network under compaction. */
  counts(st: NetState): PerSet<number> {
    const pred = this.cache.predict(st);
    return { validation: this.count(pred, 'validation'), test: this.count(pred, 'test') };
  }

  /** Correct digits of the original network. */
  originalCounts(): PerSet<number> {
    return { validation: this.count(this.originalPred, 'validation'), test: this.count(this.originalPred, 'test') };
  }

  accuracies(counts: PerSet<number>): PerSet<Accuracy> {
    const of = (set: HeldOutName) => (counts[set] === null ? null : accuracyOf(counts[set]!, this.size(set)));
    return { validation: of('validation'), test: of('test') };
  }

  /** Predicted classes of one set's digits (in the set's order), by the current network. */
  predict(st: NetState, set: HeldOutName): Int32Array | null {
    const r = this.ranges[set];
    return r ? this.cache.predict(st).slice(r[0], r[1]) : null;
  }

  /** Per-class accuracy, confusion matrices and changed digits of one set, original against current. */
  damage(st: NetState, set: HeldOutName): DigitDamage | null {
    const r = this.ranges[set];
    if (!r) return null;
    const current = this.cache.predict(st).slice(r[0], r[1]);
    return digitDamage(this.labels.subarray(r[0], r[1]), this.originalPred.slice(r[0], r[1]), current, this.numClasses);
  }
}
