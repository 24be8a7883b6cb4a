/**
 * Training in the browser: Train (start or resume), Pause, Reset. The Trainer
 * lives here, outside the store (it holds tensors); the store holds what it reports.
 */
import { initMlp, mlpParamCount, mlpWidths } from '../../core/model/mlp';
import type { MlpSpec } from '../../core/model/spec';
import type { BatchReport, EpochReport } from '../../core/train/trainer';
import { Trainer } from '../../core/train/trainer';
import { bundledModel, bundledNeuronIds } from './boot';
import { startCompaction, suspendCompaction } from './compaction';
import { pushNotice, useStore } from '../store';
import type { TrainingSettingsState, TrainingState } from '../types';

let trainer: Trainer | null = null;
let runStartedAt = 0;
let elapsedBefore = 0;

function patchTraining(patch: Partial<TrainingState>): void {
  useStore.setState((s) => ({ training: { ...s.training, ...patch } }));
}

function elapsed(): number {
  return elapsedBefore + (runStartedAt ? performance.now() - runStartedAt : 0);
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
  if (state.training.status === 'paused' && trainer) {
    runStartedAt = performance.now();
    patchTraining({ status: 'running' });
    trainer.resume();
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
  trainer?.dispose();
  suspendCompaction();
  const run = new Trainer(start, trainSet, test, { ...settings }, { onBatches, onEpoch });
  trainer = run;
  const batchesPerEpoch = Math.ceil(trainSet.count / settings.batchSize);
  elapsedBefore = 0;
  runStartedAt = performance.now();
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
    const mlp = await run.run();
    if (trainer !== run) return; // reset while finishing
    const finished = run.state === 'done';
    elapsedBefore = elapsed();
    runStartedAt = 0;
    useStore.setState((s) => ({
      training: { ...s.training, status: finished ? 'done' : 'stopped', elapsedMs: elapsedBefore },
      model: s.model && {
        ...s.model,
        mlp,
        source: 'trained',
        testAccuracy: s.training.epochs.at(-1)?.testAccuracy ?? s.model.testAccuracy,
      },
    }));
    await startCompaction(mlp);
  } catch (e) {
    pushNotice('error', `Training failed: ${e instanceof Error ? e.message : String(e)}`);
    patchTraining({ status: 'stopped' });
  } finally {
    if (trainer === run) {
      run.dispose();
      trainer = null;
    }
  }
}

export function pause(): void {
  if (!trainer || useStore.getState().training.status !== 'running') return;
  trainer.pause();
  elapsedBefore = elapsed();
  runStartedAt = 0;
  patchTraining({ status: 'paused', elapsedMs: elapsedBefore });
}

/** Stops any run, clears the curves and goes back to the bundled model. */
export function reset(): void {
  const run = trainer;
  trainer = null;
  run?.dispose();
  elapsedBefore = 0;
  runStartedAt = 0;
  useStore.setState((s) => ({
    training: { ...s.training, status: 'idle', epoch: 0, batch: 0, stepsDone: 0, totalSteps: 0, elapsedMs: 0, losses: [], epochs: [] },
    model: bundledModel() ?? s.model,
  }));
  const b = bundledModel();
  if (b) void startCompaction(b.mlp, bundledNeuronIds());
}
