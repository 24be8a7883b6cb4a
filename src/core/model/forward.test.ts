import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../node/tf-node';
import { forwardPass } from '../coding/codes';
import { affineTiles } from '../coding/kernels';
import { logits as logits64, randomDataset, tinyMlp } from '../compaction/test-fixtures';
import type { Dataset } from '../data/dataset';
import { activation, denseRows, evaluateAccuracy, forwardRows, predictClasses } from './forward';
import type { Mlp } from './mlp';
import { ACTIVATIONS, type Activation } from './spec';
import { inputsTensor } from './to-tf';

const bits = (xs: Float32Array[]) => xs.map((x) => Array.from(new Uint32Array(x.slice().buffer)));
const all = (a: Awaited<ReturnType<typeof forwardPass>>) => bits([...a.pre, ...a.codes.map((c) => c.values)]);

/** A network on 6x6 images with 5 classes, and images that are 80% zeros like MNIST's. */
function setting(act: Activation, seed: number): { m: Mlp; d: Dataset } {
  const m = tinyMlp([24, 12], seed, act, 36, 5);
  m.layers.forEach((l, k) => l.b.forEach((_, i) => (l.b[i] = ((i * 7 + k * 3) % 11) / 20 - 0.25)));
  const d = randomDataset(700, seed + 1, 6, 6, 5);
  d.pixels.forEach((p, i) => (d.pixels[i] = (i * 2654435761) % 5 === 0 ? p : 0));
  return { m, d };
}

/** tfjs's forward pass of the same network (pre-activations and hidden outputs, sample-major). */
function tfForward(m: Mlp, d: Dataset): Float32Array[] {
  return tf.tidy(() => {
    let a: tf.Tensor = inputsTensor(d);
    const out: tf.Tensor[] = [];
    m.layers.forEach((l, k) => {
      const z = tf.add(tf.matMul(a as tf.Tensor2D, tf.tensor2d(l.W, [l.inSize, l.outSize])), tf.tensor1d(l.b));
      out.push(z);
      if (k < m.layers.length - 1) {
        a = m.spec.activation === 'relu' ? tf.relu(z) : m.spec.activation === 'sigmoid' ? tf.sigmoid(z) : tf.tanh(z);
        out.push(a);
      }
    });
    return out.map((t) => t.dataSync() as Float32Array);
  });
}

afterAll(async () => {
  await initNodeBackend('wasm');
});

describe('the inference forward pass (plain JavaScript)', () => {
  for (const act of ACTIVATIONS) {
    it(`agrees with tfjs to float32 rounding (${act}, cpu and wasm backends)`, async () => {
      const { m, d } = setting(act, 3);
      const r = forwardRows(m, d, 0, d.count);
      const ours = [r.pre[0], r.out[0], r.pre[1], r.out[1], r.pre[2]];
      for (const backend of ['cpu', 'wasm'] as const) {
        await initNodeBackend(backend);
        const theirs = tfForward(m, d);
        theirs.forEach((t, i) => {
          let scale = 0;
          t.forEach((v) => (scale = Math.max(scale, Math.abs(v))));
          expect(scale).toBeGreaterThan(0.1);
          t.forEach((v, j) => expect(Math.abs(ours[i][j] - v)).toBeLessThanOrEqual(1e-6 * scale));
        });
      }
      // And with a float64 reference, to float32 rounding.
      const want = logits64(m, d);
      want.forEach((z, s) => z.forEach((v, c) => expect(Math.abs(r.pre[2][s * 5 + c] - v)).toBeLessThanOrEqual(1e-6 * (1 + Math.abs(v)))));
    });
  }

  it('is bit-identical whatever the chunk and whichever tfjs backend is active', async () => {
    for (const act of ACTIVATIONS) {
      const { m, d } = setting(act, 4);
      await initNodeBackend('cpu');
      const whole = all(await forwardPass(m, d, undefined, true, { chunk: d.count }));
      expect(all(await forwardPass(m, d, undefined, true, { chunk: 97, yieldBetween: true }))).toEqual(whole);
      expect(all(await forwardPass(m, d, undefined, true, { chunk: 1 }))).toEqual(whole);
      await initNodeBackend('wasm');
      expect(all(await forwardPass(m, d))).toEqual(whole);
    }
  });

  it("gives the bits the compaction engine's affine kernel recomputes (same summation order)", async () => {
    for (const act of ACTIVATIONS) {
      const { m, d } = setting(act, 5);
      const a = await forwardPass(m, d);
      const N = d.count;
      // Layers 1 and 2 from layer 0's codes (neuron-major), as ActivationCache.recompute does.
      for (let l = 1; l < m.layers.length; l++) {
        const { inSize, outSize, W, b } = m.layers[l];
        const Z = new Float64Array(N * outSize);
        affineTiles(a.codes[l - 1].values, N, Int32Array.from({ length: inSize }, (_, i) => i), W, b, outSize, Z);
        expect(bits([a.pre[l]])).toEqual(bits([Float32Array.from(Z)]));
        // Before rounding, too: the same float64 sums (rounding to float32 would hide most differences of order).
        const Xs = new Float32Array(N * inSize);
        for (let s = 0; s < N; s++) for (let i = 0; i < inSize; i++) Xs[s * inSize + i] = a.codes[l - 1].values[i * N + s];
        const Z2 = new Float64Array(N * outSize);
        denseRows(Xs, N, inSize, W, b, outSize, Z2);
        expect(Array.from(Z2)).toEqual(Array.from(Z));
        if (l < m.layers.length - 1) {
          const X = new Float32Array(N * outSize);
          for (let s = 0; s < N; s++) for (let k = 0; k < outSize; k++) X[k * N + s] = activation(Z[s * outSize + k], act);
          expect(bits([a.codes[l].values])).toEqual(bits([X]));
        }
      }
    }
  });

  it('predicts the argmax of its logits, in any chunk, and scores accuracy from it', async () => {
    const { m, d } = setting('tanh', 6);
    const logits = forwardRows(m, d, 0, d.count).pre[2];
    const pred = await predictClasses(m, d, { chunk: 64 });
    expect(Array.from(await predictClasses(m, d, { chunk: 1000, yieldBetween: false }))).toEqual(Array.from(pred));
    let ok = 0;
    for (let s = 0; s < d.count; s++) {
      const row = Array.from(logits.subarray(s * 5, s * 5 + 5));
      expect(pred[s]).toBe(row.indexOf(Math.max(...row)));
      if (pred[s] === d.labels[s]) ok++;
    }
    expect(new Set(pred).size).toBeGreaterThan(1);
    expect(await evaluateAccuracy(m, d)).toBe(ok / d.count);
    expect(() => forwardRows(tinyMlp([3], 1), d, 0, 1)).toThrow(/inputs/);
  });
});
