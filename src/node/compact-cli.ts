/**
 * The logic of `npm run compact` (scripts/compact.ts), apart from its file
 * and console I/O so it can be tested: the argument parser, the parameter
 * target, and one compaction run with its JSON summary.
 */
import { parseArgs } from 'node:util';
import * as tf from '@tensorflow/tfjs';
import { DEFAULT_PROBE_SEED, DEFAULT_PROBE_SIZE, chooseProbe } from '../core/coding/probe';
import type { HistoryRecord, Method, RunOptions } from '../core/compaction';
import type { FineTuneSettings } from '../core/compaction';
import { CompactionSession, COST_METHODS, METHODS, fineTune, isMethod, runToTarget, uniformTargetWidths } from '../core/compaction';
import type { SplitData } from '../core/data/split';
import type { Mlp } from '../core/model/mlp';
import { mlpParamCount, mlpWidths } from '../core/model/mlp';
import { paramCount } from '../core/model/spec';
import type { Accuracy } from '../core/stats/accuracy';
import { DEFAULT_TRAIN_SETTINGS } from '../core/train/settings';
import { TRAINING_LIMITS } from '../core/train/limits';

export const USAGE = `usage: npm run compact -- --method ${METHODS.join('|')}
         (--remove-fraction F | --target-params P | --max-drop D)
         [--model DIR] [--probe N] [--seed S] [--schedule global|uniform] [--out DIR] [--json]
         [--finetune-epochs N [--finetune-lr X] [--finetune-seed S] [--finetune-batch B]]
  --remove-fraction F  remove the fraction F (0 <= F < 1) of every hidden layer, front to back
  --target-params P    automatic: remove neurons until at most P parameters remain. P is a share of the
                       model's parameters, as a percentage (20%) or a fraction (0.2), or a bare integer,
                       which counts parameters (26661 = at most 26,661 parameters; 20 means 20 parameters,
                       not 20%, and is refused as smaller than any network with these layers)
  --max-drop D         automatic: remove neurons while validation accuracy stays within D percentage
                       points of the original's, counted in whole digits (the test digits only report)
  --model DIR          a TensorFlow.js LayersModel directory (default: the bundled LeNet-300-100)
  --probe N            probe images drawn from the training digits (default ${DEFAULT_PROBE_SIZE})
  --seed S             seeds the probe choice and the random baseline (default ${DEFAULT_PROBE_SEED})
  --schedule global|uniform  automatic modes: cost-based across layers (pair, ls) or equal fractions
  --finetune-epochs N  after compacting, fine-tune the compacted network for N epochs on the 7,000 training
                       digits (Adam, the Trainer of the app, on the wasm backend); the accuracy is reported
                       before and after, and --out writes the fine-tuned model (merges.json lists the fine-tune)
  --finetune-lr X      its learning rate (default ${DEFAULT_TRAIN_SETTINGS.learningRate}, the bundled model's)
  --finetune-seed S    seeds the order of the training digits (default ${DEFAULT_TRAIN_SETTINGS.seed})
  --finetune-batch B   its batch size (default ${DEFAULT_TRAIN_SETTINGS.batchSize})
  --out DIR            write model.json, model.weights.bin and merges.json there
  --json               print one JSON object: accuracy and baseline on the test and validation digits
                       as { correct, n, value, ci95 } (95% Wilson interval), and decidedOn, the set that
                       decided the stop ("validation" for --max-drop, null when no accuracy did); with
                       --finetune-epochs, "finetune" gives its settings and the accuracy before and after
                       (the same objects), and "accuracy" is the fine-tuned model's`;

export class UsageError extends Error {}

/** --target-params: a parameter count, or a share of the model's parameters. */
export type ParamTarget = { count: number } | { share: number; text: string };

export type Mode = 'remove-fraction' | 'target-params' | 'max-drop';

