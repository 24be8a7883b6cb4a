import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../node/tf-node';
import { correlationMatrix } from '../coding';
import { CompactionSession, type MergeRecord } from '../compaction';
import { randomDataset, tinyMlp } from '../compaction/test-fixtures';
import { initMlp } from '../model/mlp';
import { makeRng } from '../random';
import { digitSummary, heirHistory, inspectNeuron, mostSimilar, neuronConnections, partnersByCorrelation, topConnections } from './inspect';
import { LayerViewCache } from './layer-view';
import { probeByClass } from './probe-by-class';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

/** The naive answer: every index, by |w| descending then index, zeros left out. */
function naiveTop(w: number[], k: number) {
  return w
    .map((v, t) => ({ t, v }))
    .filter((e) => e.v !== 0)
    .sort((p, q) => Math.abs(q.v) - Math.abs(p.v) || p.t - q.t)
    .slice(0, k);
}

describe('topConnections', () => {
  it('lists the k weights of largest magnitude, ties to the lower index, as a naive sort does', () => {
    const rng = makeRng(3);
    for (const [count, stride, offset, k] of [
      [50, 1, 0, 5],
      [40, 7, 3, 6],
      [8, 2, 1, 20],
    ]) {
      const values = Float32Array.from({ length: offset + count * stride + 4 }, () => Math.round((rng() * 2 - 1) * 8) / 4); // many ties and zeros
      const w = Array.from({ length: count }, (_, t) => values[offset + t * stride]);
      const ids = Array.from({ length: count }, (_, t) => 100 + t);
      const got = topConnections(values, offset, stride, count, ids, k);
      expect(got).toEqual(naiveTop(w, k).map((e) => ({ id: 100 + e.t, weight: e.v })));
    }
  });
});

describe('neuronConnections', () => {
  it('reads a neuron’s incoming column and outgoing row, labelled with the neighbouring layers’ ids', () => {
    const m = initMlp({ inputSize: 4, hidden: [3, 2], numClasses: 3, activation: 'relu' }, 1);
    const ids = [
      [10, 11, 12],
      [20, 21],
    ];
    // Neuron 21 (second of hidden layer 2): incoming from 10, 11, 12; outgoing to digits 0..2.
    const inc = m.layers[1];
    inc.W.set([0.1, -0.5, 0.2, 0.3, -0.9, 0]); // rows: 10, 11, 12; columns: 20, 21
    const out = m.layers[2];
    out.W.set([1, 2, 3, 0.4, -0.7, 0.05]); // rows: 20, 21; columns: digits
    const c = neuronConnections(m, ids, 1, 21, 2)!;
    expect(c.from).toBe('neurons');
    expect(c.to).toBe('digits');
    expect(c.incoming).toEqual([
      { id: 10, weight: Math.fround(-0.5) },
      { id: 11, weight: Math.fround(0.3) },
    ]);
    expect(c.outgoing).toEqual([
      { id: 1, weight: Math.fround(-0.7) },
      { id: 0, weight: Math.fround(0.4) },
    ]);
    // A first-layer neuron: from pixels, to the next layer's neurons.
    const first = neuronConnections(m, ids, 0, 11, 10)!;
    expect(first.from).toBe('pixels');
    expect(first.to).toBe('neurons');
    expect(first.incoming.map((e) => e.id).sort()).toEqual([0, 1, 2, 3].filter((p) => m.layers[0].W[p * 3 + 1] !== 0));
    expect(first.outgoing).toEqual([
      { id: 21, weight: Math.fround(0.3) },
      { id: 20, weight: Math.fround(0.2) },
    ]);
    expect(neuronConnections(m, ids, 1, 99, 2)).toBeNull();
  });
});

describe('partners by correlation', () => {
  it('orders the other neurons by |r|, ties to the lower index, unknown r last', () => {
    const r = [1, 0.5, -0.9, 0.5, NaN, 0.5, 1, 0.2, 0.1, 0, -0.9, 0.2, 1, 0.3, 0, 0.5, 0.1, 0.3, 1, 0, NaN, 0, 0, 0, 1];
    expect(partnersByCorrelation(r, 5, 0).map((p) => p.index)).toEqual([2, 1, 3, 4]);
    expect(mostSimilar(r, 5, 0, 2)).toEqual([
      { index: 2, r: -0.9 },
      { index: 1, r: 0.5 },
    ]);
    expect(mostSimilar(r, 5, 3, 1)).toEqual([{ index: 0, r: 0.5 }]);
  });
});

describe('digitSummary', () => {
  it('sums a code up per digit band as a naive count does', () => {
    const rng = makeRng(5);
    const code = Float32Array.from({ length: 30 }, () => Math.max(0, rng() * 2 - 0.7));
    const bands = [
      { label: '0', start: 0, end: 12 },
      { label: '1', start: 12, end: 13 },
      { label: '2', start: 13, end: 30 },
    ];
    const got = digitSummary(code, bands);
    bands.forEach((b, k) => {
      const part = Array.from(code.subarray(b.start, b.end));
      expect(got[k].label).toBe(b.label);
      expect(got[k].count).toBe(part.length);
      expect(got[k].mean).toBeCloseTo(part.reduce((a, v) => a + v, 0) / part.length, 12);
      expect(got[k].min).toBe(Math.min(...part));
      expect(got[k].max).toBe(Math.max(...part));
      expect(got[k].firing).toBe(part.filter((v) => v > 0).length / part.length);
    });
  });
});

