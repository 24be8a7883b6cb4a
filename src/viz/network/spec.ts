/**
 * The network view's public types (see ../network-view.ts for what it shows).
 */
import type { NetworkActivations } from './activation-overlay';

export interface NetworkLayerSpec {
  /** Every neuron the layer had originally (stable ids, in display order). */
  originalIds: readonly number[];
  /** The neurons still alive. */
  aliveIds: readonly number[];
  /**
   * Optional preferred class of each neuron, parallel to originalIds: colours the neurons like the
   * similarity graph (-1 or out of range: no preferred class, light grey). Omitted: all neutral grey.
   */
  preferredClass?: ArrayLike<number>;
}

export interface NetworkHeir {
  id: number;
  coef: number;
}

export interface NetworkStep {
  /** Hidden layer index (0 = first hidden layer). */
  layer: number;
  removedId: number;
  heirs: readonly NetworkHeir[];
}

export interface NetworkViewSpec {
  width: number;
  height: number;
  /** Hidden layers, first to last. */
  layers: readonly NetworkLayerSpec[];
  selected: { layer: number; id: number } | null;
  /** The step to animate: on a step, the one just applied; on an undo, the one just undone. */
  lastStep: NetworkStep | null;
  /** Increases with every applied step; a change (with lastStep) plays the hand-over. */
  stepSerial: number;
  /** Overrides the direction inferred from the serial (down = undo). */
  direction?: 'step' | 'undo';
  /** Input size and image shape (default 784 = 28 x 28). */
  inputSize?: number;
  inputShape?: readonly [number, number];
  /** Output labels (default 0-9). */
  outputLabels?: readonly string[];
  /** Size scale of text, margins, rings and hand-over lines (default 1; larger in presenter mode). */
  scale?: number;
  /** Lights every neuron by its activation for one input (see ./activation-overlay.ts); null or absent: the usual colours. */
  activations?: NetworkActivations | null;
}

export interface NetworkViewCallbacks {
  onNeuronClick(layer: number, id: number): void;
  onNeuronHover(layer: number, id: number, clientX: number, clientY: number): void;
  onNeuronLeave(): void;
}

export interface NetworkView {
  update(spec: NetworkViewSpec): void;
  destroy(): void;
}
