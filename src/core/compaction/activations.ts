/**
 * Cached activations of one data set (the probe set, or the held-out digits)
 * through the network under compaction: every hidden layer's outputs X_l
 * (neuron-major, Float32) and the pre-activations Z_l of every later layer
 * (sample-major, Float64; the last one is the logits). They start from a
 * forward pass of the original model; layer 0's outputs never change (the
 * input does not).
 *
 * The values are canonical: they depend only on the sequence of steps and
 * jumps, never on when (or whether) anyone reads them, so what a view reads
 * cannot change what the engine computes. Each Z_l follows a recipe that is
 * written down when a step or a jump happens and carried out when the layer
 * is read:
 *   - a base: the original model's values, or X_{l-1} W_l + b_l with the
 *     weights as they were when the base was set (copied before the live
 *     weights change, while the base is not yet computed);
 *   - then, in order, rank-one folds (a removal in layer l-1 adds
 *     r W[j]^T to Z_l, r = sum_h coef_h x_h + biasCoef - x_j) and column
 *     recomputes (neurons of layer l revived by a jump).
 * Folds are carried out in batches whose arithmetic is exactly that of one
 * fold at a time (same products, same order of additions), so reading after
 * every step or once after many gives the same bits. Whether a step folds or
 * sets a new base depends on the steps alone: a new base once the folds since
 * the last one would cost REBASE times a full recomputation.
 */
import type { Activation } from '../model/spec';
import { addProductTiles, affineTiles } from '../coding/kernels';
import { alivePositions } from './state';
import type { Activations } from '../coding/codes';
import type { NetState } from './state';
import type { StepPlan } from './types';

/** A new base once the rank-one work since the last one exceeds this many full recomputations. */
const REBASE = 4;
/** Folds carried out per batch (bounds the scratch memory; the arithmetic is the same either way). */
const BATCH = 32;

interface Fold {
  kind: 'fold';
  heirs: Int32Array;
  coefs: Float64Array;
  biasCoef: number;
  removed: number;
  /** The removed neuron's outgoing weights, before the step. */
  wj: Float32Array;
}

/** Z[:, cols] = X_{l-1}[rows] W + b, W full height (inSize x cols.length, row-major). */
interface Cols {
  kind: 'cols';
  cols: Int32Array;
  rows: Int32Array;
  W: Float32Array;
  b: Float32Array;
}

type Op = Fold | Cols;

interface Recipe {
  base: 'init' | 'affine';
  /** For an affine base: its inputs, copied before the live weights change (null: the live ones still are). */
  snap: { rows: Int32Array; W: Float32Array; b: Float32Array } | null;
  ops: Op[];
  /** Rank-one work of the folds since the base (multiply-adds). */
  work: number;
  /** What Z holds: -1 nothing yet, else the base and ops[0..done). */
  done: number;
  /** Whether X = act(Z) for what Z holds (hidden layers). */
  xDone: boolean;
}

