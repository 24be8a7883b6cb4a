/**
 * Neuro-Unification by least squares for one layer: every survivor emulates
 * the removed neuron j, x_j ~ sum_s c_s x_s + c_0. Holds P = (S + lambda I)^-1
 * over the layer's alive neurons and shrinks it by the rank-one downdate
 * P' = P_-j,-j - P_-j,j P_j,-j / P_jj after each removal (no re-inversion).
 * Indices here are "slots" (rows of the Gram matrix it was built from).
 */
import type { CodeStats, Gram } from '../coding/stats';
import { spdInverse } from './linalg';

/** lambda = RIDGE * trace(S) / k, as in METHOD.md. */
export const RIDGE = 1e-6;

export interface LsSolution {
  /** Positions (neuron indices in the layer) of the heirs with a non-zero coefficient. */
  heirs: Int32Array;
  coefs: Float64Array;
  /** c_0 = mu_j - sum_s c_s mu_s. */
  c0: number;
  /** RSS_j = 1 / P_jj; 0 for a constant neuron. */
  rss: number;
}

export class LsLayer {
  readonly idx: Int32Array;
  readonly k: number;
  readonly lambda: number;
  private readonly P: Float64Array;
  private readonly slotOf = new Map<number, number>();
  private act: Int32Array;
  private na: number;
  private readonly on: Uint8Array;
  private readonly mean: Float64Array;
  private readonly constant: Uint8Array;

  /** Builds P for the neurons of `gram` (their stats indexed by position). */
  constructor(gram: Gram, stats: CodeStats) {
    const { k, idx } = gram;
    this.idx = idx.slice();
    this.k = k;
    let trace = 0;
    for (let a = 0; a < k; a++) trace += gram.S[a * k + a];
    this.lambda = trace > 0 ? (RIDGE * trace) / k : 1;
    const G = gram.S.slice();
    for (let a = 0; a < k; a++) G[a * k + a] += this.lambda;
    const P = spdInverse(G, k);
    if (!P) throw new Error('the regularised Gram matrix is not positive definite');
    this.P = P;
    this.act = Int32Array.from({ length: k }, (_, a) => a);
    this.na = k;
    this.on = new Uint8Array(k).fill(1);
    this.idx.forEach((p, a) => this.slotOf.set(p, a));
    this.mean = Float64Array.from(this.idx, (p) => stats.mean[p]);
    this.constant = Uint8Array.from(this.idx, (p) => stats.constant[p]);
  }

  get size(): number {
    return this.na;
  }

  has(pos: number): boolean {
    const a = this.slotOf.get(pos);
    return a !== undefined && this.on[a] === 1;
  }

  private slot(pos: number): number {
    const a = this.slotOf.get(pos);
    if (a === undefined || !this.on[a]) throw new Error(`neuron ${pos} is not alive in this least-squares layer`);
    return a;
  }

  /** RSS_j of every alive position (0 for constant codes), by position into `out`. */
  rssAll(out: Float64Array): void {
    const { P, k } = this;
    for (let t = 0; t < this.na; t++) {
      const a = this.act[t];
      out[this.idx[a]] = this.constant[a] ? 0 : 1 / P[a * k + a];
    }
  }

  rss(pos: number): number {
    const a = this.slot(pos);
    return this.constant[a] ? 0 : 1 / this.P[a * this.k + a];
  }

  /** The least-squares emulation of neuron `pos` by all other alive neurons. */
  solve(pos: number): LsSolution {
    const j = this.slot(pos);
    const { P, k } = this;
    if (this.constant[j]) return { heirs: new Int32Array(0), coefs: new Float64Array(0), c0: this.mean[j], rss: 0 };
    const pjj = P[j * k + j];
    const heirs: number[] = [];
    const coefs: number[] = [];
    let c0 = this.mean[j];
    for (let t = 0; t < this.na; t++) {
      const s = this.act[t];
      if (s === j) continue;
      const c = -P[s * k + j] / pjj;
      if (c === 0) continue;
      heirs.push(this.idx[s]);
      coefs.push(c);
      c0 -= c * this.mean[s];
    }
    return { heirs: Int32Array.from(heirs), coefs: Float64Array.from(coefs), c0, rss: 1 / pjj };
  }

  /** Removes neuron `pos`: the rank-one downdate of P, O(n^2). */
  remove(pos: number): void {
    const j = this.slot(pos);
    const { P, k, act } = this;
    const rj = j * k;
    const pjj = P[rj + j];
    let w = 0;
    for (let t = 0; t < this.na; t++) {
      const s = act[t];
      if (s !== j) act[w++] = s;
    }
    this.na = w;
    this.on[j] = 0;
    for (let t = 0; t < w; t++) {
      const s = act[t];
      const f = P[s * k + j] / pjj;
      if (f === 0) continue;
      const rs = s * k;
      for (let u = 0; u < w; u++) {
        const v = act[u];
        P[rs + v] -= f * P[rj + v];
      }
    }
  }

  /** Alive positions, in slot order. */
  positions(): Int32Array {
    return Int32Array.from(this.act.subarray(0, this.na), (a) => this.idx[a]);
  }

  /** The current inverse restricted to the alive neurons (for tests). */
  inverse(): Float64Array {
    const n = this.na;
    const out = new Float64Array(n * n);
    for (let t = 0; t < n; t++) for (let u = 0; u < n; u++) out[t * n + u] = this.P[this.act[t] * this.k + this.act[u]];
    return out;
  }
}
