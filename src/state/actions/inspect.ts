/**
 * The neuron inspector's and the pair list's readings of the engine: the
 * selected neuron's inspection and the selected layer's candidate merges,
 * read again whenever what they depend on changes (the layer view, the
 * selection, the method, the next step) and put into the store.
 *
 * The panels that show them keep a watcher while they are mounted
 * (watchReadings). The readings follow a single change (a click, a step) in
 * the next microtask; while steps come quickly (playing, a ×10) they follow
 * at most every READ_EVERY_MS, so the engine's previews never slow playing
 * down. During a run to target the engine takes no previews: the readings
 * wait for its end.
 */
import { inspectNeuron } from '../../core/explore/inspect';
import { candidatePairs } from '../../core/explore/pair-candidates';
import { useStore } from '../store';
import type { AppState } from '../types';
import { host } from './compaction/host';
import { patchExplorer } from './compaction/publish';

/** Fastest pace of readings while steps come quickly. */
export const READ_EVERY_MS = 300;

/** The inputs of the readings: when one of them changes, they are read again. */
function inputsOf(s: AppState): readonly unknown[] {
  return [s.explorer.view, s.explorer.selected, s.compaction.method, s.compaction.preview, s.compaction.ready, s.compaction.run === null, host.current];
}

/** Reads the inspection and the candidates from the engine now and puts them into the store. */
export function readNow(): void {
  const h = host.current;
  const st = useStore.getState();
  const { view, selected } = st.explorer;
  if (!h || !st.compaction.ready || !view) {
    if (st.explorer.inspection || st.explorer.pairs) patchExplorer({ inspection: null, pairs: null });
    return;
  }
  if (h.engine.isRunning || st.compaction.run) return; // the engine takes no previews now; read again once the run ends
  const inspection = selected && selected.layer === view.layer ? inspectNeuron(h.engine, view, h.bands, selected.id) : null;
  let pairs: ReturnType<typeof candidatePairs> | null;
  try {
    pairs = candidatePairs(h.engine, view, st.compaction.method, st.compaction.preview);
  } catch {
    pairs = null; // a model the engine cannot preview: the list says there is nothing to show
  }
  patchExplorer({ inspection, pairs });
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

function read(): void {
  queued = false;
  if (timer !== null) clearTimeout(timer);
  timer = null;
  if (watchers === 0) return;
  lastReadAt = performance.now();
  readNow();
}

function schedule(): void {
  if (queued || timer !== null) return;
  const wait = busy() ? Math.max(0, lastReadAt + READ_EVERY_MS - performance.now()) : 0;
  if (wait > 0) {
    timer = setTimeout(read, wait);
    return;
  }
  queued = true;
  queueMicrotask(read);
}

function onChange(s: AppState): void {
  const now = inputsOf(s);
  if (now.length === last.length && now.every((v, k) => v === last[k])) return;
  last = now;
  schedule();
}

/** Keeps the readings up to date while the returned function has not been called (panels call it on mount and unmount). */
export function watchReadings(): () => void {
  watchers++;
  if (watchers === 1) {
    last = [];
    unsubscribe = useStore.subscribe(onChange);
    onChange(useStore.getState());
  }
  let done = false;
  return () => {
    if (done) return;
    done = true;
    watchers--;
    if (watchers === 0) {
      unsubscribe?.();
      unsubscribe = null;
      if (timer !== null) clearTimeout(timer);
      timer = null;
    }
  };
}
