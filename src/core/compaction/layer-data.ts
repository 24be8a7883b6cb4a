/**
 * Per-layer data derived from the probe codes of one birth of the layer (see
 * lineage.ts): statistics, the centred Gram matrix of the alive neurons, and
 * the variance each next-layer neuron's pre-activation gets from this layer
 * (v_k = W[:,k]^T S W[:,k]), whose sum is the cost normaliser
 * N * total variance of the next layer's pre-activations.
 *
 * What it computes never depends on when it is first asked (a view may ask
 * earlier than the engine would) or on the path to the cursor: the Gram
 * matrix is computed over the neurons alive at the birth, and the variances
 * with the next layer's weights as they were then (a LayerPin, kept by
 * LayerCaches); later Gram matrices are sub-matrices of that one.
 */
import type { LayerCodes } from '../coding/codes';
import type { CodeStats, Gram } from '../coding/stats';
import { centredGramSliced, codeStats, indexList, sharedGramBuffer, subGram } from '../coding/stats';
import type { Sliced } from '../sliced';
import { runSync } from '../sliced';
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

/** v_k = sum_ab W[a,k] S_ab W[b,k] over the Gram's neurons (k over the next layer; W: the next layer's weights, default the live ones). */
export function* nextColumnVarianceSliced(st: NetState, l: number, g: Gram, W: Float32Array = st.layers[l + 1].W): Sliced<Float64Array> {
  const next = st.layers[l + 1];
  const m = next.outSize;
  const { k, S, idx } = g;
  const v = new Float64Array(m);
  // T = S W for 4 rows of S at a time (each row of W is read once per 4 rows), then v_c += W[a,c] T[a,c].
  const T = new Float64Array(4 * m);
  for (let a = 0; a < k; a += 4) {
    yield;
    const rows = Math.min(4, k - a);
    T.fill(0);
    for (let b = 0; b < k; b++) {
      const wb = idx[b] * m;
      const s0 = S[a * k + b];
      const s1 = rows > 1 ? S[(a + 1) * k + b] : 0;
      const s2 = rows > 2 ? S[(a + 2) * k + b] : 0;
      const s3 = rows > 3 ? S[(a + 3) * k + b] : 0;
      for (let c = 0; c < m; c++) {
        const w = W[wb + c];
        T[c] += s0 * w;
        T[m + c] += s1 * w;
        T[2 * m + c] += s2 * w;
        T[3 * m + c] += s3 * w;
      }
    }
    for (let r = 0; r < rows; r++) {
      const wa = idx[a + r] * m;
      for (let c = 0; c < m; c++) v[c] += W[wa + c] * T[r * m + c];
    }
  }
  return v;
}

/** The neurons alive and the next layer's weights at a layer's birth. */
export interface LayerPin {
  alive: Uint8Array;
  /** The next layer's weights then (a copy, or the live ones while they still are these; read at once). */
  nextWeights(): Float32Array;
}

export class LayerData {
  private statsOf: CodeStats | null = null;
  private statsMask: Uint8Array | null = null;
  private gramAll: Gram | null = null;
  private colVar: Float64Array | null = null;

  /** `birth`: the seq of the layer's birth (see Birth); `codes`: the layer's codes (current while the birth is). */
  constructor(
    readonly birth: number,
    readonly codes: LayerCodes,
    private readonly pin: LayerPin,
  ) {}

  /** Statistics of (at least) the alive neurons (each neuron's are the same whichever others are computed). */
  stats(st: NetState, l: number): CodeStats {
    return this.statsOver(st.alive[l]);
  }

  /** Statistics of (at least) the neurons where alive[i] is 1. */
  statsOver(alive: Uint8Array): CodeStats {
    const mask = this.statsMask;
    if (!this.statsOf || !mask || alive.some((a, i) => a === 1 && mask[i] === 0)) {
      this.statsOf = codeStats(this.codes, alive);
      this.statsMask = alive.slice();
    }
    return this.statsOf;
  }

  /** Gram matrix of the neurons `want` (default: the alive ones) of layer l. */
  gram(st: NetState, l: number, want?: Int32Array): Gram {
    return runSync(this.gramSliced(st, l, sharedGramBuffer, want));
  }

  /**
   * gram() in slices, for warming the caches ahead of time. The state must
   * not change while it runs (the session's prepare() checks that). Sliced
   * runs centre the codes into a buffer of their own (the default).
   */
  *gramSliced(st: NetState, l: number, buffer?: (size: number) => Float32Array, want: Int32Array = alivePositions(st, l)): Sliced<Gram> {
    if (!this.gramAll) {
      const all = indexList(this.pin.alive.length, this.pin.alive);
      const g = yield* centredGramSliced(this.codes, this.statsOver(this.pin.alive), all, buffer);
      const colVar = yield* nextColumnVarianceSliced(st, l, g, this.pin.nextWeights());
      this.gramAll = g;
      this.colVar = colVar;
    }
    const rel = sameOrSubset(this.gramAll.idx, want);
    if (rel === 'same') return this.gramAll;
    if (rel === 'subset') return subGram(this.gramAll, want);
    throw new Error(`layer ${l} has neurons that were not alive at its birth`);
  }

  /** N * total variance of the next layer's alive pre-activations (weights as of when the codes were set). */
  normZ(st: NetState, l: number): number {
    if (!this.colVar) this.gram(st, l);
    const v = this.colVar!;
    const aliveNext = l + 1 < st.alive.length ? st.alive[l + 1] : null;
    let z = 0;
    for (let c = 0; c < v.length; c++) if (!aliveNext || aliveNext[c]) z += v[c];
    return z;
  }
}
