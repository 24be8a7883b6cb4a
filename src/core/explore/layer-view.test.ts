import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../node/tf-node';
import { classProfiles, codeStats, correlationMatrix } from '../coding';
import { CompactionSession } from '../compaction';
import { randomDataset, tinyMlp } from '../compaction/test-fixtures';
import { LayerViewCache } from './layer-view';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

const probe = randomDataset(150, 51, 4, 4, 4);
const model = tinyMlp([20, 12], 3, 'relu', 16, 4);

describe('LayerViewCache', () => {
  it('follows the codes of a later layer when an earlier layer is compacted', async () => {
    const s = await CompactionSession.create({ model, probe });
    const views = new LayerViewCache(probe.labels, 4);
    const before = views.view(s, 1);
    s.steps('magnitude', 3, { layer: 0 }); // no compensation: layer 1's codes surely change
    const after = views.view(s, 1);
    const { codes } = s.codesOf(1);
    const fresh = codeStats(codes);
    // Every layer-1 neuron is still alive: rows are in the same order as codesOf.
    expect(Array.from(after.alive)).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(Array.from(after.stats.mean)).toEqual(Array.from(fresh.mean));
    expect(Array.from(after.stats.mean)).not.toEqual(Array.from(before.stats.mean));
    expect(Array.from(after.correlation)).toEqual(Array.from(correlationMatrix(codes)));
  });

  it('reads weights from the engine state as the compacted model has them', async () => {
    const s = await CompactionSession.create({ model, probe });
    s.steps('ls', 5);
    s.steps('srinivas', 2, { layer: 0 });
    const views = new LayerViewCache(probe.labels, 4);
    const { mlp, neuronIds } = s.current();
    expect(s.aliveIds()).toEqual(neuronIds);
    for (const layer of [0, 1]) {
      const v = views.view(s, layer);
      expect(Array.from(v.alive, (p) => v.ids[p])).toEqual(neuronIds[layer]);
      const next = mlp.layers[layer + 1];
      v.alive.forEach((_, a) => {
        const row = next.W.subarray(a * next.outSize, (a + 1) * next.outSize);
        expect(v.outNorm[a]).toBeCloseTo(Math.hypot(...row), 5);
        const inc = mlp.layers[layer];
        if (layer === 0) for (const r of [0, 3, inc.inSize - 1]) expect(v.incoming!.W[r * v.incoming!.outSize + v.alive[a]]).toBe(inc.W[r * inc.outSize + a]);
        else expect(v.incoming).toBeNull();
      });
    }
  });

  it('gives the preferred classes of other layers only as the engine has them, never making it update', async () => {
    const s = await CompactionSession.create({ model, probe });
    const views = new LayerViewCache(probe.labels, 4);
    views.view(s, 0);
    s.steps('magnitude', 4, { layer: 0 }); // magnitude never needs layer 1's codes
    expect(views.preferredClasses(s, 1)).toBeNull();
    const { codes } = s.codesOf(1); // brings them up to date
    const prof = classProfiles(codes, probe.labels, 4);
    const expected = Array.from({ length: codes.width }, (_, i) => [0, 1, 2, 3].reduce((b, k) => (prof[i * 4 + k] > prof[i * 4 + b] ? k : b), 0));
    expect(Array.from(views.preferredClasses(s, 1)!)).toEqual(expected);
    s.steps('magnitude', 2, { layer: 0 });
    expect(Array.from(views.preferredClasses(s, 1)!)).toEqual(expected); // as last known
  });

  it('what the views read does not change what the engine does', async () => {
    const deep = tinyMlp([20, 14, 9], 5, 'relu', 16, 4);
    const plain = await CompactionSession.create({ model: deep, probe });
    const watched = await CompactionSession.create({ model: deep, probe });
    const views = new LayerViewCache(probe.labels, 4);
    const look = () => {
      views.view(watched, 0, { allLayers: true });
      for (let l = 0; l < 3; l++) views.preferredClasses(watched, l);
    };
    look();
    for (const method of ['ls', 'pair', 'ls', 'pair'] as const) {
      for (let k = 0; k < 6; k++) {
        expect(watched.step(method)).toEqual(plain.step(method));
        look();
      }
    }
    expect(watched.current()).toEqual(plain.current());
  });

  it('gives one colour range over every hidden layer when asked', async () => {
    const s = await CompactionSession.create({ model, probe });
    const views = new LayerViewCache(probe.labels, 4);
    expect(views.view(s, 1).allLayersRange).toBeNull();
    const all = [0, 1].flatMap((l) => Array.from(s.codesOf(l).codes.values));
    const want = [Math.min(...all), Math.max(...all)];
    expect(views.view(s, 0, { allLayers: true }).allLayersRange).toEqual(want);
    expect(views.view(s, 1, { allLayers: true }).allLayersRange).toEqual(want);
  });

  it('prepare() computes in slices exactly what view() computes at once', async () => {
    const s = await CompactionSession.create({ model, probe });
    s.steps('pair', 4);
    const plain = new LayerViewCache(probe.labels, 4);
    const warmed = new LayerViewCache(probe.labels, 4);
    for (const layer of [0, 1]) {
      expect(await warmed.prepare(s, layer, { budgetMs: 0 })).toBe(true);
      const a = warmed.view(s, layer);
      const b = plain.view(s, layer);
      expect(Array.from(a.correlation)).toEqual(Array.from(b.correlation));
      expect(Array.from(a.order)).toEqual(Array.from(b.order));
      expect(Array.from(a.preferredClass)).toEqual(Array.from(b.preferredClass));
    }
  });

  it('a step during prepare() cancels it', async () => {
    const s = await CompactionSession.create({ model, probe });
    const views = new LayerViewCache(probe.labels, 4);
    const pending = views.prepare(s, 1, { budgetMs: 0 });
    s.step('ls', { layer: 0 });
    expect(await pending).toBe(false);
    expect(Array.from(views.view(s, 1).stats.mean)).toEqual(Array.from(codeStats(s.codesOf(1).codes).mean));
  });
});
