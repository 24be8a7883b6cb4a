/**
 * Replaying merge records on a model without a session (no probe set, no
 * tfjs): the same fold as the live steps, so the result is bit-identical to
 * the model the records were made on.
 */
import type { Mlp } from '../model/mlp';
import { applyPlan, createState, materialize, recordToPlan } from './state';
import type { HistoryRecord } from './types';
import { isFineTune } from './types';

/** Throws at a fine-tune's record: its weights are not in it (replay the history on a session, training it again: replayWork). */
export function replayRecords(model: Mlp, records: readonly HistoryRecord[], neuronIds?: number[][]): { mlp: Mlp; neuronIds: number[][] } {
  const st = createState(model, neuronIds);
  records.forEach((r, t) => {
    if (isFineTune(r)) throw new Error(`record ${t}: a fine-tune cannot be replayed from its record (it holds the settings, not the weights): replay the history on a session, which trains it again`);
    try {
      applyPlan(st, recordToPlan(st, r));
    } catch (e) {
      throw new Error(`record ${t}: ${(e as Error).message}`, { cause: e });
    }
  });
  return materialize(st);
}
