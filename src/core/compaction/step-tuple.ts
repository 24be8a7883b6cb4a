/**
 * The history as links and saved work store it. A removal is a step tuple:
 * [method index in METHODS, hidden layer, removed neuron id, heir id or -1].
 * Coefficients never travel: a replay re-plans each step on the session's own
 * model, so it is exact. A fine-tune is its settings and seed and its position
 * in the history (`at`); weights never travel either: a replay trains it again
 * (exact on the same tfjs backend; see finetune.ts).
 */
import type { Mlp } from '../model/mlp';
import type { CompactionSession } from './session';
import type { FineTuneSettings, HistoryRecord } from './types';
import { isFineTune, METHOD_LABELS, METHODS } from './types';

export type StepTuple = [number, number, number, number];

/** A fine-tune of the history: its settings and its position (0-based index among all the history's entries). */
export interface FineTuneAt extends FineTuneSettings {
  at: number;
}

/** A history as links, saves and work files hold it: the removals in order, and the fine-tunes with their positions. */
export interface WorkHistory {
  steps: StepTuple[];
  finetunes: FineTuneAt[];
}

/** The step tuple of a removal's record (a fine-tune has none: see workHistoryOf). */
export function stepTupleOf(r: HistoryRecord): StepTuple {
  if (isFineTune(r)) throw new Error('a fine-tune has no step tuple (see workHistoryOf)');
  return [METHODS.indexOf(r.method), r.layer, r.removedId, r.heirs.length === 1 ? r.heirs[0].id : -1];
}

export function fineTuneSettingsOf(r: FineTuneSettings): FineTuneSettings {
  return { epochs: r.epochs, learningRate: r.learningRate, batchSize: r.batchSize, seed: r.seed };
}

/** The work history of a session's records (in history order). */
export function workHistoryOf(records: readonly HistoryRecord[]): WorkHistory {
  const w: WorkHistory = { steps: [], finetunes: [] };
  records.forEach((r, at) => {
    if (isFineTune(r)) w.finetunes.push({ at, ...fineTuneSettingsOf(r) });
    else w.steps.push(stepTupleOf(r));
  });
  return w;
}

/** Number of entries of a work history (removals and fine-tunes). */
export function workLength(w: WorkHistory): number {
  return w.steps.length + w.finetunes.length;
}

/** The entries of a work history in history order. */
export function workEntries(w: WorkHistory): ({ step: StepTuple; index: number } | { finetune: FineTuneSettings; index: number })[] {
  const out: ({ step: StepTuple; index: number } | { finetune: FineTuneSettings; index: number })[] = [];
  let s = 0;
  let f = 0;
  for (let at = 0; at < workLength(w); at++) {
    if (f < w.finetunes.length && w.finetunes[f].at === at) out.push({ finetune: fineTuneSettingsOf(w.finetunes[f]), index: f++ });
    else out.push({ step: w.steps[s], index: s++ });
  }
  return out;
}

/**
 * Why the fine-tunes' positions do not fit a history of `steps` removals
 * (they must increase strictly and lie within the history), or null.
 */
export function checkFineTunePositions(finetunes: readonly FineTuneAt[], steps: number): string | null {
  const total = steps + finetunes.length;
  for (let k = 0; k < finetunes.length; k++) {
    const at = finetunes[k].at;
    if (k > 0 && at <= finetunes[k - 1].at) return `finetunes[${k}]: position ${at} does not come after the previous fine-tune's (${finetunes[k - 1].at})`;
    if (at >= total) return `finetunes[${k}]: position ${at} is past the history's ${total} entries`;
  }
  return null;
}

/** A key per history entry, equal for equal entries (to compare histories). */
export function historyKey(r: HistoryRecord): string {
  if (isFineTune(r)) return `finetune:${r.epochs}:${r.learningRate}:${r.batchSize}:${r.seed}`;
  return `step:${stepTupleOf(r).join(':')}`;
}

/** historyKey of every entry of a work history, in history order. */
export function workKeys(w: WorkHistory): string[] {
  return workEntries(w).map((e) =>
    'step' in e ? `step:${e.step.join(':')}` : `finetune:${e.finetune.epochs}:${e.finetune.learningRate}:${e.finetune.batchSize}:${e.finetune.seed}`,
  );
}

