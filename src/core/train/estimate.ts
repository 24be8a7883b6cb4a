/**
 * How long a training run would take on this device: a few real batches of
 * the same network, batch size and backend are timed (the set-up and the first
 * stretch of batches, which may compile kernels, are left out), and the rest
 * is extrapolated. An estimate, not a promise: it assumes later batches cost
 * what these did.
 */
import type { Dataset } from '../data/dataset';
import type { Mlp } from '../model/mlp';
import type { TrainSettings } from './settings';
import { Trainer } from './trainer';

export interface TrainingEstimate {
  /** Seconds for the whole run (all epochs). */
  seconds: number;
  secondsPerBatch: number;
  /** Batches the estimate timed. */
  timedBatches: number;
}

/** Times batches of `start` on `train` for about `budgetMs`, then extrapolates to settings.epochs. */
export async function estimateTrainingTime(start: Mlp, train: Dataset, settings: TrainSettings, budgetMs = 600): Promise<TrainingEstimate> {
  let first: { at: number; step: number } | null = null;
  let last: { at: number; step: number } | null = null;
  let trainer: Trainer | null = null;
  trainer = new Trainer(start, train, null, { ...settings, epochs: 1 }, {
    onBatches: (reports) => {
      const now = { at: performance.now(), step: reports[reports.length - 1].step };
      if (!first) first = now;
      else last = now;
      if (now.at - first.at > budgetMs) trainer!.stop();
    },
  });
  try {
    await trainer.run();
  } finally {
    trainer.dispose();
  }
  const bpe = Math.ceil(train.count / settings.batchSize);
  const a = first as { at: number; step: number } | null;
  const b = last as { at: number; step: number } | null;
  // A run shorter than two stretches (small data, big batches) is timed as a whole: it already ran.
  const timed = a && b && b.step > a.step ? { batches: b.step - a.step, ms: b.at - a.at } : null;
  const secondsPerBatch = timed ? timed.ms / timed.batches / 1000 : 0;
  return { seconds: secondsPerBatch * bpe * settings.epochs, secondsPerBatch, timedBatches: timed?.batches ?? 0 };
}
