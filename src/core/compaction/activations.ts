/**
 * Cached activations of one data set (the probe set, or the held-out digits)
 * through the network under compaction: every hidden layer's outputs X_l
 * (neuron-major, Float32) and the pre-activations Z_l of every later layer
 * (sample-major, Float64; the last one is the logits). They start from a
 * forward pass of the original model. Layer 0's outputs change only with a
 * fine-tune: they are then recomputed from the inputs (the data set's pixels)
 * and the fine-tuned first layer, in the forward pass's own arithmetic
 * (denseRows), chunk by chunk (its pre-activations are not kept).
 *
 * The values are canonical: they depend only on the steps applied up to the
 * cursor (see lineage.ts), never on the path to them (undos, redos, jumps) or
 * on when (or whether) anyone reads them, so what a view reads cannot change
 * what the engine computes. Each Z_l follows the recipe of its Lineage entry,
 * carried out when the layer is read: a base (the original model's values,
 * or X_{l-1} W_l + b_l with the weights and alive neurons as they were right
 * after a step), then rank-one folds in order (a removal j in layer l-1 adds
 * r W[j]^T to Z_l, r = sum_h coef_h x_h + biasCoef - x_j). Folds are carried
 * out in batches whose arithmetic is exactly that of one fold at a time
 * (same products, same order of additions), so reading after every step or
 * once after many gives the same bits.
 *
 * After a jump the recipes are those of the new cursor: folds still to come
 * are carried out on what Z holds, or on a saved copy of Z further along the
 * new recipe (see z-saves.ts); when Z holds folds the new recipe does not
 * have (an undo), it starts again from a saved copy that it has, else from
 * the base.
 */
import type { Activation } from '../model/spec';
import { addProductRange, affinePack, affineRange } from '../coding/kernels';
import type { Dataset } from '../data/dataset';
import { activation, denseRows, inputRows } from '../model/forward';
import { alivePositions } from './state';
import type { Activations } from '../coding/codes';
import type { Step, TuneStep } from './history';
import type { Lineage } from './lineage';
import type { NetState } from './state';
import { ZSaves } from './z-saves';
import type { Sliced } from '../sliced';
import { runSync } from '../sliced';

/** Folds carried out per batch (bounds the scratch memory; the arithmetic is the same either way). */
const BATCH = 32;

/** Samples per chunk when layer 0 is recomputed from the inputs (bounds the scratch memory; the arithmetic is per sample). */
const INPUT_CHUNK = 256;

/** The inputs of an affine base: the previous layer's alive neurons, this layer's weights and biases. */
interface BaseInputs {
  rows: Int32Array;
  W: Float32Array;
  b: Float32Array;
}

interface Recipe {
  /** See ZRecipe: -1 for the original model's values. */
  baseSeq: number;
  baseAt: number;
  /**
   * For an affine base not yet computed: its inputs, copied before the live
   * weights change; 'live' while the live ones still are these; 'history'
   * when they must be rebuilt from the history (after a jump).
   */
  inputs: BaseInputs | 'live' | 'history';
  folds: Step[];
  /** What Z holds: -1 nothing yet, else the base and folds[0..done). */
  done: number;
  /** Whether X = act(Z) for what Z holds (hidden layers). */
  xDone: boolean;
  saves: ZSaves;
}

/** The state at a cursor of the history (the live state, or a scratch one to be read at once). */
export type StateAt = (t: number) => NetState;

/** X[k] = act(Z[:, k]) for every neuron k (dead ones too, so the values never depend on when this runs), samples s0..s1. */
function activateInto(z: Float64Array, m: number, N: number, act: Activation, out: Float32Array, s0 = 0, s1 = N): void {
  const B = 16;
  for (let b0 = s0; b0 < s1; b0 += B) {
    const b1 = Math.min(s1, b0 + B);
    for (let k = 0; k < m; k++) {
      const o = k * N;
      if (act === 'relu') {
        for (let s = b0; s < b1; s++) {
          const v = z[s * m + k];
          out[o + s] = v > 0 ? v : 0;
        }
      } else if (act === 'sigmoid') {
        for (let s = b0; s < b1; s++) out[o + s] = 1 / (1 + Math.exp(-z[s * m + k]));
      } else {
        for (let s = b0; s < b1; s++) out[o + s] = Math.tanh(z[s * m + k]);
      }
    }
  }
}

