/** The step history as links and saved work hold it, and restoring one. */
import {
  restoreSteps as restoreEngineSteps,
  restoreWork as restoreEngineWork,
  stepTupleOf,
  workHistoryOf,
  type FineTuner,
  type SavedHistory,
  type StepTuple,
  type WorkHistory,
} from '../../../core/compaction';
import { isFineTune } from '../../../core/compaction';
import { idleHandle, host, replaceHistory } from './host';
import { stopPlaying } from './playback';
import { refresh } from './publish';

/** The removals of the history (applied and redoable), compactly (fine-tunes left out: see workHistory). */
export function stepTuples(): StepTuple[] {
  return host.current?.engine.records().flatMap((r) => (isFineTune(r) ? [] : [stepTupleOf(r)])) ?? [];
}

/** The whole history (applied and redoable) as links and saves hold it: removals, and fine-tunes by their settings and position. */
export function workHistory(): WorkHistory {
  return workHistoryOf(host.current?.engine.records() ?? []);
}

/** Restores a history of removals from step tuples; on failure the previous history is restored and the message returned. */
export function restoreSteps(steps: readonly StepTuple[], cursor: number): string | null {
  const h = idleHandle();
  if (!h) return 'the model is not ready';
  stopPlaying();
  replaceHistory(h);
  const error = restoreEngineSteps(h.engine, steps, cursor);
  refresh(h, 'jump');
  return error;
}

/**
 * Restores a whole history: the removals are re-planned, the fine-tunes
 * trained again by `tune` (the model is busy meanwhile: no step can be taken).
 * All or nothing: on failure (a step that does not fit, a cancelled
 * fine-tune) the previous history comes back and the message is returned.
 */
export async function restoreWork(work: WorkHistory, cursor: number, tune: FineTuner): Promise<string | null> {
  if (!work.finetunes.length) return restoreSteps(work.steps, cursor);
  const h = idleHandle();
  if (!h) return 'the model is not ready';
  stopPlaying();
  replaceHistory(h);
  const busy = new AbortController();
  h.run = busy;
  try {
    return await restoreEngineWork(h.engine, work, cursor, tune);
  } finally {
    if (h.run === busy) h.run = null;
    refresh(h, 'jump');
  }
}

/** Puts back a history saved with the engine's saveHistory (exactly, fine-tuned weights included, without training). */
export function restoreSavedHistory(saved: SavedHistory): void {
  const h = idleHandle();
  if (!h) return;
  stopPlaying();
  replaceHistory(h);
  h.engine.restoreHistory(saved);
  refresh(h, 'jump');
}
