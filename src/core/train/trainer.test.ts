import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEmbeddedDataset } from '../../node/load-embedded';
import { initNodeBackend } from '../../node/tf-node';
import { splitDataset, type SplitData } from '../data/split';
import { evaluateAccuracy } from '../model/forward';
import { initMlp } from '../model/mlp';
import type { MlpSpec } from '../model/spec';
import type { Mlp } from '../model/mlp';
import { Trainer, type BatchReport, type EpochReport, type TrainCheckpoint, type TrainSettings } from './trainer';

const bits = (m: Mlp) => m.layers.map((l) => [Array.from(new Uint32Array(l.W.slice().buffer)), Array.from(new Uint32Array(l.b.slice().buffer))]);

let data: SplitData;
const small: MlpSpec = { inputSize: 784, hidden: [32], numClasses: 10, activation: 'relu' };

beforeAll(async () => {
  await initNodeBackend('wasm');
  // The two-way 8,000 / 2,000 split (a test fraction), which the batch counts below are written for.
  data = splitDataset(loadEmbeddedDataset(), 0.2);
});

describe('Trainer', () => {
  it('learns: a small model passes 80% test accuracy after one epoch, and reports every batch', async () => {
    const batches: BatchReport[] = [];
    const epochs: EpochReport[] = [];
    const before = tf.memory().numTensors;
    const t = new Trainer(initMlp(small, 1), data.train, data.test, { learningRate: 3e-3, batchSize: 64, epochs: 1, seed: 1 }, {
      onBatches: (r) => batches.push(...r),
      onEpoch: (r) => void epochs.push(r),
    });
    const trained = await t.run();
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(batches.map((b) => b.batch)).toEqual(Array.from({ length: 125 }, (_, i) => i + 1));
    expect(batches[batches.length - 1].loss).toBeLessThan(batches[0].loss / 2);
    expect(epochs).toHaveLength(1);
    expect(epochs[0].testAccuracy).toBeGreaterThan(0.8);
    // The returned weights are the trained ones: evaluating them independently agrees.
    expect(await evaluateAccuracy(trained, data.test)).toBeCloseTo(epochs[0].testAccuracy!, 6);
    expect(tf.memory().numTensors).toBe(before); // an evaluation holds no tensors either
  });

  it('trains sigmoid and tanh networks too', async () => {
    for (const activation of ['sigmoid', 'tanh'] as const) {
      const t = new Trainer(initMlp({ ...small, activation }, 2), data.train, data.test, { learningRate: 3e-3, batchSize: 64, epochs: 1, seed: 2 });
      const m = await t.run();
      t.dispose();
      expect(await evaluateAccuracy(m, data.test)).toBeGreaterThan(0.8);
    }
  });

  it('is deterministic for a seed on the same backend', async () => {
    const run = async () => {
      const t = new Trainer(initMlp(small, 5), data.train, null, { learningRate: 1e-3, batchSize: 256, epochs: 1, seed: 5 });
      const m = await t.run();
      t.dispose();
      return m;
    };
    const [a, b] = [await run(), await run()];
    expect(a.layers[0].W).toEqual(b.layers[0].W);
  });

  it('pauses, resumes, hands out checkpoints and stops without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    let steps = 0;
    const t = new Trainer(initMlp(small, 3), data.train, data.test, { learningRate: 1e-3, batchSize: 32, epochs: 5, seed: 3 }, {
      onBatches: (r) => (steps = r[r.length - 1].step),
    });
    const atStart = await t.checkpoint();
    expect([atStart.epoch, atStart.batch, atStart.step]).toEqual([1, 0, 0]);
    t.yieldEveryMs = 0;
    const done = t.run();
    while (steps < 10) await new Promise((r) => setTimeout(r, 5));
    t.pause();
    await new Promise((r) => setTimeout(r, 50));
    const atPause = steps;
    await new Promise((r) => setTimeout(r, 100));
    expect(steps).toBe(atPause);
    expect(t.state).toBe('paused');
    const cp = await t.checkpoint();
    expect(cp.step).toBe(atPause);
    expect(cp.epochSeen).toBe(32 * atPause);
    expect(bits(cp.weights)).not.toEqual(bits(initMlp(small, 3)));
    expect(tf.memory().numTensors).toBeGreaterThan(before); // the Trainer's own variables, nothing else:
    t.resume();
    while (steps < atPause + 5) await new Promise((r) => setTimeout(r, 5));
    t.stop();
    const m = await done;
    expect(t.state).toBe('stopped');
    expect(steps).toBeLessThan(5 * 250);
    expect(m.layers[0].W.length).toBe(784 * 32);
    expect((await t.checkpoint()).step).toBe(steps);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
    expect(() => t.checkpoint()).toThrow(/disposed/);
  });

  it('resumes from a checkpoint exactly where an uninterrupted run would be', async () => {
    // 2 epochs of 32 batches; checkpoints inside epoch 1, at its last batch (before its report) and inside epoch 2.
    const settings: TrainSettings = { learningRate: 2e-3, batchSize: 250, epochs: 2, seed: 7 };
    const at = [10, 32, 45];
    const taken = new Map<number, Promise<TrainCheckpoint>>();
    const epochs: EpochReport[] = [];
    const before = tf.memory().numTensors;
    const whole = new Trainer(initMlp(small, 7), data.train, data.test, settings, {
      onBatches: (r) => {
        for (const b of r) if (at.includes(b.step)) taken.set(b.step, whole.checkpoint());
      },
      onEpoch: (r) => void epochs.push(r),
    });
    whole.yieldEveryMs = 0; // a flush, and a chance to take a checkpoint, after every batch
    const want = await whole.run();
    whole.dispose();
    expect([...taken.keys()]).toEqual(at);
    for (const step of at) {
      const cp = await taken.get(step)!;
      expect(cp.step).toBe(step);
      const resumedEpochs: EpochReport[] = [];
      const batches: BatchReport[] = [];
      const t = Trainer.resume(cp, data.train, data.test, { onEpoch: (r) => void resumedEpochs.push(r), onBatches: (r) => batches.push(...r) });
      const got = await t.run();
      t.dispose();
      expect(bits(got)).toEqual(bits(want));
      expect(batches[0].step).toBe(step + 1);
      // The epochs it finishes report what the uninterrupted run reported (but the time).
      const strip = (r: EpochReport) => ({ ...r, seconds: 0 });
      expect(resumedEpochs.map(strip)).toEqual(epochs.slice(cp.epoch - 1).map(strip));
    }
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses a checkpoint that does not fit', async () => {
    const t = new Trainer(initMlp(small, 1), data.train, null, { learningRate: 1e-3, batchSize: 64, epochs: 1, seed: 1 });
    const cp = await t.checkpoint();
    t.dispose();
    expect(() => Trainer.resume(cp, data.test, null)).toThrow(/training samples/);
    expect(() => new Trainer(initMlp(small, 1), data.train, null, { ...cp.settings, batchSize: 32 }, {}, { from: cp })).toThrow(/batch size/);
    expect(() => new Trainer(initMlp({ ...small, hidden: [16] }, 1), data.train, null, cp.settings, {}, { from: cp })).toThrow(/layers/);
  });

  it('trains alike with autodiff gradients (tf.variableGrads) and the hand-written ones', async () => {
    const run = async (gradients: 'hand' | 'autodiff') => {
      const epochs: EpochReport[] = [];
      const t = new Trainer(initMlp(small, 4), data.train, data.test, { learningRate: 1e-3, batchSize: 128, epochs: 1, seed: 4 }, { onEpoch: (r) => void epochs.push(r) }, { gradients });
      expect(t.gradients).toBe(gradients);
      const m = await t.run();
      t.dispose();
      return { m, e: epochs[0] };
    };
    const before = tf.memory().numTensors;
    const hand = await run('hand');
    const auto = await run('autodiff');
    expect(tf.memory().numTensors).toBe(before);
    expect(Math.abs(hand.e.loss - auto.e.loss)).toBeLessThan(1e-3 * hand.e.loss);
    expect(Math.abs(hand.e.testAccuracy! - auto.e.testAccuracy!)).toBeLessThanOrEqual(0.005);
    // The weights moved by some 1e-2 (63 Adam steps of about 1e-3); the two paths differ by float32 rounding only.
    const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
    const W = (m: Mlp) => m.layers[0].W;
    expect(maxDiff(W(hand.m), W(initMlp(small, 4)))).toBeGreaterThan(1e-2);
    expect(maxDiff(W(hand.m), W(auto.m))).toBeLessThan(1e-4);
  });

  it('refuses data that does not fit the model', () => {
    expect(() => new Trainer(initMlp({ ...small, inputSize: 100 }, 1), data.train, null, { learningRate: 1e-3, batchSize: 32, epochs: 1, seed: 1 })).toThrow(
      /100 inputs/,
    );
  });
});
