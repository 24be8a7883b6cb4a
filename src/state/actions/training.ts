/**
 * Training in the browser: Train (start, or resume a paused or interrupted
 * run), Pause, Reset. The Trainer lives here, outside the store (it holds
 * tensors); the store holds what it reports.
 *
 * Nothing is lost to a failing backend or a reload: the run keeps a recent
 * checkpoint (every few seconds and at every epoch's end, read back as plain
 * arrays). When the backend fails (a lost WebGL context, or any error during
 * training), training pauses with a message, the app moves to the next backend
 * (wasm, then cpu), and Resume continues from that checkpoint. The epoch-end
 * checkpoint is also stored, so that after a reload the app offers to resume.
 */
import { initMlp, mlpParamCount, mlpWidths, type Mlp } from '../../core/model/mlp';
import type { MlpSpec } from '../../core/model/spec';
import type { BatchReport, EpochReport, TrainCheckpoint } from '../../core/train/trainer';
import { Trainer } from '../../core/train/trainer';
import { services } from '../services';
import { useStore } from '../store';
import { clearRun, loadRun, saveRun, type SavedRun } from '../training-save';
import type { ModelState, TrainingSettingsState, TrainingState } from '../types';
import { startCompaction, suspendCompaction } from './compaction';
import { pushNotice } from './notices';

/** How often a running trainer's state is read back as a checkpoint, ms. */
const CHECKPOINT_EVERY_MS = 3000;

/** The run under way (or paused), its clock, and its latest checkpoint. */
const run: {
  trainer: Trainer | null;
  startedAt: number;
  elapsedBefore: number;
  checkpoint: TrainCheckpoint | null;
  /** The checkpoint timer and the backend-loss watch of `owner`'s drive (a newer run's are never cleared by an older one's end). */
  timer: ReturnType<typeof setInterval> | null;
  unwatch: () => void;
  owner: Trainer | null;
} = { trainer: null, startedAt: 0, elapsedBefore: 0, checkpoint: null, timer: null, unwatch: () => undefined, owner: null };

function patchTraining(patch: Partial<TrainingState>): void {
  useStore.setState((s) => ({ training: { ...s.training, ...patch } }));
}

function elapsed(): number {
  return run.elapsedBefore + (run.startedAt ? performance.now() - run.startedAt : 0);
}

export function updateSettings(patch: Partial<TrainingSettingsState>): void {
  const t = useStore.getState().training;
  if (t.status === 'running' || t.status === 'paused') return;
  patchTraining({ settings: { ...t.settings, ...patch } });
}

function onBatches(reports: BatchReport[]): void {
  const last = reports[reports.length - 1];
  useStore.setState((s) => ({
    training: {
      ...s.training,
      epoch: last.epoch,
      batch: last.batch,
      batchesPerEpoch: last.batchesPerEpoch,
      stepsDone: last.step,
      elapsedMs: elapsed(),
      losses: s.training.losses.concat(reports.map((r) => ({ step: r.step, loss: r.loss }))),
    },
  }));
}

function onEpoch(trainer: Trainer, r: EpochReport): Promise<void> {
  useStore.setState((s) => ({
    training: { ...s.training, epochs: [...s.training.epochs, r], elapsedMs: elapsed() },
    model: s.model && s.model.source === 'training' ? { ...s.model, testAccuracy: r.testAccuracy } : s.model,
  }));
  // The epoch-end checkpoint, kept for a reload. Taken now, before the run moves on.
  return keepCheckpoint(trainer, true);
}

/** Reads the trainer's state back as the run's latest checkpoint (and stores it at an epoch's end). */
async function keepCheckpoint(trainer: Trainer, store: boolean): Promise<void> {
  try {
    const cp = await trainer.checkpoint();
    if (run.trainer !== trainer) return;
    run.checkpoint = cp;
    if (!store) return;
    const t = useStore.getState().training;
    const saved: SavedRun = { version: 1, settings: t.settings, checkpoint: cp, losses: t.losses, epochs: t.epochs };
    await saveRun(saved).catch(() => undefined); // autosave's own notice covers a storage that refuses
  } catch {
    // A failing backend: the checkpoint before this one stays.
  }
}

function specOf(settings: TrainingSettingsState): MlpSpec {
  const { train } = useStore.getState().data!;
  return { inputSize: train.rows * train.cols, hidden: settings.hidden, numClasses: train.numClasses, activation: settings.activation };
}

