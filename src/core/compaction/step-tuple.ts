/**
 * A step as links and saved work store it: [method index in METHODS, hidden
 * layer, removed neuron id, heir id or -1]. Coefficients never travel: a
 * replay re-plans each step on the session's own model, so it is exact.
 */
import type { CompactionSession } from './session';
import type { MergeRecord } from './types';
import { METHOD_LABELS, METHODS } from './types';

export type StepTuple = [number, number, number, number];

export function stepTupleOf(r: MergeRecord): StepTuple {
  return [METHODS.indexOf(r.method), r.layer, r.removedId, r.heirs.length === 1 ? r.heirs[0].id : -1];
}

/**
 * Rebuilds a history from step tuples on the session's original model: each
 * step is re-planned by its method (a greedy step when it removes the same
 * neuron, else the explicit removal). Throws with a clear message when a step
 * does not fit the model; the session is then part-way (see restoreSteps).
 */
export function replaySteps(s: CompactionSession, steps: readonly StepTuple[], cursor: number): void {
  s.reset();
  steps.forEach(([mi, layer, id, heir], k) => {
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
  });
  s.jumpTo(Math.min(cursor, steps.length));
}

/** replaySteps, all or nothing: on failure the session's previous history and cursor come back and the message is returned. */
export function restoreSteps(s: CompactionSession, steps: readonly StepTuple[], cursor: number): string | null {
  const before = s.records();
  const beforeCursor = s.cursor;
  try {
    replaySteps(s, steps, cursor);
    return null;
  } catch (e) {
    s.replay(before);
    s.jumpTo(beforeCursor);
    return e instanceof Error ? e.message : String(e);
  }
}
