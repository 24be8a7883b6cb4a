/**
 * Saved copies of one layer's pre-activations Z along its recipe (a base,
 * then folds; see activations.ts), so that an undo or a jump starts from a
 * copy near where Z must be instead of from the base. A copy is named by the
 * number of folds it holds and the seq of the last one (a seq names the whole
 * history up to its step), so it serves only a recipe with the same folds up
 * to there; copies past the cursor stay while they may serve a redo or a
 * forward jump.
 *
 * Which copies are kept: before each batch of folds, one recent copy (what Z
 * held), kept for good when the folds since the kept copy before it cost at
 * least a full recomputation, else replaced by the next one; at most MAX
 * kept for good (then the one closest to the one before it goes). The base of
 * an affine recipe is its copy at n = 0 (the original model's values are
 * kept by the forward pass).
 */
import type { Step } from './history';

interface ZSave {
  n: number;
  /** seq of the n-th fold (-1 for n = 0). */
  seq: number;
  Z: Float64Array;
  /** Fold work (per sample) of the n folds. */
  work: number;
  recent: boolean;
}

const MAX = 4;

function fits(s: ZSave, folds: readonly Step[]): boolean {
  return s.n === 0 || (s.n <= folds.length && folds[s.n - 1].seq === s.seq);
}

export class ZSaves {
  /** Sorted by n. */
  private saves: ZSave[] = [];

  /** Fold work of the last copy kept for good before index i (0: the base). */
  private workBefore(i: number): number {
    for (let j = i - 1; j >= 0; j--) if (!this.saves[j].recent) return this.saves[j].work;
    return 0;
  }

  clear(): void {
    this.saves = [];
  }

  /** The base of an affine recipe: Z with no fold. */
  base(Z: Float64Array): void {
    this.saves = [{ n: 0, seq: -1, Z: Z.slice(), work: 0, recent: false }];
  }

  /**
   * Before folds are applied to Z, which holds folds[0..n): keeps a copy.
   * `work`: the folds' cost so far (per sample); `full`: a recomputation's.
   */
  add(Z: Float64Array, n: number, folds: readonly Step[], work: number, full: number): void {
    if (this.saves.some((s) => s.n === n && fits(s, folds))) return;
    let buffer: Float64Array | undefined;
    const i = this.saves.findIndex((s) => s.recent);
    if (i >= 0) {
      const old = this.saves[i];
      if (old.work - this.workBefore(i) >= full) old.recent = false;
      else buffer = this.saves.splice(i, 1)[0].Z;
    }
    if (buffer) buffer.set(Z);
    const save: ZSave = { n, seq: n ? folds[n - 1].seq : -1, Z: buffer ?? Z.slice(), work, recent: true };
    const at = this.saves.findIndex((s) => s.n > n);
    this.saves.splice(at < 0 ? this.saves.length : at, 0, save);
    const kept = this.saves.filter((s) => !s.recent && s.n > 0);
    if (kept.length > MAX) {
      // The kept copy closest (in work) to the copy before it goes.
      let worst: ZSave | null = null;
      let gap = Infinity;
      for (const s of kept) {
        const g = s.work - this.workBefore(this.saves.indexOf(s));
        if (g < gap) {
          gap = g;
          worst = s;
        }
      }
      this.saves.splice(this.saves.indexOf(worst!), 1);
    }
  }

  /**
   * Drops the copies `folds` (the cursor's recipe) contradicts; `cut`: also
   * those past its end (a new step replaced the history after the cursor).
   */
  prune(folds: readonly Step[], cut: boolean): void {
    this.saves = this.saves.filter((s) => (s.n > folds.length ? !cut : fits(s, folds)));
  }

  /** The copy with the most folds among those `folds` begins with (null if none). */
  best(folds: readonly Step[]): { n: number; Z: Float64Array } | null {
    for (let i = this.saves.length - 1; i >= 0; i--) if (fits(this.saves[i], folds)) return this.saves[i];
    return null;
  }
}
