import { randomLcg } from 'd3';
import { describe, expect, it } from 'vitest';
import { selectEdges } from './edges';

/** A symmetric n x n matrix with random entries in [-1, 1] (1 on the diagonal). */
function randomCorrelation(n: number, seed: number): Float32Array {
  const rng = randomLcg(seed);
  const C = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    C[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      // Rounded to two decimals, so ties occur and the tie rule is exercised.
      const r = Math.round((rng() * 2 - 1) * 100) / 100;
      C[i * n + j] = C[j * n + i] = r;
    }
  }
  return C;
}

/** The obvious way: for each node, sort its qualifying partners and keep the first k; the union of those pairs. */
function naiveSelection(C: Float32Array, n: number, thr: number, k: number): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i < n; i++) {
    const partners: { j: number; a: number }[] = [];
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const a = Math.abs(C[Math.min(i, j) * n + Math.max(i, j)]);
      if (a >= thr) partners.push({ j, a });
    }
    partners.sort((p, q) => q.a - p.a || p.j - q.j);
    for (const { j } of partners.slice(0, k)) out.add(`${Math.min(i, j)}:${Math.max(i, j)}`);
  }
  return out;
}

const keysOf = (edges: { i: number; j: number }[]) => new Set(edges.map((e) => `${e.i}:${e.j}`));

describe('selectEdges', () => {
  it("keeps exactly the pairs among either end's strongest k above the threshold", () => {
    for (const [n, seed, thr, k] of [
      [30, 1, 0.6, 3],
      [50, 2, 0.3, 1],
      [41, 3, 0.8, 2],
      [25, 4, 0.5, 5],
    ]) {
      const C = randomCorrelation(n, seed);
      const sel = selectEdges(C, n, { threshold: thr, perNode: k, maxEdges: Infinity });
      expect(keysOf(sel.edges)).toEqual(naiveSelection(C, n, thr, k));
      for (const e of sel.edges) {
        expect(e.i).toBeLessThan(e.j);
        expect(Math.abs(e.r)).toBeGreaterThanOrEqual(thr);
        expect(e.r).toBe(C[e.i * n + e.j]);
      }
    }
  });

  it('gives every node with a qualifying partner at least one edge, and no node more than k of its own choosing', () => {
    const n = 60;
    const C = randomCorrelation(n, 11);
    const k = 3;
    const sel = selectEdges(C, n, { threshold: 0.7, perNode: k, maxEdges: Infinity });
    const degree = new Int32Array(n);
    for (const e of sel.edges) {
      degree[e.i]++;
      degree[e.j]++;
    }
    for (let i = 0; i < n; i++) {
      let partners = 0;
      for (let j = 0; j < n; j++) if (j !== i && Math.abs(C[i * n + j]) >= 0.7) partners++;
      expect(degree[i]).toBeGreaterThanOrEqual(Math.min(1, partners));
      expect(degree[i]).toBeLessThanOrEqual(partners);
    }
    // Far fewer edges than qualifying pairs: at most k per node.
    expect(sel.edges.length).toBeLessThanOrEqual(k * n);
    expect(sel.edges.length).toBeLessThan(sel.qualifying);
  });

  it('breaks ties by index', () => {
    // Six nodes, every pair r = 0.8: each node keeps its two lowest-indexed partners.
    const n = 6;
    const C = new Float32Array(n * n).fill(0.8);
    const sel = selectEdges(C, n, { threshold: 0.6, perNode: 2, maxEdges: Infinity });
    // Node 0 keeps 1, 2; node 1 keeps 0, 2; node 2 keeps 0, 1; nodes 3, 4, 5 keep 0 and 1.
    expect(keysOf(sel.edges)).toEqual(new Set(['0:1', '0:2', '1:2', '0:3', '1:3', '0:4', '1:4', '0:5', '1:5']));
  });

  it('counts the qualifying pairs by |r|, never a non-finite one', () => {
    const n = 4;
    const C = new Float32Array(n * n);
    const set = (i: number, j: number, r: number) => (C[i * n + j] = C[j * n + i] = r);
    set(0, 1, 0.9);
    set(0, 2, -0.7);
    set(1, 2, NaN);
    set(2, 3, 0.59);
    set(1, 3, -0.6);
    const sel = selectEdges(C, n, { threshold: 0.6, perNode: Infinity, maxEdges: Infinity });
    expect(sel.qualifying).toBe(3);
    expect(keysOf(sel.edges)).toEqual(new Set(['0:1', '0:2', '1:3']));
    // Strength: 0 at the threshold, 1 at |r| = 1, linear between.
    const w = new Map(sel.edges.map((e) => [`${e.i}:${e.j}`, e.w]));
    expect(w.get('1:3')).toBeCloseTo(0, 6);
    expect(w.get('0:1')).toBeCloseTo(0.75, 6);
    expect(w.get('0:2')).toBeCloseTo(0.25, 6);
  });

  it('caps the number of edges at the strongest maxEdges', () => {
    const n = 40;
    const C = randomCorrelation(n, 5);
    const sel = selectEdges(C, n, { threshold: 0.5, perNode: Infinity, maxEdges: 25 });
    expect(sel.edges).toHaveLength(25);
    const all: { key: string; a: number }[] = [];
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (Math.abs(C[i * n + j]) >= 0.5) all.push({ key: `${i}:${j}`, a: Math.abs(C[i * n + j]) });
    expect(sel.qualifying).toBe(all.length);
    all.sort((p, q) => q.a - p.a || (p.key < q.key ? -1 : 1));
    const weakestKept = Math.min(...sel.edges.map((e) => Math.abs(e.r)));
    // Everything stronger than the weakest kept edge is kept.
    for (const p of all) if (p.a > weakestKept) expect(keysOf(sel.edges).has(p.key)).toBe(true);
  });

  it('returns the edges ordered by (i, j) and the same selection every time', () => {
    const n = 35;
    const C = randomCorrelation(n, 8);
    const a = selectEdges(C, n, { threshold: 0.6, perNode: 3, maxEdges: 600 });
    const b = selectEdges(C.slice(), n, { threshold: 0.6, perNode: 3, maxEdges: 600 });
    expect(b).toEqual(a);
    for (let q = 1; q < a.edges.length; q++) {
      const p = a.edges[q - 1];
      const e = a.edges[q];
      expect(p.i < e.i || (p.i === e.i && p.j < e.j)).toBe(true);
    }
  });

  it('rejects a matrix of the wrong size', () => {
    expect(() => selectEdges(new Float32Array(8), 3, { threshold: 0.5, perNode: 2, maxEdges: 10 })).toThrow(/expected 3 x 3/);
  });
});