export interface CompactArgs {
  method: Method;
  mode: Mode;
  fraction?: number;
  targetParams?: ParamTarget;
  /** Percentage points. */
  maxDrop?: number;
  /** Undefined: the bundled model. */
  modelDir?: string;
  probe: number;
  seed: number;
  schedule?: 'global' | 'uniform';
  out?: string;
  json: boolean;
  /** Fine-tune after compacting (--finetune-epochs and the rest). */
  finetune?: FineTuneSettings;
}

function num(name: string, v: string, check: (x: number) => boolean, what: string): number {
  const x = Number(v);
  if (v.trim() === '' || !Number.isFinite(x) || !check(x)) throw new UsageError(`--${name} must be ${what}, got "${v}"`);
  return x;
}

/** "20%" and "0.2" are shares; a bare integer is a parameter count. */
export function parseParamTarget(v: string): ParamTarget {
  const t = v.trim();
  const what = 'a percentage like 20%, a fraction like 0.2, or a parameter count like 26661';
  if (t.endsWith('%')) return { share: num('target-params', t.slice(0, -1), (x) => x > 0 && x <= 100, `${what} (percentages in (0, 100])`) / 100, text: t };
  const x = num('target-params', t, (y) => y > 0, what);
  if (Number.isInteger(x)) return { count: x };
  if (x < 1) return { share: x, text: t };
  throw new UsageError(`--target-params must be ${what}, got "${v}" (a fraction lies in (0, 1); a count is an integer)`);
}

