/**
 * The merge stepper: one CompactionSession (the engine) per model, driven by
 * the user's steps, undo/redo, play and run-to-target. The session lives here,
 * outside the store; after every change `refresh` copies what the views need
 * (records, figures, the next step, the selected layer's view) into the store.
 */
import type { MergeRecord, Method } from '../../core/compaction';
import { CompactionSession, METHOD_LABELS, METHODS, runToTarget } from '../../core/compaction';
import { LayerViewCache } from '../../core/explore/layer-view';
import { probeByClass } from '../../core/explore/probe-by-class';
import type { Dataset } from '../../core/data/dataset';
import type { Mlp } from '../../core/model/mlp';
import { pushNotice, useStore } from '../store';
import { yieldToEventLoop } from '../../core/yield';
import type { CompactionState, ExplorerState, TargetSpec } from '../compaction-types';

let session: CompactionSession | null = null;
let views: LayerViewCache | null = null;
let probe: { data: Dataset; bands: ExplorerState['bands'] } | null = null;
let playTimer: ReturnType<typeof setTimeout> | null = null;
let runAbort: AbortController | null = null;
let generation = 0;

/** The engine session, for read-only use by exporters and tests. */
export function currentSession(): CompactionSession | null {
  return session;
}

function patchCompaction(patch: Partial<CompactionState>): void {
  useStore.setState((s) => ({ compaction: { ...s.compaction, ...patch } }));
}

function patchExplorer(patch: Partial<ExplorerState>): void {
  useStore.setState((s) => ({ explorer: { ...s.explorer, ...patch } }));
}

type ChangeKind = NonNullable<CompactionState['lastChange']>['kind'];

/** What the views need from the session now (the selected layer's view, the next step, the figures). */
function snapshot() {
  const s = session!;
  const { compaction, explorer } = useStore.getState();
  const layer = Math.min(explorer.layer, s.hiddenLayers - 1);
  const view = views!.view(s, layer, { allLayers: explorer.normalization === 'global' });
  let preview = null;
  try {
    preview = s.preview(compaction.method);
  } catch {
    preview = null;
  }
  const preferredClasses = Array.from({ length: s.hiddenLayers }, (_, l) => views!.preferredClasses(s, l));
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
  };
}

/** Puts a snapshot into the store (the views redraw in the same task). */
function publish(snap: ReturnType<typeof snapshot>, kind: ChangeKind | null, record: MergeRecord | null): void {
  const { layer, view, preferredClasses, ...figures } = snap;
  const s = session!;
  const { explorer } = useStore.getState();
  const selected = explorer.selected && s.isAlive(explorer.selected.layer, explorer.selected.id) ? explorer.selected : null;
  useStore.setState((st) => ({
    compaction: {
      ...st.compaction,
      ...figures,
      serial: kind ? st.compaction.serial + 1 : st.compaction.serial,
      lastChange: kind ? { kind, record } : st.compaction.lastChange,
    },
    explorer: { ...st.explorer, layer, view, preferredClasses, selected, pairPreview: null },
  }));
}

let pendingChange: { kind: ChangeKind; record: MergeRecord | null } | null = null;

/** Copies the session's state into the store, at once (a pending refreshSoon is folded in). */
function refresh(kind: ChangeKind | null, record: MergeRecord | null = null): void {
  if (!session || !views) return;
  const pending = pendingChange;
  pendingChange = null;
  publish(snapshot(), kind ?? pending?.kind ?? null, kind ? record : (pending?.record ?? record));
}

/**
 * refresh() after steps nobody clicked for (playing, the rest of a ×10), in
 * two more turns of the event loop: one computes what the views need (the
 * next step's preview may have to rebuild a layer's caches), the next puts it
 * in the store and the views redraw. No single task then does the engine's
 * work and the drawing together. Changes meanwhile fold into one refresh.
 */
function refreshSoon(kind: ChangeKind, record: MergeRecord | null): void {
  const first = pendingChange === null;
  pendingChange = { kind, record };
  const s = session;
  if (!first || !s) return;
  void (async () => {
    await yieldToEventLoop();
    if (!pendingChange) return; // a refresh took it meanwhile
    if (session !== s || !views) return void (pendingChange = null);
    const version = s.version;
    const snap = snapshot();
    await yieldToEventLoop();
    const change = pendingChange;
    pendingChange = null;
    if (session !== s || !change) return;
    // A change between the two turns (a click landed in between): take a fresh snapshot.
    publish(s.version === version ? snap : snapshot(), change.kind, change.record);
  })();
}

