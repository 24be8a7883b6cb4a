/** The vocabulary of compaction: methods, merge records, previews. */

/** pair / ls: Neuro-Unification; the rest are the baselines of METHOD.md. */
export type Method = 'pair' | 'ls' | 'random' | 'magnitude' | 'apoz' | 'srinivas' | 'merging';

export const METHODS: readonly Method[] = ['pair', 'ls', 'random', 'magnitude', 'apoz', 'srinivas', 'merging'];

/** Methods whose cost (error injected into the next layer) compares across layers: the global schedule needs one. */
export const COST_METHODS: readonly Method[] = ['pair', 'ls'];

export const METHOD_LABELS: Record<Method, string> = {
  pair: 'pairwise unification',
  ls: 'least-squares unification',
  random: 'random',
  magnitude: 'magnitude',
  apoz: 'APoZ',
  srinivas: 'Srinivas & Babu',
  merging: 'Neuron Merging',
};

export function isMethod(s: string): s is Method {
  return (METHODS as readonly string[]).includes(s);
}

/** A surviving neuron that inherits part of the removed one: W[heir] += coef * W[removed]. */
export interface Heir {
  id: number;
  coef: number;
}

/**
 * One removal, whatever the method. Applying it to the model it was made on:
 * for each heir, W[heir] += coef * W[removed] (next layer's weights, rows =
 * this layer's neurons); b_next += biasCoef * W[removed]; then the removed
 * neuron is deleted (its incoming column and bias, its outgoing row). That is
 * all replay needs, so records can be saved, shared and replayed exactly.
 */
export interface MergeRecord {
  /** Absent on a merge record; 'finetune' marks a FineTuneRecord (see HistoryRecord). */
  kind?: undefined;
  method: Method;
  /** Hidden layer index, 0-based. */
  layer: number;
  /** Stable id (from the original model) of the removed neuron. */
  removedId: number;
  heirs: Heir[];
  /** The next layer's bias moves by biasCoef * W[removed] (c or c_0 of METHOD.md). */
  biasCoef: number;
  /**
   * The method's cost of this removal. pair / ls: E, the squared error injected
   * into the next layer's pre-activations summed over the probe set. Baselines:
   * their own score (magnitude and merging: incoming weight norm; apoz: zero
   * fraction; srinivas: saliency; random: 0).
   */
  cost: number;
  /** pair / ls: E / (N * total variance of the next layer's pre-activations). */
  relCost?: number;
  /** Accuracy on the test digits after this step (fraction 0..1), when tracked. */
  accuracyAfter?: number;
  /** Correct test digits after this step, when tracked (accuracyAfter = testCorrectAfter / test size). */
  testCorrectAfter?: number;
  /** Accuracy on the validation digits after this step (fraction 0..1), when tracked. */
  validationAccuracyAfter?: number;
  /** Correct validation digits after this step, when tracked. */
  validationCorrectAfter?: number;
  /** Parameters of the model after this step. */
  paramsAfter: number;
}

/**
 * How a fine-tune trains (the Trainer's settings): Adam at `learningRate`,
 * mini-batches of `batchSize`, `epochs` passes over the training digits in
 * the order the `seed` shuffles them.
 */
export interface FineTuneSettings {
  epochs: number;
  learningRate: number;
  batchSize: number;
  seed: number;
}

/**
 * A fine-tune in the history: the network as it stood (current widths, the
 * removed neurons gone) was trained with these settings on the training
 * digits. It keeps the parameters; every weight of an alive neuron may change.
 * The record holds the settings, never the weights: a replay trains again.
 */
export interface FineTuneRecord extends FineTuneSettings {
  kind: 'finetune';
  /** Parameters of the model after the fine-tune (the same as before it). */
  paramsAfter: number;
  /** As on a MergeRecord: accuracy on the held-out digits after the fine-tune, when tracked. */
  accuracyAfter?: number;
  testCorrectAfter?: number;
  validationAccuracyAfter?: number;
  validationCorrectAfter?: number;
}

/** One entry of the history: a removal (merge record) or a fine-tune. */
export type HistoryRecord = MergeRecord | FineTuneRecord;

export function isFineTune(r: HistoryRecord): r is FineTuneRecord {
  return r.kind === 'finetune';
}

/** What the next step would be (a record before it is applied). */
export type StepPreview = Omit<MergeRecord, 'accuracyAfter' | 'testCorrectAfter' | 'validationAccuracyAfter' | 'validationCorrectAfter'>;

/** A planned step in position space (positions index the original layer). Internal. */
export interface StepPlan {
  method: Method;
  layer: number;
  removed: number;
  heirs: Int32Array;
  coefs: Float64Array;
  biasCoef: number;
  cost: number;
  relCost?: number;
}
