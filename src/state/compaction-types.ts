import type { HistoryRecord, Method, StepPreview } from '../core/compaction';
import type { ClassBand } from '../core/explore/probe-by-class';
import type { LayerView } from '../core/explore/layer-view';
import type { Normalization } from '../core/explore/normalization';


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
  baselines: Partial<Record<Method, CurvePoint[]>>;
  baselineBusy: Method | null;
  /** Curves asked for while another is computed; they follow in order. */
  baselineQueue: Method[];
  /** Changes on every step, undo, redo or jump, so views can animate the change. */
  serial: number;
  lastChange: { kind: 'step' | 'undo' | 'redo' | 'jump'; record: HistoryRecord | null } | null;
}

export interface ExplorerState {
  layer: number;
  selected: { layer: number; id: number } | null;
  threshold: number;
  normalization: Normalization;
  /** A pair the user is looking at in the similarity graph. */
  pairPreview: { layer: number; removedId: number; heirId: number; preview: StepPreview } | null;
  view: LayerView | null;
  /** Preferred class of every neuron (by position) of every hidden layer, as last known (null: not yet). */
  preferredClasses: (Int32Array | null)[];
  bands: ClassBand[];
}
