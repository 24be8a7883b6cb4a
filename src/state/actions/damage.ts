/**
 * Per-digit damage over the whole session: the correct test digits of every
 * class after every step of the history (applied and redoable), so a view can
 * show each digit's accuracy before and after the current step and along the
 * session. The engine reports per-digit damage of the current network only
 * (session.perDigit, published with every change); this module replays the
 * history's records on a side session (held-out digits only, a token probe
 * set: it never plans, it only applies records) and reads perDigit after each
 * one. Work runs in short slices between turns of the event loop, only while
 * a view watches (watchDamageTrail), and follows the history incrementally: a
 * step appends, an undo costs nothing, a new branch replays from where it
 * departs.
 */
import { CompactionSession, historyKey, isFineTune, type HistoryRecord } from '../../core/compaction';
import { subset } from '../../core/data/dataset';
import type { DigitDamage } from '../../core/stats/damage';
import { yieldToEventLoop } from '../../core/yield';
import type { DamageTrail } from '../compaction-types';
import { useStore } from '../store';
import type { Handle } from './compaction/handle';
import { host } from './compaction/host';
import { pushNotice } from './notices';

/** Milliseconds of replay per slice before the event loop gets a turn. */
const SLICE_MS = 12;

/** Correct digits of each class in the current network of a perDigit reading. */
export function classCorrect(d: DigitDamage): number[] {
  return d.classes.current.map((a) => a.correct);
}

const keys = new WeakMap<HistoryRecord, string>();

/**
 * What identifies a step for replay (records with equal keys change the weights identically, given equal
 * steps before them: a fine-tune by its settings); remembered per record.
 */
export function recordKey(r: HistoryRecord): string {
  let k = keys.get(r);
  if (k === undefined) {
    k = isFineTune(r) ? historyKey(r) : `${r.method}|${r.layer}|${r.removedId}|${r.biasCoef}|${r.heirs.map((h) => `${h.id}:${h.coef}`).join(',')}`;
    keys.set(r, k);
  }
  return k;
}

interface Trail {
  handle: Handle;
  side: CompactionSession | null;
  /** The records replayed on the side session (its whole history). */
  recs: HistoryRecord[];
  perStep: number[][];
  classCounts: number[];
}

let trail: Trail | null = null;
let watchers = 0;
let unsubscribe: (() => void) | null = null;
let running = false;
let again = false;

function publishTrail(t: Trail, length: number): void {
  const cur = useStore.getState().damageTrail;
  // Nothing new (an undo, a redo, a change the trail already covers): the views keep what they have.
  if (cur && cur.length === length && cur.classCounts === t.classCounts && cur.perStep.length === t.perStep.length && cur.perStep.every((row, i) => row === t.perStep[i])) return;
  const next: DamageTrail = { classCounts: t.classCounts, perStep: t.perStep.slice(), length };
  useStore.setState({ damageTrail: next });
}

/** A session on the same model and test digits that only replays records (a token probe set: it never plans). */
async function sideSession(h: Handle): Promise<CompactionSession | null> {
  const data = useStore.getState().data;
  if (!data) return null;
  const token = subset(h.probe, Array.from({ length: Math.min(h.probe.count, 16) }, (_, i) => i));
  return CompactionSession.create({ model: h.engine.original, neuronIds: h.engine.originalIds, probe: token, heldOut: data.test, seed: 1 }, true);
}

/** Brings the trail up to the current history; true when a change of the history interrupted it (go again). */
async function syncOnce(): Promise<boolean> {
  const h = host.current;
  if (!h || !useStore.getState().compaction.ready || h.alive.aborted) return false;
  if (!trail || trail.handle !== h) {
    const d = h.engine.perDigit('test');
    if (!d) {
      trail = null;
      useStore.setState({ damageTrail: null });
      return false;
    }
    const classCounts = d.classes.original.map((a) => a.n);
    trail = { handle: h, side: null, recs: [], perStep: [d.classes.original.map((a) => a.correct)], classCounts };
  }
  const t = trail;
  const version = h.engine.version;
  const records = h.engine.records();
  let j = 0;
  // The same record objects (the usual case) need no key.
  while (j < t.recs.length && j < records.length && (t.recs[j] === records[j] || recordKey(t.recs[j]) === recordKey(records[j]))) j++;
  // Steps past the common prefix are stale: forget them (the side session forgets them below).
  t.perStep.length = Math.min(t.perStep.length, j + 1);
  const kept = t.perStep.length - 1;
  publishTrail(t, records.length);
  if (kept === records.length) return false;
  if (!t.side) {
    t.side = await sideSession(h);
    if (!t.side || trail !== t || h.alive.aborted) return false;
  }
  const side = t.side;
  if (side.cursor !== kept || side.length !== kept) {
    side.jumpTo(Math.min(kept, side.length));
    side.truncate();
  }
  t.recs.length = kept;
  let t0 = performance.now();
  for (let i = kept; i < records.length; i++) {
    if (trail !== t || h.alive.aborted) return false;
    if (h.engine.version !== version) return true;
    const r = records[i];
    if (isFineTune(r)) {
      // A fine-tune is not applied from its record (it would train again): the side session takes the
      // history up to it, with the weights it reached, from the live session.
      const saved = h.engine.saveHistory();
      side.restoreHistory({ entries: saved.entries.slice(0, i + 1), cursor: i + 1 });
    } else side.applyRecord(r);
    t.recs.push(r);
    t.perStep.push(classCorrect(side.perDigit('test')!));
    if (performance.now() - t0 > SLICE_MS) {
      publishTrail(t, records.length);
      await yieldToEventLoop();
      t0 = performance.now();
    }
  }
  publishTrail(t, records.length);
  return h.engine.version !== version;
}

/** Runs syncOnce until the trail matches the history (changes during a sync start another). */
async function sync(): Promise<void> {
  if (running) {
    again = true;
    return;
  }
  running = true;
  try {
    do {
      again = false;
      // The history moved on while this sync worked (or a change came meanwhile): go again.
      if (await syncOnce()) again = true;
    } while (again && watchers > 0);
  } catch (e) {
    // The trail is an extra view: without it the panel shows the original and the current network only.
    trail = null;
    useStore.setState({ damageTrail: null });
    pushNotice('warning', 'Could not follow the per-digit accuracy along the session.', e instanceof Error ? e.message : String(e));
  } finally {
    running = false;
  }
}

/**
 * Keeps the trail up to date while the returned function has not been
 * called (a view that shows it calls this when it comes into view).
 */
export function watchDamageTrail(): () => void {
  watchers++;
  if (watchers === 1) {
    unsubscribe = useStore.subscribe((s, prev) => {
      if (s.compaction.records !== prev.compaction.records || s.compaction.ready !== prev.compaction.ready || s.compaction.serial !== prev.compaction.serial) void sync();
    });
  }
  void sync();
  let done = false;
  return () => {
    if (done) return;
    done = true;
    watchers--;
    if (watchers === 0) {
      unsubscribe?.();
      unsubscribe = null;
    }
  };
}

/** Resolves once the trail covers the whole history (for tests). */
export async function damageTrailSettled(ms = 60_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const h = host.current;
    const tr = useStore.getState().damageTrail;
    if (!running && h && tr && tr.perStep.length === h.engine.records().length + 1) return;
    if (Date.now() - t0 > ms) throw new Error('the damage trail did not settle');
    await new Promise((r) => setTimeout(r, 10));
  }
}
