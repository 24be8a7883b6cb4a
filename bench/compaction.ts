/**
 * The reproducible comparison: every method on the bundled LeNet-300-100 at
 * 30/50/70/80/90% of each hidden layer removed (front to back, no
 * retraining), the automatic mode (global schedule) at the same parameter
 * counts, and step timings. Writes docs/results.md and docs/compaction-plot.svg.
 *
 *   npm run bench:compaction [-- --backend wasm|cpu --repeats 3 --no-write]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { computeCodes } from '../src/core/coding/codes';
import { chooseProbe } from '../src/core/coding/probe';
import { correlationMatrix } from '../src/core/coding/stats';
import type { Method } from '../src/core/compaction';
import { CompactionSession, METHOD_LABELS, METHODS, runToTarget, uniformTargetWidths } from '../src/core/compaction';
import { splitDataset } from '../src/core/data/split';
import { BUNDLED_MODEL_DIR } from '../src/core/io/bundled';
import { parseModelJson, readLayersModel } from '../src/core/io/read-layers-model';
import { evaluateAccuracy } from '../src/core/model/forward';
import { mlpParamCount } from '../src/core/model/mlp';
import { paramCount } from '../src/core/model/spec';
import { PROJECT_ROOT, loadEmbeddedDataset } from '../src/node/load-embedded';
import { initNodeBackend } from '../src/node/tf-node';
import { plotSvg } from './compaction-plot';
import type { Row } from './compaction-plot';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    repeats: { type: 'string', default: '3' },
    'no-write': { type: 'boolean', default: false },
  },
});
const backend = values.backend === 'cpu' ? 'cpu' : 'wasm';
const repeats = Math.max(1, Number(values.repeats) || 3);
const FRACTIONS = [0.3, 0.5, 0.7, 0.8, 0.9];
const AUTO: Method[] = ['ls', 'pair'];

function pressure(): string {
  const p = '/proc/pressure/cpu';
  const some = existsSync(p) ? /some avg10=([\d.]+)/.exec(readFileSync(p, 'utf8'))?.[1] : undefined;
  return `load average ${loadavg()[0].toFixed(2)} on ${cpus().length} CPUs${some ? `, CPU pressure (some, 10 s) ${some}%` : ''}`;
}
const ms = (x: number) => x.toFixed(x < 10 ? 3 : 1);
const pct = (x: number) => (100 * x).toFixed(1);
function quantiles(xs: number[]): { min: number; med: number; max: number } {
  const s = xs.slice().sort((a, b) => a - b);
  return { min: s[0], med: s[s.length >> 1], max: s[s.length - 1] };
}

await initNodeBackend(backend);
const dir = join(PROJECT_ROOT, 'public', BUNDLED_MODEL_DIR);
const { mlp: model, meta } = readLayersModel(
  parseModelJson(readFileSync(join(dir, 'model.json'), 'utf8')),
  new Map([['model.weights.bin', new Uint8Array(readFileSync(join(dir, 'model.weights.bin')))]]),
);
const { train, test } = splitDataset(loadEmbeddedDataset());
const probe = chooseProbe(train).data;
const hidden = model.spec.hidden;
const fullParams = mlpParamCount(model);
const baseAccuracy = await evaluateAccuracy(model, test);
console.log(`LeNet-300-100 (${fullParams} parameters), test accuracy ${pct(baseAccuracy)}%, probe ${probe.count} training images, ${backend} backend`);
console.log(`machine: ${pressure()}`);

const t = performance.now();
const s = await CompactionSession.create({ model, neuronIds: meta.neuronIds, probe, heldOut: test, trackAccuracy: false });
console.log(`session setup (layer-0 codes of probe and test sets by tfjs, base accuracy): ${ms(performance.now() - t)} ms\n`);

// ---- accuracy table ------------------------------------------------------------
const rows: Row[] = [];
for (const method of METHODS) {
  for (const f of FRACTIONS) {
    s.reset();
    await runToTarget(s, { method, targetWidths: uniformTargetWidths(hidden, f) });
    rows.push({ method, kind: 'uniform', fraction: f, widths: s.widths(), params: s.params(), accuracy: await evaluateAccuracy(s.current().mlp, test) });
  }
  console.log(`${METHOD_LABELS[method].padEnd(26)} ${rows.filter((r) => r.method === method).map((r) => pct(r.accuracy).padStart(5)).join(' ')}`);
}
for (const method of AUTO) {
  for (const f of FRACTIONS) {
    const target = paramCount([model.spec.inputSize, ...uniformTargetWidths(hidden, f), model.spec.numClasses]);
    s.reset();
    await runToTarget(s, { method, targetParams: target });
    rows.push({ method, kind: 'auto', fraction: f, widths: s.widths(), params: s.params(), accuracy: await evaluateAccuracy(s.current().mlp, test) });
  }
  console.log(`${('automatic, ' + method).padEnd(26)} ${rows.filter((r) => r.method === method && r.kind === 'auto').map((r) => pct(r.accuracy).padStart(5)).join(' ')}`);
}

// ---- timings -------------------------------------------------------------------
async function timeSteps(method: Method, count: number, track: boolean): Promise<{ first: number; steps: number[] }> {
  const fresh = await CompactionSession.create({ model, neuronIds: meta.neuronIds, probe, heldOut: test, trackAccuracy: track });
  const t0 = performance.now();
  fresh.preview(method, { layer: 0 }); // builds the layer's structure (Gram matrix, then the inverse or the table)
  const first = performance.now() - t0;
  const steps: number[] = [];
  for (let i = 0; i < count; i++) {
    const a = performance.now();
    fresh.step(method, { layer: 0 });
    steps.push(performance.now() - a);
  }
  return { first, steps };
}
const stepTimes: Record<string, { first: number; q: ReturnType<typeof quantiles> }> = {};
for (const [label, method, track] of [
  ['ls', 'ls', false],
  ['pair', 'pair', false],
  ['ls + accuracy', 'ls', true],
  ['pair + accuracy', 'pair', true],
] as const) {
  const runs = [];
  for (let i = 0; i < repeats; i++) runs.push(await timeSteps(method, 50, track));
  stepTimes[label] = { first: Math.min(...runs.map((r) => r.first)), q: quantiles(runs.flatMap((r) => r.steps)) };
}

const codes0 = (await computeCodes(model, probe, 0))[0];
const corr: number[] = [];
for (let i = 0; i < 2 * repeats; i++) {
  const a = performance.now();
  correlationMatrix(codes0);
  corr.push(performance.now() - a);
}
const autoTimes: { setup: number; run: number; cpu: number; widths: number[]; accuracy: number }[] = [];
for (let i = 0; i < repeats; i++) {
  const c = process.cpuUsage();
  const a = performance.now();
  const fresh = await CompactionSession.create({ model, neuronIds: meta.neuronIds, probe, heldOut: test, trackAccuracy: false });
  const b = performance.now();
  const r = await runToTarget(fresh, { method: 'ls', targetParams: Math.round(0.1 * fullParams) });
  const used = process.cpuUsage(c);
  autoTimes.push({ setup: b - a, run: performance.now() - b, cpu: (used.user + used.system) / 1000, widths: r.widths, accuracy: r.accuracy! });
}
const dropTimes: number[] = [];
let dropResult = { widths: [] as number[], accuracy: 0, steps: 0 };
for (let i = 0; i < repeats; i++) {
  s.reset();
  const a = performance.now();
  const r = await runToTarget(s, { method: 'ls', maxAccuracyDrop: 0.01 });
  dropTimes.push(performance.now() - a);
  dropResult = { widths: r.widths, accuracy: r.accuracy!, steps: r.records.length };
}
const machine = pressure();

const corrQ = quantiles(corr);
const timingLines = [
  `| Pearson correlation matrix, 300 neurons over 2,000 probes | ${ms(corrQ.min)} | ${ms(corrQ.med)} | ${ms(corrQ.max)} |`,
  `| least-squares step, layer of 300 (first 50 steps) | ${ms(stepTimes.ls.q.min)} | ${ms(stepTimes.ls.q.med)} | ${ms(stepTimes.ls.q.max)} |`,
  `| pairwise step, layer of 300 (first 50 steps) | ${ms(stepTimes.pair.q.min)} | ${ms(stepTimes.pair.q.med)} | ${ms(stepTimes.pair.q.max)} |`,
  `| least-squares step + held-out accuracy | ${ms(stepTimes['ls + accuracy'].q.min)} | ${ms(stepTimes['ls + accuracy'].q.med)} | ${ms(stepTimes['ls + accuracy'].q.max)} |`,
  `| pairwise step + held-out accuracy | ${ms(stepTimes['pair + accuracy'].q.min)} | ${ms(stepTimes['pair + accuracy'].q.med)} | ${ms(stepTimes['pair + accuracy'].q.max)} |`,
  `| building layer 0's least-squares structure (Gram 300 x 300 over 2,000 probes + inverse) | ${ms(stepTimes.ls.first)} | | |`,
  `| building layer 0's pair table (Gram + RSS table) | ${ms(stepTimes.pair.first)} | | |`,
];
const autoQ = quantiles(autoTimes.map((a) => a.setup + a.run));
const autoRunQ = quantiles(autoTimes.map((a) => a.run));
const autoSetupQ = quantiles(autoTimes.map((a) => a.setup));
timingLines.push(
  `| automatic (ls, global) to 10% of the parameters: session setup | ${ms(autoSetupQ.min)} | ${ms(autoSetupQ.med)} | ${ms(autoSetupQ.max)} |`,
  `| automatic (ls, global) to 10% of the parameters: the run, final accuracy included | ${ms(autoRunQ.min)} | ${ms(autoRunQ.med)} | ${ms(autoRunQ.max)} |`,
  `| automatic (ls, global) to 10% of the parameters: total | ${ms(autoQ.min)} | ${ms(autoQ.med)} | ${ms(autoQ.max)} |`,
  `| the same, CPU time of the process (user + system) | ${ms(quantiles(autoTimes.map((a) => a.cpu)).min)} | ${ms(quantiles(autoTimes.map((a) => a.cpu)).med)} | ${ms(quantiles(autoTimes.map((a) => a.cpu)).max)} |`,
  `| automatic (ls, global) within 1 point of accuracy (accuracy after every step) | ${ms(quantiles(dropTimes).min)} | ${ms(quantiles(dropTimes).med)} | ${ms(quantiles(dropTimes).max)} |`,
);
console.log(`\nTimings in ms (${repeats} repeats; ${machine}):\n| what | min | median | max |\n|---|---|---|---|\n${timingLines.join('\n')}`);
console.log(`automatic to 10%: widths ${autoTimes[0].widths.join('-')}, accuracy ${pct(autoTimes[0].accuracy)}%`);
console.log(`automatic within 1 point: ${dropResult.steps} steps, widths ${dropResult.widths.join('-')}, accuracy ${pct(dropResult.accuracy)}%`);

// ---- docs ----------------------------------------------------------------------
const header = `| method | ${FRACTIONS.map((f) => `${100 * f}%`).join(' | ')} |\n|---|${FRACTIONS.map(() => '---').join('|')}|`;
const paramsRow = `| parameters | ${FRACTIONS.map((f) => rows.find((r) => r.kind === 'uniform' && r.fraction === f)!.params.toLocaleString('en-US')).join(' | ')} |`;
const table = METHODS.map((m) => `| ${METHOD_LABELS[m]} | ${FRACTIONS.map((f) => pct(rows.find((r) => r.method === m && r.kind === 'uniform' && r.fraction === f)!.accuracy)).join(' | ')} |`);
const autoTable = AUTO.map(
  (m) =>
    `| automatic, ${METHOD_LABELS[m]} | ${FRACTIONS.map((f) => {
      const r = rows.find((x) => x.method === m && x.kind === 'auto' && x.fraction === f)!;
      return `${pct(r.accuracy)} (${r.widths.slice(1, -1).join('-')})`;
    }).join(' | ')} |`,
);
const gain = AUTO.map(
  (m) =>
    `| automatic - uniform, ${METHOD_LABELS[m]} | ${FRACTIONS.map((f) => {
      const a = rows.find((x) => x.method === m && x.kind === 'auto' && x.fraction === f)!;
      const u = rows.find((x) => x.method === m && x.kind === 'uniform' && x.fraction === f)!;
      return `${a.accuracy >= u.accuracy ? '+' : ''}${(100 * (a.accuracy - u.accuracy)).toFixed(1)}`;
    }).join(' | ')} |`,
);
const md = `# Compaction results

Generated by \`npm run bench:compaction\` (bench/compaction.ts) on the bundled LeNet-300-100
(784-300-100-10, ReLU, ${fullParams.toLocaleString('en-US')} parameters, test accuracy ${pct(baseAccuracy)}%), the fixed split of the
10,000 embedded MNIST digits (8,000 train / 2,000 test), a probe set of ${probe.count} training images (seed 1), the
${backend} backend in Node. No retraining anywhere. The accuracy numbers are deterministic for this model,
split, probe set and backend; the timings depend on the machine.

## Test accuracy (%) after removing the same fraction of every hidden layer, front to back

${header}
${paramsRow}
${table.join('\n')}

## Automatic mode (global schedule) at the same parameter counts

Accuracy (%) and the learned hidden widths:

${header}
${autoTable.join('\n')}
${gain.join('\n')}

![accuracy against parameters](compaction-plot.svg)

## Compared with METHOD.md's orientation numbers

METHOD.md (an independent numpy implementation on its own LeNet-300-100, 95.9%) reports, at 50/70/80/90%:
magnitude 70.0/65.6/34.2/30.4, Srinivas & Babu 82.4/59.7/40.6/34.6, Neuron Merging 70.0/63.4/32.1/26.0,
pairwise unification 93.8/82.6/60.1/41.8, least-squares unification 95.4/94.5/93.6/89.0; automatic least squares
at the 80% row's parameter count: widths 56-58 and 94.4%, at the 90% row: widths 28-40 and 90.5%.

## Notes

- Uniform rows remove round(f x width) neurons of every hidden layer, layer 0 first; each method's own greedy
  order inside a layer (pair / ls: least cost E; magnitude: smallest incoming norm; APoZ: most zero outputs;
  Srinivas & Babu: least saliency; Neuron Merging: smallest norm, kept set = the largest norms). random uses seed 1.
- The automatic mode is the global schedule of METHOD.md: the cheapest E / (N * total variance of the next
  layer's pre-activations) per saved parameter across layers, stopped at the uniform row's parameter count.
- APoZ removes the rarely firing, class-selective neurons first; without retraining (it was designed with
  fine-tuning) that is worse than random here.

## Timings (Node, ${backend} backend, ms)

Measured on: ${machine}. This machine is shared; a loaded machine inflates every number.

| what | min | median | max |
|---|---|---|---|
${timingLines.join('\n')}

Automatic to 10%: widths ${autoTimes[0].widths.join('-')}, accuracy ${pct(autoTimes[0].accuracy)}%.
Automatic within 1 point of the original accuracy: ${dropResult.steps} steps, widths ${dropResult.widths.join('-')}, accuracy ${pct(dropResult.accuracy)}%.
`;
if (!values['no-write']) {
  writeFileSync(join(PROJECT_ROOT, 'docs', 'results.md'), md);
  writeFileSync(join(PROJECT_ROOT, 'docs', 'compaction-plot.svg'), plotSvg(rows, fullParams, baseAccuracy));
  console.log('\nwrote docs/results.md and docs/compaction-plot.svg');
}