/**
 * Multiply-adds per slice of ensureSliced (about 2 ms). Tests lower it, so
 * that small models are sliced as finely as big ones are; no value depends on it.
 */
export const ACTIVATION_SLICE = { work: 2e6 };

/** Samples per slice of a loop over samples whose work per sample is `perSample` multiply-adds (a multiple of 4). */
function sliceOf(perSample: number): number {
  return Math.max(4, Math.floor(ACTIVATION_SLICE.work / Math.max(1, perSample) / 4) * 4);
}

function recipe(baseSeq: number, baseAt: number, inputs: Recipe['inputs'], folds: Step[]): Recipe {
  return { baseSeq, baseAt, inputs, folds, done: -1, xDone: false, saves: new ZSaves() };
}

export class ActivationCache {
  readonly N: number;
  /** X[l]: outputs of hidden layer l, neuron-major (width x N). */
  readonly X: Float32Array[];
  /** Z[l] for l >= 1: pre-activations of layer l (hidden l, or the logits for l = L), sample-major. */
  readonly Z: (Float64Array | null)[];
  /** Multiply-adds spent on full recomputation and on rank-one updates (for the bench). */
  work = { recompute: 0, rankOne: 0 };
  private readonly recipes: Recipe[];
  /** The original model's activations: what every layer holds while no earlier layer has changed. */
  private readonly init: Activations;
  /** Work ensureSliced has under way (finished at once by any other read or change: see settle). */
  private job: Sliced<void> | null = null;

  /**
   * `init`: a forward pass of the original model (forwardPass, with
   * pre-activations) of `inputs`, the data set (needed to recompute layer 0
   * after a fine-tune); `stateAt`: the history's states.
   */
  constructor(
    st: NetState,
    init: Activations,
    private readonly stateAt: StateAt,
    private readonly inputs: Dataset | null = null,
  ) {
    const N = init.codes[0].count;
    if (inputs && inputs.count !== N) throw new Error(`activations of ${N} samples, but the data set has ${inputs.count}`);
    this.N = N;
    this.init = init;
    this.X = st.alive.map((a, l) => (l === 0 ? init.codes[0].values : new Float32Array(a.length * N)));
    this.Z = [null, ...st.layers.slice(1).map((layer) => new Float64Array(N * layer.outSize))];
    this.recipes = Array.from({ length: st.alive.length + 1 }, () => recipe(-1, 0, 'live', []));
    this.recipes[0].done = 0;
    this.recipes[0].xDone = true;
  }

  get layers(): number {
    return this.recipes.length - 1;
  }

  /** Carries out the recipes of layers 0..upTo (L = logits). */
  ensure(st: NetState, upTo: number): void {
    this.settle();
    for (let l = 0; l <= upTo; l++) runSync(this.materialize(st, l));
  }

  /**
   * ensure() in slices (see sliced.ts): the same work, with a yield every few
   * milliseconds. The work under way is the cache's own: any other read or
   * change of the cache meanwhile first finishes it at once (settle), so
   * nothing ever sees half a layer, and a run given up halfway is finished by
   * the next reader. The state must not change meanwhile (the session's
   * changes go through applyStep, applyTune and the jump calls, which settle
   * first).
   */
  *ensureSliced(st: NetState, upTo: number): Sliced<void> {
    for (let l = 0; l <= upTo; l++) {
      this.settle();
      const job = this.materialize(st, l);
      this.job = job;
      try {
        while (!job.next().done) yield;
      } finally {
        if (this.job === job) this.job = null;
      }
    }
  }

