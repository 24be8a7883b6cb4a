/**
 * The neuron inspector's and the pair list's readings of the engine: the
 * selected neuron's inspection and the selected layer's candidate merges,
 * read again whenever what they depend on changes (the layer view, the
 * selection, the method, the next step) and put into the store.
 *
 * The panels that show them keep a watcher while they are mounted
 * (watchReadings). The readings follow a single change (a click, a step)
 * once it is on screen (after the next frame); while steps come quickly
 * (playing, a ×10) at most every READ_EVERY_MS, so the engine's previews
 * never slow a step or playing down. Each reading is read again only when
 * its own inputs changed (selecting a neuron does not read the list again).
 * During a run to target the engine takes no previews: the readings wait
 * for its end. On a big model they also wait while the stepper works in
 * slices (see compaction/sliced.ts), and a reading under way is given up
 * when it starts: an engine read then would finish the stepper's slices in
 * one long task.
 */
import { inspectNeuron } from '../../core/explore/inspect';
import { candidatePairs, candidatePairsSliced } from '../../core/explore/pair-candidates';
import type { Sliced } from '../../core/sliced';
import { runSliced } from '../../core/sliced';
import { useStore } from '../store';
import type { AppState } from '../types';
import { host } from './compaction/host';
import type { Handle } from './compaction/handle';
import { busyInSlices } from './compaction/sliced';
import { patchExplorer } from './compaction/publish';

/** Fastest pace of readings while steps come quickly. */
export const READ_EVERY_MS = 300;

/** What each reading depends on: when one of these changes, it is read again. */
function inspectionInputs(s: AppState): readonly unknown[] {
  return [s.explorer.view, s.explorer.selected, s.compaction.ready, s.compaction.run === null, host.current];
}
function pairsInputs(s: AppState): readonly unknown[] {
  return [s.explorer.view, s.compaction.method, s.compaction.preview, s.compaction.ready, s.compaction.run === null, host.current];
}
const same = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((v, k) => v === b[k]);

/** The inputs each reading was last read for. */
let readFor: { inspection: readonly unknown[]; pairs: readonly unknown[] } = { inspection: [], pairs: [] };

/** Reads the inspection and the candidates from the engine (by default both; else only those whose inputs changed) and puts them into the store. */
export function readNow(onlyChanged = false): void {
  const h = host.current;
  const st = useStore.getState();
  const { view, selected } = st.explorer;
  if (!h || !st.compaction.ready || !view) {
    if (st.explorer.inspection || st.explorer.pairs) patchExplorer({ inspection: null, pairs: null });
    readFor = { inspection: [], pairs: [] };
    return;
  }
  if (h.engine.isRunning || st.compaction.run) return; // the engine takes no previews now; read again once the run ends
  const now = { inspection: inspectionInputs(st), pairs: pairsInputs(st) };
  const patch: Partial<AppState['explorer']> = {};
  if (!onlyChanged || !same(now.inspection, readFor.inspection)) {
    patch.inspection = selected && selected.layer === view.layer ? inspectNeuron(h.engine, view, h.bands, selected.id) : null;
  }
  if (!onlyChanged || !same(now.pairs, readFor.pairs)) {
    try {
      patch.pairs = candidatePairs(h.engine, view, st.compaction.method, st.compaction.preview);
    } catch {
      patch.pairs = null; // a model the engine cannot preview: the list says there is nothing to show
    }
  }
  readFor = now;
  if (Object.keys(patch).length) patchExplorer(patch);
}

let watchers = 0;
let unsubscribe: (() => void) | null = null;
let last: readonly unknown[] = [];
let lastReadAt = -Infinity;
let timer: ReturnType<typeof setTimeout> | null = null;
let queued = false;

/** Whether steps are coming quickly now. */
function busy(): boolean {
  const h = host.current;
  return useStore.getState().compaction.playing || (h !== null && (h.queue !== null || h.pending !== null));
}

/** The sliced reading of the candidates under way, if any (a newer reading aborts it). */
let reading: AbortController | null = null;

