/**
 * `npm run bench:forward`: what a compaction session's set-up spends on its
 * forward passes. Times forwardPass (codes and pre-activations of every layer)
 * of the bundled LeNet-300-100 over the 2,000-digit probe set and the 2,000
 * test digits, in Node, with the engine's plain-JavaScript forward pass
 * (src/core/model/forward.ts) and with the tfjs forward pass it replaced (kept
 * here, for this comparison only) on the wasm and cpu backends. The methods
 * alternate within every repeat (ABC, CBA, ...) so that a change in the load of
 * the shared host hits them alike; the table gives the median and the range.
 * Then the whole session set-up it is part of (CompactionSession.create, at
 * once and sliced as the app runs it).
 *
 *   npm run bench:forward [-- --repeats 7 --chunk 250]
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import type { Activations, ForwardOptions } from '../src/core/coding/codes';
import { forwardPass, scatterSampleMajor } from '../src/core/coding/codes';
import { chooseProbe } from '../src/core/coding/probe';
import { CompactionSession } from '../src/core/compaction';
import type { Dataset } from '../src/core/data/dataset';
import { splitDataset } from '../src/core/data/split';
import { BUNDLED_MODEL_DIR } from '../src/core/io/bundled';
import { parseModelJson, readLayersModel } from '../src/core/io/read-layers-model';
import type { Mlp } from '../src/core/model/mlp';
import { inputsTensor } from '../src/core/model/to-tf';
import { PROJECT_ROOT, loadEmbeddedDataset } from '../src/node/load-embedded';
import { initNodeBackend } from '../src/node/tf-node';

const { values } = parseArgs({
  options: {
    repeats: { type: 'string', default: '7' },
    chunk: { type: 'string', default: '1000' },
  },
});
const repeats = Math.max(1, Number(values.repeats) || 7);
const chunk = Math.max(1, Number(values.chunk) || 1000);

/** The tfjs forward pass the engine used before (src/core/coding/codes.ts up to its JS rewrite). */
async function tfjsForwardPass(m: Mlp, data: Dataset, o: ForwardOptions = {}): Promise<Activations> {
  const CHUNK = Math.max(1, o.chunk ?? 1000);
  const layers = m.layers;
  const L = m.layers.length - 1;
  const N = data.count;
  const codes = layers.filter((_, k) => k < L).map((l) => ({ count: N, width: l.outSize, values: new Float32Array(l.outSize * N) }));
  const pre = layers.map((l) => new Float32Array(N * l.outSize));
  const weights = m.layers.map((l) => ({ W: tf.tensor2d(l.W, [l.inSize, l.outSize]), b: tf.tensor1d(l.b) }));
  const act = (z: tf.Tensor) => (m.spec.activation === 'relu' ? tf.relu(z) : m.spec.activation === 'sigmoid' ? tf.sigmoid(z) : tf.tanh(z));
  try {
    for (let s = 0; s < N; s += CHUNK) {
      const rows = Math.min(CHUNK, N - s);
      const outs = tf.tidy(() => {
        let a: tf.Tensor = inputsTensor(data, s, rows);
        return weights.flatMap((w, k) => {
          const z = tf.add(tf.matMul(a as tf.Tensor2D, w.W), w.b);
          a = k < L ? act(z) : z;
          return k < L ? [z, a] : [z];
        });
      });
      try {
        let t = 0;
        for (let k = 0; k < layers.length; k++) {
          pre[k].set((await outs[t++].data()) as Float32Array, s * layers[k].outSize);
          if (k < L) scatterSampleMajor((await outs[t++].data()) as Float32Array, rows, codes[k].width, codes[k].values, N, s);
        }
      } finally {
        tf.dispose(outs);
      }
      if (o.yieldBetween && s + rows < N) await new Promise((r) => setImmediate(r));
    }
  } finally {
    weights.forEach((w) => tf.dispose([w.W, w.b]));
  }
  return { codes, pre };
}

const dir = join(PROJECT_ROOT, 'public', BUNDLED_MODEL_DIR);
const { mlp } = readLayersModel(
  parseModelJson(readFileSync(join(dir, 'model.json'), 'utf8')),
  new Map([['model.weights.bin', new Uint8Array(readFileSync(join(dir, 'model.weights.bin')))]]),
);
const { train, test } = splitDataset(loadEmbeddedDataset());
const probe = chooseProbe(train).data;

