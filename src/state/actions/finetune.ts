/**
 * Fine-tuning from the stepper: the compacted network as it stands is trained
 * on the training digits with the Trainer (the backend's own gradients, live
 * loss and accuracy curves in the Learning curves panel, pause, resume,
 * cancel), and the weights it reaches become one entry of the history
 * (CompactionSession.applyFineTune). A cancelled fine-tune changes nothing.
 * While one trains, the model is busy: no step, undo or run can change it.
 *
 * The same loop trains again the fine-tunes of a link, a saved session or a
 * work file (replayFineTune): records hold a fine-tune's settings and seed,
 * never its weights, so a replay on the same backend gives the same bits.
 *
 * A failing backend (a lost WebGL context, an error while training) pauses
 * the fine-tune, moves to the next backend, and Resume continues from the last
 * checkpoint (taken every few seconds and at each epoch's end), as training does.
 */
import type { FineTuner, FineTuneRecord, FineTuneSettings } from '../../core/compaction';
import type { Mlp } from '../../core/model/mlp';
import { fineTuneSettingsSchema } from '../../core/share/link-state';
import { DEFAULT_TRAIN_SETTINGS } from '../../core/train/settings';
import type { BatchReport, EpochReport, TrainCallbacks, TrainCheckpoint } from '../../core/train/trainer';
import { Trainer } from '../../core/train/trainer';
import { services } from '../services';
import { useStore } from '../store';
import type { FineTuneState } from '../types';
import { host, idleHandle, replaceHistory } from './compaction/host';
import { stopPlaying } from './compaction/playback';
import { refresh } from './compaction/publish';
import { engineCall } from './compaction/stepper';
import { pushNotice } from './notices';

/** How often a running fine-tune's state is read back as a checkpoint, ms. */
const CHECKPOINT_EVERY_MS = 3000;

/** The fine-tune under way: its trainer, its latest checkpoint, and the wait for Resume after a backend failure. */
const ft: { trainer: Trainer | null; checkpoint: TrainCheckpoint | null; waiting: ((go: boolean) => void) | null; cancelled: boolean } = {
  trainer: null,
  checkpoint: null,
  waiting: null,
  cancelled: false,
};

function patch(p: Partial<FineTuneState>): void {
  useStore.setState((s) => ({ finetune: { ...s.finetune, ...p } }));
}

/** The settings the form starts from: one epoch, and the model's own training settings (the bundled model's: Adam 1e-3, batch 128, seed 1). */
export function fineTuneDefaults(): FineTuneSettings {
  const base = useStore.getState().model?.trainedWith ?? DEFAULT_TRAIN_SETTINGS;
  return { epochs: 1, learningRate: base.learningRate, batchSize: base.batchSize, seed: base.seed };
}

/** Whether a fine-tune is under way (training, paused, or waiting for Resume). */
export function fineTuneBusy(): boolean {
  return ft.trainer !== null || ft.waiting !== null || useStore.getState().finetune.status !== 'idle';
}

function epochsWord(n: number): string {
  return `${n} epoch${n === 1 ? '' : 's'}`;
}

/** Reads the trainer's state back as the latest checkpoint. */
async function keepCheckpoint(trainer: Trainer): Promise<void> {
  try {
    const cp = await trainer.checkpoint();
    if (ft.trainer === trainer) ft.checkpoint = cp;
  } catch {
    // A failing backend: the checkpoint before this one stays.
  }
}

function callbacks(trainer: () => Trainer): TrainCallbacks {
  return {
    onBatches: (reports: BatchReport[]) => {
      const last = reports[reports.length - 1];
      useStore.setState((s) => ({
        finetune: {
          ...s.finetune,
          epoch: last.epoch,
          batch: last.batch,
          batchesPerEpoch: last.batchesPerEpoch,
          losses: s.finetune.losses.concat(reports.map((r) => ({ step: r.step, loss: r.loss }))),
        },
      }));
    },
    onEpoch: (r: EpochReport) => {
      useStore.setState((s) => ({ finetune: { ...s.finetune, epochs: [...s.finetune.epochs, r] } }));
      return keepCheckpoint(trainer());
    },
  };
}

