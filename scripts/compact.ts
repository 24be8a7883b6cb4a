/**
 * Compacts a model from the command line.
 *
 *   npm run compact -- --method ls --remove-fraction 0.8
 *   npm run compact -- --method pair --target-params 26661 --out out/pair-10
 *   npm run compact -- --method ls --max-drop 1 --json
 *
 * Exactly one of --remove-fraction F (per hidden layer, front to back),
 * --target-params P (automatic) or --max-drop D (automatic, percentage points
 * of test accuracy). Options: --model DIR (a TensorFlow.js LayersModel; default:
 * the bundled LeNet-300-100), --probe N (probe images from the training split,
 * default 2000), --seed S (probe choice and the random baseline, default 1),
 * --schedule global|uniform (automatic modes; default global for pair and ls,
 * uniform for baselines), --out DIR (writes model.json, model.weights.bin and
 * merges.json), --json (one JSON object on stdout).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_PROBE_SEED, DEFAULT_PROBE_SIZE, chooseProbe } from '../src/core/coding/probe';
import type { RunOptions } from '../src/core/compaction';
import { CompactionSession, COST_METHODS, METHODS, exportCompacted, isMethod, runToTarget, uniformTargetWidths } from '../src/core/compaction';
import { splitDataset } from '../src/core/data/split';
import { BUNDLED_MODEL_DIR } from '../src/core/io/bundled';
import { ModelFormatError, parseModelJson, readLayersModel, weightPaths } from '../src/core/io/read-layers-model';
import { evaluateAccuracy } from '../src/core/model/forward';
import { mlpParamCount, mlpWidths } from '../src/core/model/mlp';
import { PROJECT_ROOT, loadEmbeddedDataset } from '../src/node/load-embedded';
import { initNodeBackend } from '../src/node/tf-node';

const USAGE = `usage: npm run compact -- --method ${METHODS.join('|')}
         (--remove-fraction F | --target-params P | --max-drop D)
         [--model DIR] [--probe N] [--seed S] [--schedule global|uniform] [--out DIR] [--json]
  --remove-fraction F  remove the fraction F (0 <= F < 1) of every hidden layer, front to back
  --target-params P    automatic: remove neurons until at most P parameters remain (or P% of them, e.g. 10%)
  --max-drop D         automatic: remove neurons while test accuracy stays within D percentage points
  --model DIR          a TensorFlow.js LayersModel directory (default: public/${BUNDLED_MODEL_DIR})
  --probe N            probe images drawn from the training split (default ${DEFAULT_PROBE_SIZE})
  --seed S             seeds the probe choice and the random baseline (default ${DEFAULT_PROBE_SEED})
  --schedule global|uniform  automatic modes: cost-based across layers (pair, ls) or equal fractions
  --out DIR            write model.json, model.weights.bin and merges.json there
  --json               print one JSON object`;

class UsageError extends Error {}

function fail(e: unknown): never {
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof UsageError) {
    console.error(`error: ${msg}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(`error: ${msg}`);
  process.exit(1);
}

function num(name: string, v: string, check: (x: number) => boolean, what: string): number {
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || !check(x)) throw new UsageError(`--${name} must be ${what}, got "${v}"`);
  return x;
}

/** --target-params as an absolute count or a percentage of the model's parameters. */
function targetSpec(v: string): { count?: number; percent?: number } {
  const t = v.trim();
  if (t.endsWith('%')) return { percent: num('target-params', t.slice(0, -1), (x) => x > 0 && x <= 100, 'a percentage in (0, 100]') };
  return { count: num('target-params', t, (x) => Number.isInteger(x) && x > 0, 'a positive integer or a percentage like 10%') };
}

function parse() {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        method: { type: 'string' },
        'remove-fraction': { type: 'string' },
        'target-params': { type: 'string' },
        'max-drop': { type: 'string' },
        model: { type: 'string' },
        probe: { type: 'string' },
        seed: { type: 'string' },
        schedule: { type: 'string' },
        out: { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const method = values.method;
  if (!method) throw new UsageError('--method is required');
  if (!isMethod(method)) throw new UsageError(`unknown method "${method}" (use ${METHODS.join(', ')})`);
  const modes = (['remove-fraction', 'target-params', 'max-drop'] as const).filter((k) => values[k] !== undefined);
  if (modes.length !== 1) throw new UsageError('give exactly one of --remove-fraction, --target-params, --max-drop');
  const schedule = values.schedule;
  if (schedule !== undefined) {
    if (schedule !== 'global' && schedule !== 'uniform') throw new UsageError(`--schedule must be global or uniform, got "${schedule}"`);
    if (modes[0] === 'remove-fraction') throw new UsageError('--schedule applies to --target-params and --max-drop only');
    if (schedule === 'global' && !COST_METHODS.includes(method)) throw new UsageError(`the global schedule needs a cost (--method ${COST_METHODS.join(' or ')})`);
  }
  return {
    method,
    mode: modes[0],
    fraction: values['remove-fraction'] !== undefined ? num('remove-fraction', values['remove-fraction'], (x) => x >= 0 && x < 1, 'a number in [0, 1)') : undefined,
    targetParams: values['target-params'] !== undefined ? targetSpec(values['target-params']) : undefined,
    maxDrop: values['max-drop'] !== undefined ? num('max-drop', values['max-drop'], (x) => x >= 0 && x <= 100, 'a number of percentage points in [0, 100]') : undefined,
    modelDir: resolve(values.model ?? join(PROJECT_ROOT, 'public', BUNDLED_MODEL_DIR)),
    probe: values.probe !== undefined ? num('probe', values.probe, (x) => Number.isInteger(x) && x >= 2, 'an integer >= 2') : DEFAULT_PROBE_SIZE,
    seed: values.seed !== undefined ? num('seed', values.seed, Number.isInteger, 'an integer') : DEFAULT_PROBE_SEED,
    schedule: schedule as 'global' | 'uniform' | undefined,
    out: values.out ? resolve(values.out) : undefined,
    json: values.json,
  };
}

function loadModel(dir: string) {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`model directory ${dir} does not exist`);
  const jsonPath = join(dir, 'model.json');
  if (!existsSync(jsonPath)) throw new Error(`${jsonPath} is missing`);
  const json = parseModelJson(readFileSync(jsonPath, 'utf8'), jsonPath);
  const files = new Map<string, Uint8Array>();
  for (const p of weightPaths(json)) {
    const f = join(dir, basename(p));
    if (!existsSync(f)) throw new ModelFormatError(`weight file ${f} is missing`);
    files.set(basename(p), new Uint8Array(readFileSync(f)));
  }
  return readLayersModel(json, files);
}