describe('heirHistory', () => {
  const rec = (layer: number, removedId: number, heirs: [number, number][]): MergeRecord => ({
    method: 'ls',
    layer,
    removedId,
    heirs: heirs.map(([id, coef]) => ({ id, coef })),
    biasCoef: 0,
    cost: 1,
    paramsAfter: 0,
  });
  it('lists the removals of its layer it inherited from, with its coefficient and share', () => {
    const records = [rec(0, 4, [[7, 0.5], [2, -0.8]]), rec(1, 9, [[7, 3]]), rec(0, 5, [[7, 0]]), rec(0, 6, [[1, 0.2], [7, -0.2], [3, 0.9]])];
    expect(heirHistory(records, 0, 7)).toEqual([
      { step: 1, method: 'ls', removedId: 4, coef: 0.5, heirs: 2, rank: 2 },
      { step: 4, method: 'ls', removedId: 6, coef: -0.2, heirs: 3, rank: 2 },
    ]);
    expect(heirHistory(records, 1, 7)).toEqual([{ step: 2, method: 'ls', removedId: 9, coef: 3, heirs: 1, rank: 1 }]);
    expect(heirHistory(records, 0, 8)).toEqual([]);
  });
});

describe('inspectNeuron', () => {
  const { data: probe, bands } = probeByClass(randomDataset(400, 51, 4, 4, 4), 150);
  const model = tinyMlp([16, 10], 3, 'relu', 16, 4);

  it('reads the neuron from the view and the engine, and changes nothing in the engine', async () => {
    const s = await CompactionSession.create({ model, probe });
    s.steps('ls', 3);
    const views = new LayerViewCache(probe.labels, 4);
    const view = views.view(s, 0);
    const id = view.ids[view.alive[2]];
    const version = s.version;
    const records = s.records();
    const tensors = tf.memory().numTensors;
    const info = inspectNeuron(s, view, bands, id, { top: 4 })!;
    expect(tf.memory().numTensors).toBe(tensors);
    expect(s.version).toBe(version);
    expect(s.records()).toEqual(records);

    const { codes, ids } = s.codesOf(0);
    const a = ids.indexOf(id);
    const r = correlationMatrix(codes);
    const naive = ids.map((other, b) => ({ id: other, r: r[a * ids.length + b] })).filter((e) => e.id !== id);
    naive.sort((p, q) => Math.abs(q.r) - Math.abs(p.r) || ids.indexOf(p.id) - ids.indexOf(q.id));
    expect(info.partners).toEqual(naive);
    expect(info.similar).toEqual(naive.slice(0, 4));
    expect(info.connections).toEqual(neuronConnections(s.current().mlp, s.current().neuronIds, 0, id, 4));
    const row = Array.from(codes.values.subarray(a * codes.count, (a + 1) * codes.count));
    expect(info.digits.map((d) => d.count)).toEqual(bands.map((b) => b.end - b.start));
    expect(info.digits[1].max).toBe(Math.max(...row.slice(bands[1].start, bands[1].end)));

    // The cheapest pairwise heir: no partner is cheaper.
    expect(info.pair!.preview.removedId).toBe(id);
    expect(info.pair!.preview.heirs.map((h) => h.id)).toEqual([info.pair!.heirId]);
    // (Correlations are single precision: a partner may tie with it up to rounding.)
    for (const p of naive) expect(s.previewUnify(0, id, p.id).cost).toBeGreaterThanOrEqual(info.pair!.preview.cost * (1 - 1e-6));
    // Least squares: every other alive neuron is an heir.
    expect(info.ls!.removedId).toBe(id);
    expect(info.ls!.heirs.map((h) => h.id).sort((x, y) => x - y)).toEqual(ids.filter((x) => x !== id).sort((x, y) => x - y));
    expect(info.ls!.cost).toBe(s.previewRemoveByLeastSquares(0, id).cost);
    expect(info.previewNote).toBeNull();
    // Its history: an heir of each of the three least-squares removals of layer 0 (if any was in layer 0).
    expect(info.history).toEqual(heirHistory(s.appliedRecords(), 0, id));
  });

  it('its history grows when it inherits, and shrinks again on undo', async () => {
    const s = await CompactionSession.create({ model, probe });
    const views = new LayerViewCache(probe.labels, 4);
    let view = views.view(s, 1);
    const [heir, removed] = [view.ids[view.alive[0]], view.ids[view.alive[1]]];
    expect(inspectNeuron(s, view, bands, heir)!.history).toEqual([]);
    const r = s.unify(1, removed, heir);
    view = views.view(s, 1);
    expect(inspectNeuron(s, view, bands, heir)!.history).toEqual([{ step: 1, method: 'pair', removedId: removed, coef: r.heirs[0].coef, heirs: 1, rank: 1 }]);
    expect(inspectNeuron(s, view, bands, removed)).toBeNull();
    s.undo();
    view = views.view(s, 1);
    expect(inspectNeuron(s, view, bands, heir)!.history).toEqual([]);
    expect(inspectNeuron(s, view, bands, removed)).not.toBeNull();
  });
});
