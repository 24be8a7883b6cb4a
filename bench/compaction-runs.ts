/**
 * One (model, probe) cell of the benches: a compaction session on the model
 * with a seeded probe set of training digits, every method at every fraction
 * removed (uniform, front to back), and the automatic mode (global schedule)
 * at the same parameter counts. Nothing here looks at an accuracy to choose
 * anything: each run stops at its widths or parameter count, and the
 * validation and test counts are only recorded.
 */
import { chooseProbe } from '../src/core/coding/probe';
import type { Method } from '../src/core/compaction';
import { CompactionSession, isFineTune, METHODS, runToTarget, uniformTargetWidths } from '../src/core/compaction';
import type { Dataset } from '../src/core/data/dataset';
import type { Mlp } from '../src/core/model/mlp';
import { paramCount } from '../src/core/model/spec';

/** The methods with a global schedule: their automatic mode. */
export const AUTO_METHODS: Method[] = ['ls', 'pair'];

export type Kind = 'uniform' | 'auto';

export interface CompactionRow {
  /** The training seed of the model. */
  model: number;
  /** The probe seed (also the random baseline's seed). */
  probe: number;
  method: Method;
  kind: Kind;
  fraction: number;
  /** Widths, input to output. */
  widths: number[];
  params: number;
  /** Correct test and validation digits after the run. */
  test: number;
  validation: number;
  /** Neuron Merging: removals per hidden layer that were folded into a kept neuron (cosine >= 0.45), not just pruned. */
  merged?: number[];
  seconds: number;
}

export interface Sets {
  train: Dataset;
  validation: Dataset;
  test: Dataset;
}

export interface Cell {
  model: number;
  probe: number;
  session: CompactionSession;
}

export async function openCell(model: { seed: number; mlp: Mlp; neuronIds?: number[][] }, probeSeed: number, sets: Sets, probeSize: number): Promise<Cell> {
  const probe = chooseProbe(sets.train, probeSize, probeSeed).data;
  const session = await CompactionSession.create({
    model: model.mlp,
    neuronIds: model.neuronIds,
    probe,
    heldOut: sets.test,
    validation: sets.validation,
    seed: probeSeed,
    trackAccuracy: false,
  });
  return { model: model.seed, probe: probeSeed, session };
}

/** Resets the session and compacts it: uniform = the fraction of every hidden layer, front to back; auto = the global schedule down to the uniform row's parameter count. */
export async function compactTo(cell: Cell, method: Method, kind: Kind, fraction: number): Promise<CompactionRow> {
  const s = cell.session;
  const hidden = s.original.spec.hidden;
  const widths = uniformTargetWidths(hidden, fraction);
  const t0 = performance.now();
  s.reset();
  if (kind === 'uniform') await runToTarget(s, { method, targetWidths: widths, trackAccuracy: false });
  else {
    const targetParams = paramCount([s.original.spec.inputSize, ...widths, s.original.spec.numClasses]);
    await runToTarget(s, { method, targetParams, trackAccuracy: false });
  }
  const counts = s.correctCounts();
  const row: CompactionRow = {
    model: cell.model,
    probe: cell.probe,
    method,
    kind,
    fraction,
    widths: s.widths(),
    params: s.params(),
    test: counts.test!,
    validation: counts.validation!,
    seconds: (performance.now() - t0) / 1000,
  };
  if (method === 'merging') {
    row.merged = hidden.map(() => 0);
    for (const r of s.appliedRecords()) if (!isFineTune(r) && r.heirs.length) row.merged[r.layer]++;
  }
  return row;
}

/** Every method uniform at every fraction, then the automatic modes. */
export async function runCell(cell: Cell, fractions: readonly number[], methods: readonly Method[] = METHODS): Promise<CompactionRow[]> {
  const rows: CompactionRow[] = [];
  for (const method of methods) for (const f of fractions) rows.push(await compactTo(cell, method, 'uniform', f));
  for (const method of AUTO_METHODS) if (methods.includes(method)) for (const f of fractions) rows.push(await compactTo(cell, method, 'auto', f));
  return rows;
}

/**
 * Neuron Merging's test on the first hidden layer, from the weights: with the
 * kept set = the (1 - f) share of largest incoming norms, the largest cosine
 * between any pruned neuron and any kept one, over the incoming weights only
 * (as the engine does) and with the bias appended (as its authors' code does).
 */
export function mergingCosines(mlp: Mlp, fraction: number): { weightsOnly: number; withBias: number; keptCount: number } {
  const L = mlp.layers[0];
  const n = L.outSize;
  const vec = (j: number, bias: boolean) => {
    const v = new Float64Array(L.inSize + (bias ? 1 : 0));
    for (let r = 0; r < L.inSize; r++) v[r] = L.W[r * n + j];
    if (bias) v[L.inSize] = L.b[j];
    return v;
  };
  const norm = (v: Float64Array) => Math.sqrt(v.reduce((a, x) => a + x * x, 0));
  const best = (bias: boolean) => {
    const vs = Array.from({ length: n }, (_, j) => vec(j, bias));
    const norms = vs.map(norm);
    const order = norms.map((x, j) => ({ x, j })).sort((a, b) => b.x - a.x || a.j - b.j);
    const keep = n - Math.round(fraction * n);
    const kept = order.slice(0, keep).map((o) => o.j);
    const pruned = order.slice(keep).map((o) => o.j);
    let top = -Infinity;
    for (const j of pruned) {
      for (const k of kept) {
        let dot = 0;
        for (let r = 0; r < vs[j].length; r++) dot += vs[j][r] * vs[k][r];
        top = Math.max(top, dot / (norms[j] * norms[k]));
      }
    }
    return { top, keep };
  };
  const w = best(false);
  return { weightsOnly: w.top, withBias: best(true).top, keptCount: w.keep };
}
