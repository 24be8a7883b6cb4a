import type { ActiveBackend } from '../core/backend/choose';
import type { FineTuneSettings } from '../core/compaction';
import type { ThreeWaySplit } from '../core/data/split';
import type { LinkState } from '../core/share/link-state';
import type { Mlp } from '../core/model/mlp';
import type { TrainingSettings } from '../core/train/limits';
import type { EpochReport } from '../core/train/trainer';
import type { DigitTrace } from '../core/explore/draw-digit';
import type { CompactionState, DamageTrail, ExplorerState, ProbeInput } from './compaction-types';

export type BootPhase = 'starting' | 'backend' | 'data' | 'model' | 'ready' | 'error';

export interface BootState {
  phase: BootPhase;
  /** 0..1 within the current phase (data download). */
  progress: number;
  message: string;
  /** Milliseconds from navigation start until the model's figures were on screen. */
  firstScreenMs: number | null;
}

export interface Notice {
  id: number;
  kind: 'info' | 'warning' | 'error';
  /** What happened and what to do, in plain words. */
  text: string;
  /** Technical detail, shown behind a toggle. */
  detail?: string;
  /** Something the user can do about it (for instance, download a damaged save). */
  action?: { label: string; run: () => void };
}

export type ModelSource = 'bundled' | 'trained' | 'training' | 'imported';

export interface ModelState {
  mlp: Mlp;
  source: ModelSource;
  name: string;
  testAccuracy: number | null;
  params: number;
  widths: number[];
  /** For a model trained in the browser: the settings it was trained with (links rebuild it from them). */
  trainedWith?: TrainingSettingsState;
  /** For an imported model: its fingerprint (links and session files name it). */
  fingerprint?: string;
}

export type TrainingSettingsState = TrainingSettings;

/** The bundled model as loaded at start (Reset and New session go back to it), with its stable neuron ids. */
export interface BundledModel {
  model: ModelState;
  neuronIds?: number[][];
}

export type TrainingStatus = 'idle' | 'running' | 'paused' | 'done' | 'stopped';

export interface LossPoint {
  step: number;
  loss: number;
}

export interface TrainingState {
  settings: TrainingSettingsState;
  status: TrainingStatus;
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  stepsDone: number;
  totalSteps: number;
  /** Time spent running (pauses excluded), ms. */
  elapsedMs: number;
  losses: LossPoint[];
  epochs: EpochReport[];
  /**
   * A run that stopped on a backend failure (or a reload) and can go on from
   * its last checkpoint: where it will resume, and why it stopped.
   */
  resumable: { epoch: number; batch: number; reason: string } | null;
}

/** A fine-tune under way (the user's, or one a link or a save trains again), and the curves of the last one. */
export interface FineTuneState {
  /** idle: none under way; paused: by the user, or by a failing backend (then `resumable` says why). */
  status: 'idle' | 'running' | 'paused';
  /** What is trained, in plain words ("Fine-tune, 1 epoch", "Training fine-tune 1 of 2 of the link again"). */
  label: string;
  settings: FineTuneSettings | null;
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  losses: LossPoint[];
  epochs: EpochReport[];
  /**
   * The session the curves belong to (its originalIds, as the store holds
   * them): the Learning curves panel shows them while that session is the
   * current one and no network is training.
   */
  curvesOf: number[][] | null;
  /** Paused because the backend failed: where it resumes (on the next backend), and why. */
  resumable: { epoch: number; batch: number; reason: string } | null;
}

export interface AppState {
  boot: BootState;
  backend: ActiveBackend | null;
  notices: Notice[];
  /** Ids of notices (increases with every notice). */
  noticeSerial: number;
  bundled: BundledModel | null;
  data: ThreeWaySplit | null;
  model: ModelState | null;
  training: TrainingState;
  finetune: FineTuneState;
  compaction: CompactionState;
  explorer: ExplorerState;
  /** Controls a classroom link hides. */
  hidden: string[];
  /** Controls the link hid, brought back for this tab by "show all controls" (the link itself is unchanged). */
  shownAnyway: boolean;
  tourOpen: boolean;
  /** Presenter mode: larger type and marks for a projector. */
  presenter: boolean;
  /** A link that would train for long on this device, waiting for the user's go-ahead. */
  pendingLink: { state: LinkState; seconds: number } | null;
  /** The input the network view lights up (drawn or a test digit), and both networks' response to it. */
  probeInput: ProbeInput | null;
  probeTrace: DigitTrace | null;
  /** Per-class test accuracy after every step of the session (computed while the damage view is shown). */
  damageTrail: DamageTrail | null;
}
