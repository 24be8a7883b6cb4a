/**
 * The incremental candidate table of pairwise methods (Neuro-Unification and
 * Srinivas & Babu). D[a * k + b] is the residual of removing slot a into heir
 * slot b (RSS(j|i), or a distance). For every alive slot the table keeps its
 * best heir; removing a slot only rescans the slots whose best heir it was.
 * Ties go to the lowest slot, that is the lowest position.
 */
export class PairTable {
  readonly idx: Int32Array;
  readonly k: number;
  private readonly D: Float64Array;
  private readonly slotOf = new Map<number, number>();
  private readonly act: Int32Array;
  private na: number;
  private readonly on: Uint8Array;
  private readonly best: Int32Array;
  private readonly bestD: Float64Array;

  /** idx: positions of the slots, ascending; D: k x k residuals; `from`: a table over them to copy. */
  constructor(idx: Int32Array, D: Float64Array, from?: PairTable) {
    this.idx = idx.slice();
    this.k = idx.length;
    this.D = D;
    this.idx.forEach((p, a) => this.slotOf.set(p, a));
    if (from) {
      this.act = from.act.slice();
      this.na = from.na;
      this.on = from.on.slice();
      this.best = from.best.slice();
      this.bestD = from.bestD.slice();
      return;
    }
    this.act = Int32Array.from({ length: this.k }, (_, a) => a);
    this.na = this.k;
    this.on = new Uint8Array(this.k).fill(1);
    this.best = new Int32Array(this.k).fill(-1);
    this.bestD = new Float64Array(this.k).fill(Infinity);
    for (let a = 0; a < this.k; a++) this.rescan(a);
  }

  get size(): number {
    return this.na;
  }

  /** An independent copy, as the table is now (the residuals are shared: they never change). */
  clone(): PairTable {
    return new PairTable(this.idx, this.D, this);
  }

  slot(pos: number): number {
    const a = this.slotOf.get(pos);
    if (a === undefined || !this.on[a]) throw new Error(`neuron ${pos} is not alive in this pair table`);
    return a;
  }

  private rescan(a: number): void {
    const { D, k, act } = this;
    const row = a * k;
    let bi = -1;
    let bd = Infinity;
    for (let t = 0; t < this.na; t++) {
      const b = act[t];
      if (b === a) continue;
      const d = D[row + b];
      if (d < bd) {
        bd = d;
        bi = b;
      }
    }
    this.best[a] = bi;
    this.bestD[a] = bd;
  }

  /** The best heir (position) of neuron `pos` and its residual; heir -1 if it is the last one. */
  bestFor(pos: number): { heir: number; d: number } {
    const a = this.slot(pos);
    const b = this.best[a];
    return { heir: b < 0 ? -1 : this.idx[b], d: this.bestD[a] };
  }

  /** The residual of `pos` into heir `heirPos`. */
  residual(pos: number, heirPos: number): number {
    return this.D[this.slot(pos) * this.k + this.slot(heirPos)];
  }

  /** Calls f(position, bestHeirPosition, residual) for every alive slot, in position order. */
  forEach(f: (pos: number, heir: number, d: number) => void): void {
    for (let t = 0; t < this.na; t++) {
      const a = this.act[t];
      const b = this.best[a];
      f(this.idx[a], b < 0 ? -1 : this.idx[b], this.bestD[a]);
    }
  }

  /** Removes neuron `pos`; only the slots that had it as best heir are rescanned. */
  remove(pos: number): void {
    const j = this.slot(pos);
    this.on[j] = 0;
    let w = 0;
    for (let t = 0; t < this.na; t++) if (this.act[t] !== j) this.act[w++] = this.act[t];
    this.na = w;
    for (let t = 0; t < w; t++) {
      const a = this.act[t];
      if (this.best[a] === j) this.rescan(a);
    }
  }
}
