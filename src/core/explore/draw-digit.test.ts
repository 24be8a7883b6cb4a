import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../node/tf-node';
import { CompactionSession } from '../compaction';
import { logits, randomDataset, tinyMlp } from '../compaction/test-fixtures';
import type { Mlp } from '../model/mlp';
import { activationOf, digitInput, traceDigit } from './draw-digit';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

const probe = randomDataset(120, 81, 4, 4, 4);
const model = tinyMlp([14, 9], 21, 'tanh', 16, 4);

/** Hidden activations of a (compacted) model by a separate naive pass, per layer in the model's own order. */
function naiveHidden(m: Mlp, x: Float64Array): number[][] {
  const out: number[][] = [];
  let a = Array.from(x);
  m.layers.slice(0, -1).forEach((L) => {
    const z = Array.from(L.b, Number);
    a.forEach((v, r) => {
      for (let c = 0; c < L.outSize; c++) z[c] += v * L.W[r * L.outSize + c];
    });
    a = z.map(Math.tanh);
    out.push(a);
  });
  return out;
}

function softmax(z: Float64Array): number[] {
  const m = Math.max(...z);
  const e = Array.from(z, (v) => Math.exp(v - m));
  const s = e.reduce((x, y) => x + y, 0);
  return e.map((v) => v / s);
}

describe('draw a digit', () => {
  it('gives both networks\u2019 probabilities and every neuron by id, removed ones as ghosts', async () => {
    const s = await CompactionSession.create({ model, probe });
    s.steps('ls', 5);
    s.steps('magnitude', 3, { layer: 1 });
    const x = digitInput(probe.pixels, 7, 16);
    const t = traceDigit(s, x);
    const one = { ...probe, count: 1, labels: probe.labels.subarray(7, 8), pixels: probe.pixels.subarray(7 * 16, 8 * 16) };
    const [zo] = logits(model, one);
    const { mlp, neuronIds } = s.current();
    const [zc] = logits(mlp, one);
    softmax(zo).forEach((p, k) => expect(t.original.probabilities[k]).toBeCloseTo(p, 6));
    softmax(zc).forEach((p, k) => expect(t.current.probabilities[k]).toBeCloseTo(p, 6));
    expect(t.current.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(t.current.predicted).toBe(zc.indexOf(Math.max(...zc)));
    const orig = naiveHidden(model, x);
    const now = naiveHidden(mlp, x);
    let ghosts = 0;
    for (let l = 0; l < 2; l++) {
      s.originalIds[l].forEach((id, p) => {
        const a = activationOf(t, l, id)!;
        expect(a.original).toBeCloseTo(orig[l][p], 6);
        const k = neuronIds[l].indexOf(id);
        expect(a.alive).toBe(k >= 0);
        if (k >= 0) expect(a.current).toBeCloseTo(now[l][k], 6);
        else {
          expect(a.current).toBe(a.original);
          ghosts++;
        }
      });
    }
    expect(ghosts).toBe(8);
    expect(activationOf(t, 0, 999)).toBeNull();
  });

  it('refuses inputs of the wrong size or out of range', async () => {
    const s = await CompactionSession.create({ model, probe });
    expect(() => traceDigit(s, new Float64Array(15))).toThrow(/16 inputs/);
    expect(() => traceDigit(s, new Float64Array(16).fill(1.5))).toThrow(/\[0, 1\]/);
    expect(() => traceDigit(s, new Float64Array(16).fill(NaN))).toThrow(/\[0, 1\]/);
  });
});