function trainingModel(settings: TrainingSettingsState, mlp: Mlp): ModelState {
  const spec = specOf(settings);
  return {
    mlp,
    source: 'training',
    name: `In-browser MLP ${[spec.inputSize, ...spec.hidden, spec.numClasses].join('-')}`,
    testAccuracy: null,
    params: mlpParamCount(mlp),
    widths: mlpWidths(mlp),
    trainedWith: { ...settings, hidden: [...settings.hidden] },
  };
}

/** Starts a new run, resumes a paused one, or continues an interrupted one from its checkpoint. */
export async function train(): Promise<void> {
  const state = useStore.getState();
  const t = state.training;
  if (t.status === 'paused' && run.trainer) {
    run.startedAt = performance.now();
    patchTraining({ status: 'running' });
    run.trainer.resume();
    return;
  }
  if (t.status === 'running' || !state.data) return;
  if (t.status === 'paused' && t.resumable && run.checkpoint) {
    const cp = run.checkpoint;
    const { train: trainSet, test } = state.data;
    // The curves go back to the checkpoint: what came after it is trained again.
    useStore.setState((s) => ({
      training: {
        ...s.training,
        epochs: s.training.epochs.filter((e) => e.epoch < cp.epoch),
        losses: s.training.losses.filter((l) => l.step <= cp.step),
        resumable: null,
      },
    }));
    await drive((callbacks) => Trainer.resume(cp, trainSet, test, callbacks));
    return;
  }
  const { settings } = t;
  const { train: trainSet, test } = state.data;
  const start = initMlp(specOf(settings), settings.seed);
  run.trainer?.dispose();
  run.checkpoint = null;
  suspendCompaction();
  void clearRun().catch(() => undefined);
  const batchesPerEpoch = Math.ceil(trainSet.count / settings.batchSize);
  run.elapsedBefore = 0;
  useStore.setState((s) => ({
    training: {
      ...s.training,
      status: 'running',
      epoch: 0,
      batch: 0,
      batchesPerEpoch,
      stepsDone: 0,
      totalSteps: batchesPerEpoch * settings.epochs,
      elapsedMs: 0,
      losses: [],
      epochs: [],
      resumable: null,
    },
    model: trainingModel(settings, start),
  }));
  await drive((callbacks) => new Trainer(start, trainSet, test, { ...settings }, callbacks));
}

/** Runs a trainer to its end, keeping checkpoints, and handles a failing backend. */
async function drive(make: (callbacks: ConstructorParameters<typeof Trainer>[4]) => Trainer): Promise<void> {
  let trainer: Trainer | null = null;
  const callbacks = { onBatches, onEpoch: (r: EpochReport) => onEpoch(trainer!, r) };
  trainer = make(callbacks);
  run.trainer = trainer;
  run.startedAt = performance.now();
  patchTraining({ status: 'running' });
  const lost = new Promise<never>((_, reject) => {
    run.unwatch = services().watchBackendLoss((reason) => reject(new Error(reason)));
  });
  lost.catch(() => undefined); // a loss after the run has ended is nobody's business
  const current = trainer;
  run.owner = trainer;
  run.timer = setInterval(() => {
    if (useStore.getState().training.status === 'running') void keepCheckpoint(current, false);
  }, CHECKPOINT_EVERY_MS);
  try {
    const mlp = await Promise.race([trainer.run(), lost]);
    if (run.trainer !== trainer) return; // reset while finishing
    const finished = trainer.state === 'done';
    run.elapsedBefore = elapsed();
    run.startedAt = 0;
    useStore.setState((s) => ({
      training: { ...s.training, status: finished ? 'done' : 'stopped', elapsedMs: run.elapsedBefore },
      model: s.model && {
        ...s.model,
        mlp,
        source: 'trained',
        testAccuracy: s.training.epochs.at(-1)?.testAccuracy ?? s.model.testAccuracy,
      },
    }));
    run.checkpoint = null;
    void clearRun().catch(() => undefined);
    await startCompaction(mlp);
  } catch (e) {
    if (run.trainer !== trainer) return;
    await interrupted(e instanceof Error ? e.message : String(e));
  } finally {
    endDrive(trainer);
  }
}

