import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../node/tf-node';
import { randomDataset, tinyMlp } from '../compaction/test-fixtures';
import { makeRng } from '../random';
import type { LayerCodes } from './codes';
import { codeOf, computeCodes, forwardPass } from './codes';
import { addProductRange, addProductTiles, affinePack, affineRange, affineTiles } from './kernels';
import { chooseProbe } from './probe';
import { classOrder, classProfiles, firingPatterns } from './profiles';
import { centredGram, codeStats, correlationMatrix, subGram } from './stats';

function randomCodes(n: number, N: number, seed: number): LayerCodes {
  const rng = makeRng(seed);
  const values = new Float32Array(n * N);
  for (let i = 0; i < values.length; i++) values[i] = rng() < 0.4 ? 0 : rng() * 3;
  return { count: N, width: n, values };
}

function naiveGram(c: LayerCodes): Float64Array {
  const { count: N, width: n } = c;
  const mu = Array.from({ length: n }, (_, i) => codeOf(c, i).reduce((a, b) => a + b, 0) / N);
  const S = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let t = 0; t < N; t++) s += (c.values[i * N + t] - mu[i]) * (c.values[j * N + t] - mu[j]);
      S[i * n + j] = s;
    }
  return S;
}

describe('code statistics', () => {
  const c = randomCodes(11, 37, 3);
  c.values.fill(0.25, 4 * 37, 5 * 37); // neuron 4 is constant
  c.values.fill(0, 7 * 37, 8 * 37); // neuron 7 is dead

  it('finds constant codes and their exact value', () => {
    const st = codeStats(c);
    expect(Array.from(st.constant)).toEqual([0, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0]);
    expect(st.mean[4]).toBe(Math.fround(0.25));
    expect(st.variance[4]).toBe(0);
    expect(st.variance[0]).toBeGreaterThan(0);
  });

  it('computes the centred Gram matrix like the textbook loop (sizes not a multiple of 4)', () => {
    const st = codeStats(c);
    const g = centredGram(c, st);
    const ref = naiveGram(c);
    for (let i = 0; i < ref.length; i++) expect(g.S[i]).toBeCloseTo(ref[i], 4);
    for (let j = 0; j < 11; j++) expect(g.S[4 * 11 + j]).toBe(0); // constant: exactly zero row
  });

  it('takes sub-matrices and Gram matrices of neuron subsets consistently', () => {
    const st = codeStats(c);
    const full = centredGram(c, st);
    const idx = Int32Array.of(1, 2, 5, 9, 10);
    const part = centredGram(c, st, idx);
    const sub = subGram(full, idx);
    for (let i = 0; i < part.S.length; i++) expect(sub.S[i]).toBeCloseTo(part.S[i], 9);
    expect(() => subGram(part, Int32Array.of(3))).toThrow(/not in the Gram/);
  });

  it('gives Pearson correlations in [-1, 1], 1 on the diagonal, 0 for constant codes', () => {
    const r = correlationMatrix(c);
    for (let i = 0; i < 11; i++) {
      expect(r[i * 11 + i]).toBeCloseTo(i === 4 || i === 7 ? 0 : 1, 6);
      for (let j = 0; j < 11; j++) {
        expect(Math.abs(r[i * 11 + j])).toBeLessThanOrEqual(1 + 1e-6);
        expect(r[i * 11 + j]).toBeCloseTo(r[j * 11 + i], 6);
      }
    }
    const twin: LayerCodes = { count: 4, width: 2, values: Float32Array.of(1, 2, 3, 4, 9, 7, 5, 3) };
    expect(correlationMatrix(twin)[1]).toBeCloseTo(-1, 6);
  });
});

describe('class profiles, firing patterns, class order', () => {
  const c: LayerCodes = { count: 5, width: 2, values: Float32Array.of(1, 0, 3, 0, 5, 0, 2, 0, 4, 0) };
  const labels = Uint8Array.of(0, 1, 0, 2, 1);

  it('averages outputs per class (empty classes give 0)', () => {
    const p = classProfiles(c, labels, 4);
    expect(Array.from(p)).toEqual([2, 2.5, 0, 0, 0, 1, 4, 0]);
  });

  it('marks outputs > 0 and firing rates', () => {
    const f = firingPatterns(c);
    expect(Array.from(f.fires)).toEqual([1, 0, 1, 0, 1, 0, 1, 0, 1, 0]);
    expect(Array.from(f.rate)).toEqual([0.6, 0.4]);
  });

  it('groups samples by class, stable inside a class', () => {
    expect(Array.from(classOrder(labels, 3))).toEqual([0, 2, 1, 4, 3]);
  });
});

