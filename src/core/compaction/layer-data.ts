/**
 * Per-layer data derived from the probe codes, tagged with the history key
 * of the codes: statistics, the centred Gram matrix of the alive neurons, and
 * the variance each next-layer neuron's pre-activation gets from this layer
 * (v_k = W[:,k]^T S W[:,k]), whose sum is the cost normaliser
 * N * total variance of the next layer's pre-activations.
 */
import type { LayerCodes } from '../coding/codes';
import type { CodeStats, Gram } from '../coding/stats';
import { centredGram, codeStats, subGram } from '../coding/stats';
import type { NetState } from './state';
import { alivePositions } from './state';

function sameOrSubset(have: Int32Array, want: Int32Array): 'same' | 'subset' | 'no' {
  if (have.length === want.length) {
    for (let a = 0; a < have.length; a++) if (have[a] !== want[a]) return 'no';
    return 'same';
  }
  let a = 0;
  for (let b = 0; b < want.length; b++) {
    while (a < have.length && have[a] < want[b]) a++;
    if (a === have.length || have[a] !== want[b]) return 'no';
  }
  return 'subset';
}

/** v_k = sum_ab W[a,k] S_ab W[b,k] over the Gram's neurons (k over the next layer). */
export function nextColumnVariance(st: NetState, l: number, g: Gram): Float64Array {
  const next = st.layers[l + 1];
  const m = next.outSize;
  const { k, S, idx } = g;
  const v = new Float64Array(m);
  const T = new Float64Array(m);
  for (let a = 0; a < k; a++) {
    T.fill(0);
    const ra = a * k;
    for (let b = 0; b < k; b++) {
      const s = S[ra + b];
      if (s === 0) continue;
      const wb = idx[b] * m;
      for (let c = 0; c < m; c++) T[c] += s * next.W[wb + c];
    }
    const wa = idx[a] * m;
    for (let c = 0; c < m; c++) v[c] += next.W[wa + c] * T[c];
  }
  return v;
}

export class LayerData {
  readonly stats: CodeStats;
  private gramAll: Gram | null = null;
  private colVar: Float64Array | null = null;

  constructor(
    readonly key: number,
    readonly codes: LayerCodes,
  ) {
    this.stats = codeStats(codes);
  }

  /** Gram matrix of the currently alive neurons of layer l. */
  gram(st: NetState, l: number): Gram {
    const want = alivePositions(st, l);
    const rel = this.gramAll ? sameOrSubset(this.gramAll.idx, want) : 'no';
    if (rel === 'same') return this.gramAll!;
    if (rel === 'subset') return subGram(this.gramAll!, want);
    this.gramAll = centredGram(this.codes, this.stats, want);
    this.colVar = nextColumnVariance(st, l, this.gramAll);
    return this.gramAll;
  }

  /** N * total variance of the next layer's alive pre-activations (weights as of the Gram's computation). */
  normZ(st: NetState, l: number): number {
    if (!this.colVar) this.gram(st, l);
    const v = this.colVar!;
    const aliveNext = l + 1 < st.alive.length ? st.alive[l + 1] : null;
    let z = 0;
    for (let c = 0; c < v.length; c++) if (!aliveNext || aliveNext[c]) z += v[c];
    return z;
  }
}
