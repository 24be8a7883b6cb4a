/**
 * The guided tour: open and closed (its stops and words live in the UI), and
 * the one change it makes to the model: a hand-over to watch. The tour picks
 * the two alive, non-constant neurons of the layer on screen whose codes
 * correlate most, and applies their pairwise unification as a manual step (the
 * user's method is not touched). Back undoes that step and Next redoes it, so
 * going back and forth never adds a step; closing the tour puts the history
 * back as it was before the tour (unless the user changed it meanwhile: then
 * it is theirs and stays).
 */
import type { CompactionSession, MergeRecord, SavedHistory } from '../../core/compaction';
import { historyKey, isFineTune } from '../../core/compaction';
import { useStore } from '../store';
import { applyPairPreview, currentSession, previewPair, redo, undo } from './compaction';
import { restoreSavedHistory } from './compaction/history';
import { idleHandle } from './compaction/host';
import { refresh } from './compaction/publish';

/** The hand-over the tour shows. */
export interface TourDemo {
  layer: number;
  removedId: number;
  heirId: number;
  /** Pearson correlation of the two neurons' codes. */
  correlation: number;
  /** The step as applied (heir coefficient a, bias coefficient c, cost, relCost). */
  record: MergeRecord;
  /** Parameters before the step. */
  paramsBefore: number;
}

/** The tour's bookkeeping of its step: the session it was made on and the history before it (its entries' keys, and all of it to put back). */
interface Book {
  session: CompactionSession;
  before: { keys: string[]; saved: SavedHistory; cursor: number };
  key: string;
  demo: TourDemo;
}

let book: Book | null = null;

export function openTour(): void {
  if (useStore.getState().tourOpen) return;
  book = null;
  useStore.setState({ tourOpen: true });
}

/** Closes the tour and undoes its step (see restoreBeforeTour). */
export function closeTour(): void {
  restoreBeforeTour();
  book = null;
  useStore.setState({ tourOpen: false });
}

/** Whether the tour's step is applied now, undone (and redoable), or gone (never made, another model, or the user changed the history). */
export function tourStepState(): 'applied' | 'undone' | 'none' {
  const s = currentSession();
  if (!book || !s || s !== book.session) return 'none';
  const k = book.before.cursor;
  const records = s.records();
  if (records.length <= k || historyKey(records[k]) !== book.key) return 'none';
  for (let q = 0; q < k; q++) if (historyKey(records[q]) !== book.before.keys[q]) return 'none';
  if (s.cursor === k + 1) return 'applied';
  return s.cursor === k ? 'undone' : 'none';
}

/**
 * The demonstration pair of the layer on screen: the alive, non-constant
 * neurons whose codes correlate most (positively; if no pair does, most in
 * absolute value). Ties go to the lowest positions. Null when the layer has
 * fewer than two such neurons.
 */
export function pickDemoPair(): { layer: number; a: number; b: number; correlation: number } | null {
  const v = useStore.getState().explorer.view;
  if (!v) return null;
  const na = v.alive.length;
  let best: { a: number; b: number; r: number } | null = null;
  let bestAbs: { a: number; b: number; r: number } | null = null;
  for (let x = 0; x < na; x++) {
    if (v.stats.constant[v.alive[x]]) continue;
    for (let y = x + 1; y < na; y++) {
      if (v.stats.constant[v.alive[y]]) continue;
      const r = v.correlation[x * na + y];
      if (!Number.isFinite(r) || r === 0) continue;
      if (!best || r > best.r) best = { a: x, b: y, r };
      if (!bestAbs || Math.abs(r) > Math.abs(bestAbs.r)) bestAbs = { a: x, b: y, r };
    }
  }
  const pick = best && best.r > 0 ? best : bestAbs;
  if (!pick) return null;
  return { layer: v.layer, a: v.ids[v.alive[pick.a]], b: v.ids[v.alive[pick.b]], correlation: pick.r };
}

/**
 * Makes sure the tour's hand-over is applied: redoes it after a Back, makes it
 * the first time. 'busy' while the model cannot take a step (loading, a run to
 * the target under way); 'no-pair' when the layer on screen has no two
 * neurons whose outputs vary.
 */
export function applyTourStep(): TourDemo | 'busy' | 'no-pair' {
  const state = tourStepState();
  if (state === 'applied') return book!.demo;
  if (state === 'undone') {
    redo();
    return tourStepState() === 'applied' ? book!.demo : 'busy';
  }
  const s = currentSession();
  if (!s || !idleHandle()) return 'busy';
  const pair = pickDemoPair();
  if (!pair) return 'no-pair';
  const before = { keys: s.records().map(historyKey), saved: s.saveHistory(), cursor: s.cursor };
  const paramsBefore = s.params();
  previewPair(pair.layer, pair.a, pair.b);
  const preview = useStore.getState().explorer.pairPreview;
  if (!preview || !preview.preview.heirs.some((h) => h.coef !== 0 && Number.isFinite(h.coef))) return 'no-pair';
  applyPairPreview();
  if (s.cursor !== before.cursor + 1) return 'busy';
  const record = s.records()[before.cursor];
  if (isFineTune(record)) return 'busy';
  const demo: TourDemo = { layer: pair.layer, removedId: record.removedId, heirId: record.heirs[0].id, correlation: pair.correlation, record, paramsBefore };
  book = { session: s, before, key: historyKey(record), demo };
  return demo;
}

/** Redoes the tour's hand-over if it was undone (Next past its stop); never makes a new one. */
export function redoTourStep(): void {
  if (tourStepState() === 'undone') redo();
}

/** Undoes the tour's hand-over if it is applied (Back from the stop that made it). */
export function undoTourStep(): void {
  if (tourStepState() === 'applied') undo();
}

/** The tour's hand-over when it is applied now, else null. */
export function tourDemo(): TourDemo | null {
  return tourStepState() === 'applied' ? book!.demo : null;
}

/** Plays the hand-over animation of the tour's step again (the history does not change). */
export function replayTourStep(): void {
  const h = idleHandle();
  if (!h || tourStepState() !== 'applied') return;
  refresh(h, 'step', book!.demo.record);
}

/** Puts the history back as it was before the tour, if the tour's step is still the only change. */
function restoreBeforeTour(): void {
  const state = tourStepState();
  const h = idleHandle();
  if (state === 'none' || !h || !book) return;
  const { keys, cursor, saved } = book.before;
  const s = h.engine;
  if (cursor === keys.length && s.length === cursor + 1 && !h.queue) {
    // The usual case: the tour's step is the last one; drop it without replaying the history.
    const record = s.records()[cursor];
    const applied = state === 'applied';
    if (applied) s.jumpTo(cursor);
    s.truncate();
    // An applied step is handed back on screen (as an undo); a redoable one just leaves the timeline.
    if (applied) refresh(h, 'undo', record);
    else refresh(h, null);
    return;
  }
  restoreSavedHistory(saved);
}
