import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../node/tf-node';
import { cloneMlp } from '../model/mlp';
import { CompactionSession } from './session';
import { incoming, logits, makePositive, maxRelDiff, randomDataset, setNeuron, tinyMlp } from './test-fixtures';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

const probe = randomDataset(300, 11);

describe('pairwise unification', () => {
  it('unifies an affine copy first, leaving the outputs unchanged', async () => {
    const m = tinyMlp([6, 4], 1);
    makePositive(m); // no dead neurons: only the copy is free
    // Neuron 4 = 2.5 x neuron 1 (ReLU is positively homogeneous, so x_4 = 2.5 x_1 exactly).
    setNeuron(m, 0, 4, incoming(m, 0, 1).map((w) => 2.5 * w), 2.5 * m.layers[0].b[1]);
    const s = await CompactionSession.create({ model: m, probe, heldOut: probe });
    const before = logits(m, probe);
    const p = s.preview('pair', { layer: 0 })!;
    expect([1, 4]).toContain(p.removedId);
    expect(p.heirs.map((h) => h.id)).toEqual([p.removedId === 4 ? 1 : 4]);
    expect(p.heirs[0].coef).toBeCloseTo(p.removedId === 4 ? 2.5 : 0.4, 5);
    expect(Math.abs(p.biasCoef)).toBeLessThan(1e-5);
    expect(p.relCost!).toBeLessThan(1e-10);
    const r = s.step('pair', { layer: 0 })!;
    expect(r).toMatchObject({ removedId: p.removedId, layer: 0, method: 'pair' });
    expect(maxRelDiff(before, logits(s.current().mlp, probe))).toBeLessThan(1e-5);
    expect(s.current().neuronIds[0]).toEqual([0, 1, 2, 3, 4, 5].filter((i) => i !== p.removedId));
  });

  it('"unify j into i" uses the least-squares a and c and reports E = RSS(j|i) ||W[j]||^2', async () => {
    const m = tinyMlp([5, 3], 2);
    const s = await CompactionSession.create({ model: m, probe });
    const p = s.previewUnify(0, 3, 0);
    expect(p.removedId).toBe(3);
    expect(p.heirs.map((h) => h.id)).toEqual([0]);
    // Refit by hand from a plain forward pass of the probe set.
    const x = (j: number) =>
      Array.from({ length: probe.count }, (_, t) => {
        const px = probe.pixels.subarray(t * 6, t * 6 + 6);
        let z = m.layers[0].b[j];
        for (let r = 0; r < 6; r++) z += (px[r] / 255) * m.layers[0].W[r * 5 + j];
        return Math.max(0, z);
      });
    const xi = x(0);
    const xj = x(3);
    const mi = xi.reduce((a, b) => a + b) / xi.length;
    const mj = xj.reduce((a, b) => a + b) / xj.length;
    const cov = xi.reduce((a, v, t) => a + (v - mi) * (xj[t] - mj), 0);
    const vi = xi.reduce((a, v) => a + (v - mi) ** 2, 0);
    const a = cov / vi;
    const rss = xj.reduce((acc, v, t) => acc + (v - mj - a * (xi[t] - mi)) ** 2, 0);
    let w2 = 0;
    for (let k = 0; k < 3; k++) w2 += m.layers[1].W[3 * 3 + k] ** 2;
    expect(p.heirs[0].coef).toBeCloseTo(a, 4);
    expect(p.biasCoef).toBeCloseTo(mj - a * mi, 4);
    expect(p.cost).toBeCloseTo(rss * w2, 3);
    // The injected error is exactly that: the next layer's pre-activations move by E in total.
    const rec = s.unify(0, 3, 0);
    const before = m.layers[1];
    const after = s.current().mlp.layers[1];
    let injected = 0;
    for (let t = 0; t < probe.count; t++) {
      const h = [0, 1, 2, 3, 4].map((j) => x(j)[t]);
      for (let k = 0; k < 3; k++) {
        let z0 = before.b[k];
        for (let j = 0; j < 5; j++) z0 += h[j] * before.W[j * 3 + k];
        let z1 = after.b[k];
        [0, 1, 2, 4].forEach((j, r) => (z1 += h[j] * after.W[r * 3 + k]));
        injected += (z1 - z0) ** 2;
      }
    }
    expect(injected).toBeCloseTo(rec.cost, 2);
  });
});

