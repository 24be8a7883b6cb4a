/**
 * Cached activations of one data set (the probe set, or the held-out set)
 * through the network under compaction: every hidden layer's outputs X_l
 * (neuron-major, Float32) and the pre-activations Z_l of every later layer
 * (sample-major, Float64; the last one is the logits). Layer 0's outputs come
 * from tfjs once and never change (the input does not). Each later layer is
 * tagged with the history key it was computed for, recomputed only when asked
 * for and stale, and can be updated by a rank-one step instead:
 * a removal adds (sum_h coef_h x_h + biasCoef - x_j) W[j]^T to Z_{l+1}.
 */
import type { Activation } from '../model/spec';
import { affineTiles } from '../coding/kernels';
import type { NetState } from './state';
import { alivePositions } from './state';
import type { StepPlan } from './types';

/** X[k] = act(Z[:, k]) for the alive neurons k, in blocks of samples so both arrays stay in cache. */
function activateInto(z: Float64Array, m: number, N: number, act: Activation, alive: Uint8Array, out: Float32Array): void {
  const B = 16;
  for (let s0 = 0; s0 < N; s0 += B) {
    const s1 = Math.min(N, s0 + B);
    for (let k = 0; k < m; k++) {
      if (!alive[k]) continue;
      const o = k * N;
      if (act === 'relu') {
        for (let s = s0; s < s1; s++) {
          const v = z[s * m + k];
          out[o + s] = v > 0 ? v : 0;
        }
      } else if (act === 'sigmoid') {
        for (let s = s0; s < s1; s++) out[o + s] = 1 / (1 + Math.exp(-z[s * m + k]));
      } else {
        for (let s = s0; s < s1; s++) out[o + s] = Math.tanh(z[s * m + k]);
      }
    }
  }
}

export class ActivationCache {
  readonly N: number;
  /** X[l]: outputs of hidden layer l, neuron-major (width x N). */
  readonly X: Float32Array[];
  /** Z[l] for l >= 1: pre-activations of layer l (hidden l, or the logits for l = L), sample-major. */
  readonly Z: (Float64Array | null)[];
  /** keys[l]: history key X[l] / Z[l] were computed for (see CompactionSession.prefixKey). */
  readonly keys: number[];
  /** Multiply-adds spent on full recomputation and on rank-one updates (for the bench). */
  work = { recompute: 0, rankOne: 0 };
  /** Rank-one work spent on each layer since it was last read or recomputed. */
  private readonly sinceUse: number[];
  /** 1 where Z[l] is current but X[l] = act(Z[l]) has not been redone yet (it is, when read). */
  private readonly xStale: Uint8Array;
  private readonly r: Float64Array;

  /** x0: layer 0's outputs (neuron-major) from a forward pass of the original model. */
  constructor(st: NetState, x0: Float32Array, N: number) {
    const L = st.alive.length;
    this.N = N;
    this.X = st.alive.map((a, l) => (l === 0 ? x0 : new Float32Array(a.length * N)));
    this.Z = [null, ...st.layers.slice(1).map((layer) => new Float64Array(N * layer.outSize))];
    this.keys = new Array<number>(L + 1).fill(NaN);
    this.keys[0] = -1;
    this.sinceUse = new Array<number>(L + 1).fill(0);
    this.xStale = new Uint8Array(L + 1);
    this.r = new Float64Array(N);
  }

  get layers(): number {
    return this.keys.length - 1;
  }

  /** Makes X/Z of layer `upTo` (L = logits) current for the prefix keys of the state. */
  ensure(st: NetState, prefix: readonly number[], upTo: number): void {
    let l = 1;
    for (; l <= upTo && this.keys[l] === prefix[l]; l++) {
      this.activate(st, l);
      this.sinceUse[l] = 0;
    }
    for (; l <= upTo; l++) this.recompute(st, l, prefix[l]);
  }

