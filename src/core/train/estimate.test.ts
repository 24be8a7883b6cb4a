import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { splitThreeWays } from '../data/split';
import { initMlp } from '../model/mlp';
import { loadEmbeddedDataset } from '../../node/load-embedded';
import { initNodeBackend } from '../../node/tf-node';
import { estimateTrainingTime } from './estimate';

describe('training time estimate', () => {
  const { train } = splitThreeWays(loadEmbeddedDataset());
  beforeAll(async () => {
    await initNodeBackend('wasm');
  });
  const spec = (hidden: number[]) => ({ inputSize: 784, hidden, numClasses: 10, activation: 'relu' as const });

  it('times real batches, scales with epochs, and leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const settings = { learningRate: 1e-3, batchSize: 64, epochs: 10, seed: 1 };
    const e = await estimateTrainingTime(initMlp(spec([64]), 1), train, settings, 300);
    expect(tf.memory().numTensors).toBe(before);
    expect(e.timedBatches).toBeGreaterThan(0);
    expect(e.secondsPerBatch).toBeGreaterThan(0);
    // The whole run: batches per epoch x epochs x seconds per batch.
    expect(e.seconds).toBeCloseTo(e.secondsPerBatch * Math.ceil(train.count / 64) * 10, 6);
  });

  it('says a bigger network with tiny batches takes far longer', async () => {
    const small = await estimateTrainingTime(initMlp(spec([16]), 1), train, { learningRate: 1e-3, batchSize: 256, epochs: 1, seed: 1 }, 300);
    const big = await estimateTrainingTime(initMlp(spec([512, 512]), 1), train, { learningRate: 1e-3, batchSize: 1, epochs: 1, seed: 1 }, 300);
    expect(big.seconds).toBeGreaterThan(20 * small.seconds);
  });
});
