/**
 * The user's session as a whole: restoring it at start (a link first, else
 * the autosaved session, else the bundled model), saving it as it changes,
 * and "New session".
 */
import type { Method } from '../../core/compaction';
import { mlpParamCount, mlpWidths } from '../../core/model/mlp';
import { clearSession, loadSession, saveSessionSoon, trainedModelOf, type SavedSession } from '../persist';
import { pushNotice, useStore } from '../store';
import type { ModelState } from '../types';
import { bundledModel, bundledNeuronIds } from './boot';
import { restoreSteps, startCompaction, stepTuples, type StepTuple } from './compaction';

function snapshot(): SavedSession | null {
  const st = useStore.getState();
  const m = st.model;
  if (!m || !st.compaction.ready || m.source === 'training') return null;
  return {
    version: 1,
    model:
      m.source === 'bundled'
        ? { kind: 'bundled' }
        : {
            kind: 'trained',
            name: m.name,
            testAccuracy: m.testAccuracy,
            spec: { ...m.mlp.spec, hidden: [...m.mlp.spec.hidden] },
            layers: m.mlp.layers,
            trainedWith: m.trainedWith,
          },
    method: st.compaction.method,
    steps: stepTuples(),
    cursor: st.compaction.cursor,
    view: { layer: st.explorer.layer, threshold: st.explorer.threshold, normalization: st.explorer.normalization },
  };
}

let watching = false;
/** Saves the session a little after anything worth keeping changes. */
export function watchSession(): void {
  if (watching) return;
  watching = true;
  useStore.subscribe((s, p) => {
    if (
      s.compaction.serial !== p.compaction.serial ||
      s.compaction.method !== p.compaction.method ||
      s.compaction.ready !== p.compaction.ready ||
      s.explorer.layer !== p.explorer.layer ||
      s.explorer.threshold !== p.explorer.threshold ||
      s.explorer.normalization !== p.explorer.normalization
    ) {
      saveSessionSoon(snapshot);
    }
  });
}

/** Applies the saved or linked parts of a session on top of the current model's fresh session. */
export function applySessionParts(parts: { method?: Method; steps?: StepTuple[]; cursor?: number; view?: SavedSession['view'] }): string | null {
  useStore.setState((s) => ({
    compaction: { ...s.compaction, method: parts.method ?? s.compaction.method },
    explorer: parts.view ? { ...s.explorer, ...parts.view } : s.explorer,
  }));
  return parts.steps?.length ? restoreSteps(parts.steps, parts.cursor ?? parts.steps.length) : null;
}

/** At start, after the bundled model is ready: the autosaved session, if any. */
export async function restoreSavedSession(): Promise<boolean> {
  const saved = await loadSession();
  if (!saved) return false;
  const trained = trainedModelOf(saved);
  if (saved.model.kind === 'trained' && trained) {
    const model: ModelState = {
      mlp: trained,
      source: 'trained',
      name: saved.model.name,
      testAccuracy: saved.model.testAccuracy,
      params: mlpParamCount(trained),
      widths: mlpWidths(trained),
      trainedWith: saved.model.trainedWith as ModelState['trainedWith'],
    };
    useStore.setState({ model });
    await startCompaction(trained);
  } else {
    const b = bundledModel();
    if (!b) return false;
    await startCompaction(b.mlp, bundledNeuronIds());
  }
  const error = applySessionParts({ method: saved.method as Method, steps: saved.steps as StepTuple[], cursor: saved.cursor, view: saved.view });
  if (error) pushNotice('warning', `Your saved session could not be fully restored: ${error}`);
  else if (saved.steps.length) pushNotice('info', `Restored your session: ${saved.cursor} of ${saved.steps.length} steps.`);
  return true;
}

/** Forgets the saved session and starts over from the bundled model. */
export async function newSession(): Promise<void> {
  await clearSession();
  if (location.hash) history.replaceState(null, '', location.pathname + location.search);
  const b = bundledModel();
  if (!b) return;
  useStore.setState((s) => ({ model: b, compaction: { ...s.compaction, method: 'ls' as Method } }));
  await startCompaction(b.mlp, bundledNeuronIds());
}

