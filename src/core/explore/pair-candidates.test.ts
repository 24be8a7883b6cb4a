import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../node/tf-node';
import { CompactionSession } from '../compaction';
import { randomDataset, tinyMlp } from '../compaction/test-fixtures';
import { makeRng } from '../random';
import { inspectNeuron } from './inspect';
import { LayerViewCache } from './layer-view';
import { bestPartners, candidatePairs, correlatedPairs, sortPairs } from './pair-candidates';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

/** A symmetric m x m matrix with 1 on the diagonal, values on a coarse grid (ties), some NaN. */
function randomCorrelation(m: number, seed: number): Float32Array {
  const rng = makeRng(seed);
  const c = new Float32Array(m * m);
  for (let a = 0; a < m; a++) {
    c[a * m + a] = 1;
    for (let b = a + 1; b < m; b++) {
      const v = rng() < 0.05 ? NaN : Math.round((rng() * 2 - 1) * 10) / 10;
      c[a * m + b] = v;
      c[b * m + a] = v;
    }
  }
  return c;
}
const mag = (r: number) => (Number.isFinite(r) ? Math.abs(r) : 0);

describe('correlatedPairs and bestPartners', () => {
  it('agree with a naive sort of every pair', () => {
    for (const [m, seed, k] of [
      [12, 1, 7],
      [30, 2, 25],
      [5, 3, 40],
    ]) {
      const c = randomCorrelation(m, seed);
      const all: { a: number; b: number; r: number }[] = [];
      for (let a = 0; a < m; a++) for (let b = a + 1; b < m; b++) all.push({ a, b, r: c[a * m + b] });
      all.sort((p, q) => mag(q.r) - mag(p.r) || p.a - q.a || p.b - q.b);
      expect(correlatedPairs(c, m, k)).toEqual(all.slice(0, k));
      const partners = bestPartners(c, m);
      for (let a = 0; a < m; a++) {
        const others = Array.from({ length: m }, (_, b) => b).filter((b) => b !== a);
        others.sort((p, q) => mag(c[a * m + q]) - mag(c[a * m + p]) || p - q);
        expect(partners[a]).toBe(others[0]);
      }
    }
    expect(Array.from(bestPartners(new Float32Array([1]), 1))).toEqual([-1]);
  });
});

describe('sortPairs', () => {
  const row = (removedId: number, heirId: number, cost: number, r: number | null, saved: number) => ({ layer: 0, removedId, heirId, cost, r, saved });
  const rows = [row(1, 2, 0.5, 0.9, 10), row(3, 4, 0.1, -0.95, 10), row(5, 6, 0.1, 0.2, 20), row(7, 8, 0.3, null, 20)];
  it('sorts by cost, by |r| and by saved parameters, ties by cost then ids', () => {
    expect(sortPairs(rows, 'cost').map((r) => r.removedId)).toEqual([3, 5, 7, 1]);
    expect(sortPairs(rows, 'correlation').map((r) => r.removedId)).toEqual([3, 1, 5, 7]);
    expect(sortPairs(rows, 'saved').map((r) => r.removedId)).toEqual([5, 7, 3, 1]);
    expect(rows.map((r) => r.removedId)).toEqual([1, 3, 5, 7]); // the input is left as it was
  });
});