/** X[k] = act(Z[:, k]) for every neuron k (dead ones too, so the values never depend on when this runs). */
function activateInto(z: Float64Array, m: number, N: number, act: Activation, out: Float32Array): void {
  const B = 16;
  for (let s0 = 0; s0 < N; s0 += B) {
    const s1 = Math.min(N, s0 + B);
    for (let k = 0; k < m; k++) {
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

function initRecipe(): Recipe {
  return { base: 'init', snap: null, ops: [], work: 0, done: -1, xDone: false };
}

export class ActivationCache {
  readonly N: number;
  /** X[l]: outputs of hidden layer l, neuron-major (width x N). */
  readonly X: Float32Array[];
  /** Z[l] for l >= 1: pre-activations of layer l (hidden l, or the logits for l = L), sample-major. */
  readonly Z: (Float64Array | null)[];
  /** version[l] changes whenever the recipe of X[l] / Z[l] changes (so do their values, once read). */
  readonly version: number[];
  /** Multiply-adds spent on full recomputation and on rank-one updates (for the bench). */
  work = { recompute: 0, rankOne: 0 };
  private readonly recipes: Recipe[];
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
    this.version = new Array<number>(L + 1).fill(0);
    this.recipes = Array.from({ length: L + 1 }, initRecipe);
    this.recipes[0].done = 0;
    this.recipes[0].xDone = true;
  }

  get layers(): number {
    return this.recipes.length - 1;
  }

  /** Carries out the recipes of layers 1..upTo (L = logits). */
  ensure(st: NetState, upTo: number): void {
    for (let l = 1; l <= upTo; l++) this.materialize(st, l);
  }

  /** Whether X/Z of layers 1..l hold their recipes (reading them then does no work). */
  isCurrent(l: number): boolean {
    for (let k = 1; k <= l; k++) {
      const r = this.recipes[k];
      if (r.done !== r.ops.length || (k < this.layers && !r.xDone)) return false;
    }
    return true;
  }

  private materialize(st: NetState, l: number): void {
    const r = this.recipes[l];
    const hidden = l < this.layers;
    if (r.done < 0) {
      const Z = this.Z[l]!;
      if (r.base === 'init') {
        Z.set(this.init.pre[l]);
        if (hidden && r.ops.length === 0) {
          this.X[l].set(this.init.codes[l].values);
          r.xDone = true;
        } else r.xDone = false;
      } else {
        const layer = st.layers[l];
        const s = r.snap ?? { rows: alivePositions(st, l - 1), W: layer.W, b: layer.b };
        affineTiles(this.X[l - 1], this.N, s.rows, s.W, s.b, layer.outSize, Z);
        this.work.recompute += this.N * s.rows.length * layer.outSize;
        r.snap = null;
        r.xDone = false;
      }
      r.done = 0;
    }
    while (r.done < r.ops.length) {
      const op = r.ops[r.done];
      if (op.kind === 'cols') {
        this.applyCols(st, l, op);
        r.done++;
      } else {
        let e = r.done;
        while (e < r.ops.length && e - r.done < BATCH && r.ops[e].kind === 'fold') e++;
        this.applyFolds(st, l, r.ops.slice(r.done, e) as Fold[]);
        r.done = e;
      }
      r.xDone = false;
    }
    if (hidden && !r.xDone) {
      activateInto(this.Z[l]!, st.layers[l].outSize, this.N, st.spec.activation, this.X[l]);
      r.xDone = true;
    }
  }

  /**
   * Z_l += R Wj for a batch of folds, R[:, t] = biasCoef + sum_h coef_h x_h - x_removed.
   * Each fold's r is formed as one fold alone would form it, and addProductTiles adds the
   * folds' products to Z in order, so the result is bit for bit that of one fold at a time.
   */
  private applyFolds(st: NetState, l: number, folds: Fold[]): void {
    const N = this.N;
    const m = st.layers[l].outSize;
    const X = this.X[l - 1];
    const k = folds.length;
    const R = new Float64Array(N * k);
    // One fold: R is r itself (N x 1); several: r is formed apart, then written into column t.
    const r = k === 1 ? R : new Float64Array(N);
    const Wj = new Float32Array(k * m);
    let work = 0;
    for (let t = 0; t < k; t++) {
      const u = folds[t];
      r.fill(u.biasCoef);
      const heirs = u.heirs;
      const coefs = u.coefs;
      for (let h = 0; h < heirs.length; h++) {
        const c = coefs[h];
        const o = heirs[h] * N;
        for (let s = 0; s < N; s++) r[s] += c * X[o + s];
      }
      const oj = u.removed * N;
      for (let s = 0; s < N; s++) r[s] -= X[oj + s];
      if (k > 1) for (let s = 0; s < N; s++) R[s * k + t] = r[s];
      Wj.set(u.wj, t * m);
      work += N * (heirs.length + 1 + m);
    }
    addProductTiles(R, N, k, Wj, m, this.Z[l]!);
    this.work.rankOne += work;
  }

  private applyCols(st: NetState, l: number, op: Cols): void {
    const N = this.N;
    const m = st.layers[l].outSize;
    const nc = op.cols.length;
    const part = new Float64Array(N * nc);
    affineTiles(this.X[l - 1], N, op.rows, op.W, op.b, nc, part);
    const Z = this.Z[l]!;
    for (let s = 0; s < N; s++) for (let c = 0; c < nc; c++) Z[s * m + op.cols[c]] = part[s * nc + c];
    this.work.recompute += N * op.rows.length * nc;
  }

  /** Copies the live weights an affine base still refers to (before they change). */
  private pin(st: NetState, l: number): void {
    const r = this.recipes[l];
    if (r.base !== 'affine' || r.snap || r.done >= 0) return;
    const layer = st.layers[l];
    r.snap = { rows: alivePositions(st, l - 1), W: layer.W.slice(), b: layer.b.slice() };
  }

  /** A new base from the weights as they are (or will be once the current change is applied). */
  private rebase(l: number, original: boolean): void {
    const r = this.recipes[l];
    r.base = original ? 'init' : 'affine';
    r.snap = null;
    r.ops = [];
    r.work = 0;
    r.done = -1;
    r.xDone = false;
    this.version[l]++;
  }

  /**
   * Records a step (call before the plan is applied to the weights): a fold
   * of Z_{l+1}, or a new base for it when the folds since its base would cost
   * more than REBASE recomputations; later layers get new bases.
   */
  applyStep(st: NetState, p: StepPlan): void {
    const l = p.layer;
    const L = this.layers;
    if (l >= 1) this.pin(st, l); // the step zeroes the removed neuron's incoming weights
    const next = this.recipes[l + 1];
    const m = st.layers[l + 1].outSize;
    const cost = this.N * (p.heirs.length + 1 + m);
    if (next.work + cost > REBASE * this.N * st.aliveCount[l] * m) {
      this.rebase(l + 1, false);
    } else {
      this.pin(st, l + 1);
      const W = st.layers[l + 1].W;
      next.ops.push({ kind: 'fold', heirs: p.heirs, coefs: p.coefs, biasCoef: p.biasCoef, removed: p.removed, wj: W.slice(p.removed * m, (p.removed + 1) * m) });
      next.work += cost;
      this.version[l + 1]++;
    }
    for (let k = l + 2; k <= L; k++) this.rebase(k, false);
  }

  /** Call before a jump in the history changes the weights. */
  beforeJump(st: NetState): void {
    for (let l = 1; l <= this.layers; l++) this.pin(st, l);
  }

  /**
   * Call after a jump: layers whose inputs changed (their history key did)
   * get new bases (the original's values when no earlier step remains);
   * neurons revived in a layer get their pre-activations recomputed.
   */
  afterJump(st: NetState, keyBefore: readonly number[], keyAfter: readonly number[], aliveBefore: readonly Uint8Array[]): void {
    const L = this.layers;
    for (let l = 1; l <= L; l++) {
      if (keyBefore[l] !== keyAfter[l]) {
        this.rebase(l, keyAfter[l] === -1);
        continue;
      }
      if (l === L) continue;
      const alive = st.alive[l];
      const was = aliveBefore[l];
      const revived: number[] = [];
      for (let p = 0; p < alive.length; p++) if (alive[p] && !was[p]) revived.push(p);
      if (!revived.length) continue;
      if (keyAfter[l] === -1) {
        this.rebase(l, true);
        continue;
      }
      const layer = st.layers[l];
      const cols = Int32Array.from(revived);
      const W = new Float32Array(layer.inSize * cols.length);
      for (let i = 0; i < layer.inSize; i++) for (let c = 0; c < cols.length; c++) W[i * cols.length + c] = layer.W[i * layer.outSize + cols[c]];
      const b = Float32Array.from(cols, (p) => layer.b[p]);
      this.recipes[l].ops.push({ kind: 'cols', cols, rows: alivePositions(st, l - 1), W, b });
      this.version[l]++;
    }
  }

  /** Predicted classes (argmax of the logits; ties to the lowest class). */
  predict(st: NetState): Int32Array {
    const L = this.layers;
    this.ensure(st, L);
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

  /** Predicted classes of the original model (from its forward pass). */
  predictOriginal(): Int32Array {
    const L = this.layers;
    const Z = this.init.pre[L];
    const C = Z.length / this.N;
    const out = new Int32Array(this.N);
    for (let s = 0; s < this.N; s++) {
      const o = s * C;
      let bi = 0;
      for (let k = 1; k < C; k++) if (Z[o + k] > Z[o + bi]) bi = k;
      out[s] = bi;
    }
    return out;
  }
}