/** Re-plans step tuple `k` on the session (a greedy step when it removes the same neuron, else the explicit removal). */
function replayStep(s: CompactionSession, [mi, layer, id, heir]: StepTuple, k: number): void {
  const method = METHODS[mi];
  if (!method) throw new Error(`step ${k + 1}: unknown method ${mi}`);
  if (!s.isAlive(layer, id)) throw new Error(`step ${k + 1}: hidden layer ${layer + 1} has no neuron #${id} left`);
  const p = s.preview(method, { layer });
  if (p && p.removedId === id && (heir < 0 ? p.heirs.length !== 1 : p.heirs.length === 1 && p.heirs[0].id === heir)) {
    s.step(method, { layer });
  } else if (method === 'ls') {
    s.removeByLeastSquares(layer, id);
  } else if (method === 'pair' && heir >= 0) {
    s.unify(layer, id, heir);
  } else if ((method === 'random' || method === 'magnitude' || method === 'apoz') && heir < 0) {
    s.applyRecord({ method, layer, removedId: id, heirs: [], biasCoef: 0, cost: 0, paramsAfter: 0 });
  } else if (method === 'srinivas' && heir >= 0) {
    s.applyRecord({ method, layer, removedId: id, heirs: [{ id: heir, coef: 1 }], biasCoef: 0, cost: 0, paramsAfter: 0 });
  } else {
    throw new Error(`step ${k + 1} (${METHOD_LABELS[method]}) cannot be replayed on this model`);
  }
}

/**
 * Rebuilds a history of removals from step tuples on the session's original
 * model. Throws with a clear message when a step does not fit the model; the
 * session is then part-way (see restoreSteps).
 */
export function replaySteps(s: CompactionSession, steps: readonly StepTuple[], cursor: number): void {
  s.reset();
  steps.forEach((t, k) => replayStep(s, t, k));
  s.jumpTo(Math.min(cursor, steps.length));
}

/** replaySteps, all or nothing: on failure the session's previous history and cursor come back (exactly) and the message is returned. */
export function restoreSteps(s: CompactionSession, steps: readonly StepTuple[], cursor: number): string | null {
  const before = s.saveHistory();
  try {
    replaySteps(s, steps, cursor);
    return null;
  } catch (e) {
    s.restoreHistory(before);
    return e instanceof Error ? e.message : String(e);
  }
}

/**
 * Trains a fine-tune again during a replay: `model` is the network as it
 * stands (the session's current().mlp); resolves to the weights it reaches
 * with `settings`, or rejects (a cancel, a failure). `index` counts the
 * history's fine-tunes from 0, of `count`.
 */
export type FineTuner = (model: Mlp, settings: FineTuneSettings, index: number, count: number) => Promise<Mlp>;

/**
 * Rebuilds a whole history (removals and fine-tunes) on the session's
 * original model and moves to `cursor`: the removals are re-planned, the
 * fine-tunes trained again by `tune`, in history order (also those past the
 * cursor: the steps after a fine-tune are planned on its weights). Throws
 * when a step does not fit, or `tune` fails; the session is then part-way
 * (see restoreWork).
 */
export async function replayWork(s: CompactionSession, w: WorkHistory, cursor: number, tune: FineTuner): Promise<void> {
  const problem = checkFineTunePositions(w.finetunes, w.steps.length);
  if (problem) throw new Error(problem);
  s.reset();
  for (const e of workEntries(w)) {
    if ('step' in e) {
      replayStep(s, e.step, e.index);
      continue;
    }
    const version = s.version;
    const trained = await tune(s.current().mlp, e.finetune, e.index, w.finetunes.length);
    if (s.version !== version) throw new Error(`the model changed while fine-tune ${e.index + 1} was trained again`);
    s.applyFineTune(trained, e.finetune);
  }
  s.jumpTo(Math.min(cursor, workLength(w)));
}

/** replayWork, all or nothing: on failure the session's previous history and cursor come back (exactly, without training) and the message is returned. */
export async function restoreWork(s: CompactionSession, w: WorkHistory, cursor: number, tune: FineTuner): Promise<string | null> {
  const before = s.saveHistory();
  try {
    await replayWork(s, w, cursor, tune);
    return null;
  } catch (e) {
    s.restoreHistory(before);
    return e instanceof Error ? e.message : String(e);
  }
}
