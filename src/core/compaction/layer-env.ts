/**
 * What a method needs to know about one hidden layer, provided by the
 * session: the state, fresh probe codes and their statistics, the centred
 * Gram matrix of the alive neurons, the normaliser of the layer's cost, and
 * per-layer structures that stay valid across steps (they are told about
 * every removal in the layer and rebuilt when earlier layers change).
 */
import type { LayerCodes } from '../coding/codes';
import type { CodeStats, Gram } from '../coding/stats';
import type { DenseWeights } from '../model/mlp';
import type { NetState } from './state';
import type { Sliced } from '../sliced';

export interface Structure {
  /** Called for every removal in this layer, whatever the method. */
  remove(pos: number): void;
  /** An independent copy (so an undo can start again from the structure as built instead of building it again). */
  clone?(): Structure;
}

export interface LayerEnv {
  readonly st: NetState;
  readonly layer: number;
  /** The session's seed (random baseline). */
  readonly seed: number;
  /** Number of probe samples. */
  readonly N: number;
  /** The neurons this view of the layer describes, ascending: the alive ones (or, for building a structure, those alive at the layer's birth). */
  positions(): Int32Array;
  /** Codes of this layer's neurons over the probe set, current for the state. */
  codes(): LayerCodes;
  /** Statistics of (at least) the neurons of positions(). */
  stats(): CodeStats;
  /** Centred Gram matrix of the neurons of positions() (slots ascending by position). */
  gram(): Gram;
  /** gram() in slices (see sliced.ts); the state must not change while it runs. */
  gramSliced(): Sliced<Gram>;
  /**
   * The layer's incoming weights and biases (a dense layer, read at once): as
   * they are now, or for a birth view, as they were at the birth (neurons
   * removed since still have theirs).
   */
  incoming(): DenseWeights;
  /** N * total variance of the next layer's pre-activations over its alive neurons (the cost normaliser). */
  normZ(): number;
  /**
   * A structure for the current state of this layer, built when missing or
   * stale: `build` gets the layer as it was at its birth, and the removals
   * since are replayed on what it returns (see LayerCaches).
   */
  structure<T extends Structure>(name: string, build: (atBirth: LayerEnv) => T): T;
  /**
   * How many more neurons the current run will remove from this layer, when
   * known (Neuron Merging keeps the rest); undefined means one.
   */
  readonly remainingHint?: number;
}

/** ||W[j]||^2 of the next layer's row of every alive neuron (full width array; dead entries 0). */
export function outNorms2(st: NetState, l: number): Float64Array {
  const alive = st.alive[l];
  const out = new Float64Array(alive.length);
  for (let j = 0; j < alive.length; j++) if (alive[j]) out[j] = outNorm2(st, l, j);
  return out;
}

/** outNorms2(st, l)[j] alone (the same sum), for an alive neuron j. */
export function outNorm2(st: NetState, l: number, j: number): number {
  const next = st.layers[l + 1];
  const m = next.outSize;
  let s = 0;
  for (let k = j * m, e = k + m; k < e; k++) s += next.W[k] * next.W[k];
  return s;
}

/** L2 norms of the incoming weights (columns of the kernel, bias excluded) of every neuron of layer l. */
export function incomingNorms(st: NetState, l: number): Float64Array {
  const L = st.layers[l];
  const n = L.outSize;
  const out = new Float64Array(n);
  for (let r = 0; r < L.inSize; r++) {
    const o = r * n;
    for (let j = 0; j < n; j++) out[j] += L.W[o + j] * L.W[o + j];
  }
  for (let j = 0; j < n; j++) out[j] = Math.sqrt(out[j]);
  return out;
}
