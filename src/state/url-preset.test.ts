import { describe, expect, it } from 'vitest';
import { parseQuery } from './url-preset';

describe('query presets', () => {
  it('applies values within the training limits', () => {
    const q = parseQuery('?hidden=64-32&activation=tanh&lr=0.003&batch=64&epochs=5&seed=7&backend=wasm');
    expect(q.preset).toEqual({ hidden: [64, 32], activation: 'tanh', learningRate: 0.003, batchSize: 64, epochs: 5, seed: 7 });
    expect(q.backend).toBe('wasm');
    expect(q.problems).toEqual([]);
  });

  it('ignores values out of range with a message in plain words, never the validator’s text', () => {
    const q = parseQuery('?hidden=10-10-10-10-10&lr=5&batch=0&epochs=1.5&activation=gelu&seed=-1');
    expect(q.preset).toEqual({});
    expect(q.problems).toEqual([
      'Ignored ?hidden=10-10-10-10-10 in the address: hidden widths are 1 to 4 numbers from 1 to 1024, like 300-100.',
      'Ignored ?activation=gelu in the address: the activation is one of relu, sigmoid, tanh.',
      'Ignored ?lr=5 in the address: the learning rate is a number from 0.00001 to 1.',
      'Ignored ?batch=0 in the address: the batch size is a whole number from 1 to 4096.',
      'Ignored ?epochs=1.5 in the address: epochs are a whole number from 1 to 200.',
      'Ignored ?seed=-1 in the address: the seed is a whole number from 0 to 2147483647.',
    ]);
  });
});
