/**
 * From the stored runs to the figures of the report and the plots: means and
 * standard deviations over (model, probe) runs, per-model means, paired
 * differences, fine-tuning curves and catch-up epochs. Accuracies here are
 * percentages of the digits of the set named.
 */
import type { Method } from '../src/core/compaction';
import type { CompactionData, RecoveryData, RecoveryRow } from './bench-data';
import type { CompactionRow, Kind } from './compaction-runs';
import type { PairedSummary } from './stats';
import { mean, pairedSummary, sd } from './stats';

export interface Spread {
  values: number[];
  mean: number;
  sd: number;
}

export function spread(values: number[]): Spread {
  return { values, mean: mean(values), sd: sd(values) };
}

const pctOf = (correct: number, n: number) => (100 * correct) / n;

export function rowsOf(c: CompactionData, method: Method, kind: Kind, fraction: number): CompactionRow[] {
  return c.rows.filter((r) => r.method === method && r.kind === kind && r.fraction === fraction);
}

/** Test accuracy (%) over every (model, probe) run, and per model (its mean and sd over probes). */
export function testSpread(c: CompactionData, method: Method, kind: Kind, fraction: number): Spread & { perModel: { seed: number; s: Spread }[] } {
  const rows = rowsOf(c, method, kind, fraction);
  const all = spread(rows.map((r) => pctOf(r.test, c.sizes.test)));
  const perModel = c.modelSeeds.map((seed) => ({ seed, s: spread(rows.filter((r) => r.model === seed).map((r) => pctOf(r.test, c.sizes.test))) }));
  return { ...all, perModel };
}

/** sd within a model (pooled over models: sqrt of the mean probe variance) and sd of the model means. */
export function varianceParts(perModel: { s: Spread }[]): { withinModel: number; betweenModels: number } {
  const within = Math.sqrt(mean(perModel.map((m) => m.s.sd * m.s.sd)));
  return { withinModel: within, betweenModels: sd(perModel.map((m) => m.s.mean)) };
}

export interface AutoVsUniform {
  /** Paired over every (model, probe) run: automatic minus uniform, in points of test accuracy. */
  runs: PairedSummary;
  /** The same over the per-model mean differences (the models are the independent units: conservative). */
  models: PairedSummary;
  perModel: { seed: number; mean: number }[];
}

export function autoMinusUniform(c: CompactionData, method: Method, fraction: number): AutoVsUniform {
  const u = rowsOf(c, method, 'uniform', fraction);
  const diffs: { model: number; d: number }[] = [];
  for (const a of rowsOf(c, method, 'auto', fraction)) {
    const b = u.find((r) => r.model === a.model && r.probe === a.probe);
    if (b) diffs.push({ model: a.model, d: pctOf(a.test - b.test, c.sizes.test) });
  }
  const perModel = c.modelSeeds.map((seed) => ({ seed, mean: mean(diffs.filter((x) => x.model === seed).map((x) => x.d)) }));
  return { runs: pairedSummary(diffs.map((x) => x.d)), models: pairedSummary(perModel.map((m) => m.mean)), perModel };
}

/** The automatic runs' hidden widths: the median of each layer, and the range. */
export function autoWidths(c: CompactionData, method: Method, fraction: number): { median: number[]; lo: number[]; hi: number[]; params: Spread } {
  const rows = rowsOf(c, method, 'auto', fraction);
  const hidden = rows[0].widths.slice(1, -1).map((_, l) => rows.map((r) => r.widths[l + 1]).sort((a, b) => a - b));
  return {
    median: hidden.map((ws) => ws[ws.length >> 1]),
    lo: hidden.map((ws) => ws[0]),
    hi: hidden.map((ws) => ws[ws.length - 1]),
    params: spread(rows.map((r) => r.params)),
  };
}

// ---- fine-tuning -------------------------------------------------------------

export function recoveryRows(r: RecoveryData, method: Method, fraction: number): RecoveryRow[] {
  return r.rows.filter((x) => x.method === method && x.fraction === fraction);
}

/** Test accuracy (%) after each number of epochs, over the runs. */
export function recoveryCurve(r: RecoveryData, method: Method, fraction: number): Spread[] {
  const rows = recoveryRows(r, method, fraction);
  const epochs = r.settings.epochs;
  return Array.from({ length: epochs + 1 }, (_, e) => spread(rows.map((x) => pctOf(x.points[e].test, r.sizes.test))));
}

export interface CatchUp {
  /** Least-squares unification's mean test accuracy without fine-tuning (the target). */
  target: number;
  /** The first epoch count whose mean test accuracy reaches the target (null: not within the epochs run). */
  epochs: number | null;
  /** Mean wall seconds of fine-tuning those epochs (the Trainer's epoch times, summed). */
  seconds: number | null;
  /** Per run (paired with least squares on the same model and probe): how many reach their own target within the epochs run, and the median epochs needed (null if most do not). */
  runsReaching: number;
  runs: number;
  medianEpochs: number | null;
}

export function catchUp(r: RecoveryData, method: Method, fraction: number): CatchUp {
  const ls = recoveryRows(r, 'ls', fraction);
  const rows = recoveryRows(r, method, fraction);
  const target = mean(ls.map((x) => pctOf(x.points[0].test, r.sizes.test)));
  const curve = recoveryCurve(r, method, fraction);
  const e = curve.findIndex((s) => s.mean >= target);
  const epochs = e < 0 ? null : e;
  const seconds = epochs === null ? null : mean(rows.map((x) => x.points.slice(1, epochs + 1).reduce((a, p) => a + p.seconds, 0)));
  const needed = rows.map((x) => {
    const own = ls.find((y) => y.model === x.model && y.probe === x.probe)!;
    const k = x.points.findIndex((p) => p.test >= own.points[0].test);
    return k < 0 ? Infinity : k;
  });
  const sorted = needed.slice().sort((a, b) => a - b);
  const med = sorted[(sorted.length - 1) >> 1];
  return {
    target,
    epochs,
    seconds,
    runsReaching: needed.filter((k) => Number.isFinite(k)).length,
    runs: rows.length,
    medianEpochs: Number.isFinite(med) ? med : null,
  };
}

/** Mean seconds of one fine-tuning epoch of a method's networks at a fraction. */
export function epochSeconds(r: RecoveryData, method: Method, fraction: number): number {
  return mean(recoveryRows(r, method, fraction).flatMap((x) => x.points.slice(1).map((p) => p.seconds)));
}
