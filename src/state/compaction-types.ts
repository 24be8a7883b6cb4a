import type { HistoryRecord, Method, StepPreview } from '../core/compaction';
import type { ClassBand } from '../core/explore/probe-by-class';
import type { NeuronInspection } from '../core/explore/inspect';
import type { PairCandidates } from '../core/explore/pair-candidates';
import type { LayerView } from '../core/explore/layer-view';
import type { Normalization } from '../core/explore/normalization';
import type { DigitDamage } from '../core/stats/damage';


/** A comparison curve: a method's automatic run, or the same run with 1 epoch of fine-tuning at each of its points ("ls+ft"). */
export type BaselineKey = Method | `${Method}+ft`;

export function tunedKey(m: Method): BaselineKey {
  return `${m}+ft`;
}

export interface CurvePoint {
  params: number;
  accuracy: number;
}

export interface TargetSpec {
  kind: 'params' | 'drop';
  /** Parameter target as a fraction of the original count, or the accuracy-drop budget in points. */
  value: number;
}

export interface RunState {
  label: string;
  steps: number;
  params: number;
}

export interface CompactionState {
  /** False until a session exists for the current model. */
  ready: boolean;
  method: Method;
  /** The method whose caches are being built (in slices) before its next step is shown; null otherwise. */
  preparing: Method | null;
  /** On a big model, what the stepper works out in slices now (a step, an undo…), in words; null otherwise. Clicks meanwhile wait their turn. */
  working: string | null;
  /** Steps applied (0 = the original model). */
  cursor: number;
  /** The history's entries: removals and fine-tunes (record.kind === 'finetune'). */
  records: HistoryRecord[];
  baseAccuracy: number | null;
  baseParams: number;
  accuracy: number | null;
  params: number;
  widths: number[];
  originalWidths: number[];
  /** Stable ids of every hidden layer's neurons: originally, and alive now. */
  originalIds: number[][];
  aliveIds: number[][];
  preview: StepPreview | null;
  playing: boolean;
  /** Steps per second while playing. */
  speed: number;
  target: TargetSpec;
  run: RunState | null;
  /** The widths the last run to target learned (structure learning). */
  learnedWidths: number[] | null;
  /** Baseline curves (accuracy against parameters), computed by the engine. */
  baselines: Partial<Record<BaselineKey, CurvePoint[]>>;
  baselineBusy: BaselineKey | null;
  /** Curves asked for while another is computed; they follow in order. */
  baselineQueue: BaselineKey[];
  /** Where each comparison run ended: its layer widths (input to output) and parameters. */
  baselineEnds: Partial<Record<Method, { widths: number[]; params: number }>>;
  /** Per-digit damage on the test digits, the original network against the current one (the engine's perDigit; null without test digits). */
  damage: DigitDamage | null;
  /** Changes on every step, undo, redo or jump, so views can animate the change. */
  serial: number;
  lastChange: { kind: 'step' | 'undo' | 'redo' | 'jump'; record: HistoryRecord | null } | null;
}

export interface ExplorerState {
  layer: number;
  selected: { layer: number; id: number } | null;
  threshold: number;
  normalization: Normalization;
  /**
   * A merge the user is looking at (an edge of the similarity graph, a row of
   * the pair list, the inspector's "unify into…"): by default a pairwise
   * unification of removedId into heirId; kind 'ls' removes removedId by least
   * squares (heirId is then its heir with the largest coefficient).
   */
  pairPreview: { layer: number; removedId: number; heirId: number; preview: StepPreview; kind?: 'pair' | 'ls' } | null;
  view: LayerView | null;
  /** Preferred class of every neuron (by position) of every hidden layer, as last known (null: not yet). */
  preferredClasses: (Int32Array | null)[];
  bands: ClassBand[];
  /** What the neuron inspector shows about the selected neuron (null: none selected, or not read yet). */
  inspection: NeuronInspection | null;
  /** The pair list's candidates in the selected layer (null until read). */
  pairs: PairCandidates | null;
}

/** Correct test digits of every class after every step of the history, computed in the background (actions/damage.ts). */
export interface DamageTrail {
  /** Test digits of each class. */
  classCounts: number[];
  /** perStep[t][k]: correct test digits of class k after t steps (t = 0: the original network), as far as computed. */
  perStep: number[][];
  /** Steps in the history (applied and redoable): perStep is complete at length + 1 entries. */
  length: number;
}

/** An input the network view lights up: a digit drawn on the pad, or a test digit. */
export interface ProbeInput {
  source: 'drawn' | 'test';
  /** Index into the test digits (source 'test'). */
  testIndex: number | null;
  /** The test digit's true class (null for a drawing). */
  label: number | null;
  /** rows x cols values in [0, 1] (1 = ink), row-major: what the network sees. */
  pixels: Float64Array;
  rows: number;
  cols: number;
  /** Increases with every new input. */
  serial: number;
}
