/** What a hidden neuron outputs on the probe images, as far as the store and the engine already know it (nothing is computed in the engine for it). */
import { currentSession } from './actions/compaction';
import { useStore } from './store';

export interface NeuronOutput {
  /** The same output for every probe image. */
  constant: boolean;
  /** Its mean output (for a constant neuron, that output exactly). */
  mean: number;
}

/**
 * The output of neuron `id` of hidden layer `layer`: from the layer view when
 * it shows that layer, else from the engine's codes when it holds them up to
 * date (never updating them: what is on screen must not change results);
 * null when neither knows.
 */
export function neuronOutput(layer: number, id: number): NeuronOutput | null {
  const st = useStore.getState();
  const view = st.explorer.view;
  if (view && view.layer === layer) {
    const p = Array.prototype.indexOf.call(view.ids, id) as number;
    if (p >= 0) return { constant: view.stats.constant[p] === 1, mean: view.stats.mean[p] };
  }
  const codes = currentSession()?.codesIfCurrent(layer);
  const p = st.compaction.originalIds[layer]?.indexOf(id) ?? -1;
  if (!codes || p < 0 || p >= codes.width || codes.count === 0) return null;
  const N = codes.count;
  const row = codes.values.subarray(p * N, (p + 1) * N);
  const first = row[0];
  let sum = 0;
  let differs = false;
  for (let k = 0; k < N; k++) {
    sum += row[k];
    if (row[k] !== first) differs = true;
  }
  return differs ? { constant: false, mean: sum / N } : { constant: true, mean: first };
}
