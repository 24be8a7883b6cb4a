/**
 * Everything the explorer shows about one hidden layer at the current step,
 * computed by the engine (the views only draw it): the alive neurons' codes,
 * statistics, Pearson correlations, class profiles, preferred classes,
 * outgoing weight norms and a display order that puts similar neurons together.
 *
 * A layer's codes change only when an earlier layer is compacted. While they
 * stay the same, the correlation matrix and the order are computed once for all
 * of the layer's original neurons and then only subset, so a step costs
 * O(n^2) copying here and rows keep their places on screen.
 */
import type { CodeStats, LayerCodes } from '../coding';
import { classProfiles, codeStats, correlationMatrix } from '../coding';
import type { CompactionSession } from '../compaction';
import { seriate } from '../layout/seriation';

export interface LayerView {
  layer: number;
  /** Stable ids of the alive neurons, in the model's current order. */
  ids: Int32Array;
  codes: LayerCodes;
  stats: CodeStats;
  /** Pearson r, alive x alive, row-major. */
  correlation: Float32Array;
  /** Mean output per class, alive x numClasses. */
  profiles: Float64Array;
  numClasses: number;
  preferredClass: Int32Array;
  /** Fraction of probe samples on which each neuron's output is > 0. */
  firingRate: Float64Array;
  /** L2 norm of each neuron's outgoing weights (its row of the next layer's W). */
  outNorm: Float64Array;
  /** Display order: indices into the arrays above. */
  order: Int32Array;
  /** Smallest and largest output in the layer. */
  range: [number, number];
  /** The layer's incoming weights now (inSize x alive, row-major), e.g. for 28x28 weight images. */
  incoming: { W: Float32Array; inSize: number; outSize: number };
}

interface Full {
  values: Float32Array;
  width: number;
  correlation: Float32Array;
  order: Int32Array;
}

export class LayerViewCache {
  private full: (Full | null)[] = [];

  constructor(
    private readonly labels: Uint8Array,
    private readonly numClasses: number,
  ) {}

  view(session: CompactionSession, layer: number): LayerView {
    const all = session.env(layer).codes();
    const N = all.count;
    let full = this.full[layer];
    if (!full || full.values !== all.values) {
      const correlation = correlationMatrix(all);
      full = { values: all.values, width: all.width, correlation, order: seriate(correlation, all.width) };
      this.full[layer] = full;
    }
    const { mlp, neuronIds } = session.current();
    const ids = Int32Array.from(neuronIds[layer]);
    const posOf = new Map<number, number>();
    session.originalIds[layer].forEach((id, p) => posOf.set(id, p));
    const positions = Int32Array.from(ids, (id) => posOf.get(id)!);
    const n = ids.length;
    const values = new Float32Array(n * N);
    positions.forEach((p, i) => values.set(all.values.subarray(p * N, (p + 1) * N), i * N));
    const codes: LayerCodes = { count: N, width: n, values };
    const correlation = new Float32Array(n * n);
    for (let i = 0; i < n; i++) {
      const row = positions[i] * full.width;
      for (let j = 0; j < n; j++) correlation[i * n + j] = full.correlation[row + positions[j]];
    }
    const slotOfPos = new Map<number, number>();
    positions.forEach((p, i) => slotOfPos.set(p, i));
    const order = Int32Array.from(Array.from(full.order).filter((p) => slotOfPos.has(p)), (p) => slotOfPos.get(p)!);
    const profiles = classProfiles(codes, this.labels, this.numClasses);
    const preferredClass = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let k = 1; k < this.numClasses; k++) if (profiles[i * this.numClasses + k] > profiles[i * this.numClasses + best]) best = k;
      preferredClass[i] = best;
    }
    const next = mlp.layers[layer + 1];
    const outNorm = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let k = 0; k < next.outSize; k++) s += next.W[i * next.outSize + k] ** 2;
      outNorm[i] = Math.sqrt(s);
    }
    let lo = Infinity;
    let hi = -Infinity;
    const firingRate = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let on = 0;
      for (let k = i * N, e = k + N; k < e; k++) {
        const v = values[k];
        if (v > 0) on++;
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      firingRate[i] = N ? on / N : 0;
    }
    return {
      layer,
      ids,
      codes,
      stats: codeStats(codes),
      correlation,
      profiles,
      numClasses: this.numClasses,
      preferredClass,
      outNorm,
      firingRate,
      order,
      range: n ? [lo, hi] : [0, 1],
      incoming: { W: mlp.layers[layer].W, inSize: mlp.layers[layer].inSize, outSize: mlp.layers[layer].outSize },
    };
  }
}
