/**
 * The session host: holds the one handle (handle.ts) on the engine's
 * compaction session for the current model, starts and drops it.
 */
import { CompactionSession } from '../../../core/compaction';
import type { ThreeWaySplit } from '../../../core/data/split';
import { LayerViewCache } from '../../../core/explore/layer-view';
import { probeByClass, type ClassBand } from '../../../core/explore/probe-by-class';
import type { Dataset } from '../../../core/data/dataset';
import type { Mlp } from '../../../core/model/mlp';
import { useStore } from '../../store';
import type { Handle } from './handle';
import { patchCompaction, patchExplorer, publishNow } from './publish';
import { finishNow, runsSliced } from './sliced';
import { runSliced } from '../../../core/sliced';

/** The probe set (2,000 training digits grouped by class) of each data set, computed once. */
const probes = new WeakMap<ThreeWaySplit, { data: Dataset; bands: ClassBand[] }>();

export function probeOf(data: ThreeWaySplit): { data: Dataset; bands: ClassBand[] } {
  let p = probes.get(data);
  if (!p) {
    p = probeByClass(data.train);
    probes.set(data, p);
  }
  return p;
}

class SessionHost {
  private handle: Handle | null = null;
  /** A start under way (aborted by a newer start or a drop). */
  private starting: AbortController | null = null;

  get current(): Handle | null {
    return this.handle;
  }

  /** Ends the current handle (and a start under way). */
  drop(): void {
    this.starting?.abort();
    this.starting = null;
    if (this.handle) endHandle(this.handle);
    this.handle = null;
  }

  /** Makes `h` the current handle (ending the one before). */
  install(h: Handle): void {
    this.drop();
    this.handle = h;
  }

  /** Sets up a session for `model` in place of the current one; resolves to the handle, or null when another start or a drop came first. */
  async start(model: Mlp, neuronIds?: number[][]): Promise<Handle | null> {
    this.drop();
    const data = useStore.getState().data;
    if (!data) return null;
    const starting = new AbortController();
    this.starting = starting;
    const h = await buildHandle(model, neuronIds, data);
    if (starting.signal.aborted) {
      endHandle(h);
      return null;
    }
    this.install(h);
    return h;
  }
}

/**
 * A handle for `model` on `data`, not yet installed: the engine's set-up (codes,
 * held-out activations, the current method's caches) runs in full, so whatever
 * the model cannot do fails here, before anything in the store changes. Throws
 * when the set-up fails.
 */
export async function buildHandle(model: Mlp, neuronIds: number[][] | undefined, data: ThreeWaySplit): Promise<Handle> {
  const probe = probeOf(data);
  // Sliced (forward passes in chunks, caches warmed in slices), so the page stays responsive meanwhile.
  const engine = await CompactionSession.create({ model, neuronIds, probe: probe.data, validation: data.validation, heldOut: data.test, seed: 1 }, true);
  const views = new LayerViewCache(probe.data.labels, data.train.numClasses);
  const sliced = runsSliced(engine);
  const method = useStore.getState().compaction.method;
  if (sliced) {
    // What the first reading reads (held-out activations, the first layer's view, the first step), in slices.
    await runSliced(engine.warmSliced({ method, codesUpTo: 0 }));
    await views.prepare(engine, 0);
  } else {
    await views.prepare(engine, 0);
    await engine.prepare(method);
  }
  const lifetime = new AbortController();
  return {
    sliced,
    inflight: null,
    engine,
    views,
    probe: probe.data,
    bands: probe.bands,
    alive: lifetime.signal,
    end: () => lifetime.abort(),
    history: new AbortController(),
    queue: null,
    pending: null,
    playTimer: null,
    run: null,
  };
}

function endHandle(h: Handle): void {
  h.history.abort();
  h.run?.abort();
  if (h.playTimer !== null) clearTimeout(h.playTimer);
  h.end();
}

export const host = new SessionHost();

/** The current handle when it can take a change now (not while a run to target works on it). */
export function idleHandle(): Handle | null {
  const h = host.current;
  return h && !h.run && useStore.getState().compaction.run === null ? h : null;
}

/** The history is about to be replaced: a ×10 under way stops (a step under way in slices is finished first). */
export function replaceHistory(h: Handle): void {
  finishNow(h);
  h.history.abort();
  h.history = new AbortController();
}

export function stopPlayTimer(h: Handle): void {
  if (h.playTimer !== null) clearTimeout(h.playTimer);
  h.playTimer = null;
  if (useStore.getState().compaction.playing) patchCompaction({ playing: false });
}

/** Creates the engine session for a model (the bundled one at start, a trained or imported one later). */
export async function startCompaction(model: Mlp, neuronIds?: number[][]): Promise<void> {
  patchCompaction({ ready: false, playing: false });
  const h = await host.start(model, neuronIds);
  if (h) showHandle(h);
}

/** Installs a handle built beforehand (an import that passed every check) and shows it. */
export function installHandle(h: Handle): void {
  host.install(h);
  showHandle(h);
}

function showHandle(h: Handle): void {
  patchCompaction({
    ready: true,
    working: null,
    baseAccuracy: h.engine.baseAccuracy,
    baseParams: h.engine.params(),
    originalWidths: h.engine.originalWidths(),
    originalIds: h.engine.originalIds,
    learnedWidths: null,
    baselines: {},
    baselineQueue: [],
    baselineBusy: null,
    run: null,
  });
  patchExplorer({ bands: h.bands, selected: null, layer: 0 });
  // At once: buildHandle made what the first reading reads (layer 0, the method's first step) ready.
  publishNow(h, 'jump');
}

/** Drops the session (while a new model trains). */
export function suspendCompaction(): void {
  host.drop();
  patchCompaction({ ready: false, playing: false, working: null, run: null, records: [], cursor: 0, preview: null, learnedWidths: null, baselines: {}, baselineQueue: [], baselineBusy: null });
  patchExplorer({ view: null, preferredClasses: [], selected: null, pairPreview: null });
}

/** The engine session, for read-only use by exporters and tests. */
export function currentSession(): CompactionSession | null {
  return host.current?.engine ?? null;
}
