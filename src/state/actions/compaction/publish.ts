/**
 * From the engine to the store: after every change, what the views need (the
 * selected layer's view, the next step, the figures) is read from the session
 * and put into the store, and the views redraw in the same task.
 */
import type { CompactionSession, HistoryRecord } from '../../../core/compaction';
import { traceDigit, type DigitTrace } from '../../../core/explore/draw-digit';
import { yieldToEventLoop } from '../../../core/yield';
import type { CompactionState, ExplorerState } from '../../compaction-types';
import { useStore } from '../../store';
import type { ChangeKind, Handle } from './handle';

export function patchCompaction(patch: Partial<CompactionState>): void {
  useStore.setState((s) => ({ compaction: { ...s.compaction, ...patch } }));
}

export function patchExplorer(patch: Partial<ExplorerState>): void {
  useStore.setState((s) => ({ explorer: { ...s.explorer, ...patch } }));
}

/** Both networks' response to the input the network view lights up (null without one, or when it does not fit the model). */
export function traceProbeInput(s: CompactionSession): { serial: number; trace: DigitTrace | null } {
  const input = useStore.getState().probeInput;
  if (!input) return { serial: -1, trace: null };
  try {
    return { serial: input.serial, trace: traceDigit(s, input.pixels) };
  } catch {
    return { serial: input.serial, trace: null };
  }
}

/** What the views need from the engine now. */
function readEngine(h: Handle) {
  const s = h.engine;
  const { compaction, explorer } = useStore.getState();
  const layer = Math.min(explorer.layer, s.hiddenLayers - 1);
  const view = h.views.view(s, layer, { allLayers: explorer.normalization === 'global' });
  let preview: ReturnType<typeof s.preview>;
  try {
    preview = s.preview(compaction.method);
  } catch {
    preview = null;
  }
  const preferredClasses = Array.from({ length: s.hiddenLayers }, (_, l) => h.views.preferredClasses(s, l));
  return {
    layer,
    view,
    preferredClasses,
    preview,
    cursor: s.cursor,
    records: s.records(),
    accuracy: s.accuracy(),
    params: s.params(),
    widths: s.widths(),
    aliveIds: s.aliveIds(),
    damage: s.perDigit('test'),
    probe: traceProbeInput(s),
  };
}

type EngineReading = ReturnType<typeof readEngine>;

function publish(h: Handle, reading: EngineReading, kind: ChangeKind | null, record: HistoryRecord | null): void {
  const { layer, view, preferredClasses, probe, ...figures } = reading;
  const { explorer, probeInput } = useStore.getState();
  // A newer input (set between the reading and now) keeps its own trace.
  const probeTrace = probe.serial === (probeInput?.serial ?? -1) ? { probeTrace: probe.trace } : {};
  const selected = explorer.selected && h.engine.isAlive(explorer.selected.layer, explorer.selected.id) ? explorer.selected : null;
  useStore.setState((st) => ({
    compaction: {
      ...st.compaction,
      ...figures,
      serial: kind ? st.compaction.serial + 1 : st.compaction.serial,
      lastChange: kind ? { kind, record } : st.compaction.lastChange,
    },
    explorer: { ...st.explorer, layer, view, preferredClasses, selected, pairPreview: null },
    ...probeTrace,
  }));
}

/** Copies the session's state into the store at once (a change waiting in refreshSoon is folded in). */
export function refresh(h: Handle, kind: ChangeKind | null, record: HistoryRecord | null = null): void {
  if (h.alive.aborted) return;
  const pending = h.pending;
  h.pending = null;
  publish(h, readEngine(h), kind ?? pending?.kind ?? null, kind ? record : (pending?.record ?? record));
}

/**
 * refresh() after steps nobody clicked for (playing, the rest of a ×10), in
 * two more turns of the event loop: one reads what the views need (the next
 * step's preview may have to rebuild a layer's caches), the next puts it in
 * the store and the views redraw. No single task then does the engine's work
 * and the drawing together. Changes meanwhile fold into one publish.
 */
export function refreshSoon(h: Handle, kind: ChangeKind, record: HistoryRecord | null): void {
  const first = h.pending === null;
  h.pending = { kind, record };
  if (!first) return;
  void (async () => {
    await yieldToEventLoop();
    if (!h.pending || h.alive.aborted) return; // a refresh took it meanwhile, or the handle is gone
    const version = h.engine.version;
    const reading = readEngine(h);
    await yieldToEventLoop();
    const change = h.pending;
    h.pending = null;
    if (!change || h.alive.aborted) return;
    // A change between the two turns (a click landed in between): read again.
    publish(h, h.engine.version === version ? reading : readEngine(h), change.kind, change.record);
  })();
}