function endDrive(trainer: Trainer): void {
  if (run.owner === trainer) {
    if (run.timer !== null) clearInterval(run.timer);
    run.timer = null;
    run.unwatch();
    run.unwatch = () => undefined;
    run.owner = null;
  }
  if (run.trainer === trainer) run.trainer = null;
  try {
    trainer.dispose();
  } catch {
    // A lost backend may refuse to free its tensors: they are gone with it.
  }
}

/** A run stopped by a failing backend: pause it, move to the next backend, and offer to resume from the last checkpoint. */
async function interrupted(reason: string): Promise<void> {
  run.elapsedBefore = elapsed();
  run.startedAt = 0;
  const failed = useStore.getState().backend?.name ?? 'the backend';
  const next = await services().fallBackFrom(failed).catch(() => null);
  if (next) useStore.setState({ backend: next });
  const cp = run.checkpoint;
  if (!cp) {
    patchTraining({ status: 'stopped', resumable: null, elapsedMs: run.elapsedBefore });
    pushNotice('error', `Training stopped: ${failed} failed before the first checkpoint, so there is nothing to resume from. Press Train to start again${next ? ` (on ${next.name})` : ''}.`, reason);
    return;
  }
  patchTraining({ status: 'paused', resumable: { epoch: cp.epoch, batch: cp.batch, reason }, elapsedMs: run.elapsedBefore });
  pushNotice(
    'warning',
    next
      ? `Training paused: the ${failed} backend stopped working. NeuroUnify moved to ${next.name}; press Resume to continue from epoch ${cp.epoch}, batch ${cp.batch} (the last checkpoint).`
      : `Training paused: the ${failed} backend stopped working and no other backend works in this browser.`,
    reason,
  );
}

export function pause(): void {
  if (!run.trainer || useStore.getState().training.status !== 'running') return;
  run.trainer.pause();
  run.elapsedBefore = elapsed();
  run.startedAt = 0;
  patchTraining({ status: 'paused', elapsedMs: run.elapsedBefore });
}

/** Stops any run, clears the curves and goes back to the bundled model. */
export function reset(): void {
  const trainer = run.trainer;
  run.trainer = null;
  if (trainer) endDrive(trainer);
  run.elapsedBefore = 0;
  run.startedAt = 0;
  run.checkpoint = null;
  void clearRun().catch(() => undefined);
  const b = useStore.getState().bundled;
  useStore.setState((s) => ({
    training: { ...s.training, status: 'idle', epoch: 0, batch: 0, stepsDone: 0, totalSteps: 0, elapsedMs: 0, losses: [], epochs: [], resumable: null },
    model: b?.model ?? s.model,
  }));
  if (b) void startCompaction(b.model.mlp, b.neuronIds);
}

/**
 * At start: a run a reload interrupted (its last epoch-end checkpoint was
 * stored) is offered for resuming, with a notice; nothing starts by itself.
 */
export async function offerInterruptedRun(): Promise<void> {
  const saved = await loadRun();
  const data = useStore.getState().data;
  if (!saved || !data || saved.checkpoint.samples !== data.train.count) return;
  const total = saved.settings.epochs;
  const done = saved.epochs.length;
  pushNotice('info', `A training run was interrupted by a reload after epoch ${done} of ${total}.`, undefined, {
    label: `Resume training from epoch ${saved.checkpoint.epoch}`,
    run: () => void resumeSavedRun(saved),
  });
}

async function resumeSavedRun(saved: SavedRun): Promise<void> {
  const t = useStore.getState().training;
  if (t.status === 'running' || t.status === 'paused') return;
  const cp = saved.checkpoint;
  const bpe = Math.ceil(cp.samples / cp.settings.batchSize);
  run.checkpoint = cp;
  suspendCompaction();
  useStore.setState((s) => ({
    training: {
      ...s.training,
      settings: saved.settings,
      status: 'paused',
      epoch: cp.epoch,
      batch: cp.batch,
      batchesPerEpoch: bpe,
      stepsDone: cp.step,
      totalSteps: bpe * cp.settings.epochs,
      elapsedMs: 0,
      losses: saved.losses,
      epochs: saved.epochs,
      resumable: { epoch: cp.epoch, batch: cp.batch, reason: 'a reload' },
    },
    model: trainingModel(saved.settings, cp.weights),
  }));
  await train();
}