type MethodName = 'js' | 'tfjs-wasm' | 'tfjs-cpu';
const METHODS: MethodName[] = ['js', 'tfjs-wasm', 'tfjs-cpu'];

async function run(method: MethodName): Promise<{ ms: number; out: Activations[] }> {
  if (method !== 'js') await initNodeBackend(method === 'tfjs-wasm' ? 'wasm' : 'cpu');
  const o = { chunk };
  const t0 = performance.now();
  const out = method === 'js' ? [await forwardPass(mlp, probe, undefined, true, o), await forwardPass(mlp, test, undefined, true, o)] : [await tfjsForwardPass(mlp, probe, o), await tfjsForwardPass(mlp, test, o)];
  return { ms: performance.now() - t0, out };
}

/** Largest |a - b| over all codes and pre-activations, and how many values differ at all. */
function compare(a: Activations[], b: Activations[]): { maxAbs: number; differ: number; total: number } {
  let maxAbs = 0, differ = 0, total = 0;
  a.forEach((x, i) => {
    const xs = [...x.pre, ...x.codes.map((c) => c.values)];
    const ys = [...b[i].pre, ...b[i].codes.map((c) => c.values)];
    xs.forEach((u, k) => {
      const v = ys[k];
      for (let j = 0; j < u.length; j++) {
        const d = Math.abs(u[j] - v[j]);
        if (d > 0) differ++;
        if (d > maxAbs) maxAbs = d;
      }
      total += u.length;
    });
  });
  return { maxAbs, differ, total };
}

const load0 = loadavg()[0];
console.log(`bench:forward  LeNet-300-100, probe ${probe.count} + test ${test.count} digits, chunk ${chunk}, ${repeats} repeats; ${cpus().length} CPUs, load average ${load0.toFixed(2)}`);
// One warm-up each (JIT, wasm compilation, tfjs kernel set-up), untimed.
const first: Partial<Record<MethodName, Activations[]>> = {};
for (const m of METHODS) first[m] = (await run(m)).out;
const times: Record<MethodName, number[]> = { js: [], 'tfjs-wasm': [], 'tfjs-cpu': [] };
for (let r = 0; r < repeats; r++) {
  const order = r % 2 === 0 ? METHODS : [...METHODS].reverse();
  for (const m of order) times[m].push((await run(m)).ms);
}
const load1 = loadavg()[0];
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log('\n| forward pass (probe + test) | median ms | min ms | max ms |');
console.log('|---|---:|---:|---:|');
for (const m of METHODS) console.log(`| ${m} | ${med(times[m]).toFixed(1)} | ${Math.min(...times[m]).toFixed(1)} | ${Math.max(...times[m]).toFixed(1)} |`);
for (const m of ['tfjs-wasm', 'tfjs-cpu'] as const) {
  const c = compare(first.js!, first[m]!);
  console.log(`js vs ${m}: ${c.differ} of ${c.total} values differ, largest difference ${c.maxAbs.toExponential(2)}`);
}
console.log(`load average ${load0.toFixed(2)} -> ${load1.toFixed(2)}; Node ${process.version}, ${cpus()[0]?.model ?? '?'}`);

const setUp: Record<'at once' | 'sliced', number[]> = { 'at once': [], sliced: [] };
for (let r = 0; r <= repeats; r++) {
  for (const sliced of r % 2 ? [true, false] : [false, true]) {
    const t0 = performance.now();
    await CompactionSession.create({ model: mlp, probe, heldOut: test }, sliced);
    if (r > 0) setUp[sliced ? 'sliced' : 'at once'].push(performance.now() - t0); // the first round warms up
  }
}
for (const [k, xs] of Object.entries(setUp)) {
  console.log(`CompactionSession.create (${k}): median ${med(xs).toFixed(1)} ms, min ${Math.min(...xs).toFixed(1)}, max ${Math.max(...xs).toFixed(1)}`);
}
console.log(`load average now ${loadavg()[0].toFixed(2)}`);
