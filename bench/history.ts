/**
 * Times of a step, an undo, a redo and a jump on the bundled LeNet-300-100,
 * for least squares and pairwise unification, as the app sees them: a
 * session with validation and test digits (accuracy tracked after every
 * step), and after every change the app's reads (the next step's preview and
 * the held-out accuracies). Each figure is the engine call followed by those
 * reads, in milliseconds: wall-clock time and the process's CPU time (less
 * sensitive to other work on the machine).
 *
 *   npm run bench:history [-- --backend wasm|cpu --steps 60]
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chooseProbe } from '../src/core/coding/probe';
import type { Method } from '../src/core/compaction';
import { CompactionSession } from '../src/core/compaction';
import { splitDataset } from '../src/core/data/split';
import { BUNDLED_MODEL_DIR } from '../src/core/io/bundled';
import { parseModelJson, readLayersModel } from '../src/core/io/read-layers-model';
import { makeRng } from '../src/core/random';
import { PROJECT_ROOT, loadEmbeddedDataset } from '../src/node/load-embedded';
import { initNodeBackend } from '../src/node/tf-node';

const { values } = parseArgs({ options: { backend: { type: 'string', default: 'wasm' }, steps: { type: 'string', default: '60' } } });
const STEPS = Math.max(10, Number(values.steps) || 60);
await initNodeBackend(values.backend === 'cpu' ? 'cpu' : 'wasm');
const dir = join(PROJECT_ROOT, 'public', BUNDLED_MODEL_DIR);
const { mlp: model, meta } = readLayersModel(
  parseModelJson(readFileSync(join(dir, 'model.json'), 'utf8')),
  new Map([['model.weights.bin', new Uint8Array(readFileSync(join(dir, 'model.weights.bin')))]]),
);
const split = splitDataset(loadEmbeddedDataset());
const probe = chooseProbe(split.train).data;

interface Timing {
  wall: number;
  cpu: number;
}
function quantiles(ts: Timing[]): string {
  const f = (x: number) => x.toFixed(1).padStart(7);
  const q = (xs: number[]) => {
    const s = xs.slice().sort((a, b) => a - b);
    return `${f(s[0])} ${f(s[s.length >> 1])} ${f(s[s.length - 1])}`;
  };
  return `wall ${q(ts.map((t) => t.wall))}   cpu ${q(ts.map((t) => t.cpu))}   (n = ${ts.length})`;
}

console.log(`LeNet-300-100, probe ${probe.count}, validation ${split.validation!.count}, test ${split.test.count}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')} on ${cpus().length} CPUs`);
for (const method of ['ls', 'pair'] as Method[]) {
  const s = await CompactionSession.create({ model, neuronIds: meta.neuronIds, probe, heldOut: split.test, validation: split.validation });
  const look = () => {
    s.preview(method);
    s.accuracies();
  };
  const time = (f: () => void): Timing => {
    const c = process.cpuUsage();
    const a = performance.now();
    f();
    look();
    const d = process.cpuUsage(c);
    return { wall: performance.now() - a, cpu: (d.user + d.system) / 1000 };
  };
  look();
  const step: Timing[] = [];
  const undo: Timing[] = [];
  const redo: Timing[] = [];
  const jump: Timing[] = [];
  const undoStep: Timing[] = [];
  for (let k = 0; k < STEPS; k++) step.push(time(() => s.step(method)));
  for (let k = 0; k < 10; k++) undo.push(time(() => s.undo()));
  for (let k = 0; k < 10; k++) redo.push(time(() => s.redo()));
  // The app's ×10 cut short by an undo: a few steps, an undo, a step again.
  for (let k = 0; k < 10; k++) {
    s.steps(method, 3);
    look();
    undoStep.push(time(() => s.undo()));
    s.step(method);
    look();
  }
  const rng = makeRng(7);
  for (let k = 0; k < 20; k++) jump.push(time(() => s.jumpTo(Math.floor(rng() * (s.length + 1)))));
  console.log(`${method}: ${s.length} steps in the history, widths ${s.widths().join('-')} at the end; min, median, max in ms`);
  console.log(`  step      ${quantiles(step)}`);
  console.log(`  undo      ${quantiles(undo)}`);
  console.log(`  undo x10  ${quantiles(undoStep)}  (an undo right after a few steps)`);
  console.log(`  redo      ${quantiles(redo)}`);
  console.log(`  jump      ${quantiles(jump)}`);
}
console.log(`load average at the end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