describe('probe set and codes', () => {
  beforeAll(async () => {
    await initNodeBackend('cpu');
  });

  it('chooses a seeded, duplicate-free subset', () => {
    const d = randomDataset(50, 1);
    const a = chooseProbe(d, 20, 7);
    const b = chooseProbe(d, 20, 7);
    const c = chooseProbe(d, 20, 8);
    expect(Array.from(a.indices)).toEqual(Array.from(b.indices));
    expect(Array.from(a.indices)).not.toEqual(Array.from(c.indices));
    expect(new Set(a.indices).size).toBe(20);
    expect(a.data.count).toBe(20);
    expect(a.data.labels[3]).toBe(d.labels[a.indices[3]]);
    expect(chooseProbe(d, 500).data.count).toBe(50);
    expect(() => chooseProbe(d, 0)).toThrow();
  });

  it('computes codes of every hidden layer that match a plain forward pass, without leaking tensors', async () => {
    const m = tinyMlp([5, 4], 3);
    const d = randomDataset(1003, 2); // more than one chunk
    const before = tf.memory().numTensors;
    const codes = await computeCodes(m, d);
    expect(tf.memory().numTensors).toBe(before);
    expect(codes.map((c) => c.width)).toEqual([5, 4]);
    for (const s of [0, 999, 1002]) {
      const x = Array.from(d.pixels.subarray(s * 6, s * 6 + 6), (p) => p / 255);
      const h0 = Array.from({ length: 5 }, (_, j) => Math.max(0, m.layers[0].b[j] + x.reduce((a, v, r) => a + v * m.layers[0].W[r * 5 + j], 0)));
      for (let j = 0; j < 5; j++) expect(codes[0].values[j * d.count + s]).toBeCloseTo(h0[j], 5);
      const h1 = Array.from({ length: 4 }, (_, j) => Math.max(0, m.layers[1].b[j] + h0.reduce((a, v, r) => a + v * m.layers[1].W[r * 4 + j], 0)));
      for (let j = 0; j < 4; j++) expect(codes[1].values[j * d.count + s]).toBeCloseTo(h1[j], 5);
    }
  });
});

describe('affine kernel', () => {
  it('computes Z = X W + b over a subset of inputs (edges not multiples of 4)', () => {
    const rng = makeRng(5);
    const N = 7, nIn = 6, m = 5;
    const X = Float32Array.from({ length: nIn * N }, () => rng() - 0.5);
    const W = Float32Array.from({ length: nIn * m }, () => rng() - 0.5);
    const b = Float32Array.from({ length: m }, () => rng());
    const rows = Int32Array.of(0, 2, 3, 5);
    const Z = new Float64Array(N * m);
    affineTiles(X, N, rows, W, b, m, Z);
    for (let s = 0; s < N; s++)
      for (let c = 0; c < m; c++) {
        let z = b[c];
        for (const r of rows) z += X[r * N + s] * W[r * m + c];
        expect(Z[s * m + c]).toBeCloseTo(z, 12);
      }
  });
});

describe('product kernel', () => {
  it('adds R V to Z (edges not multiples of 4)', () => {
    const rng = makeRng(6);
    const N = 9, k = 3, m = 7;
    const R = Float64Array.from({ length: N * k }, () => rng() - 0.5);
    const V = Float32Array.from({ length: k * m }, () => rng() - 0.5);
    const Z = Float64Array.from({ length: N * m }, () => rng());
    const want = Z.slice();
    for (let s = 0; s < N; s++) for (let c = 0; c < m; c++) for (let q = 0; q < k; q++) want[s * m + c] += R[s * k + q] * V[q * m + c];
    addProductTiles(R, N, k, V, m, Z);
    want.forEach((v, i) => expect(Z[i]).toBeCloseTo(v, 12));
  });
});

describe('kernels by ranges of samples', () => {
  it('give the bits of one call over all samples, whatever the ranges', () => {
    const rng = makeRng(8);
    const N = 23, nIn = 9, m = 11, k = 5;
    const X = Float32Array.from({ length: nIn * N }, () => rng() - 0.5);
    const W = Float32Array.from({ length: nIn * m }, () => rng() - 0.5);
    const b = Float32Array.from({ length: m }, () => rng());
    const rows = Int32Array.of(0, 1, 3, 4, 7, 8);
    const whole = new Float64Array(N * m);
    affineTiles(X, N, rows, W, b, m, whole);
    const R = Float64Array.from({ length: N * k }, () => rng() - 0.5);
    const V = Float32Array.from({ length: k * m }, () => rng() - 0.5);
    const sum = whole.slice();
    addProductTiles(R, N, k, V, m, sum);
    const bits = (z: Float64Array) => Array.from(new Uint32Array(z.buffer));
    for (const cuts of [[0, 4, 8, 23], [0, 3, 10, 11, 23], [0, 1, 2, 3, 4, 5, 6, 7, 21, 23]]) {
      const pack = affinePack(rows, W, b, m);
      const z = new Float64Array(N * m);
      for (let i = 0; i + 1 < cuts.length; i++) affineRange(X, N, pack, z, cuts[i], cuts[i + 1]);
      expect(bits(z)).toEqual(bits(whole));
      for (let i = cuts.length - 2; i >= 0; i--) addProductRange(R, k, V, m, z, cuts[i], cuts[i + 1]);
      expect(bits(z)).toEqual(bits(sum));
    }
  });
});

describe('forwardPass in chunks', () => {
  it('gives bit-identical outputs whatever the chunk size, yielding between chunks or not', async () => {
    for (const backend of ['cpu', 'wasm'] as const) {
      await initNodeBackend(backend);
      const m = tinyMlp([24, 12], 4, 'relu', 36, 5);
      const d = randomDataset(700, 9, 6, 6, 5);
      const bits = (a: Awaited<ReturnType<typeof forwardPass>>) => [...a.pre, ...a.codes.map((c) => c.values)].map((x) => Array.from(new Uint32Array(x.slice().buffer)));
      const whole = bits(await forwardPass(m, d));
      expect(bits(await forwardPass(m, d, undefined, true, { chunk: 250, yieldBetween: true }))).toEqual(whole);
      expect(bits(await forwardPass(m, d, undefined, true, { chunk: 97 }))).toEqual(whole);
    }
    await initNodeBackend('cpu');
  });
});