/** Creates the engine session for a model (the bundled one at start, or a freshly trained one). */
export async function startCompaction(model: Mlp, neuronIds?: number[][]): Promise<void> {
  const gen = ++generation;
  historyEpoch++;
  stopPlaying();
  session = null;
  const data = useStore.getState().data;
  if (!data) return;
  probe ??= probeByClass(data.train);
  patchCompaction({ ready: false });
  // Sliced (forward passes in chunks, caches warmed in slices), so the page stays responsive meanwhile.
  const s = await CompactionSession.create({ model, neuronIds, probe: probe.data, heldOut: data.test, seed: 1 }, true);
  if (gen !== generation) return;
  const v = new LayerViewCache(probe.data.labels, data.train.numClasses);
  await v.prepare(s, 0);
  await s.prepare(useStore.getState().compaction.method);
  if (gen !== generation) return;
  session = s;
  views = v;
  patchCompaction({
    ready: true,
    baseAccuracy: s.baseAccuracy,
    baseParams: s.params(),
    originalWidths: s.originalWidths(),
    originalIds: s.originalIds,
    learnedWidths: null,
    baselines: {},
    run: null,
  });
  patchExplorer({ bands: probe.bands, selected: null, layer: 0 });
  refresh('jump');
}

/** Forgets the probe set (after the data set changed). */
export function forgetProbe(): void {
  probe = null;
}

/** Drops the session (while a new model trains). */
export function suspendCompaction(): void {
  generation++;
  historyEpoch++;
  stopPlaying();
  session = null;
  patchCompaction({ ready: false, records: [], cursor: 0, preview: null, learnedWidths: null, baselines: {} });
  patchExplorer({ view: null, preferredClasses: [], selected: null, pairPreview: null });
}

function busy(): boolean {
  return !session || useStore.getState().compaction.run !== null;
}

/** Switches the method; its caches are built in slices first, so the page stays responsive. */
export async function setMethod(method: Method): Promise<void> {
  patchCompaction({ method, preparing: method });
  const s = session;
  try {
    if (s && !s.isRunning) await s.prepare(method);
  } finally {
    if (useStore.getState().compaction.method === method) {
      patchCompaction({ preparing: null });
      if (session === s) refresh(null);
    }
  }
}

/** Longest a burst of steps runs before the page gets a turn (step(k) for k > 1). */
const STEP_BURST_MS = 30;
/** A ×10 still under way; stepper actions that come meanwhile wait for it, in order. */
let pendingWork: Promise<void> | null = null;
/** Bumped by whatever replaces the history or the session: a ×10 under way then stops. */
let historyEpoch = 0;

function afterPending(action: () => void | Promise<void>): void {
  const p = pendingWork!.then(action, action);
  pendingWork = p;
  void p.finally(() => {
    if (pendingWork === p) pendingWork = null;
  });
}

/**
 * k greedy steps of the current method. Returns how many were applied at
 * once: for k > 1 the steps go on in bursts with turns of the event loop in
 * between (so a long run of steps never blocks the page; the views follow
 * after each burst) and the rest are not counted. The views show a single
 * step in the same task (the shortest way to the screen), unless `soon`
 * (playing: nobody waits for the click, and no task should do the engine's
 * work and the drawing together).
 */
export function step(k = 1, soon = false): number {
  if (busy()) return 0;
  if (pendingWork) {
    afterPending(() => stepNow(k, soon).work ?? undefined);
    return 0;
  }
  const { done, work } = stepNow(k, soon);
  if (work) {
    pendingWork = work;
    void work.finally(() => {
      if (pendingWork === work) pendingWork = null;
    });
  }
  return done;
}

function stepNow(k: number, soon: boolean): { done: number; work: Promise<void> | null } {
  if (busy()) return { done: 0, work: null };
  const s = session!;
  const epoch = historyEpoch;
  const method = useStore.getState().compaction.method;
  let last: MergeRecord | null = null;
  let done = 0;
  const burst = (): boolean => {
    const t0 = performance.now();
    while (done < k && (done === 0 || performance.now() - t0 < STEP_BURST_MS)) {
      const r = s.step(method);
      if (!r) return false;
      last = r;
      done++;
    }
    return done < k;
  };
  const more = burst();
  const first = done;
  if (!last) return { done: 0, work: null };
  if (!more) {
    if (soon) refreshSoon('step', last);
    else refresh('step', last);
    return { done, work: null };
  }
  refreshSoon('step', last);
  const work = (async () => {
    while (true) {
      await yieldToEventLoop();
      if (session !== s || historyEpoch !== epoch || busy()) return;
      const going = burst();
      refreshSoon('step', last);
      if (!going) return;
    }
  })();
  return { done: first, work };
}

function undoNow(): void {
  if (busy() || !session!.canUndo) return;
  const record = session!.records()[session!.cursor - 1];
  session!.undo();
  refresh('undo', record);
}

export function undo(): void {
  if (pendingWork) afterPending(undoNow);
  else undoNow();
}