  /** Finishes at once the work ensureSliced left under way (a no-op when there is none). */
  private settle(): void {
    const job = this.job;
    if (!job) return;
    this.job = null;
    runSync(job);
  }

  /** Whether X/Z of layers 0..l hold their recipes (reading them then does no work). */
  isCurrent(l: number): boolean {
    if (this.job) return false;
    for (let k = 0; k <= l; k++) {
      const r = this.recipes[k];
      if (r.done !== r.folds.length || (k < this.layers && !r.xDone)) return false;
    }
    return true;
  }

  /**
   * Multiply-adds that ensure(st, upTo) would spend now (an estimate for
   * choosing between doing it at once and in slices; no result depends on it).
   */
  pendingWork(st: NetState, upTo: number): number {
    let w = 0;
    for (let l = 0; l <= upTo; l++) {
      const r = this.recipes[l];
      const m = st.layers[l].outSize;
      if (r.done < 0 && r.baseSeq >= 0) w += this.N * (l === 0 ? st.layers[0].inSize : st.aliveCount[l - 1]) * m;
      for (let i = Math.max(0, r.done); i < r.folds.length; i++) w += this.N * this.foldWork(st, l, r.folds[i]);
      if (l < this.layers && !(r.done === r.folds.length && r.xDone)) w += this.N * m;
    }
    return w;
  }

  private foldWork(st: NetState, l: number, f: Step): number {
    return f.plan.heirs.length + 1 + st.layers[l].outSize;
  }

  /**
   * Layer 0 from its recipe: the original model's outputs, or (after a
   * fine-tune) act(inputs W_0 + b_0) with the weights of the base. X[0] then
   * gets a buffer of its own (the original outputs stay as they are).
   */
  private *materializeFirst(st: NetState): Sliced<void> {
    const r = this.recipes[0];
    if (r.done >= 0) return;
    const original = this.init.codes[0].values;
    if (r.baseSeq < 0) {
      if (this.X[0] !== original) this.X[0].set(original);
    } else {
      if (!this.inputs) throw new Error('layer 0 cannot be recomputed without the data set');
      if (this.X[0] === original) this.X[0] = new Float32Array(original.length);
      const X0 = this.X[0];
      // Copies: the weights of a state from the history live in a scratch state that another read may reuse meanwhile.
      const src = this.baseInputs(st, 0, r);
      const W = src.W.slice();
      const b = src.b.slice();
      const layer = st.layers[0];
      const m = layer.outSize;
      const N = this.N;
      const act = st.spec.activation;
      const Z = new Float64Array(Math.min(INPUT_CHUNK, N) * m);
      for (let s0 = 0; s0 < N; s0 += INPUT_CHUNK) {
        const rows = Math.min(INPUT_CHUNK, N - s0);
        denseRows(inputRows(this.inputs, s0, rows), rows, layer.inSize, W, b, m, Z);
        for (let k = 0; k < m; k++) {
          const o = k * N + s0;
          for (let q = 0; q < rows; q++) X0[o + q] = activation(Z[q * m + k], act);
        }
        yield;
      }
      this.work.recompute += N * layer.inSize * m;
      r.inputs = 'history';
    }
    r.done = 0;
    r.xDone = true;
  }

