/**
 * A training run's state at a batch boundary, as plain data: enough for a new
 * Trainer to continue the run (Trainer.resume) on this backend or another one
 * (after a lost WebGL context, say). On the same backend the continued run is
 * bit-identical to an uninterrupted one. The sample order is not stored: it is
 * the seed's epoch-th shuffle, which the new Trainer replays.
 */
import * as tf from '@tensorflow/tfjs';
import type { Mlp } from '../model/mlp';
import { cloneMlp } from '../model/mlp';
import { Adam, type AdamState } from './adam';
import type { TrainSettings } from './settings';

export interface TrainCheckpoint {
  settings: TrainSettings;
  /** Samples in the training set the run uses (it resumes only on the same data). */
  samples: number;
  weights: Mlp;
  adam: AdamState;
  /** The current epoch (1-based) and how many of its batches are finished (all of them: the epoch is not reported yet). */
  epoch: number;
  batch: number;
  /** Batches finished since the start of the run. */
  step: number;
  /** Over the epoch's finished batches: loss x samples, correct predictions, samples, and wall milliseconds spent. */
  epochLoss: number;
  epochCorrect: number;
  epochSeen: number;
  epochMs: number;
}

/** Throws unless the checkpoint fits the model, the data and the settings it is resumed with. */
export function checkCheckpoint(cp: TrainCheckpoint, start: Mlp, samples: number, settings: TrainSettings): void {
  const fail = (why: string) => {
    throw new Error(`cannot resume from this checkpoint: ${why}`);
  };
  if (cp.samples !== samples) fail(`it was taken on ${cp.samples} training samples, not ${samples}`);
  if (cp.settings.batchSize !== settings.batchSize || cp.settings.seed !== settings.seed || cp.settings.learningRate !== settings.learningRate) {
    fail('the batch size, seed and learning rate must stay the same');
  }
  const sizes = (m: Mlp) => m.layers.map((l) => `${l.inSize}x${l.outSize}`).join(',');
  if (sizes(cp.weights) !== sizes(start)) fail(`its layers are ${sizes(cp.weights)}, the model's ${sizes(start)}`);
  const bpe = Math.ceil(samples / settings.batchSize);
  if (!(cp.epoch >= 1 && cp.batch >= 0 && cp.batch <= bpe && cp.step >= cp.batch)) fail('its position is out of range');
  const params = start.layers.flatMap((l) => [l.W.length, l.b.length]);
  const fits = (xs: Float32Array[]) => xs.length === params.length && xs.every((x, i) => x.length === params[i]);
  if (!fits(cp.adam.m) || !fits(cp.adam.v)) fail("its optimiser state does not fit the model's layers");
}

/** What Trainer.checkpoint() captures at once: clones of the tensors (disposed here) and the position's numbers. */
export interface CheckpointCapture {
  settings: TrainSettings;
  samples: number;
  model: Mlp;
  /** W0, b0, W1, b1, ... */
  weights: tf.Tensor[];
  /** Adam.snapshot(). */
  adam: tf.Tensor[];
  /** Batches whose [loss, correct] have not been read yet. */
  pending: { size: number; stats: tf.Tensor }[];
  at: { epoch: number; batch: number; step: number; lossSum: number; correct: number; seen: number; ms: number };
}

/** Reads a capture back into a checkpoint. */
export async function readCheckpoint(c: CheckpointCapture): Promise<TrainCheckpoint> {
  const adamState = Adam.read(c.adam);
  try {
    const mlp = cloneMlp(c.model);
    const values = await Promise.all(c.weights.map((w) => w.data() as Promise<Float32Array>));
    mlp.layers.forEach((l, i) => {
      l.W = values[2 * i];
      l.b = values[2 * i + 1];
    });
    let { lossSum, correct, seen } = c.at;
    for (const q of c.pending) {
      const [loss, right] = await q.stats.data();
      lossSum += loss * q.size;
      correct += right;
      seen += q.size;
    }
    return {
      settings: { ...c.settings },
      samples: c.samples,
      weights: mlp,
      adam: await adamState,
      epoch: c.at.epoch,
      batch: c.at.batch,
      step: c.at.step,
      epochLoss: lossSum,
      epochCorrect: correct,
      epochSeen: seen,
      epochMs: c.at.ms,
    };
  } finally {
    tf.dispose([...c.weights, ...c.pending.map((q) => q.stats)]);
  }
}