  private activate(st: NetState, l: number): void {
    if (!this.xStale[l]) return;
    activateInto(this.Z[l]!, st.layers[l].outSize, this.N, st.spec.activation, st.alive[l], this.X[l]);
    this.xStale[l] = 0;
  }

  isValid(prefix: readonly number[], l: number): boolean {
    return this.keys[l] === prefix[l];
  }

  /** Z_l = X_{l-1} W_l + b_l over alive inputs, then X_l = act(Z_l). */
  private recompute(st: NetState, l: number, key: number): void {
    const layer = st.layers[l];
    const rows = alivePositions(st, l - 1);
    affineTiles(this.X[l - 1], this.N, rows, layer.W, layer.b, layer.outSize, this.Z[l]!);
    this.work.recompute += this.N * rows.length * layer.outSize;
    if (l < this.layers) activateInto(this.Z[l]!, layer.outSize, this.N, st.spec.activation, st.alive[l], this.X[l]);
    this.xStale[l] = 0;
    this.keys[l] = key;
    this.sinceUse[l] = 0;
  }

  /**
   * Applies a removal as a rank-one update of Z_{l+1} (call before the plan is
   * applied to the weights). Needs X_l and Z_{l+1} current; otherwise it does
   * nothing and the layer is recomputed when next asked for. Rank-one updates
   * of a layer nobody reads stop once they have cost as much as recomputing
   * it would (so updating never costs more than about twice the best choice;
   * a rank-one multiply-add counts four times, as it streams through memory
   * where the recomputation is a cache-friendly matrix product).
   */
  applyStep(st: NetState, p: StepPlan, prefixBefore: readonly number[], newKey: number): boolean {
    const l = p.layer;
    if (!this.isValid(prefixBefore, l) || !this.isValid(prefixBefore, l + 1)) return false;
    const N = this.N;
    const cost = N * (p.heirs.length + 1 + st.layers[l + 1].outSize);
    if (this.sinceUse[l + 1] + 4 * cost > N * st.aliveCount[l] * st.layers[l + 1].outSize) return false;
    this.sinceUse[l + 1] += 4 * cost;
    this.activate(st, l);
    const X = this.X[l];
    const r = this.r;
    r.fill(p.biasCoef);
    for (let h = 0; h < p.heirs.length; h++) {
      const c = p.coefs[h];
      const o = p.heirs[h] * N;
      for (let s = 0; s < N; s++) r[s] += c * X[o + s];
    }
    const oj = p.removed * N;
    for (let s = 0; s < N; s++) r[s] -= X[oj + s];
    const next = st.layers[l + 1];
    const m = next.outSize;
    const wj = next.W.subarray(p.removed * m, (p.removed + 1) * m);
    const Z = this.Z[l + 1]!;
    for (let s = 0; s < N; s++) {
      const v = r[s];
      if (v === 0) continue;
      const zs = s * m;
      for (let k = 0; k < m; k++) Z[zs + k] += v * wj[k];
    }
    this.work.rankOne += cost;
    if (l + 1 < this.layers) this.xStale[l + 1] = 1;
    this.keys[l + 1] = newKey;
    // Later layers go stale; they are recomputed (one matrix product each) when read.
    return true;
  }

  /** Predicted classes (argmax of the logits; ties to the lowest class). */
  predict(st: NetState, prefix: readonly number[]): Int32Array {
    const L = this.layers;
    this.ensure(st, prefix, L);
    const Z = this.Z[L]!;
    const C = st.layers[L].outSize;
    const out = new Int32Array(this.N);
    for (let s = 0; s < this.N; s++) {
      const o = s * C;
      let bi = 0;
      for (let k = 1; k < C; k++) if (Z[o + k] > Z[o + bi]) bi = k;
      out[s] = bi;
    }
    return out;
  }

  accuracy(st: NetState, prefix: readonly number[], labels: Uint8Array): number {
    const pred = this.predict(st, prefix);
    let ok = 0;
    for (let s = 0; s < pred.length; s++) if (pred[s] === labels[s]) ok++;
    return pred.length ? ok / pred.length : 0;
  }
}