  /** Carries out layer l's recipe (sliced; run through ensure or ensureSliced, which keep one run at a time). */
  private *materialize(st: NetState, l: number): Sliced<void> {
    if (l === 0) return yield* this.materializeFirst(st);
    const r = this.recipes[l];
    const hidden = l < this.layers;
    const N = this.N;
    if (r.done < 0) {
      const Z = this.Z[l]!;
      if (r.baseSeq < 0) {
        Z.set(this.init.pre[l]);
        if (hidden && r.folds.length === 0) {
          this.X[l].set(this.init.codes[l].values);
          r.xDone = true;
        } else r.xDone = false;
      } else {
        const layer = st.layers[l];
        const s = this.baseInputs(st, l, r);
        const pack = affinePack(s.rows, s.W, s.b, layer.outSize); // a copy: see materializeFirst
        const chunk = sliceOf(s.rows.length * layer.outSize);
        for (let s0 = 0; s0 < N; s0 += chunk) {
          affineRange(this.X[l - 1], N, pack, Z, s0, Math.min(N, s0 + chunk));
          yield;
        }
        this.work.recompute += N * s.rows.length * layer.outSize;
        r.inputs = 'history';
        r.saves.base(Z);
        r.xDone = false;
      }
      r.done = 0;
      yield;
    }
    if (r.done > 0 && r.done < r.folds.length) {
      let work = 0;
      for (let i = 0; i < r.done; i++) work += this.foldWork(st, l, r.folds[i]);
      r.saves.add(this.Z[l]!, r.done, r.folds, work, st.aliveCount[l - 1] * st.layers[l].outSize);
      yield;
    }
    while (r.done < r.folds.length) {
      const e = Math.min(r.folds.length, r.done + BATCH);
      yield* this.applyFolds(st, l, r.folds.slice(r.done, e));
      r.done = e;
      r.xDone = false;
    }
    if (hidden && !r.xDone) {
      const m = st.layers[l].outSize;
      const chunk = sliceOf(m);
      for (let s0 = 0; s0 < N; s0 += chunk) {
        activateInto(this.Z[l]!, m, N, st.spec.activation, this.X[l], s0, Math.min(N, s0 + chunk));
        yield;
      }
      r.xDone = true;
    }
  }

  private baseInputs(st: NetState, l: number, r: Recipe): BaseInputs {
    if (r.inputs !== 'live' && r.inputs !== 'history') return r.inputs;
    const at = r.inputs === 'live' ? st : this.stateAt(r.baseAt);
    return { rows: l > 0 ? alivePositions(at, l - 1) : new Int32Array(0), W: at.layers[l].W, b: at.layers[l].b };
  }

