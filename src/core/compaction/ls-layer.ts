/**
 * Neuro-Unification by least squares for one layer: every survivor emulates
 * the removed neuron j, x_j ~ sum_s c_s x_s + c_0. Holds P = (S + lambda I)^-1
 * over the layer's alive neurons and shrinks it by the rank-one downdate
 * P' = P_-j,-j - P_-j,j P_j,-j / P_jj after each removal (no re-inversion).
 * Indices here are "slots" (rows of the Gram matrix it was built from).
 */
import type { CodeStats, Gram } from '../coding/stats';
import { spdInverseSliced } from './linalg';
import type { Sliced } from '../sliced';
import { runSync } from '../sliced';

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
  // P: the current inverse, na x na with stride na (kept compact: a removal deletes its row and column).
  /** Position of each slot, and slot of each position (-1: not in the layer). */
  private readonly pos: Int32Array;
  private readonly slotOf: Int32Array;
  private na: number;
  private readonly rowJ: Float64Array;

  /** Builds P for the neurons of `gram` (their stats indexed by position). */
  static build(gram: Gram, stats: CodeStats): LsLayer {
    return runSync(LsLayer.buildSliced(gram, stats));
  }

  /** build() in slices (the inversion is the long part). */
  static *buildSliced(gram: Gram, stats: CodeStats): Sliced<LsLayer> {
    const { k } = gram;
    let trace = 0;
    for (let a = 0; a < k; a++) trace += gram.S[a * k + a];
    const lambda = trace > 0 ? (RIDGE * trace) / k : 1;
    const G = gram.S.slice();
    for (let a = 0; a < k; a++) G[a * k + a] += lambda;
    const P = yield* spdInverseSliced(G, k);
    if (!P) throw new Error('the regularised Gram matrix is not positive definite');
    return new LsLayer(gram.idx, lambda, P, stats);
  }

  private constructor(
    idx: Int32Array,
    readonly lambda: number,
    private readonly P: Float64Array,
    private readonly stats: CodeStats,
  ) {
    const k = idx.length;
    this.pos = idx.slice();
    this.slotOf = new Int32Array(k ? idx[k - 1] + 1 : 0).fill(-1);
    idx.forEach((p, a) => (this.slotOf[p] = a));
    this.na = k;
    this.rowJ = new Float64Array(k);
  }

  /** An independent copy (the same bits: removals on it give what they give on this one). */
  clone(): LsLayer {
    const na = this.na;
    return new LsLayer(this.pos.slice(0, na), this.lambda, this.P.slice(0, na * na), this.stats);
  }

  get size(): number {
    return this.na;
  }

  has(pos: number): boolean {
    return pos >= 0 && pos < this.slotOf.length && this.slotOf[pos] >= 0;
  }

  private slot(pos: number): number {
    if (!this.has(pos)) throw new Error(`neuron ${pos} is not alive in this least-squares layer`);
    return this.slotOf[pos];
  }

  /** RSS_j of every alive position (0 for constant codes), by position into `out`. */
  rssAll(out: Float64Array): void {
    const { P, na } = this;
    for (let a = 0; a < na; a++) {
      const p = this.pos[a];
      out[p] = this.stats.constant[p] ? 0 : 1 / P[a * na + a];
    }
  }

  rss(pos: number): number {
    const a = this.slot(pos);
    return this.stats.constant[pos] ? 0 : 1 / this.P[a * this.na + a];
  }

  /** The least-squares emulation of neuron `pos` by all other alive neurons. */
  solve(pos: number): LsSolution {
    const j = this.slot(pos);
    const { P, na } = this;
    if (this.stats.constant[pos]) return { heirs: new Int32Array(0), coefs: new Float64Array(0), c0: this.stats.mean[pos], rss: 0 };
    const rj = j * na;
    const pjj = P[rj + j];
    const heirs: number[] = [];
    const coefs: number[] = [];
    let c0 = this.stats.mean[pos];
    for (let a = 0; a < na; a++) {
      if (a === j) continue;
      const c = -P[rj + a] / pjj; // P is symmetric: row j holds column j
      if (c === 0) continue;
      const p = this.pos[a];
      heirs.push(p);
      coefs.push(c);
      c0 -= c * this.stats.mean[p];
    }
    return { heirs: Int32Array.from(heirs), coefs: Float64Array.from(coefs), c0, rss: 1 / pjj };
  }

  /**
   * Removes neuron `pos`: P' = P_-j,-j - P_-j,j P_j,-j / P_jj, O(n^2), written
   * in place into the compact (n-1) x (n-1) layout (every write lands at or
   * before what it replaces, and row j is saved first).
   */
  remove(pos: number): void {
    const j = this.slot(pos);
    const { P, na: n } = this;
    const rowJ = this.rowJ;
    for (let b = 0; b < n; b++) rowJ[b] = P[j * n + b];
    const pjj = rowJ[j];
    const m = n - 1;
    for (let a = 0; a < m; a++) {
      const src = (a < j ? a : a + 1) * n;
      const dst = a * m;
      const f = P[src + j] / pjj;
      if (f === 0) {
        for (let b = 0; b < j; b++) P[dst + b] = P[src + b];
        for (let b = j; b < m; b++) P[dst + b] = P[src + b + 1];
      } else {
        for (let b = 0; b < j; b++) P[dst + b] = P[src + b] - f * rowJ[b];
        for (let b = j; b < m; b++) P[dst + b] = P[src + b + 1] - f * rowJ[b + 1];
      }
    }
    this.slotOf[pos] = -1;
    for (let a = j; a < m; a++) {
      this.pos[a] = this.pos[a + 1];
      this.slotOf[this.pos[a]] = a;
    }
    this.na = m;
  }

  /** Alive positions, ascending. */
  positions(): Int32Array {
    return this.pos.slice(0, this.na);
  }

  /** The current inverse restricted to the alive neurons (for tests). */
  inverse(): Float64Array {
    return this.P.slice(0, this.na * this.na);
  }
}
