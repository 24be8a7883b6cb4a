/**
 * The user's saved work as a whole: restoring it at start (after a link, if
 * any), saving it as it changes, and "New session".
 */
import type { FineTuneAt, Method, StepTuple } from '../../core/compaction';
import { mlpParamCount, mlpWidths } from '../../core/model/mlp';
import { clearWork, loadWork, onSaveTrouble, saveWork, savedFineTunes, setAsideWork, trainedModelOf, workAsJson, type SavedWork } from '../autosave';
import { services } from '../services';
import { useStore } from '../store';
import type { ModelState } from '../types';
import { startCompaction, workHistory } from './compaction';
import { exportSessionFile } from './export';
import { applyWorkParts } from './work-parts';
import { dismissAllNotices, pushNotice } from './notices';

/** The work as it would be saved now, or null while there is nothing to keep (loading, training). */
function workToSave(): SavedWork | null {
  const st = useStore.getState();
  const m = st.model;
  if (!m || !st.compaction.ready || m.source === 'training') return null;
  const work = workHistory();
  return {
    ...savedFineTunes(work.finetunes),
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
    steps: work.steps,
    cursor: st.compaction.cursor,
    view: { layer: st.explorer.layer, threshold: st.explorer.threshold, normalization: st.explorer.normalization },
  };
}

let watching = false;
/** Saves the work whenever anything worth keeping changes, and says so when saving stops working. */
export function watchWork(): void {
  if (watching) return;
  watching = true;
  onSaveTrouble((t) => {
    if (t) {
      pushNotice(
        'warning',
        'Autosave is off: your work will not survive a reload. To keep it, export the session (Share and export → Export session) and import it later.',
        `Saving failed: ${t.reason}.`,
        { label: 'Export the session now', run: () => void exportSessionFile() },
      );
    } else {
      pushNotice('info', 'Autosave works again.');
    }
  });
  saveWork(workToSave);
  useStore.subscribe((s, p) => {
    if (
      s.compaction.serial !== p.compaction.serial ||
      s.compaction.method !== p.compaction.method ||
      s.compaction.ready !== p.compaction.ready ||
      s.explorer.layer !== p.explorer.layer ||
      s.explorer.threshold !== p.explorer.threshold ||
      s.explorer.normalization !== p.explorer.normalization
    ) {
      saveWork(workToSave);
    }
  });
}

/**
 * At start, after the bundled model is ready: the saved work, if any. Resolves
 * to whether it was restored. Saved work can never stop the app from starting:
 * whatever fails, the save is set aside (kept, not deleted), the user is told
 * and offered the save as a file, and the caller starts on the defaults.
 */
export async function restoreSavedWork(): Promise<boolean> {
  const loaded = await loadWork();
  if (!loaded) return false;
  if (!loaded.ok) {
    await unrestorable(loaded.raw, loaded.reason);
    return false;
  }
  try {
    return await restoreWork(loaded.work);
  } catch (e) {
    await unrestorable(loaded.work, e instanceof Error ? e.message : String(e));
    return false;
  }
}

async function unrestorable(raw: unknown, reason: string): Promise<void> {
  try {
    await setAsideWork(raw);
  } catch {
    // The storage refuses: the save stays where it was.
  }
  useStore.setState((s) => ({ model: s.bundled?.model ?? s.model }));
  const download = raw === undefined ? undefined : { label: 'Download the saved work', run: () => services().download(new Blob([workAsJson(raw)], { type: 'application/json' }), 'neurounify-unrestorable-work.json') };
  pushNotice('warning', 'Your saved work from last time could not be restored, so NeuroUnify started fresh. The old save is kept in this browser; you can download it.', reason, download);
}

async function restoreWork(saved: SavedWork): Promise<boolean> {
  const trained = trainedModelOf(saved);
  if (saved.model.kind === 'trained') {
    if (!trained) throw new Error('the saved model’s weights do not fit its shape');
    const model: ModelState = {
      mlp: trained,
      source: 'trained',
      name: saved.model.name,
      testAccuracy: saved.model.testAccuracy,
      params: mlpParamCount(trained),
      widths: mlpWidths(trained),
      trainedWith: saved.model.trainedWith,
    };
    useStore.setState({ model });
    await startCompaction(trained);
  } else {
    const b = useStore.getState().bundled;
    if (!b) return false;
    await startCompaction(b.model.mlp, b.neuronIds);
  }
  const finetunes = (saved.finetunes ?? []) as FineTuneAt[];
  const error = await applyWorkParts({ method: saved.method as Method, steps: saved.steps as StepTuple[], finetunes, cursor: saved.cursor, view: saved.view });
  const total = saved.steps.length + finetunes.length;
  const tuned = finetunes.length ? ` (${finetunes.length} fine-tune${finetunes.length === 1 ? '' : 's'} trained again)` : '';
  if (error) pushNotice('warning', 'Your saved work was restored without its steps: they no longer fit this model.', error);
  else if (total) pushNotice('info', `Restored your session: ${saved.cursor} of ${total} steps${tuned}.`);
  return true;
}

/**
 * Forgets the saved work and starts over from the bundled model. Old notices
 * go; a notice offers to undo it (the previous work is kept in memory until then).
 */
export async function newSession(): Promise<void> {
  const previous = workToSave();
  await clearWork();
  const loc = services().location;
  if (loc.hash()) {
    const url = new URL(loc.href());
    url.hash = '';
    loc.replace(url.href.replace(/#$/, ''));
  }
  const b = useStore.getState().bundled;
  if (!b) return;
  dismissAllNotices();
  useStore.setState((s) => ({ model: b.model, compaction: { ...s.compaction, method: 'ls' as Method } }));
  await startCompaction(b.model.mlp, b.neuronIds);
  const worth = previous && (previous.steps.length > 0 || previous.model.kind !== 'bundled');
  pushNotice(
    'info',
    worth ? `Started a new session on the pretrained model; your previous work (${previous.steps.length} steps) is gone unless you undo this.` : 'Started a new session on the pretrained model.',
    undefined,
    worth ? { label: 'Undo', run: () => void undoNewSession(previous) } : undefined,
  );
}

async function undoNewSession(previous: SavedWork): Promise<void> {
  dismissAllNotices();
  try {
    await restoreWork(previous);
  } catch (e) {
    pushNotice('error', 'Your previous work could not be brought back.', e instanceof Error ? e.message : String(e));
  }
}