  /**
   * Z_l += R Wj for a batch of folds, R[:, t] = biasCoef + sum_h coef_h x_h - x_removed.
   * Each fold's r is formed as one fold alone would form it, and addProductRange adds the
   * folds' products to Z in order, so the result is bit for bit that of one fold at a time
   * (and, sample by sample, the same in any ranges of samples).
   */
  private *applyFolds(st: NetState, l: number, folds: Step[]): Sliced<void> {
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
      const u = folds[t].plan;
      r.fill(u.biasCoef);
      const heirs = u.heirs;
      const coefs = u.coefs;
      // Eight heirs per pass over the samples, added one after the other: the same additions in the same order.
      let h = 0;
      for (; h + 7 < heirs.length; h += 8) {
        const c0 = coefs[h], c1 = coefs[h + 1], c2 = coefs[h + 2], c3 = coefs[h + 3];
        const c4 = coefs[h + 4], c5 = coefs[h + 5], c6 = coefs[h + 6], c7 = coefs[h + 7];
        const o0 = heirs[h] * N, o1 = heirs[h + 1] * N, o2 = heirs[h + 2] * N, o3 = heirs[h + 3] * N;
        const o4 = heirs[h + 4] * N, o5 = heirs[h + 5] * N, o6 = heirs[h + 6] * N, o7 = heirs[h + 7] * N;
        for (let s = 0; s < N; s++) {
          let v = r[s];
          v += c0 * X[o0 + s];
          v += c1 * X[o1 + s];
          v += c2 * X[o2 + s];
          v += c3 * X[o3 + s];
          v += c4 * X[o4 + s];
          v += c5 * X[o5 + s];
          v += c6 * X[o6 + s];
          v += c7 * X[o7 + s];
          r[s] = v;
        }
      }
      for (; h < heirs.length; h++) {
        const c = coefs[h];
        const o = heirs[h] * N;
        for (let s = 0; s < N; s++) r[s] += c * X[o + s];
      }
      const oj = u.removed * N;
      for (let s = 0; s < N; s++) r[s] -= X[oj + s];
      if (k > 1) for (let s = 0; s < N; s++) R[s * k + t] = r[s];
      Wj.set(folds[t].wj, t * m);
      work += N * (heirs.length + 1 + m);
      yield;
    }
    const chunk = sliceOf(k * m);
    for (let s0 = 0; s0 < N; s0 += chunk) {
      addProductRange(R, k, Wj, m, this.Z[l]!, s0, Math.min(N, s0 + chunk));
      yield;
    }
    this.work.rankOne += work;
  }

  /** Copies the live weights an affine base not yet computed still refers to (before they change). */
  private pin(st: NetState, l: number): void {
    const r = this.recipes[l];
    if (r.inputs !== 'live' || r.baseSeq < 0 || r.done >= 0) return;
    const layer = st.layers[l];
    r.inputs = { rows: l > 0 ? alivePositions(st, l - 1) : new Int32Array(0), W: layer.W.slice(), b: layer.b.slice() };
  }

  /**
   * Records step `s` (call before it is applied to the weights, after
   * lin.step): Z_{l+1} folds it or gets a new base, as the lineage says;
   * later layers get new bases.
   */
  applyStep(st: NetState, s: Step, lin: Lineage): void {
    this.settle();
    const l = s.plan.layer;
    this.pin(st, l); // the step zeroes the removed neuron's incoming weights
    this.pin(st, l + 1);
    for (let k = l + 1; k <= this.layers; k++) {
      const want = lin.z[k];
      const r = this.recipes[k];
      if (want.baseSeq === r.baseSeq) {
        r.folds.push(s);
        r.saves.prune(r.folds, true); // the history after the cursor is gone
      } else this.recipes[k] = recipe(want.baseSeq, want.baseAt, 'live', []);
    }
  }

  /**
   * Records fine-tune `s` (call before its weights are put in, after
   * lin.tune): every layer gets a new base, from the fine-tuned weights.
   */
  applyTune(st: NetState, s: TuneStep, lin: Lineage): void {
    this.settle();
    for (let l = 0; l <= this.layers; l++) this.pin(st, l);
    for (let k = 0; k <= this.layers; k++) {
      const want = lin.z[k];
      if (want.baseSeq !== s.seq) throw new Error(`layer ${k} was not rebased by the fine-tune`);
      this.recipes[k] = recipe(want.baseSeq, want.baseAt, 'live', []);
    }
  }

  /** Call before a jump in the history changes the weights. */
  beforeJump(st: NetState): void {
    this.settle();
    for (let l = 0; l <= this.layers; l++) this.pin(st, l);
  }

  /**
   * Call after a jump, with the lineage of the new cursor: every layer takes
   * its recipe. Z starts from what it holds when that is a beginning of the
   * new recipe, or from the saved copy with the most folds that is, or from
   * the base.
   */
  afterJump(lin: Lineage): void {
    this.settle();
    for (let k = 0; k <= this.layers; k++) {
      const want = lin.z[k];
      const r = this.recipes[k];
      if (want.baseSeq !== r.baseSeq) {
        this.recipes[k] = recipe(want.baseSeq, want.baseAt, want.touched ? 'history' : 'live', want.folds.slice());
        continue;
      }
      let p = 0;
      while (p < r.done && p < want.folds.length && r.folds[p].seq === want.folds[p].seq) p++;
      const kept = r.done >= 0 && p === r.done; // Z holds a beginning of the new recipe
      r.folds = want.folds.slice();
      r.saves.prune(r.folds, false);
      const save = r.saves.best(r.folds);
      if (save && (!kept || save.n > r.done)) {
        this.Z[k]!.set(save.Z);
        r.done = save.n;
        r.xDone = false;
      } else if (!kept && r.done >= 0) {
        r.done = -1; // back to the base (the original model's values, or X_{k-1} W_k + b_k from the history)
        r.xDone = false;
      }
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
