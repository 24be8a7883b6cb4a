import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../node/tf-node';
import { initMlp, type Mlp } from '../model/mlp';
import { ACTIVATIONS, type Activation } from '../model/spec';
import { makeRng } from '../random';
import { autoGradients, crossEntropy, handGradients } from './graph';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

/** A small MLP with random biases, a batch of inputs in [0, 1] (a third of them 0) and random labels. */
function problem(activation: Activation, seed: number) {
  const mlp = initMlp({ inputSize: 12, hidden: [7, 5], numClasses: 4, activation }, seed);
  const rng = makeRng(seed + 100);
  for (const l of mlp.layers) for (let i = 0; i < l.b.length; i++) l.b[i] = rng() - 0.5;
  const m = 9;
  const x = Float32Array.from({ length: m * 12 }, () => (rng() < 0.33 ? 0 : rng()));
  const labels = Int32Array.from({ length: m }, () => Math.floor(rng() * 4));
  return { mlp, m, x, labels };
}

/** Largest |a - b| relative to the largest |b|: 0 when equal, about 2 when a = -b. */
function relErr(a: Float32Array, b: Float32Array): number {
  let d = 0;
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  return d / s;
}

/** The loss and the gradients (W0, b0, W1, b1, ...) both ways, read back. */
function bothWays(mlp: Mlp, xv: Float32Array, labels: Int32Array, m: number, explicitTranspose: boolean) {
  const vars = tf.tidy(() => mlp.layers.map((l) => ({ W: tf.variable(tf.tensor2d(l.W, [l.inSize, l.outSize])), b: tf.variable(tf.tensor1d(l.b)) })));
  try {
    const read = (ts: tf.Tensor[]) => ts.map((t) => t.dataSync() as Float32Array);
    const x = tf.tensor2d(xv, [m, 12]);
    const y = tf.tidy(() => tf.oneHot(tf.tensor1d(labels, 'int32'), 4).toFloat()) as tf.Tensor2D;
    const params = vars.map((v) => ({ W: v.W as tf.Tensor2D, b: v.b as tf.Tensor1D }));
    const hand = tf.tidy(() => {
      const g = handGradients(params, x, y, mlp.spec.activation, explicitTranspose);
      return [g.loss, g.logits, ...g.grads];
    });
    const auto = tf.tidy(() => {
      const g = autoGradients(vars, x, y, mlp.spec.activation);
      return [g.loss, g.logits, ...g.grads];
    });
    const out = { hand: read(hand), auto: read(auto) };
    tf.dispose([x, y, ...hand, ...auto]);
    return out;
  } finally {
    vars.forEach((v) => tf.dispose([v.W, v.b]));
  }
}

/** The loss in float64 from the logits: mean over rows of logsumexp(z) - z[label]. */
function crossEntropy64(logits: Float32Array, labels: Int32Array, C: number): number {
  let sum = 0;
  for (let s = 0; s < labels.length; s++) {
    const z = Array.from(logits.subarray(s * C, (s + 1) * C));
    const mx = Math.max(...z);
    sum += mx + Math.log(z.reduce((a, v) => a + Math.exp(v - mx), 0)) - z[labels[s]];
  }
  return sum / labels.length;
}

describe('gradient check: the hand-written backward pass against tfjs autodiff (tf.variableGrads)', () => {
  for (const activation of ACTIVATIONS) {
    for (const explicitTranspose of [true, false]) {
      it(`agrees for ${activation} (${explicitTranspose ? 'explicit transposes' : 'matMul flags'}) on every layer`, () => {
        const before = tf.memory().numTensors;
        const { mlp, m, x, labels } = problem(activation, 3);
        const { hand, auto } = bothWays(mlp, x, labels, m, explicitTranspose);
        expect(tf.memory().numTensors).toBe(before);
        // The loss and the logits are the same graph both ways.
        expect(hand[0][0]).toBeCloseTo(auto[0][0], 6);
        expect(Array.from(hand[1])).toEqual(Array.from(auto[1]));
        const grads = { hand: hand.slice(2), auto: auto.slice(2) };
        expect(grads.hand).toHaveLength(2 * mlp.layers.length);
        grads.auto.forEach((a, i) => {
          expect(grads.hand[i].length).toBe(a.length);
          // Every gradient carries signal, so that the comparison means something...
          expect(Math.max(...a.map(Math.abs))).toBeGreaterThan(1e-4);
          // ...and the two agree to float32 rounding,
          expect(relErr(grads.hand[i], a)).toBeLessThan(1e-5);
          // while a sign error in this one gradient alone would fail the check.
          expect(relErr(grads.hand[i].map((v) => -v), a)).toBeGreaterThan(1);
        });
      });
    }
  }
});

describe('the loss', () => {
  it('is the softmax cross-entropy of the logits (float64 reference)', () => {
    const { mlp, m, x, labels } = problem('tanh', 5);
    const { hand } = bothWays(mlp, x, labels, m, true);
    expect(hand[0][0]).toBeGreaterThan(0.1);
    expect(Math.abs(hand[0][0] - crossEntropy64(hand[1], labels, 4))).toBeLessThan(2e-6 * hand[0][0]);
  });

  it('stays exact for confident mistakes (a log-softmax, not log(p + eps))', () => {
    const logits = Float32Array.of(0, 60, 0, 20, -30, 0, 5, 5, 5);
    const labels = Int32Array.of(0, 1, 2);
    const loss = tf.tidy(() => crossEntropy(tf.tensor2d(logits, [3, 3]), tf.oneHot(tf.tensor1d(labels, 'int32'), 3).toFloat() as tf.Tensor2D).dataSync()[0]);
    const want = crossEntropy64(logits, labels, 3); // (60 + 50 + log 3) / 3, about 37
    expect(want).toBeGreaterThan(36);
    // -log(p + 1e-7) could never exceed -log(1e-7) = 16.1 for a sample.
    expect(Math.abs(loss - want)).toBeLessThan(1e-5 * want);
  });
});
