/** The options of a compaction session and of its picks. */
import type { Dataset } from '../data/dataset';
import type { Mlp } from '../model/mlp';

export interface SessionOptions {
  model: Mlp;
  /** Stable ids per hidden layer (default 0..n-1): from the model file's metadata. */
  neuronIds?: number[][];
  /** The probe set: codes are measured on it. */
  probe: Dataset;
  /** The test digits: accuracy after every step (when tracked) is reported on them. */
  heldOut?: Dataset;
  /** The validation digits: decisions (accuracy budgets) are taken on them. */
  validation?: Dataset;
  /** Seeds the random baseline. */
  seed?: number;
  /** Record accuracy after every step (default true when heldOut or validation is given). */
  trackAccuracy?: boolean;
  /** Most work (multiply-adds) any undo or jump re-applies; a checkpoint is kept per this much. Default 4 x parameters. */
  checkpointWork?: number;
}

export type Schedule = 'global' | 'uniform' | 'sequential';

export interface PickOptions {
  /** Restrict the step to one hidden layer. */
  layer?: number;
  /** Without a layer: 'global' (default for pair/ls) or 'uniform' (default otherwise). */
  schedule?: Exclude<Schedule, 'sequential'>;
  /** How many removals the caller still plans in the layer (Neuron Merging's kept set). */
  remainingHint?: number;
}
