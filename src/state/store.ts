/**
 * The zustand store: the single source of truth of the app. Components read it
 * with selectors and change it only through the actions in src/state/actions/.
 */
import { create } from 'zustand';
import { LENET_300_100 } from '../core/model/spec';
import { DEFAULT_TRAIN_SETTINGS } from '../core/train/trainer';
import type { AppState, TrainingSettingsState } from './types';

export const DEFAULT_SETTINGS: TrainingSettingsState = {
  hidden: [...LENET_300_100.hidden],
  activation: LENET_300_100.activation,
  learningRate: DEFAULT_TRAIN_SETTINGS.learningRate,
  batchSize: DEFAULT_TRAIN_SETTINGS.batchSize,
  epochs: DEFAULT_TRAIN_SETTINGS.epochs,
  seed: DEFAULT_TRAIN_SETTINGS.seed,
};

export function initialState(): AppState {
  return {
    boot: { phase: 'starting', progress: 0, message: 'Starting…', firstScreenMs: null },
    backend: null,
    notices: [],
    noticeSerial: 0,
    bundled: null,
    data: null,
    model: null,
    training: {
      settings: { ...DEFAULT_SETTINGS, hidden: [...DEFAULT_SETTINGS.hidden] },
      status: 'idle',
      epoch: 0,
      batch: 0,
      batchesPerEpoch: 0,
      stepsDone: 0,
      totalSteps: 0,
      elapsedMs: 0,
      losses: [],
      epochs: [],
      resumable: null,
    },
    finetune: {
      status: 'idle',
      label: '',
      settings: null,
      epoch: 0,
      batch: 0,
      batchesPerEpoch: 0,
      losses: [],
      epochs: [],
      curvesOf: null,
      resumable: null,
    },
    compaction: {
      ready: false,
      preparing: null,
      working: null,
      method: 'ls',
      cursor: 0,
      records: [],
      baseAccuracy: null,
      baseParams: 0,
      accuracy: null,
      params: 0,
      widths: [],
      originalWidths: [],
      originalIds: [],
      aliveIds: [],
      preview: null,
      playing: false,
      speed: 10,
      target: { kind: 'params', value: 0.1 },
      run: null,
      learnedWidths: null,
      baselines: {},
      baselineBusy: null,
      baselineQueue: [],
      baselineEnds: {},
      damage: null,
      serial: 0,
      lastChange: null,
    },
    hidden: [],
    shownAnyway: false,
    tourOpen: false,
    presenter: false,
    pendingLink: null,
    probeInput: null,
    probeTrace: null,
    damageTrail: null,
    explorer: { layer: 0, selected: null, threshold: 0.6, normalization: 'neuron', pairPreview: null, view: null, preferredClasses: [], bands: [], inspection: null, pairs: null },
  };
}

export const useStore = create<AppState>()(() => initialState());
