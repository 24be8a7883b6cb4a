/**
 * What the user sees of a neuron besides its code: its class profile (mean
 * output per class), its firing pattern (output > 0) and its firing rate,
 * and a sample order that groups the probe set by class (for the heatmap).
 */
import type { LayerCodes } from './codes';

/** Mean output of every neuron per class: width x numClasses, row-major. Empty classes give 0. */
export function classProfiles(c: LayerCodes, labels: ArrayLike<number>, numClasses: number): Float64Array {
  const { count: N, width: n, values } = c;
  if (labels.length !== N) throw new Error(`${labels.length} labels for ${N} samples`);
  const counts = new Float64Array(numClasses);
  for (let s = 0; s < N; s++) counts[labels[s]]++;
  const out = new Float64Array(n * numClasses);
  for (let i = 0; i < n; i++) {
    const o = i * N;
    const r = i * numClasses;
    for (let s = 0; s < N; s++) out[r + labels[s]] += values[o + s];
    for (let k = 0; k < numClasses; k++) out[r + k] = counts[k] > 0 ? out[r + k] / counts[k] : 0;
  }
  return out;
}

export interface FiringPatterns {
  count: number;
  width: number;
  /** Neuron-major like the codes: 1 where the output is > 0. */
  fires: Uint8Array;
  /** Fraction of probe samples on which each neuron fires. */
  rate: Float64Array;
}

export function firingPatterns(c: LayerCodes): FiringPatterns {
  const { count: N, width: n, values } = c;
  const fires = new Uint8Array(n * N);
  const rate = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let on = 0;
    for (let s = i * N, e = s + N; s < e; s++) {
      if (values[s] > 0) {
        fires[s] = 1;
        on++;
      }
    }
    rate[i] = N ? on / N : 0;
  }
  return { count: N, width: n, fires, rate };
}

/** Sample indices grouped by class (class 0 first), in original order within a class. */
export function classOrder(labels: ArrayLike<number>, numClasses: number): Int32Array {
  const out = new Int32Array(labels.length);
  let o = 0;
  for (let k = 0; k < numClasses; k++) for (let s = 0; s < labels.length; s++) if (labels[s] === k) out[o++] = s;
  return out;
}
