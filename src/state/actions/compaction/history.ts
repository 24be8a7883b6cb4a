/** The step history as links and saved work hold it, and restoring one. */
import { restoreSteps as restoreEngineSteps, stepTupleOf, type StepTuple } from '../../../core/compaction';
import { idleHandle, host, replaceHistory } from './host';
import { stopPlaying } from './playback';
import { refresh } from './publish';

/** The steps of the history (applied and redoable), compactly. */
export function stepTuples(): StepTuple[] {
  return host.current?.engine.records().map(stepTupleOf) ?? [];
}

/** Restores a history from step tuples; on failure the previous history is restored and the message returned. */
export function restoreSteps(steps: readonly StepTuple[], cursor: number): string | null {
  const h = idleHandle();
  if (!h) return 'the model is not ready';
  stopPlaying();
  replaceHistory(h);
  const error = restoreEngineSteps(h.engine, steps, cursor);
  refresh(h, 'jump');
  return error;
}
