/**
 * What the compaction chart needs to show the fine-tunes of the history
 * (derived from the store's compaction.records): each one is a vertical move
 * at one parameter count, from the test accuracy just before it (the entry
 * before it, or the original model) to the accuracy after it.
 */
import type { FineTuneSettings } from '../core/compaction';
import { fineTuneSettingsOf, isFineTune } from '../core/compaction';
import type { CompactionState } from './compaction-types';

export interface FineTuneMark {
  /** The history position after it (1-based, as the timeline counts). */
  step: number;
  /** Parameters (the same before and after: a fine-tune removes nothing). */
  params: number;
  /** Test accuracy (0..1) just before and just after it; null when not tracked. */
  before: number | null;
  after: number | null;
  /** Whether it is applied (at or before the cursor) or redoable. */
  applied: boolean;
  settings: FineTuneSettings;
}

export function fineTuneMarks(c: Pick<CompactionState, 'records' | 'cursor' | 'baseAccuracy'>): FineTuneMark[] {
  const out: FineTuneMark[] = [];
  c.records.forEach((r, i) => {
    if (!isFineTune(r)) return;
    const prev = i > 0 ? c.records[i - 1].accuracyAfter : c.baseAccuracy;
    out.push({ step: i + 1, params: r.paramsAfter, before: prev ?? null, after: r.accuracyAfter ?? null, applied: i < c.cursor, settings: fineTuneSettingsOf(r) });
  });
  return out;
}
