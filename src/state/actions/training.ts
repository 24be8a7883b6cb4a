/**
 * Training in the browser: Train (start or resume), Pause, Reset. The Trainer
 * lives here, outside the store (it holds tensors); the store holds what it reports.
 */
import { initMlp, mlpParamCount, mlpWidths } from '../../core/model/mlp';
import type { MlpSpec } from '../../core/model/spec';
import type { BatchReport, EpochReport } from '../../core/train/trainer';
import { Trainer } from '../../core/train/trainer';
import { useStore } from '../store';
import type { TrainingSettingsState, TrainingState } from '../types';
import { startCompaction, suspendCompaction } from './compaction';
import { pushNotice } from './notices';

/** The run under way (or paused), and its clock. */
const run: { trainer: Trainer | null; startedAt: number; elapsedBefore: number } = { trainer: null, startedAt: 0, elapsedBefore: 0 };

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

function onEpoch(r: EpochReport): void {
  useStore.setState((s) => ({
    training: { ...s.training, epochs: [...s.training.epochs, r], elapsedMs: elapsed() },
    model: s.model && s.model.source === 'training' ? { ...s.model, testAccuracy: r.testAccuracy } : s.model,
  }));
}

/** Starts a new run, or resumes a paused one. */
export async function train(): Promise<void> {
  const state = useStore.getState();
  if (state.training.status === 'paused' && run.trainer) {
    run.startedAt = performance.now();
    patchTraining({ status: 'running' });
    run.trainer.resume();
    return;
  }
  if (state.training.status === 'running' || !state.data) return;
  const { settings } = state.training;
  const { train: trainSet, test } = state.data;
  const spec: MlpSpec = {
    inputSize: trainSet.rows * trainSet.cols,
    hidden: settings.hidden,
    numClasses: trainSet.numClasses,
    activation: settings.activation,
  };
  const start = initMlp(spec, settings.seed);
  run.trainer?.dispose();
  suspendCompaction();
  const trainer = new Trainer(start, trainSet, test, { ...settings }, { onBatches, onEpoch });
  run.trainer = trainer;
  const batchesPerEpoch = Math.ceil(trainSet.count / settings.batchSize);
  run.elapsedBefore = 0;
  run.startedAt = performance.now();
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
    },
    model: {
      mlp: start,
      source: 'training',
      name: `In-browser MLP ${[spec.inputSize, ...spec.hidden, spec.numClasses].join('-')}`,
      testAccuracy: null,
      params: mlpParamCount(start),
      widths: mlpWidths(start),
      trainedWith: { ...settings, hidden: [...settings.hidden] },
    },
  }));
  try {
    const mlp = await trainer.run();
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
    await startCompaction(mlp);
  } catch (e) {
    pushNotice('error', 'Training stopped with an error.', e instanceof Error ? e.message : String(e));
    patchTraining({ status: 'stopped' });
  } finally {
    if (run.trainer === trainer) {
      trainer.dispose();
      run.trainer = null;
    }
  }
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
  trainer?.dispose();
  run.elapsedBefore = 0;
  run.startedAt = 0;
  const b = useStore.getState().bundled;
  useStore.setState((s) => ({
    training: { ...s.training, status: 'idle', epoch: 0, batch: 0, stepsDone: 0, totalSteps: 0, elapsedMs: 0, losses: [], epochs: [] },
    model: b?.model ?? s.model,
  }));
  if (b) void startCompaction(b.model.mlp, b.neuronIds);
}