describe('dead and constant neurons', () => {
  for (const method of ['pair', 'ls'] as const) {
    it(`${method}: a dead neuron costs exactly 0 and its removal changes nothing`, async () => {
      const m = tinyMlp([5, 4], 3);
      setNeuron(m, 0, 2, [0, 0, 0, 0, 0, 0], -1);
      const s = await CompactionSession.create({ model: m, probe });
      const p = s.preview(method, { layer: 0 })!;
      expect(p.removedId).toBe(2);
      expect(p.cost).toBe(0);
      expect(p.biasCoef).toBe(0);
      s.step(method, { layer: 0 });
      expect(maxRelDiff(logits(m, probe), logits(s.current().mlp, probe))).toBe(0);
    });

    it(`${method}: a constant neuron costs 0 and its output moves into the bias`, async () => {
      const m = tinyMlp([5, 4], 4);
      setNeuron(m, 0, 3, [0, 0, 0, 0, 0, 0], 0.7);
      const s = await CompactionSession.create({ model: m, probe });
      const p = s.preview(method, { layer: 0 })!;
      expect(p.removedId).toBe(3);
      expect(p.cost).toBe(0);
      expect(p.biasCoef).toBeCloseTo(0.7, 6);
      s.step(method, { layer: 0 });
      expect(maxRelDiff(logits(m, probe), logits(s.current().mlp, probe))).toBeLessThan(1e-6);
    });
  }
});

describe('least-squares unification', () => {
  it('removes a neuron in the span of the others with the outputs unchanged', async () => {
    const m = tinyMlp([5, 4], 5);
    makePositive(m); // inputs >= 0 and weights >= 0: ReLU is linear on every input
    const w0 = incoming(m, 0, 0);
    const w2 = incoming(m, 0, 2);
    setNeuron(m, 0, 4, w0.map((v, r) => 0.5 * v + 1.5 * w2[r]), 0.5 * m.layers[0].b[0] + 1.5 * m.layers[0].b[2] + 0.25);
    const s = await CompactionSession.create({ model: cloneMlp(m), probe });
    const p = s.previewRemoveByLeastSquares(0, 4);
    const coef = Object.fromEntries(p.heirs.map((h) => [h.id, h.coef]));
    expect(coef[0]).toBeCloseTo(0.5, 3);
    expect(coef[2]).toBeCloseTo(1.5, 3);
    expect(Math.abs(coef[1] ?? 0) + Math.abs(coef[3] ?? 0)).toBeLessThan(1e-3);
    expect(p.biasCoef).toBeCloseTo(0.25, 3);
    expect(p.relCost!).toBeLessThan(1e-5); // zero but for the ridge (lambda = 1e-6 trace / n)
    s.removeByLeastSquares(0, 4);
    expect(maxRelDiff(logits(m, probe), logits(s.current().mlp, probe))).toBeLessThan(1e-5);
  });

  it('the greedy least-squares step removes a neuron of the dependent set at near-zero cost', async () => {
    const m = tinyMlp([5, 4], 6);
    makePositive(m);
    const w1 = incoming(m, 0, 1);
    const w3 = incoming(m, 0, 3);
    setNeuron(m, 0, 0, w1.map((v, r) => v - 0.5 * w3[r]).map(Math.abs), 0.3);
    setNeuron(m, 0, 4, w1.map((v, r) => 2 * v + w3[r]), 2 * m.layers[0].b[1] + m.layers[0].b[3]);
    const s = await CompactionSession.create({ model: m, probe });
    const r = s.step('ls', { layer: 0 })!;
    expect([1, 3, 4]).toContain(r.removedId);
    expect(r.relCost!).toBeLessThan(1e-5);
    expect(maxRelDiff(logits(m, probe), logits(s.current().mlp, probe))).toBeLessThan(1e-5);
  });
});