describe('candidatePairs', () => {
  const probe = randomDataset(200, 61, 4, 4, 4);
  const model = tinyMlp([18, 11], 9, 'relu', 16, 4);

  async function setUp() {
    const s = await CompactionSession.create({ model, probe });
    s.steps('ls', 2);
    const views = new LayerViewCache(probe.labels, 4);
    return { s, views };
  }

  it('pairwise: the cheapest rows are the engine’s cheapest pairwise unifications of the layer', async () => {
    // A wider layer than the list previews (40 neurons, 15 previewed for 5 rows): the ranking before the engine's previews must hold.
    const s = await CompactionSession.create({ model: tinyMlp([40, 11], 4, 'relu', 16, 4), probe });
    s.steps('ls', 2);
    const views = new LayerViewCache(probe.labels, 4);
    const view = views.view(s, 0);
    const ids = Array.from(view.alive, (p) => view.ids[p]);
    const next = s.preview('pair', { layer: 0 });
    const version = s.version;
    const c = candidatePairs(s, view, 'pair', next, { k: 5 });
    expect(s.version).toBe(version);
    expect(ids.length).toBeGreaterThan(30);
    expect(c.next).toHaveLength(5);
    // Every ordered pair, previewed by the engine: the list's costs are the five smallest of the per-neuron minima.
    const minima = ids.map((j) => Math.min(...ids.filter((i) => i !== j).map((i) => s.previewUnify(0, j, i).cost))).sort((x, y) => x - y);
    expect(c.next.map((r) => r.cost)).toEqual(minima.slice(0, 5));
    expect(c.next[0].cost).toBe(next!.cost);
    expect(c.next[0].next).toBe(true);
    expect(c.next.filter((r) => r.next)).toHaveLength(1);
    for (const r of c.next) {
      expect(r.kind).toBe('pair');
      expect(r.preview).toEqual(s.previewUnify(0, r.removedId, r.heirId!));
      expect(r.saved).toBe(s.params() - r.paramsAfter);
      expect(r.coef).toBe(r.preview.heirs[0].coef);
    }
  });

  it('least squares: one row per removal, the cheapest first; the engine’s next step in another layer comes on top', async () => {
    const { s, views } = await setUp();
    const view = views.view(s, 1);
    const ids = Array.from(view.alive, (p) => view.ids[p]);
    const inLayer = s.preview('ls', { layer: 1 })!;
    const c = candidatePairs(s, view, 'ls', inLayer, { k: 4 });
    const costs = ids.map((j) => s.previewRemoveByLeastSquares(1, j).cost).sort((x, y) => x - y);
    expect(c.next.map((r) => r.cost)).toEqual(costs.slice(0, 4));
    expect(c.next[0]).toMatchObject({ kind: 'ls', removedId: inLayer.removedId, next: true, heirCount: ids.length - 1 });
    // The next step elsewhere (layer 0) is listed first, marked, without a correlation (the view shows layer 1).
    const other = s.preview('ls', { layer: 0 })!;
    const d = candidatePairs(s, view, 'ls', other, { k: 4 });
    expect(d.next).toHaveLength(5);
    expect(d.next[0]).toMatchObject({ kind: 'ls', layer: 0, removedId: other.removedId, next: true, r: null });
    expect(d.next.slice(1).map((r) => r.cost)).toEqual(costs.slice(0, 4));
  });

  it('a baseline’s next step is a row of its own; the correlated pairs are the most correlated, each in its cheaper direction', async () => {
    const { s, views } = await setUp();
    const view = views.view(s, 0);
    const m = view.alive.length;
    const next = s.preview('magnitude')!;
    const c = candidatePairs(s, view, 'magnitude', next, { k: 6 });
    expect(c.next[0]).toMatchObject({ kind: 'step', method: 'magnitude', removedId: next.removedId, next: true, heirCount: 0, heirId: null });
    expect(c.next.slice(1).every((r) => r.kind === 'pair' && !r.next)).toBe(true);
    const top = correlatedPairs(view.correlation, m, 6);
    expect(c.correlated.map((r) => r.r)).toEqual(top.map((p) => p.r));
    c.correlated.forEach((row, q) => {
      const [x, y] = [view.ids[view.alive[top[q].a]], view.ids[view.alive[top[q].b]]];
      expect([row.removedId, row.heirId].sort()).toEqual([x, y].sort());
      const costs = [s.previewUnify(0, x, y).cost, s.previewUnify(0, y, x).cost];
      expect(row.cost).toBe(Math.min(...costs));
    });
  });

  it('reading the candidates and inspecting neurons after every step changes none of the steps', async () => {
    const deep = tinyMlp([20, 14, 9], 5, 'relu', 16, 4);
    const plain = await CompactionSession.create({ model: deep, probe });
    const watched = await CompactionSession.create({ model: deep, probe });
    const views = new LayerViewCache(probe.labels, 4);
    const bands = [{ label: 'all', start: 0, end: probe.count }];
    const look = (method: 'pair' | 'ls') => {
      for (let l = 0; l < 3; l++) {
        const view = views.view(watched, l);
        candidatePairs(watched, view, method, watched.preview(method), { k: 4 });
        inspectNeuron(watched, view, bands, view.ids[view.alive[0]]);
      }
    };
    for (const method of ['ls', 'pair', 'ls', 'pair'] as const) {
      for (let k = 0; k < 5; k++) {
        look(method);
        expect(watched.step(method)).toEqual(plain.step(method));
      }
    }
    expect(watched.current()).toEqual(plain.current());
  });
});
