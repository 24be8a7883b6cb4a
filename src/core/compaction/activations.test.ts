/** The activation caches hold what a fresh forward pass of the current model gives, through steps, undo, redo and jumps. */
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../node/tf-node';
import { makeRng } from '../random';
import type { Dataset } from '../data/dataset';
import type { Mlp } from '../model/mlp';
import { CompactionSession } from './session';
import { randomDataset, tinyMlp } from './test-fixtures';
import type { Method } from './types';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

/** Hidden outputs of every layer (per layer: neuron-major, like codes) by a plain double-precision pass. */
function hiddenOutputs(m: Mlp, d: Dataset): Float64Array[] {
  const f = d.rows * d.cols;
  const L = m.layers.length - 1;
  const out = m.layers.slice(0, L).map((l) => new Float64Array(l.outSize * d.count));
  for (let s = 0; s < d.count; s++) {
    let a = Float64Array.from(d.pixels.subarray(s * f, (s + 1) * f), (p) => p / 255);
    for (let k = 0; k < L; k++) {
      const W = m.layers[k];
      const z = Float64Array.from(W.b);
      for (let r = 0; r < W.inSize; r++) for (let c = 0; c < W.outSize; c++) z[c] += a[r] * W.W[r * W.outSize + c];
      a = z.map((v) => (m.spec.activation === 'relu' ? Math.max(0, v) : Math.tanh(v)));
      for (let c = 0; c < W.outSize; c++) out[k][c * d.count + s] = a[c];
    }
  }
  return out;
}

function expectCodesCurrent(s: CompactionSession, probe: Dataset): void {
  const want = hiddenOutputs(s.current().mlp, probe);
  for (let l = 0; l < s.hiddenLayers; l++) {
    const { codes } = s.codesOf(l);
    let worst = 0;
    for (let i = 0; i < codes.values.length; i++) worst = Math.max(worst, Math.abs(codes.values[i] - want[l][i]));
    expect(worst).toBeLessThan(1e-4);
  }
}

describe('activation caches', () => {
  for (const activation of ['relu', 'tanh'] as const) {
    it(`${activation}: codes match a fresh forward pass after every step, undo, redo and jump`, async () => {
      const probe = randomDataset(90, 61, 4, 4, 4);
      const model = tinyMlp([18, 14, 10], 13, activation, 16, 4);
      const s = await CompactionSession.create({ model, probe, heldOut: randomDataset(60, 62, 4, 4, 4) });
      const rng = makeRng(3);
      const methods: Method[] = ['ls', 'pair', 'magnitude', 'srinivas'];
      let checks = 0;
      for (let k = 0; k < 70; k++) {
        const u = rng();
        if (u < 0.6 || s.cursor === 0) s.step(methods[Math.floor(rng() * methods.length)], rng() < 0.5 ? { layer: Math.floor(rng() * 3) } : {});
        else if (u < 0.75) s.undo();
        else if (u < 0.85) s.redo();
        else s.jumpTo(Math.floor(rng() * (s.length + 1)));
        // Read only now and then, so that recipes of several steps are carried out at once too.
        if (k % 3 === 0) {
          expectCodesCurrent(s, probe);
          checks++;
        }
      }
      expect(checks).toBeGreaterThan(20);
    });
  }

  it('a neuron revived by undo gets its code back, whether or not its layer was read meanwhile', async () => {
    const probe = randomDataset(80, 63, 4, 4, 4);
    const model = tinyMlp([12, 10], 17, 'relu', 16, 4);
    for (const readBetween of [false, true]) {
      const s = await CompactionSession.create({ model, probe });
      s.steps('magnitude', 3, { layer: 0 });
      s.undo(); // layer 1's codes get a new base
      if (readBetween) s.codesOf(1);
      s.steps('magnitude', 2, { layer: 1 }); // zero two incoming columns of layer 1
      s.codesOf(1);
      s.undo();
      s.undo();
      expect(s.widths()[2]).toBe(10);
      expectCodesCurrent(s, probe);
    }
  });
});
