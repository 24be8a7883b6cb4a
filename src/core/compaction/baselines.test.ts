import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../node/tf-node';
import { computeCodes } from '../coding/codes';
import type { Mlp } from '../model/mlp';
import { CompactionSession } from './session';
import { incoming, logits, maxRelDiff, randomDataset, setNeuron, tinyMlp } from './test-fixtures';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

const probe = randomDataset(200, 21);

function unit(k: number, scale: number): number[] {
  return Array.from({ length: 6 }, (_, r) => (r === k ? scale : 0));
}

/** The next layer's weights and bias as plain arrays. */
function nextLayer(m: Mlp): number[][] {
  return [Array.from(m.layers[1].W), Array.from(m.layers[1].b)];
}

describe('baselines', () => {
  it('magnitude removes the smallest incoming L2 norm, with no compensation', async () => {
    const m = tinyMlp([5, 3], 1);
    setNeuron(m, 0, 3, incoming(m, 0, 3).map((w) => 0.01 * w), 5); // tiny weights, large bias: bias is not counted
    const s = await CompactionSession.create({ model: m, probe });
    const r = s.step('magnitude', { layer: 0 })!;
    expect(r).toMatchObject({ method: 'magnitude', layer: 0, removedId: 3, heirs: [], biasCoef: 0 });
    expect(r.cost).toBeCloseTo(Math.hypot(...incoming(m, 0, 3)), 6);
    const [W, b] = nextLayer(s.current().mlp);
    expect(b).toEqual(Array.from(m.layers[1].b));
    expect(W).toEqual(Array.from(m.layers[1].W).filter((_, i) => Math.floor(i / 3) !== 3));
  });

  it('APoZ removes the neuron with the most zero outputs on the probe set', async () => {
    const m = tinyMlp([5, 3], 2);
    setNeuron(m, 0, 1, incoming(m, 0, 1), m.layers[0].b[1] - 0.4);
    const codes = (await computeCodes(m, probe))[0];
    const zeros = Array.from({ length: 5 }, (_, j) => codes.values.subarray(j * 200, (j + 1) * 200).filter((v) => v <= 0).length / 200);
    const want = zeros.indexOf(Math.max(...zeros));
    const s = await CompactionSession.create({ model: m, probe });
    const r = s.step('apoz', { layer: 0 })!;
    expect(r).toMatchObject({ removedId: want, heirs: [], biasCoef: 0 });
    expect(r.cost).toBeCloseTo(zeros[want], 12);
  });

  it('random is a seeded uniform choice that depends only on the state', async () => {
    const m = tinyMlp([5, 3], 3);
    const seen = new Set<number>();
    for (let seed = 1; seed <= 40; seed++) {
      const s = await CompactionSession.create({ model: m, probe, seed });
      const p = s.preview('random', { layer: 0 })!;
      seen.add(p.removedId);
      expect(p.heirs).toEqual([]);
      s.step('random', { layer: 0 });
      const second = s.preview('random', { layer: 0 })!;
      s.undo();
      expect(s.preview('random', { layer: 0 })!.removedId).toBe(p.removedId);
      s.redo();
      expect(s.preview('random', { layer: 0 })!.removedId).toBe(second.removedId);
    }
    expect(seen.size).toBe(5);
  });

  it('Srinivas & Babu removes the least salient pair and folds W[i] += W[j]', async () => {
    const m = tinyMlp([5, 3], 4);
    const s0 = await CompactionSession.create({ model: m, probe });
    // Saliency by brute force: mean(W[j]^2) * ||(w_i, b_i) - (w_j, b_j)||^2.
    let best = { s: Infinity, i: -1, j: -1 };
    for (let j = 0; j < 5; j++)
      for (let i = 0; i < 5; i++) {
        if (i === j) continue;
        const wi = [...incoming(m, 0, i), m.layers[0].b[i]];
        const wj = [...incoming(m, 0, j), m.layers[0].b[j]];
        const d = wi.reduce((a, v, r) => a + (v - wj[r]) ** 2, 0);
        const a = [0, 1, 2].reduce((acc, k) => acc + m.layers[1].W[j * 3 + k] ** 2, 0) / 3;
        if (a * d < best.s) best = { s: a * d, i, j };
      }
    const p = s0.preview('srinivas', { layer: 0 })!;
    expect(p).toMatchObject({ removedId: best.j, heirs: [{ id: best.i, coef: 1 }], biasCoef: 0 });
    expect(p.cost).toBeCloseTo(best.s, 6);

    // Two identical neurons (weights and bias): saliency 0, and the fold keeps the outputs.
    setNeuron(m, 0, 3, incoming(m, 0, 1), m.layers[0].b[1]);
    const s = await CompactionSession.create({ model: m, probe });
    const r = s.step('srinivas', { layer: 0 })!;
    expect(r.cost).toBe(0);
    expect([r.removedId, r.heirs[0].id].sort()).toEqual([1, 3]);
    expect(maxRelDiff(logits(m, probe), logits(s.current().mlp, probe))).toBeLessThan(1e-6);
  });

  it('Neuron Merging keeps the largest norms and merges by cosine >= 0.45 with the norm ratio', async () => {
    const m = tinyMlp([5, 3], 5);
    [unit(0, 3), unit(1, 3), unit(0, 1.2), unit(3, 3), unit(4, 0.5)].forEach((w, j) => setNeuron(m, 0, j, w, 0));
    const s = await CompactionSession.create({ model: m, probe });
    // Neuron 4 has the smallest norm and is orthogonal to every kept neuron: pruned without heir.
    const a = s.step('merging', { layer: 0, remainingHint: 2 })!;
    expect(a).toMatchObject({ removedId: 4, heirs: [], biasCoef: 0 });
    // Neuron 2 = 0.4 x neuron 0 (cosine 1): merged with coefficient ||w_2|| / ||w_0|| = 0.4, outputs unchanged.
    const before = s.current().mlp;
    const b = s.step('merging', { layer: 0, remainingHint: 1 })!;
    expect(b.removedId).toBe(2);
    expect(b.heirs).toHaveLength(1);
    expect(b.heirs[0].id).toBe(0);
    expect(b.heirs[0].coef).toBeCloseTo(0.4, 6);
    expect(maxRelDiff(logits(before, probe), logits(s.current().mlp, probe))).toBeLessThan(1e-6);
  });

  it('Neuron Merging only merges into the kept set', async () => {
    const m = tinyMlp([5, 3], 6);
    // 1 is the smallest and parallel to 2 (second smallest); with two removals planned, 2 is not kept.
    [unit(0, 3), unit(1, 0.5), unit(1, 1), unit(3, 3), [0.1, 2, 0, 0, 0, 2]].forEach((w, j) => setNeuron(m, 0, j, w, 0));
    const s = await CompactionSession.create({ model: m, probe });
    const r = s.preview('merging', { layer: 0, remainingHint: 2 })!;
    expect(r.removedId).toBe(1);
    expect(r.heirs.map((h) => h.id)).toEqual([4]); // cosine 0.70 with neuron 4, the best kept one
    expect(s.preview('merging', { layer: 0, remainingHint: 1 })!.heirs.map((h) => h.id)).toEqual([2]);
  });
});