async function main() {
  const a = parse();
  const log = a.json ? (..._: unknown[]) => {} : console.log;
  const { mlp, meta } = loadModel(a.modelDir);
  const data = loadEmbeddedDataset();
  if (mlp.spec.inputSize !== data.rows * data.cols) throw new Error(`the model takes ${mlp.spec.inputSize} inputs but the data has ${data.rows * data.cols} pixels`);
  if (mlp.spec.numClasses !== data.numClasses) throw new Error(`the model has ${mlp.spec.numClasses} outputs but the data has ${data.numClasses} classes`);
  await initNodeBackend('wasm');
  const { train, test } = splitDataset(data);
  const probe = chooseProbe(train, Math.min(a.probe, train.count), a.seed);
  const paramsBefore = mlpParamCount(mlp);
  const tp = a.targetParams;
  const targetParams = tp ? (tp.percent !== undefined ? Math.floor((tp.percent / 100) * paramsBefore) : tp.count) : undefined;
  const accuracyBefore = await evaluateAccuracy(mlp, test);
  log(`model ${a.modelDir}: ${mlpWidths(mlp).join('-')}, ${paramsBefore} parameters, test accuracy ${(100 * accuracyBefore).toFixed(2)}%`);
  log(`probe: ${probe.data.count} training images (seed ${a.seed}); method ${a.method}`);

  const t0 = performance.now();
  const s = await CompactionSession.create({ model: mlp, neuronIds: meta.neuronIds, probe: probe.data, heldOut: test, seed: a.seed, trackAccuracy: a.mode === 'max-drop' });
  const opts: RunOptions = { method: a.method };
  if (a.mode === 'remove-fraction') opts.targetWidths = uniformTargetWidths(mlp.spec.hidden, a.fraction!);
  else {
    opts.schedule = a.schedule;
    if (targetParams !== undefined) opts.targetParams = targetParams;
    if (a.maxDrop !== undefined) opts.maxAccuracyDrop = a.maxDrop / 100;
  }
  const r = await runToTarget(s, opts);
  const seconds = (performance.now() - t0) / 1000;
  const { mlp: out, neuronIds } = s.current();
  const accuracyAfter = await evaluateAccuracy(out, test);
  const schedule = a.mode === 'remove-fraction' ? 'sequential' : (a.schedule ?? (COST_METHODS.includes(a.method) ? 'global' : 'uniform'));
  const summary = {
    method: a.method,
    mode: a.mode,
    schedule,
    target: a.mode === 'remove-fraction' ? a.fraction : a.mode === 'target-params' ? targetParams : a.maxDrop,
    model: a.modelDir,
    probe: probe.data.count,
    seed: a.seed,
    widthsBefore: mlpWidths(mlp),
    widths: r.widths,
    paramsBefore,
    params: r.params,
    accuracyBefore,
    accuracyAfter,
    steps: s.cursor,
    stoppedBy: r.stoppedBy,
    seconds,
    out: a.out ?? null,
  };
  if (a.out) {
    const files = await exportCompacted(out, neuronIds, s.appliedRecords(), { ...summary, out: undefined, model: basename(a.modelDir) });
    mkdirSync(a.out, { recursive: true });
    writeFileSync(join(a.out, 'model.json'), files.modelJson);
    writeFileSync(join(a.out, files.weightsFileName), files.weights);
    writeFileSync(join(a.out, 'merges.json'), files.mergesJson);
  }
  if (a.json) {
    console.log(JSON.stringify(summary));
    return;
  }
  log(`${s.cursor} steps (${schedule} schedule, stopped by ${r.stoppedBy}) in ${seconds.toFixed(2)} s`);
  log(`widths ${r.widths.join('-')}, ${r.params} parameters (${((100 * r.params) / paramsBefore).toFixed(1)}%)`);
  log(`test accuracy ${(100 * accuracyBefore).toFixed(2)}% -> ${(100 * accuracyAfter).toFixed(2)}%`);
  if (a.out) log(`wrote ${a.out}/model.json, model.weights.bin, merges.json`);
}

main().catch(fail);
