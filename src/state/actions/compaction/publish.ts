/**
 * From the engine to the store: after every change, what the views need (the
 * selected layer's view, the next step, the figures) is read from the session
 * and put into the store, and the views redraw in the same task. On a big
 * model (a handle that runs sliced, see sliced.ts) what they read is first
 * brought up to date in slices, in the handle's queue, then published.
 */
import type { CompactionSession, HistoryRecord } from '../../../core/compaction';
import { traceDigit, type DigitTrace } from '../../../core/explore/draw-digit';
import type { DigitDamage } from '../../../core/stats/damage';
import { yieldToEventLoop } from '../../../core/yield';
import type { Sliced } from '../../../core/sliced';
import { runSliced } from '../../../core/sliced';
import { pushNotice } from '../notices';
import type { CompactionState, ExplorerState } from '../../compaction-types';
import { useStore } from '../../store';
import type { ChangeKind, Handle } from './handle';

export function patchCompaction(patch: Partial<CompactionState>): void {
  useStore.setState((s) => ({ compaction: { ...s.compaction, ...patch } }));
}

export function patchExplorer(patch: Partial<ExplorerState>): void {
  useStore.setState((s) => ({ explorer: { ...s.explorer, ...patch } }));
}

/** The last per-digit reading of each session, with the version it was read at. */
const damageRead = new WeakMap<CompactionSession, { version: number; damage: DigitDamage | null }>();

/**
 * The engine's per-digit damage on the test digits, read again only when the
 * session has changed (a refresh with no change, such as a new selection,
 * keeps the published object, so the damage views do not redraw).
 */
function damageOf(s: CompactionSession): DigitDamage | null {
  const last = damageRead.get(s);
  if (last && last.version === s.version) return last.damage;
  const damage = s.perDigit('test');
  damageRead.set(s, { version: s.version, damage });
  return damage;
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
    damage: damageOf(s),
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

/**
 * Copies the session's state into the store: at once, or on a big model
 * after what the views read is ready (warmAndPublish, in the handle's queue).
 */
export function refresh(h: Handle, kind: ChangeKind | null, record: HistoryRecord | null = null): void {
  if (h.alive.aborted) return;
  if (h.sliced) {
    void enqueue(h, async () => {
      if (kind) setWorking(WORKING[kind]);
      try {
        await warmAndPublish(h, kind, record);
      } finally {
        if (kind) setWorking(null);
      }
    });
    return;
  }
  publishNow(h, kind, record);
}

/** Copies the session's state into the store at once (a change waiting in refreshSoon is folded in). */
export function publishNow(h: Handle, kind: ChangeKind | null, record: HistoryRecord | null = null): void {
  if (h.alive.aborted) return;
  const pending = h.pending;
  h.pending = null;
  publish(h, readEngine(h), kind ?? pending?.kind ?? null, kind ? record : (pending?.record ?? record));
}

/** What the step card says while a change is read in slices. */
const WORKING: Record<ChangeKind, string> = {
  step: 'Taking the step…',
  undo: 'Undoing the step…',
  redo: 'Redoing the step…',
  jump: 'Moving to the step…',
};

/** The text the step card shows while the stepper works in slices (null: none). */
export function setWorking(text: string | null): void {
  if (useStore.getState().compaction.working !== text) patchCompaction({ working: text });
}

/**
 * Runs `action` after the handle's queue (the stepper's work under way and
 * whatever waits for it): at once when it is empty. The queue stays set
 * until the action ends, so later actions wait for it in turn.
 */
export function enqueue(h: Handle, action: () => void | Promise<void>): Promise<void> {
  const run = async () => {
    if (h.alive.aborted) return;
    try {
      await action();
    } catch (e) {
      if (!h.alive.aborted) pushNotice('error', 'Something went wrong while the model was updated; the model is as the last step left it.', e instanceof Error ? e.message : String(e));
    }
  };
  const p = h.queue ? h.queue.then(run, run) : run();
  h.queue = p;
  void p.finally(() => {
    if (h.queue === p) h.queue = null;
  });
  return p;
}

/**
 * On a big model: brings up to date in slices what the views read (the
 * held-out digits' activations, the shown layer's codes and view, the next
 * step of the method), then publishes. When the method or the layer changes
 * meanwhile, it warms again for them. Given up (nothing published) when the
 * handle is dropped or the engine changes under it (whatever changed it
 * refreshes in turn).
 */
export async function warmAndPublish(h: Handle, kind: ChangeKind | null, record: HistoryRecord | null): Promise<void> {
  const s = h.engine;
  // A run to target reads at once, as it does on a small model.
  while (!s.isRunning) {
    const { compaction, explorer } = useStore.getState();
    const method = compaction.method;
    const layer = Math.min(explorer.layer, s.hiddenLayers - 1);
    const version = s.version;
    const signal = AbortSignal.any([h.alive, s.changeSignal]);
    function* warm(): Sliced<boolean> {
      yield* s.warmSliced({ method, codesUpTo: layer });
      return yield* h.views.prepareSliced(s, layer);
    }
    try {
      await runSliced(warm(), { signal });
    } catch (e) {
      // A next step the engine cannot plan: the read below finds no preview, as on the direct path.
      if (!signal.aborted && !(e instanceof Error)) throw e;
    }
    if (h.alive.aborted || s.version !== version) return;
    const now = useStore.getState();
    if (now.compaction.method === method && Math.min(now.explorer.layer, s.hiddenLayers - 1) === layer) break;
  }
  publishNow(h, kind, record);
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