/** Reads what changed: the inspection at once (a few milliseconds), the candidates in slices (they can take tens). */
function read(): void {
  queued = false;
  if (timer !== null) clearTimeout(timer);
  timer = null;
  if (watchers === 0) return;
  lastReadAt = performance.now();
  const h = host.current;
  const st = useStore.getState();
  const view = st.explorer.view;
  const pairsNow = pairsInputs(st);
  if (h && busyInSlices(h)) {
    // The stepper works in slices on a big model: read once it is done.
    timer = setTimeout(read, READ_EVERY_MS);
    return;
  }
  if (!h || !view || !st.compaction.ready || h.engine.isRunning || st.compaction.run || same(pairsNow, readFor.pairs)) {
    readNow(true);
    return;
  }
  // The inspection now; the candidates follow.
  const inspectionNow = inspectionInputs(st);
  if (!same(inspectionNow, readFor.inspection)) {
    const { selected } = st.explorer;
    patchExplorer({ inspection: selected && selected.layer === view.layer ? inspectNeuron(h.engine, view, h.bands, selected.id) : null });
    readFor = { ...readFor, inspection: inspectionNow };
  }
  reading?.abort();
  const mine = new AbortController();
  reading = mine;
  const signal = AbortSignal.any([mine.signal, h.engine.changeSignal]);
  runSliced(untilStepperWorks(h, candidatePairsSliced(h.engine, view, st.compaction.method, st.compaction.preview), mine), { signal, budgetMs: 8 }).then(
    (pairs) => {
      if (reading === mine) reading = null;
      // Put in only what still holds (a change meanwhile has scheduled another reading).
      if (signal.aborted || watchers === 0 || !same(pairsInputs(useStore.getState()), pairsNow)) return;
      patchExplorer({ pairs });
      readFor = { ...readFor, pairs: pairsNow };
    },
    () => {
      if (reading === mine) reading = null;
      if (signal.aborted) {
        // Stale (a newer reading follows), or given up for the stepper's slices: read again after them.
        if (reading === null && mine.signal.aborted && watchers > 0) schedule();
        return;
      }
      // The engine cannot preview this model: the list says there is nothing to show.
      if (watchers > 0 && same(pairsInputs(useStore.getState()), pairsNow)) {
        patchExplorer({ pairs: null });
        readFor = { ...readFor, pairs: pairsNow };
      }
    },
  );
}

/**
 * `work`, given up (aborting `stop`) at a slice boundary once the stepper
 * starts working in slices on a big model (see compaction/sliced.ts).
 */
function* untilStepperWorks<T>(h: Handle, work: Sliced<T>, stop: AbortController): Sliced<T> {
  for (;;) {
    if (busyInSlices(h)) {
      stop.abort();
      throw new Error('given up for the stepper');
    }
    const r = work.next();
    if (r.done) return r.value;
    yield;
  }
}

/**
 * Reads once the change is on screen (after the next frame: the engine's previews never delay a step's
 * picture), and while steps come quickly, at most every READ_EVERY_MS.
 */
function schedule(): void {
  if (queued || timer !== null) return;
  const wait = busy() ? Math.max(0, lastReadAt + READ_EVERY_MS - performance.now()) : 0;
  if (wait > 0) {
    timer = setTimeout(read, wait);
    return;
  }
  queued = true;
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(read, 0));
  else setTimeout(read, 0);
}

function onChange(s: AppState): void {
  const now = [...inspectionInputs(s), ...pairsInputs(s)];
  if (same(now, last)) return;
  last = now;
  schedule();
}

/** Keeps the readings up to date while the returned function has not been called (panels call it on mount and unmount). */
export function watchReadings(): () => void {
  watchers++;
  if (watchers === 1) {
    last = [];
    readFor = { inspection: [], pairs: [] };
    unsubscribe = useStore.subscribe(onChange);
    onChange(useStore.getState());
  }
  let done = false;
  return () => {
    if (done) return;
    done = true;
    watchers--;
    if (watchers === 0) {
      reading?.abort();
      reading = null;
      unsubscribe?.();
      unsubscribe = null;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    }
  };
}
