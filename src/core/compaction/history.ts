/**
 * The linear history of steps with a cursor. The weights at step t are
 * rebuilt from the nearest checkpoint at or before t by re-applying the stored
 * plans, so undo, redo and jumps restore the weights bit for bit without
 * keeping per-step copies. A checkpoint (a full copy of the weights) is taken
 * whenever the work of re-applying steps since the last one exceeds a budget.
 * The same checkpoints give the weights at any earlier cursor on a scratch
 * state (stateAt), for caches that are defined by the state at some step.
 * A fine-tune entry holds the weights it trained (full size, dead neurons'
 * rows and columns zero): re-applying it puts them back, and a checkpoint
 * taken there shares them.
 */
import type { NetState, Snapshot } from './state';
import { applyPlan, planWork, restore, snapshot } from './state';
import type { FineTuneRecord, HistoryRecord, MergeRecord, StepPlan } from './types';

/** A step as the caches need it. */
export interface Step {
  kind?: undefined;
  plan: StepPlan;
  /**
   * Unique (never reused) id of this step. A step's seq names the whole
   * history up to it: a step after an undo gets a new one.
   */
  seq: number;
  /** The removed neuron's outgoing weights (its row of the next layer) just before the step. */
  wj: Float32Array;
}

/** A fine-tune as the caches need it: the weights after it (every dense layer, full size; never changed). */
export interface TuneStep {
  kind: 'tune';
  /** As Step.seq. */
  seq: number;
  W: Float32Array[];
  b: Float32Array[];
}

/** An entry of the history as the caches need it. */
export type HistoryStep = Step | TuneStep;

type Entry = (Step & { record: MergeRecord }) | (TuneStep & { record: FineTuneRecord });

/** Puts a fine-tune's weights into `st` (the alive neurons do not change). */
export function applyTune(st: NetState, t: TuneStep): void {
  st.layers.forEach((l, k) => {
    l.W.set(t.W[k]);
    l.b.set(t.b[k]);
  });
}

/** Re-applies an entry of the history to `st`. */
export function applyStep(st: NetState, e: HistoryStep): void {
  if (e.kind === 'tune') applyTune(st, e);
  else applyPlan(st, e.plan);
}

/** Work of re-applying a fine-tune: a copy of every weight. */
function tuneWork(t: TuneStep): number {
  let n = 0;
  for (let k = 0; k < t.W.length; k++) n += t.W[k].length + t.b[k].length;
  return n;
}

export class History {
  private entries: Entry[] = [];
  /** cum[t] = work of re-applying steps 0..t-1. */
  private cum: number[] = [0];
  private checkpoints: { t: number; snap: Snapshot }[];
  private pos = 0;
  /** stateAt's scratch state, the cursor it holds and the seq of the step before it. */
  private scratch: NetState | null = null;
  private scratchAt = -1;
  private scratchKey = -2;

  constructor(
    st: NetState,
    /** Re-applying at most this much work (multiply-adds) on any jump. */
    private readonly budget: number,
  ) {
    this.checkpoints = [{ t: 0, snap: snapshot(st) }];
  }

  get cursor(): number {
    return this.pos;
  }

  get length(): number {
    return this.entries.length;
  }

  get checkpointCount(): number {
    return this.checkpoints.length;
  }

  record(t: number): HistoryRecord {
    return this.entries[t].record;
  }

  /** Step t (0-based): a removal or a fine-tune. */
  step(t: number): HistoryStep {
    return this.entries[t];
  }

  records(from = 0, to = this.entries.length): HistoryRecord[] {
    return this.entries.slice(from, to).map((e) => e.record);
  }

  /** Drops the steps after the cursor (the redo tail). */
  truncate(): void {
    if (this.entries.length === this.pos) return;
    this.entries.length = this.pos;
    this.cum.length = this.pos + 1;
    this.checkpoints = this.checkpoints.filter((c) => c.t <= this.pos);
  }

  /** Registers a step that has just been applied to `st` at the cursor (the redo tail is dropped). */
  push(st: NetState, record: MergeRecord, step: Step): void {
    this.truncate();
    this.entries.push({ ...step, record });
    this.cum.push(this.cum[this.pos] + planWork(st, step.plan));
    this.pos++;
    this.maybeCheckpoint(st);
  }

  /**
   * Registers a fine-tune whose weights have just been put into `st` at the
   * cursor (the redo tail is dropped). A checkpoint is kept there, sharing the
   * entry's weights, so undo and redo across it re-apply at most the budget.
   */
  pushTune(st: NetState, record: FineTuneRecord, step: TuneStep): void {
    this.truncate();
    this.entries.push({ ...step, record });
    this.cum.push(this.cum[this.pos] + tuneWork(step));
    this.pos++;
    this.checkpoints.push({ t: this.pos, snap: { W: step.W, b: step.b, alive: st.alive.map((a) => a.slice()) } });
  }

  private maybeCheckpoint(st: NetState): void {
    const last = this.checkpoints[this.checkpoints.length - 1];
    if (last.t < this.pos && this.cum[this.pos] - this.cum[last.t] >= this.budget) {
      this.checkpoints.push({ t: this.pos, snap: snapshot(st) });
    }
  }

  /**
   * The state at cursor t (0..cursor), to be read at once: `st` itself at
   * the cursor, else a scratch state (rebuilt from the nearest checkpoint,
   * so at most the checkpoint budget of work) that the next call reuses.
   */
  stateAt(st: NetState, t: number): NetState {
    if (!Number.isInteger(t) || t < 0 || t > this.pos) throw new Error(`step ${t} is outside 0..${this.pos}`);
    if (t === this.pos) return st;
    const key = t === 0 ? -1 : this.entries[t - 1].seq;
    if (this.scratch && this.scratchKey === key && this.scratchAt === t) return this.scratch;
    const s = (this.scratch ??= { ...st, layers: st.layers.map((l) => ({ ...l, W: l.W.slice(), b: l.b.slice() })), alive: st.alive.map((a) => a.slice()), aliveCount: st.aliveCount.slice() });
    let best = this.checkpoints[0];
    for (const c of this.checkpoints) if (c.t <= t && c.t > best.t) best = c;
    restore(s, best.snap);
    for (let i = best.t; i < t; i++) applyStep(s, this.entries[i]);
    this.scratchAt = t;
    this.scratchKey = key;
    return s;
  }
  /** Moves the cursor to t (0..length), rebuilding the weights of `st` exactly. */
  jump(st: NetState, t: number): void {
    if (!Number.isInteger(t) || t < 0 || t > this.entries.length) throw new Error(`step ${t} is outside 0..${this.entries.length}`);
    if (t === this.pos) return;
    let best = this.checkpoints[0];
    for (const c of this.checkpoints) if (c.t <= t && c.t > best.t) best = c;
    let from: number;
    if (t > this.pos && best.t <= this.pos) {
      from = this.pos; // a forward jump past no checkpoint continues from the cursor
    } else {
      restore(st, best.snap);
      from = best.t;
    }
    for (let i = from; i < t; i++) {
      applyStep(st, this.entries[i]);
      this.pos = i + 1;
      if (this.pos > this.checkpoints[this.checkpoints.length - 1].t) this.maybeCheckpoint(st);
    }
    this.pos = t;
  }
}
