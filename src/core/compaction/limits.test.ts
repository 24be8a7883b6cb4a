import { describe, expect, it } from 'vitest';
import { splitThreeWays } from '../data/split';
import { probeByClass } from '../explore/probe-by-class';
import { MAX_ABS_WEIGHT } from '../io/limits';
import { initMlp } from '../model/mlp';
import { loadEmbeddedDataset } from '../../node/load-embedded';
import { CompactionSession } from './session';

describe('what the engine can compute with', () => {
  const d = splitThreeWays(loadEmbeddedDataset());
  const probe = probeByClass(d.train).data;

  it('refuses a model whose activations grow beyond the bound, even with every weight within its own', async () => {
    const m = initMlp({ inputSize: 784, hidden: [300, 100], numClasses: 10, activation: 'relu' }, 1);
    for (const l of m.layers) {
      l.W.fill(MAX_ABS_WEIGHT);
      l.b.fill(0);
    }
    await expect(CompactionSession.create({ model: m, probe, heldOut: d.test })).rejects.toThrow(/pre-activations on the probe digits reach .* beyond the ±1000000000000000/);
  });

  it('accepts an ordinary model', async () => {
    const m = initMlp({ inputSize: 784, hidden: [30], numClasses: 10, activation: 'tanh' }, 1);
    const s = await CompactionSession.create({ model: m, probe, heldOut: d.test });
    expect(s.params()).toBeGreaterThan(0);
  });
});
