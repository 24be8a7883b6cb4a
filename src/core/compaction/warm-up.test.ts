import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../node/tf-node';
import { warmUpEngine } from './warm-up';
import { randomDataset } from './test-fixtures';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

describe('warmUpEngine', () => {
  it('works on a network of its own and leaves no tensor behind', async () => {
    const data = randomDataset(120, 3, 8, 8, 10);
    const before = tf.memory().numTensors;
    await expect(warmUpEngine(data, ['ls', 'pair', 'magnitude', 'srinivas'], 1)).resolves.toBeUndefined();
    expect(tf.memory().numTensors).toBe(before);
  });
});
