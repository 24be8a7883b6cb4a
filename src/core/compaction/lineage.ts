/**
 * What the session's caches hold, as a function of the history up to the
 * cursor alone (never of the path to it: undos, redos, jumps, previews).
 *
 * A hidden layer's birth is the last step on an earlier layer (its codes
 * changed then); the original model is the birth of a layer no such step
 * precedes. Everything a method builds for the layer (Gram matrix, cost
 * normaliser, inverse Gram, candidate tables) is computed from the state at
 * its birth, then told the layer's removals since, in history order.
 *
 * The pre-activations Z_k of layer k (k >= 1; the logits for k = L) have a
 * base and folds: the base is the original model's values, or
 * X_{k-1} W_k + b_k with the weights and alive neurons right after a step;
 * the folds are the later steps in layer k - 1, added in order as rank-one
 * updates. A step on a layer before k - 1 gives Z_k a new base (its inputs
 * changed); a step in layer k - 1 folds, unless the folds since the base
 * would then cost more than REBASE full recomputations, in which case it
 * gives a new base too.
 *
 * A fine-tune changes every weight: it is the birth of every hidden layer and
 * gives every Z_k a new base, X_{k-1} W_k + b_k with the fine-tuned weights;
 * so does it to Z_0, the first hidden layer's pre-activations (the inputs
 * times W_0, plus b_0), whose base is otherwise the original model's values.
 *
 * The session keeps one Lineage up to date with every step (step()) and
 * recomputes it from the history after a jump (rebuild(): a pass over the
 * applied steps, no arithmetic on weights).
 */
import type { History, Step, TuneStep } from './history';
import type { NetState } from './state';

/** A new base once the rank-one work since the last one would exceed this many full recomputations. */
export const REBASE = 4;

export interface Birth {
  /** seq of the step after which the layer's codes were set (-1: the original model's). */
  seq: number;
  /** The history cursor right after that step (0 for the original model). */
  at: number;
  /** The steps in this layer since, in history order (each removes its plan.removed). */
  removals: Step[];
  /** Whether a step since changed the next layer's weights (a step in this layer or the next). */
  nextTouched: boolean;
}

export interface ZRecipe {
  /** seq of the step after which the base was set from the weights (-1: the original model's values). */
  baseSeq: number;
  /** The history cursor right after that step (0 for the original model). */
  baseAt: number;
  /** The steps in layer k - 1 since, folded in order. */
  folds: Step[];
  /** Rank-one work of those folds per sample (multiply-adds). */
  work: number;
  /** Whether a step since changed this layer's weights or the previous layer's alive neurons. */
  touched: boolean;
}

function original(): Birth {
  return { seq: -1, at: 0, removals: [], nextTouched: false };
}

function originalZ(): ZRecipe {
  return { baseSeq: -1, baseAt: 0, folds: [], work: 0, touched: false };
}

export class Lineage {
  births: Birth[] = [];
  /** z[k] for k = 0..L (z[0]: the first hidden layer's, which no removal folds into). */
  z: ZRecipe[] = [];
  private alive: number[] = [];
  private readonly widths: number[];
  private readonly outSizes: number[];

  constructor(st: NetState) {
    this.widths = st.spec.hidden.slice();
    this.outSizes = st.layers.map((l) => l.outSize);
    this.clear();
  }

  private clear(): void {
    this.births = this.widths.map(original);
    this.z = this.outSizes.map(originalZ);
    this.alive = this.widths.slice();
  }

  /**
   * Records a step taken at history cursor t (call before it is applied).
   * Returns whether Z_{l+1} folds it (false: a new base); every later Z gets a new base.
   */
  step(s: Step, t: number): boolean {
    const l = s.plan.layer;
    const L = this.widths.length;
    const m = this.outSizes[l + 1];
    const cost = s.plan.heirs.length + 1 + m;
    const next = this.z[l + 1];
    const fold = next.work + cost <= REBASE * this.alive[l] * m;
    if (fold) {
      next.folds.push(s);
      next.work += cost;
      next.touched = true;
    } else {
      this.z[l + 1] = { baseSeq: s.seq, baseAt: t + 1, folds: [], work: 0, touched: false };
    }
    for (let k = l + 2; k <= L; k++) this.z[k] = { baseSeq: s.seq, baseAt: t + 1, folds: [], work: 0, touched: false };
    this.z[l].touched = true; // the removed neuron's incoming column is zeroed
    this.births[l].removals.push(s);
    this.births[l].nextTouched = true;
    if (l >= 1) this.births[l - 1].nextTouched = true;
    for (let k = l + 1; k < L; k++) this.births[k] = { seq: s.seq, at: t + 1, removals: [], nextTouched: false };
    this.alive[l]--;
    return fold;
  }

  /** Records a fine-tune at history cursor t: every layer is born, every Z gets a new base. */
  tune(s: TuneStep, t: number): void {
    this.z = this.outSizes.map(() => ({ baseSeq: s.seq, baseAt: t + 1, folds: [], work: 0, touched: false }));
    this.births = this.widths.map(() => ({ seq: s.seq, at: t + 1, removals: [], nextTouched: false }));
  }

  /** Recomputes everything for the history's cursor. */
  rebuild(h: History): void {
    this.clear();
    for (let t = 0; t < h.cursor; t++) {
      const e = h.step(t);
      if (e.kind === 'tune') this.tune(e, t);
      else this.step(e, t);
    }
  }

  /** The neurons of layer l alive at its birth: those alive now and those removed since. */
  aliveAtBirth(st: NetState, l: number): Uint8Array {
    const a = st.alive[l].slice();
    for (const s of this.births[l].removals) a[s.plan.removed] = 1;
    return a;
  }
}
