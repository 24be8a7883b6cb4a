/**
 * The reproducible comparison, over seeds. Trains LeNet-300-100 with several
 * seeds (as `npm run pretrain` does; seed 1 is checked bit for bit against
 * the bundled model), draws several probe sets of training digits for each,
 * and on every (model, probe) pair runs every method at 30/50/70/80/90% of
 * each hidden layer removed (front to back, no retraining) and the automatic
 * mode (global schedule) at the same parameter counts. The recovery part
 * fine-tunes every method's network at 50/70/80/90% for a few epochs (the
 * same Trainer; Adam, the training split) on the first probe sets of each
 * model. Test digits only report; nothing here chooses anything by an
 * accuracy (the timing of the budgeted run stops on validation digits).
 *
 * Writes bench/results/compaction.json and recovery.json (every run),
 * docs/results.md (from both, whichever parts ran), docs/compaction-plot.svg
 * and docs/recovery-plot.svg. Progress goes to stderr.
 *
 *   npm run bench:compaction [-- --models 3 --probes 5 --recovery-probes 3 --finetune-epochs 5 --finetune-seed 1
 *                               --only compaction|recovery --no-timings --repeats 3 --backend wasm|cpu --no-write]
 *   npm run bench:recovery   (= the recovery part alone: --only recovery; the report keeps the stored compaction part)
 *   npm run bench:compaction -- --render   (only re-render docs/results.md and the plots from bench/results/*.json)
 *   quick look:  npm run bench:compaction -- --models 1 --probes 1 --recovery-probes 1 --no-timings --no-write
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chooseProbe } from '../src/core/coding/probe';
import { METHOD_LABELS, METHODS } from '../src/core/compaction';
import { splitThreeWays } from '../src/core/data/split';
import { mlpParamCount } from '../src/core/model/mlp';
import { PROJECT_ROOT, loadEmbeddedDataset } from '../src/node/load-embedded';
import { initNodeBackend } from '../src/node/tf-node';
import type { CompactionData, MachineLoad, MergingCheck, ModelInfo, RecoveryData, RecoveryRow, Timings } from './bench-data';
import { loadJson, saveJson } from './bench-data';
import { compactionPlotSvg } from './compaction-plot';
import type { CompactionRow } from './compaction-runs';
import { compactTo, mergingCosines, openCell, runCell } from './compaction-runs';
import { correct, DEFAULT_FINETUNE, fineTune } from './recovery-runs';
import { recoveryPlotSvg } from './recovery-plot';
import { renderResults } from './report';
import { differingBits, readBundledModel, trainSeedModel } from './seed-models';
import { measureTimings } from './timings';

const { values } = parseArgs({
  options: {
    backend: { type: 'string', default: 'wasm' },
    models: { type: 'string', default: '3' },
    probes: { type: 'string', default: '5' },
    'probe-size': { type: 'string', default: '2000' },
    'recovery-probes': { type: 'string', default: '3' },
    'finetune-epochs': { type: 'string', default: String(DEFAULT_FINETUNE.epochs) },
    'finetune-seed': { type: 'string', default: String(DEFAULT_FINETUNE.seed) },
    only: { type: 'string' },
    'no-timings': { type: 'boolean', default: false },
    repeats: { type: 'string', default: '3' },
    'no-write': { type: 'boolean', default: false },
    render: { type: 'boolean', default: false },
  },
});
if (values.render) {
  // Only re-render docs/results.md and the plots from the stored runs (after a change to the report's wording).
  const c = loadJson<CompactionData>('compaction.json');
  const r = loadJson<RecoveryData>('recovery.json');
  writeFileSync(join(PROJECT_ROOT, 'docs', 'results.md'), renderResults(c, r));
  if (c) writeFileSync(join(PROJECT_ROOT, 'docs', 'compaction-plot.svg'), compactionPlotSvg(c));
  if (r) writeFileSync(join(PROJECT_ROOT, 'docs', 'recovery-plot.svg'), recoveryPlotSvg(r));
  process.stderr.write('re-rendered docs/results.md and the plots from bench/results/*.json\n');
  process.exit(0);
}
function count(name: string, v: string | undefined, min: number): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}, got ${v}`);
  return n;
}
if (values.only !== undefined && values.only !== 'compaction' && values.only !== 'recovery') throw new Error(`--only takes compaction or recovery, got ${values.only}`);
const backend = values.backend === 'cpu' ? 'cpu' : 'wasm';
const modelSeeds = Array.from({ length: count('models', values.models, 1) }, (_, i) => i + 1);
const probeSeeds = Array.from({ length: count('probes', values.probes, 1) }, (_, i) => i + 1);
const probeSize = count('probe-size', values['probe-size'], 2);
const recoveryProbes = Math.min(probeSeeds.length, count('recovery-probes', values['recovery-probes'], 1));
const repeats = count('repeats', values.repeats, 1);
const finetune = { ...DEFAULT_FINETUNE, epochs: count('finetune-epochs', values['finetune-epochs'], 1), seed: count('finetune-seed', values['finetune-seed'], 0) };
const doCompaction = values.only !== 'recovery';
const doRecovery = values.only !== 'compaction';
const doTimings = doCompaction && !values['no-timings'];
const FRACTIONS = [0.3, 0.5, 0.7, 0.8, 0.9];
const RECOVERY_FRACTIONS = [0.5, 0.7, 0.8, 0.9];
const command = `npx tsx bench/compaction.ts${process.argv.length > 2 ? ' ' + process.argv.slice(2).join(' ') : ''}`;

// ---- progress and load -------------------------------------------------------------
const t0 = performance.now();
const elapsed = () => (performance.now() - t0) / 1000;
const clock = () => {
  const s = Math.round(elapsed());
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
};
const log = (s: string) => process.stderr.write(`[${clock()} load ${loadavg()[0].toFixed(1)}] ${s}\n`);
const loads = [loadavg()[0]];
const sampler = setInterval(() => loads.push(loadavg()[0]), 10_000);
sampler.unref();
function machine(): MachineLoad {
  loads.push(loadavg()[0]);
  return { cpus: cpus().length, start: loads[0], end: loads[loads.length - 1], mean: loads.reduce((a, b) => a + b, 0) / loads.length, max: Math.max(...loads), samples: loads.length };
}
const phases = { training: 0, compaction: 0, recovery: 0, timings: 0 };
async function phase<T>(name: keyof typeof phases, f: () => Promise<T>): Promise<T> {
  const a = performance.now();
  try {
    return await f();
  } finally {
    phases[name] += (performance.now() - a) / 1000;
  }
}

// ---- the runs ------------------------------------------------------------------------
await initNodeBackend(backend);
const sets = splitThreeWays(loadEmbeddedDataset());
const sizes = { train: sets.train.count, validation: sets.validation.count, test: sets.test.count, probe: Math.min(probeSize, sets.train.count) };
const bundled = readBundledModel();
log(
  `${modelSeeds.length} models x ${probeSeeds.length} probe sets; parts: ${[doCompaction && 'compaction', doRecovery && `recovery (${recoveryProbes} probe sets per model, ${finetune.epochs} epochs)`, doTimings && 'timings'].filter(Boolean).join(', ')}; ${backend} backend`,
);

const models: ModelInfo[] = [];
const compRows: CompactionRow[] = [];
const recRows: RecoveryRow[] = [];
const merging: MergingCheck[] = [];
for (const seed of modelSeeds) {
  log(`training model seed ${seed} (15 epochs)`);
  const trained = await phase('training', () => trainSeedModel(seed, sets.train, log));
  const info: ModelInfo = { seed, test: await correct(trained.mlp, sets.test), validation: await correct(trained.mlp, sets.validation), trainSeconds: trained.seconds };
  if (seed === 1) info.bundledDiffering = differingBits(trained.mlp, bundled.mlp);
  models.push(info);
  log(
    `model seed ${seed}: test ${((100 * info.test) / sizes.test).toFixed(2)}%, validation ${((100 * info.validation) / sizes.validation).toFixed(2)}%` +
      (info.bundledDiffering !== undefined ? `; weights differing from the bundled model: ${info.bundledDiffering}` : ''),
  );
  if (doCompaction) for (const f of FRACTIONS) merging.push({ model: seed, fraction: f, ...mergingCosines(trained.mlp, f) });
  for (const [k, probe] of probeSeeds.entries()) {
    const recover = doRecovery && k < recoveryProbes;
    if (!doCompaction && !recover) continue;
    const cell = await openCell({ seed, mlp: trained.mlp }, probe, sets, probeSize);
    if (doCompaction) {
      const rows = await phase('compaction', () => runCell(cell, FRACTIONS));
      compRows.push(...rows);
      const line = (m: (typeof METHODS)[number], kind: 'uniform' | 'auto') =>
        rows
          .filter((r) => r.method === m && r.kind === kind)
          .map((r) => ((100 * r.test) / sizes.test).toFixed(1))
          .join(' ');
      log(`model ${seed}, probe ${probe}: ${METHODS.map((m) => `${m} ${line(m, 'uniform')}`).join(' | ')} | auto ls ${line('ls', 'auto')} | auto pair ${line('pair', 'auto')}`);
    }
    if (recover) {
      await phase('recovery', async () => {
        for (const method of METHODS) {
          const parts: string[] = [];
          for (const f of RECOVERY_FRACTIONS) {
            const row = await compactTo(cell, method, 'uniform', f);
            const points = await fineTune(cell.session.current().mlp, sets, finetune);
            recRows.push({ model: seed, probe, method, fraction: f, widths: row.widths, params: row.params, compactSeconds: row.seconds, points });
            parts.push(`${100 * f}%: ${points.map((p) => ((100 * p.test) / sizes.test).toFixed(1)).join(' ')}`);
          }
          log(`model ${seed}, probe ${probe}, fine-tuning ${METHOD_LABELS[method]}: ${parts.join(' | ')}`);
        }
      });
    }
  }
}
let timings: Timings | null = null;
if (doTimings) {
  log(`timings (${repeats} repeats) on the bundled model, probe seed 1`);
  timings = await phase('timings', () => measureTimings(bundled, chooseProbe(sets.train, probeSize, 1).data, sets.test, sets.validation, repeats));
}
clearInterval(sampler);
const load = machine();
const info = { generated: new Date().toISOString(), command, backend, wallSeconds: elapsed(), load, phases };
log(
  `done in ${(info.wallSeconds / 60).toFixed(1)} min (training ${phases.training.toFixed(0)} s, compaction ${phases.compaction.toFixed(0)} s, recovery ${phases.recovery.toFixed(0)} s, timings ${phases.timings.toFixed(0)} s); ` +
    `1-minute load average: start ${load.start.toFixed(2)}, mean ${load.mean.toFixed(2)}, max ${load.max.toFixed(2)}, end ${load.end.toFixed(2)} on ${load.cpus} CPUs`,
);

// ---- output --------------------------------------------------------------------------
const compaction: CompactionData | null = doCompaction
  ? { ...info, sizes, fractions: FRACTIONS, modelSeeds, probeSeeds, originalParams: mlpParamCount(bundled.mlp), models, rows: compRows, merging, timings }
  : loadJson<CompactionData>('compaction.json');
const recovery: RecoveryData | null = doRecovery
  ? { ...info, sizes, settings: finetune, fractions: RECOVERY_FRACTIONS, modelSeeds, probeSeeds: probeSeeds.slice(0, recoveryProbes), models, rows: recRows }
  : loadJson<RecoveryData>('recovery.json');
const md = renderResults(compaction, recovery);
if (values['no-write']) {
  process.stdout.write(md);
} else {
  if (doCompaction) saveJson('compaction.json', compaction!);
  if (doRecovery) saveJson('recovery.json', recovery!);
  writeFileSync(join(PROJECT_ROOT, 'docs', 'results.md'), md);
  if (compaction) writeFileSync(join(PROJECT_ROOT, 'docs', 'compaction-plot.svg'), compactionPlotSvg(compaction));
  if (recovery) writeFileSync(join(PROJECT_ROOT, 'docs', 'recovery-plot.svg'), recoveryPlotSvg(recovery));
  log(`wrote ${[doCompaction && 'bench/results/compaction.json', doRecovery && 'bench/results/recovery.json'].filter(Boolean).join(', ')}, docs/results.md and the plots`);
}