function redoNow(): void {
  if (busy() || !session!.canRedo) return;
  session!.redo();
  refresh('redo', session!.records()[session!.cursor - 1]);
}

export function redo(): void {
  if (pendingWork) afterPending(redoNow);
  else redoNow();
}

function jumpNow(t: number): void {
  if (busy()) return;
  const target = Math.max(0, Math.min(session!.length, Math.round(t)));
  if (target === session!.cursor) return;
  session!.jumpTo(target);
  refresh('jump');
}

export function jumpTo(t: number): void {
  if (pendingWork) afterPending(() => jumpNow(t));
  else jumpNow(t);
}

/** Whether the model has reached the target (parameters or accuracy budget). */
function reachedTarget(target: TargetSpec): boolean {
  const s = session;
  if (!s) return true;
  if (target.kind === 'params') return s.params() <= target.value * useStore.getState().compaction.baseParams;
  const accuracy = s.accuracy();
  return s.baseAccuracy !== null && accuracy !== null && (s.baseAccuracy - accuracy) * 100 > target.value;
}

export function play(): void {
  if (busy() || useStore.getState().compaction.playing) return;
  patchCompaction({ playing: true });
  const tick = () => {
    const c = useStore.getState().compaction;
    if (!c.playing || !session) return;
    if (pendingWork) {
      playTimer = setTimeout(tick, 50); // a ×10 is still under way
      return;
    }
    if (reachedTarget(c.target) || step(1, true) === 0 || reachedTarget(c.target)) {
      stopPlaying();
      return;
    }
    playTimer = setTimeout(tick, 1000 / useStore.getState().compaction.speed);
  };
  playTimer = setTimeout(tick, 0);
}

export function stopPlaying(): void {
  if (playTimer !== null) clearTimeout(playTimer);
  playTimer = null;
  if (useStore.getState().compaction.playing) patchCompaction({ playing: false });
}

export function togglePlay(): void {
  if (useStore.getState().compaction.playing) stopPlaying();
  else play();
}

export function setSpeed(speed: number): void {
  patchCompaction({ speed: Math.max(1, Math.min(60, speed)) });
}

export function setTarget(target: TargetSpec): void {
  patchCompaction({ target });
}

/** Runs the method's automatic mode (structure learning for pair / ls) until the target. */
export async function runTarget(): Promise<void> {
  if (busy()) return;
  historyEpoch++;
  stopPlaying();
  const s = session!;
  const { method, target, baseParams } = useStore.getState().compaction;
  runAbort = new AbortController();
  patchCompaction({ run: { label: 'Running to target…', steps: 0, params: s.params() } });
  try {
    const result = await runToTarget(s, {
      method,
      targetParams: target.kind === 'params' ? Math.round(target.value * baseParams) : undefined,
      maxAccuracyDrop: target.kind === 'drop' ? target.value / 100 : undefined,
      onProgress: (p) => patchCompaction({ run: { label: 'Running to target…', steps: p.steps, params: p.params } }),
      signal: runAbort.signal,
    });
    patchCompaction({ run: null, learnedWidths: result.widths.slice(1, -1) });
    refresh('jump', result.records.at(-1) ?? null);
  } catch (e) {
    patchCompaction({ run: null });
    pushNotice('error', `Run to target failed: ${e instanceof Error ? e.message : String(e)}`);
    refresh('jump');
  }
}

export function stopRun(): void {
  runAbort?.abort();
}

export async function selectLayer(layer: number): Promise<void> {
  const s = session;
  if (!s) return;
  const l = Math.max(0, Math.min(s.hiddenLayers - 1, layer));
  patchExplorer({ layer: l });
  if (views && !s.isRunning) await views.prepare(s, l);
  if (session === s && useStore.getState().explorer.layer === l) refresh(null);
}

export function selectNeuron(layer: number, id: number | null): void {
  if (!session) return;
  if (id === null) {
    patchExplorer({ selected: null });
    return;
  }
  if (layer !== useStore.getState().explorer.layer) patchExplorer({ layer });
  patchExplorer({ selected: { layer, id } });
  if (layer !== useStore.getState().explorer.view?.layer) refresh(null);
}

export function setThreshold(threshold: number): void {
  patchExplorer({ threshold: Math.max(0, Math.min(1, threshold)) });
}

export function setNormalization(normalization: ExplorerState['normalization']): void {
  const was = useStore.getState().explorer.normalization;
  patchExplorer({ normalization });
  if ((was === 'global') !== (normalization === 'global')) refresh(null); // the view gains or drops the all-layers range
}

/** Previews unifying a pair chosen in the similarity graph: the one with the lower cost is removed. */
export function previewPair(layer: number, a: number, b: number): void {
  if (busy()) return;
  const s = session!;
  const ab = s.previewUnify(layer, b, a);
  const ba = s.previewUnify(layer, a, b);
  const best = ab.cost <= ba.cost ? { removedId: b, heirId: a, preview: ab } : { removedId: a, heirId: b, preview: ba };
  patchExplorer({ pairPreview: { layer, ...best } });
}

