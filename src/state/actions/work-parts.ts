/** The parts of the work a link or a save brings: the method, the history (removals and fine-tunes) and the view. */
import type { FineTuneAt, Method, StepTuple } from '../../core/compaction';
import type { SavedWork } from '../autosave';
import { useStore } from '../store';
import { restoreWork } from './compaction';
import { replayFineTune } from './finetune';

/**
 * Applies the saved or linked parts of the work on top of the current model's
 * fresh session. Fine-tunes are trained again (with live curves; the model is
 * busy meanwhile). Resolves to null, or to why the history does not fit (the
 * session is then as it was).
 */
export async function applyWorkParts(parts: { method?: Method; steps?: StepTuple[]; finetunes?: FineTuneAt[]; cursor?: number; view?: SavedWork['view'] }): Promise<string | null> {
  useStore.setState((s) => ({
    compaction: { ...s.compaction, method: parts.method ?? s.compaction.method },
    explorer: parts.view ? { ...s.explorer, ...parts.view } : s.explorer,
  }));
  const steps = parts.steps ?? [];
  const finetunes = parts.finetunes ?? [];
  if (!steps.length && !finetunes.length) return null;
  return restoreWork({ steps, finetunes }, parts.cursor ?? steps.length + finetunes.length, replayFineTune);
}