type Outcome = { mlp: Mlp } | 'stopped' | { failed: string };

/** Runs a trainer to its end, keeping checkpoints; a lost backend or an error ends it as a failure. */
async function drive(trainer: Trainer): Promise<Outcome> {
  let unwatch = () => undefined as void;
  const lost = new Promise<never>((_, reject) => {
    unwatch = services().watchBackendLoss((reason) => reject(new Error(reason)));
  });
  lost.catch(() => undefined);
  const timer = setInterval(() => {
    if (useStore.getState().finetune.status === 'running') void keepCheckpoint(trainer);
  }, CHECKPOINT_EVERY_MS);
  try {
    const mlp = await Promise.race([trainer.run(), lost]);
    return trainer.state === 'done' && !ft.cancelled ? { mlp } : 'stopped';
  } catch (e) {
    return ft.cancelled ? 'stopped' : { failed: e instanceof Error ? e.message : String(e) };
  } finally {
    clearInterval(timer);
    unwatch();
    try {
      trainer.dispose();
    } catch {
      // A lost backend may refuse to free its tensors: they are gone with it.
    }
  }
}

/**
 * Trains `start` with `settings` on the training digits, with live curves;
 * resolves to the weights reached, or null when cancelled (or when `alive`,
 * the session's lifetime, ends: a new model, a training run). Throws when the
 * backend fails before the first checkpoint or no other backend works.
 */
async function trainFineTune(start: Mlp, settings: FineTuneSettings, label: string, alive?: AbortSignal): Promise<Mlp | null> {
  if (alive?.aborted) return null;
  alive?.addEventListener('abort', cancelFineTune);
  try {
    return await trainLoop(start, settings, label);
  } finally {
    alive?.removeEventListener('abort', cancelFineTune);
  }
}

async function trainLoop(start: Mlp, settings: FineTuneSettings, label: string): Promise<Mlp | null> {
  const st = useStore.getState();
  const data = st.data;
  if (!data) throw new Error('the data set is not loaded');
  const bpe = Math.ceil(data.train.count / settings.batchSize);
  ft.cancelled = false;
  ft.checkpoint = null;
  patch({ status: 'running', label, settings: { ...settings }, epoch: 0, batch: 0, batchesPerEpoch: bpe, losses: [], epochs: [], curvesOf: st.compaction.originalIds, resumable: null });
  let make = (cb: TrainCallbacks) => new Trainer(start, data.train, data.test, { ...settings }, cb);
  try {
    for (;;) {
      let trainer: Trainer | null = null;
      trainer = make(callbacks(() => trainer!));
      ft.trainer = trainer;
      const outcome = await drive(trainer);
      ft.trainer = null;
      if (outcome === 'stopped') return null;
      if ('mlp' in outcome) return outcome.mlp;
      const cp = ft.checkpoint as TrainCheckpoint | null; // set meanwhile by the trainer's callbacks
      const failed = useStore.getState().backend?.name ?? 'the backend';
      const next = await services().fallBackFrom(failed).catch(() => null);
      if (next) useStore.setState({ backend: next });
      if (!cp || !next) throw new Error(`${failed} stopped working ${cp ? 'and no other backend works here' : 'before the first checkpoint'} (${outcome.failed})`);
      patch({ status: 'paused', resumable: { epoch: cp.epoch, batch: cp.batch, reason: outcome.failed } });
      pushNotice('warning', `Fine-tune paused: the ${failed} backend stopped working. NeuroUnify moved to ${next.name}; press Resume to continue from epoch ${cp.epoch}, batch ${cp.batch} (the last checkpoint), or Cancel.`, outcome.failed);
      const go = await new Promise<boolean>((resolve) => (ft.waiting = resolve));
      ft.waiting = null;
      if (!go) return null;
      useStore.setState((s) => ({
        finetune: { ...s.finetune, status: 'running', resumable: null, epochs: s.finetune.epochs.filter((e) => e.epoch < cp.epoch), losses: s.finetune.losses.filter((l) => l.step <= cp.step) },
      }));
      make = (cb) => Trainer.resume(cp, data.train, data.test, cb);
    }
  } finally {
    ft.trainer = null;
    ft.checkpoint = null;
    ft.waiting = null;
    patch({ status: 'idle', resumable: null });
  }
}

