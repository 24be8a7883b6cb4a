/**
 * Replaying merge records on a model without a session (no probe set, no
 * tfjs): the same fold as the live steps, so the result is bit-identical to
 * the model the records were made on.
 */
import type { Mlp } from '../model/mlp';
import { applyPlan, createState, materialize, recordToPlan } from './state';
import type { MergeRecord } from './types';

export function replayRecords(model: Mlp, records: readonly MergeRecord[], neuronIds?: number[][]): { mlp: Mlp; neuronIds: number[][] } {
  const st = createState(model, neuronIds);
  records.forEach((r, t) => {
    try {
      applyPlan(st, recordToPlan(st, r));
    } catch (e) {
      throw new Error(`record ${t}: ${(e as Error).message}`, { cause: e });
    }
  });
  return materialize(st);
}