export function clearPairPreview(): void {
  patchExplorer({ pairPreview: null });
}

export function applyPairPreview(): void {
  const p = useStore.getState().explorer.pairPreview;
  if (!p || busy()) return;
  historyEpoch++;
  const record = session!.unify(p.layer, p.removedId, p.heirId);
  refresh('step', record);
}

/** Computes a method's curve (accuracy against parameters down to 10%) in a separate session. */
export async function toggleBaseline(method: Method): Promise<void> {
  const c = useStore.getState().compaction;
  if (c.baselines[method]) {
    const rest = { ...c.baselines };
    delete rest[method];
    patchCompaction({ baselines: rest });
    return;
  }
  if (!session || c.baselineBusy) return;
  const gen = generation;
  patchCompaction({ baselineBusy: method });
  try {
    const data = useStore.getState().data!;
    const side = await CompactionSession.create(
      {
        model: session.original,
        neuronIds: session.originalIds,
        probe: probe!.data,
        heldOut: data.test,
        seed: 1,
      },
      true,
    );
    await side.prepare(method);
    const result = await runToTarget(side, { method, targetParams: Math.round(0.1 * side.params()), trackAccuracy: true });
    if (gen !== generation) return;
    const points = [{ params: c.baseParams, accuracy: side.baseAccuracy ?? 0 }].concat(
      result.records.map((r) => ({ params: r.paramsAfter, accuracy: r.accuracyAfter ?? 0 })),
    );
    useStore.setState((s) => ({ compaction: { ...s.compaction, baselines: { ...s.compaction.baselines, [method]: points }, baselineBusy: null } }));
  } catch (e) {
    patchCompaction({ baselineBusy: null });
    pushNotice('error', `Could not compute the ${method} curve: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** A step as links and session files store it: [method index, hidden layer, removed id, heir id or -1]. */
export type StepTuple = [number, number, number, number];

/** The steps of the history (applied and redoable), compactly. */
export function stepTuples(): StepTuple[] {
  const s = session;
  if (!s) return [];
  return s.records().map((r) => [METHODS.indexOf(r.method), r.layer, r.removedId, r.heirs.length === 1 ? r.heirs[0].id : -1]);
}

/**
 * Rebuilds a history from step tuples on the session's original model: each
 * step is re-planned by its method (a greedy step when it removes the same
 * neuron, else the explicit removal), so coefficients never travel in links.
 * Throws with a clear message when a step does not fit the model.
 */
function replayTuples(s: CompactionSession, steps: readonly StepTuple[], cursor: number): void {
  s.reset();
  steps.forEach(([mi, layer, id, heir], k) => {
    const method = METHODS[mi];
    if (!method) throw new Error(`step ${k + 1}: unknown method ${mi}`);
    if (!s.isAlive(layer, id)) throw new Error(`step ${k + 1}: hidden layer ${layer + 1} has no neuron #${id} left`);
    const p = s.preview(method, { layer });
    if (p && p.removedId === id && (heir < 0 ? p.heirs.length !== 1 : p.heirs.length === 1 && p.heirs[0].id === heir)) {
      s.step(method, { layer });
    } else if (method === 'ls') {
      s.removeByLeastSquares(layer, id);
    } else if (method === 'pair' && heir >= 0) {
      s.unify(layer, id, heir);
    } else if ((method === 'random' || method === 'magnitude' || method === 'apoz') && heir < 0) {
      s.applyRecord({ method, layer, removedId: id, heirs: [], biasCoef: 0, cost: 0, paramsAfter: 0 });
    } else if (method === 'srinivas' && heir >= 0) {
      s.applyRecord({ method, layer, removedId: id, heirs: [{ id: heir, coef: 1 }], biasCoef: 0, cost: 0, paramsAfter: 0 });
    } else {
      throw new Error(`step ${k + 1} (${METHOD_LABELS[method]}) cannot be replayed on this model`);
    }
  });
  s.jumpTo(Math.min(cursor, steps.length));
}

/** Restores a history from step tuples; on failure the previous history is restored and the error returned. */
export function restoreSteps(steps: readonly StepTuple[], cursor: number): string | null {
  const s = session;
  if (!s || busy()) return 'the model is not ready';
  stopPlaying();
  historyEpoch++;
  const before = s.records();
  const beforeCursor = s.cursor;
  try {
    replayTuples(s, steps, cursor);
    refresh('jump');
    return null;
  } catch (e) {
    s.replay(before);
    s.jumpTo(beforeCursor);
    refresh('jump');
    return e instanceof Error ? e.message : String(e);
  }
}
