import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../node/tf-node';
import { makeRng } from '../random';
import { Adam } from './adam';

const SHAPES: number[][] = [[6, 4], [4]];
const STEPS = 6;

/** Seeded gradients for every step and variable. */
function gradients(seed: number): Float32Array[][] {
  const rng = makeRng(seed);
  return Array.from({ length: STEPS }, () => SHAPES.map((s) => Float32Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => 2 * rng() - 1)));
}

function makeVars(seed: number): tf.Variable[] {
  const rng = makeRng(seed);
  return tf.tidy(() => SHAPES.map((s) => tf.variable(tf.tensor(Float32Array.from({ length: s.reduce((a, b) => a * b, 1) }, () => rng() - 0.5), s))));
}

const bits = (vars: tf.Variable[]) => vars.map((v) => Array.from(new Uint32Array((v.dataSync() as Float32Array).slice().buffer)));

afterAll(async () => {
  await initNodeBackend('wasm');
});

describe('Adam', () => {
  for (const backend of ['cpu', 'wasm'] as const) {
    it(`gives the same bits as tf.train.adam (${backend})`, async () => {
      await initNodeBackend(backend);
      const before = tf.memory().numTensors;
      const g = gradients(1);
      const ours = makeVars(2);
      const theirs = makeVars(2);
      const adam = new Adam(ours, 0.01);
      const stock = tf.train.adam(0.01);
      for (const step of g) {
        tf.tidy(() => adam.apply(step.map((x, i) => tf.tensor(x, SHAPES[i]))));
        tf.tidy(() => stock.applyGradients(theirs.map((v, i) => ({ name: v.name, tensor: tf.tensor(step[i], SHAPES[i]) }))));
      }
      const start = makeVars(2);
      expect(bits(ours)).toEqual(bits(theirs));
      expect(bits(ours)).not.toEqual(bits(start)); // it did move
      adam.dispose();
      stock.dispose();
      tf.dispose([...ours, ...theirs, ...start]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('continues from its state read back as arrays exactly as if never stopped', async () => {
    await initNodeBackend('cpu');
    const before = tf.memory().numTensors;
    const g = gradients(3);
    const run = (adam: Adam, steps: Float32Array[][]) => {
      for (const step of steps) tf.tidy(() => adam.apply(step.map((x, i) => tf.tensor(x, SHAPES[i]))));
    };
    const whole = makeVars(4);
    const a = new Adam(whole, 0.02);
    run(a, g);

    const first = makeVars(4);
    const b = new Adam(first, 0.02);
    run(b, g.slice(0, 2));
    const state = await Adam.read(b.snapshot());
    const f = Math.fround;
    expect(state.beta1Power).toBe(f(f(f(0.9) * f(0.9)) * f(0.9))); // beta1^(steps + 1) in float32
    // A fresh optimiser on fresh variables holding the same values.
    const second = tf.tidy(() => first.map((v) => tf.variable(tf.tensor(v.dataSync(), v.shape))));
    b.dispose();
    const c = new Adam(second, 0.02, state);
    run(c, g.slice(2));
    expect(bits(second)).toEqual(bits(whole));
    [a, c].forEach((o) => o.dispose());
    tf.dispose([...whole, ...first, ...second]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
