/** The parts of the work a link or a save brings: the method, the steps and the view. */
import type { Method, StepTuple } from '../../core/compaction';
import type { SavedWork } from '../autosave';
import { useStore } from '../store';
import { restoreSteps } from './compaction';

/** Applies the saved or linked parts of the work on top of the current model's fresh session. */
export function applyWorkParts(parts: { method?: Method; steps?: StepTuple[]; cursor?: number; view?: SavedWork['view'] }): string | null {
  useStore.setState((s) => ({
    compaction: { ...s.compaction, method: parts.method ?? s.compaction.method },
    explorer: parts.view ? { ...s.explorer, ...parts.view } : s.explorer,
  }));
  return parts.steps?.length ? restoreSteps(parts.steps, parts.cursor ?? parts.steps.length) : null;
}
