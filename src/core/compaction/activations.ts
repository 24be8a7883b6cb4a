/**
 * Cached activations of one data set (the probe set, or the held-out set)
 * through the network under compaction: every hidden layer's outputs X_l
 * (neuron-major, Float32) and the pre-activations Z_l of every later layer
 * (sample-major, Float64; the last one is the logits). They start from a tfjs
 * forward pass of the original model; layer 0's outputs never change (the
 * input does not). Each later layer is
 * tagged with the history key it was computed for, recomputed only when asked
 * for and stale, and can be updated by low-rank steps instead: a removal in
 * layer l adds r W[j]^T to Z_{l+1}, r = sum_h coef_h x_h + biasCoef - x_j.
 * Steps are queued and applied in one batch when the layer is read (two
 * cache-friendly matrix products), which is exact because X_l does not change
 * while layer l itself is being unified.
 */
import type { Activation } from '../model/spec';
import { addProductTiles, affineTiles } from '../coding/kernels';
import { alivePositions } from './state';
import type { Activations } from '../coding/codes';
import type { NetState } from './state';
import type { StepPlan } from './types';

interface Queued {
  heirs: Int32Array;
  coefs: Float64Array;
  biasCoef: number;
  removed: number;
  /** The removed neuron's outgoing weights, before the step. */
  wj: Float32Array;
}

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
  /** version[l] changes whenever the values in X[l] change (recomputed or updated). */
  readonly version: number[];
  /** Multiply-adds spent on full recomputation and on rank-one updates (for the bench). */
  work = { recompute: 0, rankOne: 0 };
  /** Rank-one work spent on each layer since it was last read or recomputed. */
  private readonly sinceUse: number[];
  /** 1 where Z[l] is current but X[l] = act(Z[l]) has not been redone yet (it is, when read). */
  private readonly xStale: Uint8Array;
  private readonly r: Float64Array;
  /** Steps queued for Z[l] (not yet applied). */
  private readonly queued: Queued[][];

  /** The original model's activations: what every layer holds while no earlier layer has changed. */
  private readonly init: Activations;

  /** `init`: a forward pass of the original model (forwardPass, with pre-activations). */
  constructor(st: NetState, init: Activations) {
    const L = st.alive.length;
    const N = init.codes[0].count;
    this.N = N;
    this.init = init;
    this.X = st.alive.map((a, l) => (l === 0 ? init.codes[0].values : new Float32Array(a.length * N)));
    this.Z = [null, ...st.layers.slice(1).map((layer) => new Float64Array(N * layer.outSize))];
    this.keys = new Array<number>(L + 1).fill(NaN);
    this.keys[0] = -1;
    this.version = new Array<number>(L + 1).fill(0);
    this.sinceUse = new Array<number>(L + 1).fill(0);
    this.xStale = new Uint8Array(L + 1);
    this.r = new Float64Array(N);
    this.queued = Array.from({ length: L + 1 }, () => []);
  }

  get layers(): number {
    return this.keys.length - 1;
  }

  /** Makes X/Z of layer `upTo` (L = logits) current for the prefix keys of the state. */
  ensure(st: NetState, prefix: readonly number[], upTo: number): void {
    let l = 1;
    for (; l <= upTo && this.keys[l] === prefix[l]; l++) {
      this.flush(st, l);
      this.activate(st, l);
      this.sinceUse[l] = 0;
    }
    for (; l <= upTo; l++) this.recompute(st, l, prefix[l]);
  }

  private activate(st: NetState, l: number): void {
    if (!this.xStale[l]) return;
    activateInto(this.Z[l]!, st.layers[l].outSize, this.N, st.spec.activation, st.alive[l], this.X[l]);
    this.xStale[l] = 0;
    this.version[l]++;
  }

  /** Whether X/Z of layers 1..l are current with nothing queued (reading them then changes nothing). */
  isCurrent(prefix: readonly number[], l: number): boolean {
    for (let k = 1; k <= l; k++) if (this.keys[k] !== prefix[k] || this.queued[k].length > 0 || this.xStale[k]) return false;
    return true;
  }

  isValid(prefix: readonly number[], l: number): boolean {
    return this.keys[l] === prefix[l];
  }

  /** Z_l = X_{l-1} W_l + b_l over alive inputs, then X_l = act(Z_l); the original's values while nothing before l changed. */
  private recompute(st: NetState, l: number, key: number): void {
    const layer = st.layers[l];
    this.queued[l].length = 0;
    if (key === -1) {
      this.Z[l]!.set(this.init.pre[l]);
      if (l < this.layers) this.X[l].set(this.init.codes[l].values);
    } else {
      const rows = alivePositions(st, l - 1);
      affineTiles(this.X[l - 1], this.N, rows, layer.W, layer.b, layer.outSize, this.Z[l]!);
      this.work.recompute += this.N * rows.length * layer.outSize;
      if (l < this.layers) activateInto(this.Z[l]!, layer.outSize, this.N, st.spec.activation, st.alive[l], this.X[l]);
    }
    this.xStale[l] = 0;
    this.version[l]++;
    this.keys[l] = key;
    this.sinceUse[l] = 0;
  }

  /** Forgets queued steps (after a jump in the history, X_l may no longer be what they were queued against). */
  dropQueued(): void {
    this.queued.forEach((q, l) => {
      if (q.length) {
        q.length = 0;
        this.keys[l] = NaN;
      }
    });
  }

  /**
   * Queues a removal for Z_{l+1} (call before the plan is applied to the
   * weights). Needs Z_{l+1} current; otherwise it does nothing and the layer
   * is recomputed when next read. Once the queued work would exceed a full
   * recomputation, the layer is left to be recomputed instead (so updating
   * never costs more than about twice the better choice).
   */
  applyStep(st: NetState, p: StepPlan, prefixBefore: readonly number[], newKey: number): boolean {
    const l = p.layer;
    if (!this.isValid(prefixBefore, l) || !this.isValid(prefixBefore, l + 1)) return false;
    const m = st.layers[l + 1].outSize;
    const cost = this.N * (p.heirs.length + 1 + m);
    if (this.sinceUse[l + 1] + cost > this.N * st.aliveCount[l] * m) {
      this.queued[l + 1].length = 0;
      this.keys[l + 1] = NaN;
      return false;
    }
    this.sinceUse[l + 1] += cost;
    const W = st.layers[l + 1].W;
    this.queued[l + 1].push({ heirs: p.heirs, coefs: p.coefs, biasCoef: p.biasCoef, removed: p.removed, wj: W.slice(p.removed * m, (p.removed + 1) * m) });
    if (l + 1 < this.layers) this.xStale[l + 1] = 1;
    this.keys[l + 1] = newKey;
    // Later layers go stale; they are recomputed (one matrix product each) when read.
    return true;
  }

  /** Applies the queued steps of Z_l (X_{l-1} must be current). */
  private flush(st: NetState, l: number): void {
    const q = this.queued[l];
    if (!q.length) return;
    const N = this.N;
    const m = st.layers[l].outSize;
    const X = this.X[l - 1];
    const Z = this.Z[l]!;
    let work = 0;
    if (q.length === 1) {
      const r = this.r;
      for (const u of q) {
        r.fill(u.biasCoef);
        for (let h = 0; h < u.heirs.length; h++) {
          const c = u.coefs[h];
          const o = u.heirs[h] * N;
          for (let s = 0; s < N; s++) r[s] += c * X[o + s];
        }
        const oj = u.removed * N;
        for (let s = 0; s < N; s++) r[s] -= X[oj + s];
        for (let s = 0; s < N; s++) {
          const v = r[s];
          if (v === 0) continue;
          const zs = s * m;
          for (let c = 0; c < m; c++) Z[zs + c] += v * u.wj[c];
        }
        work += N * (u.heirs.length + 1 + m);
      }
    } else {
      // R = X^T C + c0 (N x k) over the neurons the steps refer to, then Z += R Wj.
      const k = q.length;
      const n = X.length / N;
      const C = new Float32Array(n * k);
      const c0 = new Float32Array(k);
      const used = new Uint8Array(n);
      q.forEach((u, t) => {
        u.heirs.forEach((h, i) => {
          C[h * k + t] += u.coefs[i];
          used[h] = 1;
        });
        C[u.removed * k + t] -= 1;
        used[u.removed] = 1;
        c0[t] = u.biasCoef;
      });
      const rows = Int32Array.from({ length: n }, (_, i) => i).filter((i) => used[i]);
      const R = new Float64Array(N * k);
      affineTiles(X, N, rows, C, c0, k, R);
      const Wj = new Float32Array(k * m);
      q.forEach((u, t) => Wj.set(u.wj, t * m));
      addProductTiles(R, N, k, Wj, m, Z);
      work += N * k * (rows.length + m);
    }
    this.work.rankOne += work;
    q.length = 0;
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