/** Parses the command line (without node and the script). Returns null for --help. */
export function parseCompactArgs(argv: string[]): CompactArgs | null {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
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
        'finetune-epochs': { type: 'string' },
        'finetune-lr': { type: 'string' },
        'finetune-seed': { type: 'string' },
        'finetune-batch': { type: 'string' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  if (values.help) return null;
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
  const a: CompactArgs = {
    method,
    mode: modes[0],
    probe: values.probe !== undefined ? num('probe', values.probe, (x) => Number.isInteger(x) && x >= 2, 'an integer >= 2') : DEFAULT_PROBE_SIZE,
    seed: values.seed !== undefined ? num('seed', values.seed, Number.isInteger, 'an integer') : DEFAULT_PROBE_SEED,
    json: values.json,
  };
  if (values['remove-fraction'] !== undefined) a.fraction = num('remove-fraction', values['remove-fraction'], (x) => x >= 0 && x < 1, 'a number in [0, 1)');
  if (values['target-params'] !== undefined) a.targetParams = parseParamTarget(values['target-params']);
  if (values['max-drop'] !== undefined) a.maxDrop = num('max-drop', values['max-drop'], (x) => x >= 0 && x <= 100, 'a number of percentage points in [0, 100]');
  if (values.model !== undefined) a.modelDir = values.model;
  if (schedule !== undefined) a.schedule = schedule;
  if (values.out) a.out = values.out;
  const L = TRAINING_LIMITS;
  if (values['finetune-epochs'] !== undefined) {
    const intIn = (name: string, v: string | undefined, lim: { min: number; max: number }, dflt: number) =>
      v === undefined ? dflt : num(name, v, (x) => Number.isInteger(x) && x >= lim.min && x <= lim.max, `an integer from ${lim.min} to ${lim.max}`);
    a.finetune = {
      epochs: intIn('finetune-epochs', values['finetune-epochs'], L.epochs, 1),
      learningRate:
        values['finetune-lr'] === undefined
          ? DEFAULT_TRAIN_SETTINGS.learningRate
          : num('finetune-lr', values['finetune-lr'], (x) => x >= L.learningRate.min && x <= L.learningRate.max, `a number from ${L.learningRate.min} to ${L.learningRate.max}`),
      batchSize: intIn('finetune-batch', values['finetune-batch'], L.batchSize, DEFAULT_TRAIN_SETTINGS.batchSize),
      seed: intIn('finetune-seed', values['finetune-seed'], L.seed, DEFAULT_TRAIN_SETTINGS.seed),
    };
  } else {
    const stray = (['finetune-lr', 'finetune-seed', 'finetune-batch'] as const).filter((k) => values[k] !== undefined);
    if (stray.length) throw new UsageError(`--${stray[0]} needs --finetune-epochs`);
  }
  return a;
}

/** Parameters of the smallest network with the model's layers: one neuron left in every hidden layer. */
export function smallestParams(m: Mlp): number {
  return paramCount([m.spec.inputSize, ...m.spec.hidden.map(() => 1), m.spec.numClasses]);
}

/** The target as a parameter count; refuses one below the smallest possible network. */
export function resolveParamTarget(t: ParamTarget, m: Mlp): number {
  const total = mlpParamCount(m);
  const count = 'count' in t ? t.count : Math.floor(t.share * total);
  const least = smallestParams(m);
  if (count < least) {
    const asked = 'count' in t ? `${count} parameters` : `${t.text} of ${total} parameters (${count})`;
    const hint = 'count' in t && count <= 100 ? ` (for ${count}% of the parameters, write --target-params ${count}%)` : '';
    throw new UsageError(
      `--target-params asks for at most ${asked}, but the smallest network with these layers (${[m.spec.inputSize, ...m.spec.hidden.map(() => 1), m.spec.numClasses].join('-')}) has ${least}${hint}`,
    );
  }
  return count;
}

export interface CompactSummary {
  method: Method;
  mode: Mode;
  schedule: string;
  /** The fraction removed, the parameter count, or the percentage points. */
  target: number;
  model: string;
  probe: number;
  seed: number;
  widthsBefore: number[];
  widths: number[];
  paramsBefore: number;
  params: number;
  /** The final model (compacted, then fine-tuned with --finetune-epochs) on the test and validation digits. */
  accuracy: { test: Accuracy | null; validation: Accuracy | null };
  /** The uncompressed model on the same digits. */
  baseline: { test: Accuracy | null; validation: Accuracy | null };
  /** The set whose accuracy decided the stop: "validation" for --max-drop; null for the other modes (a parameter target or widths decide). */
  decidedOn: 'validation' | null;
  /** Test accuracy before and after (as in earlier versions; the same as baseline.test.value and accuracy.test.value). */
  accuracyBefore: number | null;
  accuracyAfter: number | null;
  steps: number;
  stoppedBy: string;
  seconds: number;
  out: string | null;
  /** With --finetune-epochs: its settings, the compacted model's accuracy before and after it, its wall time and the backend (null without). */
  finetune: FineTuneSummary | null;
}

export interface FineTuneSummary extends FineTuneSettings {
  before: { test: Accuracy | null; validation: Accuracy | null };
  after: { test: Accuracy | null; validation: Accuracy | null };
  seconds: number;
  /** The tfjs backend it trained on (a replay gives the same weights on the same backend only). */
  backend: string;
}

/** One compaction run on a split data set (the probe from its training digits). */
export async function runCompaction(
  a: CompactArgs,
  model: { mlp: Mlp; neuronIds?: number[][]; name: string },
  data: SplitData,
): Promise<{ summary: CompactSummary; session: CompactionSession; records: HistoryRecord[] }> {
  const { mlp } = model;
  if (mlp.spec.inputSize !== data.train.rows * data.train.cols) throw new Error(`the model takes ${mlp.spec.inputSize} inputs but the data has ${data.train.rows * data.train.cols} pixels`);
  if (mlp.spec.numClasses !== data.train.numClasses) throw new Error(`the model has ${mlp.spec.numClasses} outputs but the data has ${data.train.numClasses} classes`);
  if (a.mode === 'max-drop' && !data.validation) throw new Error('--max-drop needs validation digits');
  const targetParams = a.targetParams ? resolveParamTarget(a.targetParams, mlp) : undefined;
  const probe = chooseProbe(data.train, Math.min(a.probe, data.train.count), a.seed);
  const t0 = performance.now();
  const s = await CompactionSession.create({
    model: mlp,
    neuronIds: model.neuronIds,
    probe: probe.data,
    heldOut: data.test,
    validation: data.validation,
    seed: a.seed,
    trackAccuracy: a.mode === 'max-drop',
  });
  const opts: RunOptions = { method: a.method };
  if (a.mode === 'remove-fraction') opts.targetWidths = uniformTargetWidths(mlp.spec.hidden, a.fraction!);
  else {
    opts.schedule = a.schedule;
    if (targetParams !== undefined) opts.targetParams = targetParams;
    if (a.maxDrop !== undefined) opts.maxAccuracyDrop = a.maxDrop / 100;
  }
  const r = await runToTarget(s, opts);
  const seconds = (performance.now() - t0) / 1000;
  let finetune: FineTuneSummary | null = null;
  if (a.finetune) {
    const t1 = performance.now();
    const before = s.accuracies();
    const rec = await fineTune(s, data.train, a.finetune);
    if (!rec) throw new Error('the fine-tune stopped before its end');
    finetune = { ...a.finetune, before, after: s.accuracies(), seconds: (performance.now() - t1) / 1000, backend: tf.getBackend() };
  }
  const final = finetune ? finetune.after : r.accuracies;
  const schedule = a.mode === 'remove-fraction' ? 'sequential' : (a.schedule ?? (COST_METHODS.includes(a.method) ? 'global' : 'uniform'));
  const summary: CompactSummary = {
    method: a.method,
    mode: a.mode,
    schedule,
    target: a.mode === 'remove-fraction' ? a.fraction! : a.mode === 'target-params' ? targetParams! : a.maxDrop!,
    model: model.name,
    probe: probe.data.count,
    seed: a.seed,
    widthsBefore: mlpWidths(mlp),
    widths: r.widths,
    paramsBefore: mlpParamCount(mlp),
    params: r.params,
    accuracy: final,
    baseline: s.baseAccuracies,
    decidedOn: r.decidedOn,
    accuracyBefore: s.baseAccuracies.test?.value ?? null,
    accuracyAfter: final.test?.value ?? null,
    steps: s.cursor - (finetune ? 1 : 0),
    stoppedBy: r.stoppedBy,
    seconds,
    out: a.out ?? null,
    finetune,
  };
  return { summary, session: s, records: s.appliedRecords() };
}

function pct(a: Accuracy | null): string {
  return a ? `${(100 * a.value).toFixed(2)}% (${a.correct}/${a.n}, 95% CI ${(100 * a.ci95[0]).toFixed(2)}-${(100 * a.ci95[1]).toFixed(2)})` : 'n/a';
}

/** The human-readable report. */
export function describeSummary(x: CompactSummary): string[] {
  const lines = [
    `${x.steps} steps (${x.schedule} schedule, stopped by ${x.stoppedBy}${x.decidedOn ? `, decided on the ${x.decidedOn} digits` : ''}) in ${x.seconds.toFixed(2)} s`,
    `widths ${x.widths.join('-')}, ${x.params} parameters (${((100 * x.params) / x.paramsBefore).toFixed(1)}%)`,
    `validation accuracy ${pct(x.baseline.validation)} -> ${pct(x.accuracy.validation)}`,
    `test accuracy       ${pct(x.baseline.test)} -> ${pct(x.accuracy.test)}`,
  ];
  const f = x.finetune;
  if (f) {
    lines.splice(
      2,
      2,
      `validation accuracy ${pct(x.baseline.validation)} -> ${pct(f.before.validation)} compacted -> ${pct(f.after.validation)} fine-tuned`,
      `test accuracy       ${pct(x.baseline.test)} -> ${pct(f.before.test)} compacted -> ${pct(f.after.test)} fine-tuned`,
      `fine-tune: ${f.epochs} epoch${f.epochs === 1 ? '' : 's'}, learning rate ${f.learningRate}, batch ${f.batchSize}, seed ${f.seed}, on ${f.backend} in ${f.seconds.toFixed(2)} s`,
    );
  }
  return lines;
}