/** Why these settings cannot be used (out of the training limits), or null. */
export function fineTuneProblem(settings: FineTuneSettings): string | null {
  const r = fineTuneSettingsSchema.safeParse(settings);
  return r.success ? null : r.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

/**
 * Fine-tunes the network as it stands: resolves to the new history entry's
 * record, or null when it did not happen (cancelled, refused, failed: the
 * model is then as it was, and a notice says why).
 */
export async function startFineTune(settings: FineTuneSettings = fineTuneDefaults()): Promise<FineTuneRecord | null> {
  const h = idleHandle();
  if (!h || h.queue || fineTuneBusy()) return null;
  const training = useStore.getState().training.status;
  if (training === 'running' || training === 'paused') {
    pushNotice('warning', 'A network is training: fine-tune once it has finished.');
    return null;
  }
  const problem = fineTuneProblem(settings);
  if (problem) {
    pushNotice('error', 'These fine-tune settings cannot be used.', problem);
    return null;
  }
  stopPlaying();
  replaceHistory(h);
  const busy = new AbortController();
  h.run = busy;
  const version = h.engine.version;
  let trained: Mlp | null;
  try {
    trained = await trainFineTune(h.engine.current().mlp, settings, `Fine-tune, ${epochsWord(settings.epochs)}`, h.alive);
  } catch (e) {
    if (h.run === busy) h.run = null;
    if (!h.alive.aborted) pushNotice('error', 'The fine-tune stopped with an error; the model is as it was before it.', e instanceof Error ? e.message : String(e));
    return null;
  }
  if (h.run === busy) h.run = null;
  if (h.alive.aborted) return null;
  if (!trained) {
    pushNotice('info', 'Fine-tune cancelled: the model is as it was before it.');
    refresh(h, null);
    return null;
  }
  if (h.engine.version !== version) {
    pushNotice('error', 'The model changed while it was fine-tuned, so the fine-tune was not applied.');
    refresh(h, null);
    return null;
  }
  const record = engineCall(() => h.engine.applyFineTune(trained, settings), 'The fine-tuned weights could not be taken; the model is as it was before the fine-tune.');
  if (record) refresh(h, 'step', record);
  return record;
}

/** Trains again a fine-tune of a link, a saved session or a work file (a cancel or a failure rejects). */
export const replayFineTune: FineTuner = async (model, settings, index, count) => {
  if (ft.trainer || ft.waiting) throw new Error('another fine-tune is under way');
  const trained = await trainFineTune(model, settings, `Training fine-tune ${index + 1} of ${count} again (${epochsWord(settings.epochs)})`, host.current?.alive);
  if (!trained) throw new Error(`fine-tune ${index + 1} of ${count} was cancelled`);
  return trained;
};

export function pauseFineTune(): void {
  if (!ft.trainer || useStore.getState().finetune.status !== 'running') return;
  ft.trainer.pause();
  patch({ status: 'paused' });
}

export function resumeFineTune(): void {
  if (useStore.getState().finetune.status !== 'paused') return;
  if (ft.waiting) {
    ft.waiting(true);
    return;
  }
  if (!ft.trainer) return;
  ft.trainer.resume();
  patch({ status: 'running' });
}

/** Stops the fine-tune under way: nothing changes (a replay it belongs to is rolled back). */
export function cancelFineTune(): void {
  if (ft.waiting) {
    ft.waiting(false);
    return;
  }
  if (!ft.trainer) return;
  ft.cancelled = true;
  ft.trainer.stop();
}
