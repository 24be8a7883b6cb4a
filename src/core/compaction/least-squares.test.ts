import { describe, expect, it } from 'vitest';
import type { LayerCodes } from '../coding/codes';
import { centredGram, codeStats, subGram } from '../coding/stats';
import { makeRng } from '../random';
import { spdInverse } from './linalg';
import { LsLayer, RIDGE } from './ls-layer';
import { PairTable } from './pair-table';
import { pairResiduals } from './unification';

function randomCodes(n: number, N: number, seed: number): LayerCodes {
  const rng = makeRng(seed);
  const values = new Float32Array(n * N);
  for (let i = 0; i < values.length; i++) values[i] = Math.max(0, rng() - 0.3);
  return { count: N, width: n, values };
}

describe('spdInverse', () => {
  it('inverts a symmetric positive definite matrix', () => {
    const c = randomCodes(9, 40, 1);
    const g = centredGram(c, codeStats(c));
    const P = spdInverse(g.S, 9)!;
    for (let i = 0; i < 9; i++)
      for (let j = 0; j < 9; j++) {
        let s = 0;
        for (let t = 0; t < 9; t++) s += g.S[i * 9 + t] * P[t * 9 + j];
        expect(s).toBeCloseTo(i === j ? 1 : 0, 9);
      }
  });

  it('refuses a singular matrix', () => {
    expect(spdInverse(Float64Array.of(1, 1, 1, 1), 2)).toBeNull();
  });
});

describe('least-squares layer', () => {
  it('after rank-one downdates agrees with a fresh inverse of the survivors', () => {
    const c = randomCodes(30, 200, 2);
    const st = codeStats(c);
    const g = centredGram(c, st);
    const ls = LsLayer.build(g, st);
    const removed = [7, 0, 29, 13, 14, 3, 22, 8, 19, 1, 25, 11];
    for (const j of removed) ls.remove(j);
    const keep = Int32Array.from({ length: 30 }, (_, i) => i).filter((i) => !removed.includes(i));
    expect(Array.from(ls.positions())).toEqual(Array.from(keep));
    const sub = subGram(g, keep);
    for (let a = 0; a < sub.k; a++) sub.S[a * sub.k + a] += ls.lambda; // same ridge as at build time
    const fresh = spdInverse(sub.S, sub.k)!;
    const down = ls.inverse();
    let worst = 0;
    let scale = 0;
    for (let i = 0; i < fresh.length; i++) {
      worst = Math.max(worst, Math.abs(fresh[i] - down[i]));
      scale = Math.max(scale, Math.abs(fresh[i]));
    }
    expect(worst / scale).toBeLessThan(1e-9);
  });

  it('gives the least-squares coefficients and residual of emulating j by the survivors', () => {
    const c = randomCodes(6, 80, 3);
    const st = codeStats(c);
    const ls = LsLayer.build(centredGram(c, st), st);
    ls.remove(2);
    const sol = ls.solve(4);
    expect(Array.from(sol.heirs)).toEqual([0, 1, 3, 5]);
    // Residual of the fit on the probe set equals RSS (up to the tiny ridge) and is orthogonal to every survivor.
    const N = 80;
    const res = new Float64Array(N);
    for (let s = 0; s < N; s++) {
      let v = c.values[4 * N + s] - sol.c0;
      sol.heirs.forEach((h, k) => (v -= sol.coefs[k] * c.values[h * N + s]));
      res[s] = v;
    }
    const rss = res.reduce((a, v) => a + v * v, 0);
    expect(rss).toBeCloseTo(sol.rss, 4);
    expect(Math.abs(res.reduce((a, v) => a + v, 0))).toBeLessThan(1e-6);
    for (const h of sol.heirs) {
      let dot = 0;
      for (let s = 0; s < N; s++) dot += res[s] * (c.values[h * N + s] - st.mean[h]);
      expect(Math.abs(dot)).toBeLessThan(1e-3 * Math.sqrt(rss));
    }
    expect(ls.lambda).toBeCloseTo((RIDGE * Array.from({ length: 6 }, (_, a) => centredGram(c, st).S[a * 7]).reduce((x, y) => x + y)) / 6, 12);
  });

  it('gives a constant neuron zero residual and no heirs; its value moves into the bias', () => {
    const c = randomCodes(5, 50, 4);
    c.values.fill(0.5, 2 * 50, 3 * 50);
    const st = codeStats(c);
    const ls = LsLayer.build(centredGram(c, st), st);
    const sol = ls.solve(2);
    expect(sol.rss).toBe(0);
    expect(sol.heirs.length).toBe(0);
    expect(sol.c0).toBe(0.5);
  });
});

describe('pair table', () => {
  it('keeps every neuron best heir equal to a fresh scan while neurons are removed', () => {
    const c = randomCodes(25, 60, 5);
    const st = codeStats(c);
    const g = centredGram(c, st);
    const t = new PairTable(g.idx, pairResiduals(g));
    const rng = makeRng(9);
    const alive = new Set(Array.from({ length: 25 }, (_, i) => i));
    for (let step = 0; step < 20; step++) {
      const list = [...alive];
      const j = list[Math.floor(rng() * list.length)];
      t.remove(j);
      alive.delete(j);
      const fresh = new PairTable(Int32Array.from([...alive].sort((a, b) => a - b)), pairResiduals(subGram(g, Int32Array.from([...alive].sort((a, b) => a - b)))));
      const got: number[][] = [];
      const want: number[][] = [];
      t.forEach((p, h, d) => got.push([p, h, d]));
      fresh.forEach((p, h, d) => want.push([p, h, d]));
      expect(got).toEqual(want);
    }
  });

  it('computes RSS(j|i) = S_jj - S_ij^2 / S_ii, zero for an affine copy', () => {
    const N = 30;
    const c = randomCodes(3, N, 6);
    for (let s = 0; s < N; s++) c.values[2 * N + s] = 2 * c.values[s] + 1;
    const g = centredGram(c, codeStats(c));
    const D = pairResiduals(g);
    expect(D[2 * 3 + 0]).toBeLessThan(1e-9 * g.S[2 * 3 + 2]);
    const S = g.S;
    expect(D[1 * 3 + 0]).toBeCloseTo(S[4] - (S[3] * S[3]) / S[0], 9);
  });
});
