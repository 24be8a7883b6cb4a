/**
 * Small hand-made networks and data sets for the engine's tests (not used by
 * the app). Everything is seeded.
 */
import type { Dataset } from '../data/dataset';
import type { Mlp } from '../model/mlp';
import { initMlp } from '../model/mlp';
import type { Activation } from '../model/spec';
import { makeRng } from '../random';

/** Random images of rows x cols pixels (uint8) with random labels. */
export function randomDataset(count: number, seed: number, rows = 2, cols = 3, numClasses = 3, maxPixel = 255): Dataset {
  const rng = makeRng(seed);
  const pixels = new Uint8Array(count * rows * cols);
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.floor(rng() * (maxPixel + 1));
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) labels[i] = Math.floor(rng() * numClasses);
  return { count, rows, cols, numClasses, labels, pixels, name: `random ${count}` };
}

export function tinyMlp(hidden: number[], seed: number, activation: Activation = 'relu', inputSize = 6, numClasses = 3): Mlp {
  return initMlp({ inputSize, hidden, numClasses, activation }, seed);
}

/** Sets hidden neuron j of dense layer k: incoming column and bias. */
export function setNeuron(m: Mlp, k: number, j: number, w: ArrayLike<number>, b: number): void {
  const L = m.layers[k];
  for (let r = 0; r < L.inSize; r++) L.W[r * L.outSize + j] = w[r];
  L.b[j] = b;
}

export function incoming(m: Mlp, k: number, j: number): number[] {
  const L = m.layers[k];
  return Array.from({ length: L.inSize }, (_, r) => L.W[r * L.outSize + j]);
}

/** Makes every weight and bias of the network non-negative (with non-negative inputs, ReLU is then linear). */
export function makePositive(m: Mlp): void {
  for (const L of m.layers) {
    for (let i = 0; i < L.W.length; i++) L.W[i] = Math.abs(L.W[i]);
    for (let i = 0; i < L.b.length; i++) L.b[i] = Math.abs(L.b[i]) + 0.01;
  }
}

/** Logits of every sample by a plain double-precision forward pass (no tfjs). */
export function logits(m: Mlp, d: Dataset): Float64Array[] {
  const f = d.rows * d.cols;
  const out: Float64Array[] = [];
  for (let s = 0; s < d.count; s++) {
    let a: Float64Array = Float64Array.from(d.pixels.subarray(s * f, (s + 1) * f), (p) => p / 255);
    m.layers.forEach((L, k) => {
      const z = Float64Array.from(L.b);
      for (let r = 0; r < L.inSize; r++) for (let c = 0; c < L.outSize; c++) z[c] += a[r] * L.W[r * L.outSize + c];
      const last = k === m.layers.length - 1;
      a = last ? z : z.map((v) => (m.spec.activation === 'relu' ? Math.max(0, v) : m.spec.activation === 'tanh' ? Math.tanh(v) : 1 / (1 + Math.exp(-v))));
    });
    out.push(a);
  }
  return out;
}

/** Largest absolute difference between two sets of logits, relative to the largest logit magnitude. */
export function maxRelDiff(a: Float64Array[], b: Float64Array[]): number {
  let d = 0;
  let scale = 1e-12;
  a.forEach((row, s) =>
    row.forEach((v, k) => {
      d = Math.max(d, Math.abs(v - b[s][k]));
      scale = Math.max(scale, Math.abs(v));
    }),
  );
  return d / scale;
}

/** Bit patterns of all weights (for exact comparisons). */
export function weightBits(m: Mlp): Uint32Array[] {
  return m.layers.flatMap((L) => [new Uint32Array(L.W.slice().buffer), new Uint32Array(L.b.slice().buffer)]);
}
