import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadEmbeddedDataset } from '../../node/load-embedded';
import { initNodeBackend } from '../../node/tf-node';
import { splitDataset, type SplitData } from '../data/split';
import { evaluateAccuracy } from '../model/forward';
import { initMlp } from '../model/mlp';
import type { MlpSpec } from '../model/spec';
import { Trainer, type BatchReport, type EpochReport } from './trainer';

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

  it('pauses, resumes and stops without leaking tensors', async () => {
    const before = tf.memory().numTensors;
    let steps = 0;
    const t = new Trainer(initMlp(small, 3), data.train, data.test, { learningRate: 1e-3, batchSize: 32, epochs: 5, seed: 3 }, {
      onBatches: (r) => (steps = r[r.length - 1].step),
    });
    t.yieldEveryMs = 0;
    const done = t.run();
    while (steps < 10) await new Promise((r) => setTimeout(r, 5));
    t.pause();
    await new Promise((r) => setTimeout(r, 50));
    const atPause = steps;
    await new Promise((r) => setTimeout(r, 100));
    expect(steps).toBe(atPause);
    expect(t.state).toBe('paused');
    t.resume();
    while (steps < atPause + 5) await new Promise((r) => setTimeout(r, 5));
    t.stop();
    const m = await done;
    expect(t.state).toBe('stopped');
    expect(steps).toBeLessThan(5 * 250);
    expect(m.layers[0].W.length).toBe(784 * 32);
    t.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('refuses data that does not fit the model', () => {
    expect(() => new Trainer(initMlp({ ...small, inputSize: 100 }, 1), data.train, null, { learningRate: 1e-3, batchSize: 32, epochs: 1, seed: 1 })).toThrow(
      /100 inputs/,
    );
  });
});
