/**
 * Fine-tuning a compacted network: the same Trainer as training (Adam, the
 * training split, batch 128), started from the network as the method left it
 * (its current widths and weights). One run of `epochs` epochs gives the
 * accuracy after every epoch: with a constant learning rate and the e-th
 * shuffle of one seeded generator for epoch e, its state after epoch k is
 * exactly that of a k-epoch run with the same seed.
 */
import type { Dataset } from '../src/core/data/dataset';
import { predictClasses } from '../src/core/model/forward';
import type { Mlp } from '../src/core/model/mlp';
import { DEFAULT_TRAIN_SETTINGS, Trainer } from '../src/core/train/trainer';

export interface FineTuneSettings {
  epochs: number;
  learningRate: number;
  batchSize: number;
  seed: number;
}

export const DEFAULT_FINETUNE: FineTuneSettings = { epochs: 5, learningRate: DEFAULT_TRAIN_SETTINGS.learningRate, batchSize: DEFAULT_TRAIN_SETTINGS.batchSize, seed: 1 };

export interface EpochPoint {
  /** Epochs of fine-tuning done (0 = as compacted). */
  epoch: number;
  /** Correct test and validation digits. */
  test: number;
  validation: number;
  /** Wall seconds of this epoch's training (the Trainer's own epoch time; 0 for epoch 0). */
  seconds: number;
}

export async function correct(m: Mlp, d: Dataset): Promise<number> {
  const pred = await predictClasses(m, d, { yieldBetween: false });
  let n = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === d.labels[i]) n++;
  return n;
}

/** Accuracy after 0, 1, ..., settings.epochs epochs of fine-tuning `start` on `train`. */
export async function fineTune(start: Mlp, sets: { train: Dataset; validation: Dataset; test: Dataset }, settings: FineTuneSettings = DEFAULT_FINETUNE): Promise<EpochPoint[]> {
  const points: EpochPoint[] = [{ epoch: 0, test: await correct(start, sets.test), validation: await correct(start, sets.validation), seconds: 0 }];
  const trainer: Trainer = new Trainer(
    start,
    sets.train,
    null,
    { learningRate: settings.learningRate, batchSize: settings.batchSize, epochs: settings.epochs, seed: settings.seed },
    {
      onEpoch: async (r) => {
        const m = await trainer.weights();
        points.push({ epoch: r.epoch, test: await correct(m, sets.test), validation: await correct(m, sets.validation), seconds: r.seconds });
      },
    },
  );
  try {
    await trainer.run();
  } finally {
    trainer.dispose();
  }
  return points;
}
