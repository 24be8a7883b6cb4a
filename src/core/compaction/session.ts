/**
 * A compaction session: the model under compaction, its history, and the
 * caches that keep steps cheap. Everything after create() is synchronous
 * JavaScript over typed arrays (one forward pass of the original model sets it up).
 * Held-out digits: the validation digits decide (accuracy budgets), the test
 * digits report; both are tracked after every step as counts of correct digits.
 * What is read never changes what is computed: the activation caches hold
 * the same bits whenever they are read (see activations.ts). Nor does the
 * path to a state: every cache is defined by the steps applied up to the
 * cursor (see lineage.ts), so a step's record and the state after it are the
 * same whatever undos, redos, jumps, previews or prepares came before.
 * A fine-tune (applyFineTune: the weights a Trainer reached from current())
 * is one entry of the history like a step: a birth for every layer, so the
 * codes, statistics and structures after it come from the fine-tuned weights,
 * and undo, redo and jumps across it restore the weights bit for bit.
 * Not reentrant: while runToTarget works on a session, every other change is
 * refused (abort the run first).
 */
import { samplesPerSlice } from '../model/forward';
import { checkActivations } from './activation-bounds';
import type { Activations, LayerCodes } from '../coding/codes';
import { forwardPass } from '../coding/codes';
import type { Dataset } from '../data/dataset';
import type { Mlp } from '../model/mlp';
import { mlpParamCount } from '../model/mlp';
import { ActivationCache } from './activations';
import { ACCURACY_FIELDS, accuracyFields, HeldOut } from './held-out';
import type { PerSet } from './held-out';
import { applyTune, History } from './history';
import type { Step, TuneStep } from './history';
import { LayerCaches } from './caches';
import { Lineage } from './lineage';
import type { LayerEnv } from './layer-env';
import { METHOD_STRUCTURE, PLANNERS, STRUCTURE_BUILDERS } from './planners';
import type { Sliced, SliceOptions } from '../sliced';
import type { Accuracy } from '../stats/accuracy';
import type { DigitDamage } from '../stats/damage';
import { runSliced, runSync } from '../sliced';
import { Scheduler } from './schedule';
import type { NetState } from './state';
import { alivePositions, applyPlan, checkFineTuned, checkPlan, createState, materialize, paramsPerNeuron, planToRecord, recordToPlan, scatter, stateParams, stateWidths } from './state';
import type { PickOptions, SessionOptions } from './session-options';
import type { FineTuneRecord, FineTuneSettings, HistoryRecord, MergeRecord, Method, StepPlan, StepPreview } from './types';
import { COST_METHODS, isFineTune } from './types';

/** Methods without a structure of their own that read the probe codes when they plan (warmLayer builds the codes first). */
const READS_CODES: readonly Method[] = ['apoz'];
import { planLsManual, planPairManual } from './unification';

export type { PickOptions, Schedule, SessionOptions } from './session-options';

export class CompactionSession {
  readonly original: Mlp;
  readonly originalIds: number[][];
  readonly seed: number;
  /** Accuracy of the original model on the test digits (null without them). */
  readonly baseAccuracy: number | null;
  /** Accuracy of the original model on each held-out set, as counts with intervals. */
  readonly baseAccuracies: PerSet<Accuracy>;
  trackAccuracy: boolean;
  private readonly st: NetState;
  /** @internal The state under compaction (read only outside the session). */
  get state(): NetState {
    return this.st;
  }
  private readonly history: History;
  private readonly lineage: Lineage;
  private readonly probe: ActivationCache;
  private readonly held: HeldOut | null;
  /** The probe set the codes are measured on. */
  readonly probeData: Dataset;
  private readonly caches: LayerCaches;
  private nextSeq = 0;
  private readonly scheduler = new Scheduler(this);
  private running = false;
  /** A step in slices is between its change and its accuracy (commitSliced): other changes wait. */
  private committing = false;
  private changes = 0;
  private changeCtl = new AbortController();

  private constructor(o: SessionOptions, probe: Activations, held: Activations | null, heldData: Dataset | null) {
    this.original = o.model;
    this.st = createState(o.model, o.neuronIds);
    this.originalIds = Array.from(this.st.ids, (a) => Array.from(a));
    this.seed = o.seed ?? 1;
    this.history = new History(this.st, o.checkpointWork ?? 4 * mlpParamCount(o.model));
    this.lineage = new Lineage(this.st);
    const stateAt = (t: number) => this.history.stateAt(this.st, t);
    this.probe = new ActivationCache(this.st, probe, stateAt, o.probe);
    this.held = held ? new HeldOut(this.st, { validation: o.validation, test: o.heldOut }, held, stateAt, heldData) : null;
    this.probeData = o.probe;
    this.caches = new LayerCaches(this.st, this.probe, this.seed, this.lineage, stateAt);
    this.baseAccuracies = this.held ? this.held.accuracies(this.held.originalCounts()) : { validation: null, test: null };
    this.baseAccuracy = this.baseAccuracies.test?.value ?? null;
    this.trackAccuracy = o.trackAccuracy ?? this.held !== null;
  }

  /**
   * Runs the probe and held-out sets through the original model (the
   * engine's own JavaScript forward pass, bit-identical on every backend) and
   * sets up the session. `sliced`: in small chunks with turns of the event
   * loop between them (for a browser's main thread). Throws when an
   * activation is not finite or beyond MAX_ABS_ACTIVATION (see core/io/limits):
   * the engine's arithmetic would not stay finite on such a model.
   */
  static async create(o: SessionOptions, sliced = false): Promise<CompactionSession> {
    if (o.probe.count < 2) throw new Error('the probe set needs at least 2 samples');
    // Smaller chunks when sliced: the outputs are bit-identical whatever the chunk (coding.test.ts checks cpu and wasm).
    const fo = sliced ? { chunk: samplesPerSlice(o.model), yieldBetween: true } : {};
    const probe = await forwardPass(o.model, o.probe, undefined, true, fo);
    const heldData = HeldOut.data({ validation: o.validation, test: o.heldOut });
    const held = heldData ? await forwardPass(o.model, heldData, undefined, true, fo) : null;
    checkActivations(probe, 'probe');
    if (held) checkActivations(held, 'held-out');
    return new CompactionSession(o, probe, held, heldData);
  }

  /**
   * Builds ahead of time, in slices (see sliced.ts), what the next preview of
   * `method` will need: the Gram matrices and the method's per-layer
   * structures, for every layer the next global pick will plan (not a stale
   * layer whose remembered score a pick compares first). The session stays
   * usable meanwhile; a change to it cancels the rest (the engine then builds
   * what it needs when asked, as it always does). Resolves to whether it ran
   * to the end.
   */
  async prepare(method: Method, o: Omit<SliceOptions, 'signal'> = {}): Promise<boolean> {
    const build = STRUCTURE_BUILDERS[method];
    const name = METHOD_STRUCTURE[method];
    if (!build || !name || this.running) return true;
    const signal = this.changeSignal;
    try {
      for (let l = 0; l < this.hiddenLayers; l++) {
        // What the engine would reuse needs nothing; a stale layer with a remembered score is planned
        // only if it wins, so building it now may be wasted.
        if (this.caches.hasStructure(l, name)) continue;
        if (!this.isFresh(method, l) && this.scheduler.hasScore(method, l)) continue;
        const value = await runSliced(build(this.caches.birthEnv(l)), { ...o, signal });
        if (signal.aborted || this.running) return false;
        this.caches.putStructure(l, name, value);
      }
      return true;
    } catch (e) {
      if (signal.aborted) return false;
      throw e;
    }
  }

  // ---- reading -------------------------------------------------------------

  /** Increases whenever the model or the history changes (for UI stores). */
  get version(): number {
    return this.changes;
  }
  /** Aborted at the next change of the model or the history (work prepared for the current state is then stale). */
  get changeSignal(): AbortSignal {
    return this.changeCtl.signal;
  }
  private changed(): void {
    this.changes++;
    this.changeCtl.abort();
    this.changeCtl = new AbortController();
  }
  /** True while runToTarget works on this session: other changes (and previews) are refused until it ends. */
  get isRunning(): boolean {
    return this.running;
  }
  /** @internal Used by runToTarget. */
  setRunning(on: boolean): void {
    if (on && this.running) throw new Error('a run is already in progress on this session');
    this.running = on;
  }
  private assertIdle(): void {
    if (this.running) throw new Error('a run is in progress on this session; abort it (RunOptions.signal) first');
    if (this.committing) throw new Error('a step is being taken in slices on this session; let it finish first');
  }

  get hiddenLayers(): number {
    return this.st.alive.length;
  }
  get cursor(): number {
    return this.history.cursor;
  }
  /** Number of steps in the history (applied + redoable). */
  get length(): number {
    return this.history.length;
  }
  get canUndo(): boolean {
    return this.cursor > 0;
  }
  get canRedo(): boolean {
    return this.cursor < this.length;
  }
  /** Records 0..length-1 (the ones after the cursor can be redone): removals and fine-tunes. */
  records(): HistoryRecord[] {
    return this.history.records();
  }
  /** Records of the applied steps (0..cursor-1). */
  appliedRecords(): HistoryRecord[] {
    return this.history.records(0, this.cursor);
  }
  widths(): number[] {
    return stateWidths(this.st);
  }
  originalWidths(): number[] {
    return [this.st.layers[0].inSize, ...this.st.spec.hidden, this.st.layers[this.st.layers.length - 1].outSize];
  }
  params(): number {
    return stateParams(this.st);
  }
  /** The stable ids of the alive neurons of every hidden layer (what current() gives, without copying weights). */
  aliveIds(): number[][] {
    return this.st.alive.map((_, l) => Array.from(alivePositions(this.st, l), (p) => this.st.ids[l][p]));
  }
  /** The compacted model (alive neurons only) and the stable ids of its hidden neurons. */
  current(): { mlp: Mlp; neuronIds: number[][] } {
    return materialize(this.st);
  }
  isAlive(layer: number, id: number): boolean {
    const p = this.st.posOf[layer]?.get(id);
    return p !== undefined && this.st.alive[layer][p] === 1;
  }
  /** Accuracy on the test digits now (null without them). Cheap when tracked; otherwise brought up to date first. */
  accuracy(): number | null {
    return this.held?.has('test') ? this.accuracies().test!.value : null;
  }
  /** Correct counts on the validation and test digits now (null for a set the session does not have). */
  correctCounts(): PerSet<number> {
    return this.held ? this.held.counts(this.st) : { validation: null, test: null };
  }
  /** Accuracy on the validation and test digits now, as counts with 95% Wilson intervals. */
  accuracies(): PerSet<Accuracy> {
    return this.held ? this.held.accuracies(this.held.counts(this.st)) : { validation: null, test: null };
  }
  /** Predicted classes of the test digits by the engine's own forward pass. */
  predictHeldOut(): Int32Array | null {
    return this.held ? this.held.predict(this.st, 'test') : null;
  }
  /**
   * Per-digit damage on the test digits (or the validation digits): accuracy
   * per class and the confusion matrix of the original and the current
   * network, and the digits the compaction broke and fixed. Derived from the
   * engine's held-out activations (no extra forward pass).
   */
  perDigit(set: 'test' | 'validation' = 'test'): DigitDamage | null {
    return this.held ? this.held.damage(this.st, set) : null;
  }
  /**
   * The codes of a hidden layer's alive neurons over the probe set, for the
   * current model (a copy, neuron-major), and their stable ids.
   */
  codesOf(layer: number): { codes: LayerCodes; ids: number[] } {
    return this.caches.aliveCodes(layer);
  }
  /** Multiply-adds spent by the activation caches (recompute vs rank-one). */
  cacheWork(): { probe: ActivationCache['work']; heldOut: ActivationCache['work'] | null } {
    return { probe: { ...this.probe.work }, heldOut: this.held ? { ...this.held.cache.work } : null };
  }
  get checkpointCount(): number {
    return this.history.checkpointCount;
  }

  // ---- choosing steps --------------------------------------------------------

  /**
   * A hidden layer's codes over the probe set if the engine already holds
   * them up to date, else null, without doing any work (see
   * LayerCaches.codesIfCurrent). Reading them through env(l).codes() would
   * not change any result either, only cost the update.
   */
  codesIfCurrent(layer: number): LayerCodes | null {
    return this.caches.codesIfCurrent(layer);
  }

  /** A hidden layer's codes over the probe set (as env(layer).codes() gives them), brought up to date in slices. */
  *codesSliced(layer: number): Sliced<LayerCodes> {
    this.env(layer); // checks the layer
    return (yield* this.caches.layerDataSliced(layer)).codes;
  }

  /** @internal The per-layer view methods plan with. */
  env(l: number, remainingHint?: number): LayerEnv {
    return this.caches.env(l, remainingHint);
  }

  /** @internal Whether a pick planned the layer since its codes last changed (a global pick may use a stale layer's old score). */
  isFresh(method: Method, l: number): boolean {
    return !METHOD_STRUCTURE[method] || this.scheduler.isFresh(method, l);
  }
  /** @internal See LayerCaches.birthOf. */
  birthOf(l: number): number {
    return this.caches.birthOf(l);
  }

  /** @internal The plan for one layer. */
  planIn(method: Method, l: number, remainingHint?: number): StepPlan | null {
    return PLANNERS[method](this.env(l, remainingHint));
  }

  /** @internal The next plan of a method: in one layer, or by a schedule across layers. */
  pick(method: Method, o: PickOptions = {}): StepPlan | null {
    if (o.layer !== undefined) return this.planIn(method, o.layer, o.remainingHint);
    const schedule = o.schedule ?? (COST_METHODS.includes(method) ? 'global' : 'uniform');
    if (schedule === 'global') return this.scheduler.global(method);
    return this.scheduler.uniform(method, o.remainingHint);
  }

  /**
   * pick() in slices: before a layer is planned, what planning it reads that
   * is slow (the probe codes, the Gram matrix, the method's structure) is
   * built in slices. The same plan and the same remembered scores as pick();
   * when the session changes meanwhile, the pick starts again.
   */
  *pickSliced(method: Method, o: PickOptions = {}): Sliced<StepPlan | null> {
    for (;;) {
      const signal = this.changeSignal;
      const warm = (l: number) => this.warmLayer(method, l, signal);
      let p: StepPlan | null;
      if (o.layer !== undefined) {
        yield* warm(o.layer);
        p = this.planIn(method, o.layer, o.remainingHint);
      } else {
        const schedule = o.schedule ?? (COST_METHODS.includes(method) ? 'global' : 'uniform');
        p = schedule === 'global' ? yield* this.scheduler.globalSliced(method, warm) : yield* this.scheduler.uniformSliced(method, warm, o.remainingHint);
      }
      if (!signal.aborted) return p;
    }
  }

  /** What planning layer l with `method` reads that is slow to compute, built in slices (what prepare() builds, and the codes). */
  private *warmLayer(method: Method, l: number, signal: AbortSignal): Sliced<void> {
    const build = STRUCTURE_BUILDERS[method];
    const name = METHOD_STRUCTURE[method];
    if (build && name) {
      if (this.caches.hasStructure(l, name)) return;
      const value = yield* build(this.caches.birthEnv(l));
      // Built for the layer as it was when the build began: stale if the session changed meanwhile.
      if (!signal.aborted) this.caches.putStructure(l, name, value);
    } else if (READS_CODES.includes(method)) yield* this.caches.layerDataSliced(l);
  }

  /**
   * Brings up to date, in slices, what the reads after a change need: the
   * held-out activations (accuracy, per-digit damage), the probe codes of
   * hidden layers 0..codesUpTo, and what the next pick of `method` plans
   * (see pickSliced). No result depends on whether (or when) this runs: it
   * only moves work that the reads would do at once into slices.
   */
  *warmSliced(o: { method?: Method; codesUpTo?: number; heldOut?: boolean } = {}): Sliced<void> {
    if (this.running || this.committing) return;
    if (o.heldOut !== false && this.held) yield* this.held.cache.ensureSliced(this.st, this.hiddenLayers);
    if (o.codesUpTo !== undefined) yield* this.caches.layerDataSliced(Math.min(o.codesUpTo, this.hiddenLayers - 1));
    if (o.method && !this.running && !this.committing) yield* this.pickSliced(o.method);
  }

  /**
   * Multiply-adds a full set-up of one layer costs at most on this model (its
   * codes on the probe and held-out digits, Gram matrix and inverse): a
   * measure of how long a step's work may take, for choosing between running
   * it at once and in slices (no result depends on the choice). The first
   * layer's outputs are computed from the pixels only at creation and after a
   * fine-tune (see activations.ts), so its product with the inputs is left out.
   */
  stepWorkBound(): number {
    const st = this.st;
    const N = this.probe.N + (this.held?.cache.N ?? 0);
    let w = 0;
    for (let l = 0; l < st.layers.length; l++) {
      const { inSize: n, outSize: m } = st.layers[l];
      w = Math.max(w, (l > 0 ? N * n * m : 0) + this.probe.N * m * m + m * m * m + m * m * (st.layers[l + 1]?.outSize ?? 0));
    }
    return w;
  }

  private previewOf(p: StepPlan): StepPreview {
    return planToRecord(this.st, p, this.params() - paramsPerNeuron(this.st, p.layer));
  }

  /** preview() in slices (see pickSliced). */
  *previewSliced(method: Method, o: PickOptions = {}): Sliced<StepPreview | null> {
    this.assertIdle();
    const p = yield* this.pickSliced(method, o);
    return p ? this.previewOf(p) : null;
  }

  /** What the next step of a method would be, without applying it (null when nothing can be removed). */
  preview(method: Method, o: PickOptions = {}): StepPreview | null {
    this.assertIdle();
    const p = this.pick(method, o);
    return p ? this.previewOf(p) : null;
  }

  // ---- applying steps --------------------------------------------------------

  /** @internal Applies a plan as a new step after the cursor (drops the redo tail). */
  commit(p: StepPlan, given?: MergeRecord): MergeRecord {
    return runSync(this.commitSliced(p, given));
  }

  /**
   * commit() in slices: the step is applied at once; the held-out activations
   * its accuracy is counted on are then brought up to date in slices. Until it
   * ends, other changes are refused (reads finish the work under way at once).
   */
  *commitSliced(p: StepPlan, given?: MergeRecord): Sliced<MergeRecord> {
    if (this.committing) throw new Error('a step is being taken in slices on this session; let it finish first');
    checkPlan(this.st, p);
    const m = this.st.layers[p.layer + 1].outSize;
    const step: Step = { plan: p, seq: this.nextSeq++, wj: this.st.layers[p.layer + 1].W.slice(p.removed * m, (p.removed + 1) * m) };
    this.lineage.step(step, this.cursor);
    this.probe.applyStep(this.st, step, this.lineage);
    this.held?.cache.applyStep(this.st, step, this.lineage);
    this.caches.beforeStep(p);
    applyPlan(this.st, p);
    this.caches.afterStep(p);
    const rec: MergeRecord = given ? { ...given, heirs: given.heirs.map((h) => ({ ...h })), paramsAfter: this.params() } : planToRecord(this.st, p, this.params());
    for (const k of ACCURACY_FIELDS) delete rec[k];
    // In the history first: the caches may read the state at any cursor up to this one (History.stateAt).
    this.history.push(this.st, rec, step);
    // Work prepared for the state before the step (a prepare() under way) is stale from here on.
    this.changed();
    if (this.held && this.trackAccuracy) {
      this.committing = true;
      try {
        yield* this.held.cache.ensureSliced(this.st, this.hiddenLayers);
      } finally {
        this.committing = false;
      }
      Object.assign(rec, accuracyFields(this.held.accuracies(this.held.counts(this.st))));
    } else if (given) for (const k of ACCURACY_FIELDS) if (given[k] !== undefined) rec[k] = given[k];
    this.changed();
    return rec;
  }

  /** One greedy step of a method (null when nothing can be removed). */
  step(method: Method, o: PickOptions = {}): MergeRecord | null {
    this.assertIdle();
    const p = this.pick(method, o);
    return p ? this.commit(p) : null;
  }

  /** step() in slices: the pick (pickSliced) and the accuracy after it (commitSliced). The same record as step(). */
  *stepSliced(method: Method, o: PickOptions = {}): Sliced<MergeRecord | null> {
    this.assertIdle();
    const p = yield* this.pickSliced(method, o);
    return p ? yield* this.commitSliced(p) : null;
  }

  /** Up to k greedy steps; returns the records applied. */
  steps(method: Method, k: number, o: PickOptions = {}): MergeRecord[] {
    const out: MergeRecord[] = [];
    for (let i = 0; i < k; i++) {
      const r = this.step(method, o);
      if (!r) break;
      out.push(r);
    }
    return out;
  }

  private pos(layer: number, id: number): number {
    this.env(layer);
    const p = this.st.posOf[layer].get(id);
    if (p === undefined || !this.st.alive[layer][p]) throw new Error(`layer ${layer} has no alive neuron with id ${id}`);
    return p;
  }

  /** Manual pairwise step: unify neuron `removedId` into `heirId` (both in `layer`). */
  previewUnify(layer: number, removedId: number, heirId: number): StepPreview {
    this.assertIdle();
    return this.previewOf(planPairManual(this.env(layer), this.pos(layer, removedId), this.pos(layer, heirId)));
  }
  unify(layer: number, removedId: number, heirId: number): MergeRecord {
    this.assertIdle();
    return this.commit(planPairManual(this.env(layer), this.pos(layer, removedId), this.pos(layer, heirId)));
  }

  /**
   * unify() in slices: what planning it reads (the layer's codes and pair
   * structure) is built in slices first, then the step is taken as
   * commitSliced takes it. The same record as unify().
   */
  *unifySliced(layer: number, removedId: number, heirId: number): Sliced<MergeRecord> {
    this.assertIdle();
    this.pos(layer, removedId);
    this.pos(layer, heirId);
    yield* this.warmLayer('pair', layer, this.changeSignal);
    this.assertIdle();
    return yield* this.commitSliced(planPairManual(this.env(layer), this.pos(layer, removedId), this.pos(layer, heirId)));
  }

  /** Manual least-squares step: remove `removedId`, emulated by all other alive neurons of the layer. */
  previewRemoveByLeastSquares(layer: number, removedId: number): StepPreview {
    this.assertIdle();
    return this.previewOf(planLsManual(this.env(layer), this.pos(layer, removedId)));
  }
  removeByLeastSquares(layer: number, removedId: number): MergeRecord {
    this.assertIdle();
    return this.commit(planLsManual(this.env(layer), this.pos(layer, removedId)));
  }
  /** removeByLeastSquares() in slices (as unifySliced): the same record. */
  *removeByLeastSquaresSliced(layer: number, removedId: number): Sliced<MergeRecord> {
    this.assertIdle();
    this.pos(layer, removedId);
    yield* this.warmLayer('ls', layer, this.changeSignal);
    this.assertIdle();
    return yield* this.commitSliced(planLsManual(this.env(layer), this.pos(layer, removedId)));
  }

  /** Applies a given record as the next step (validated against the current model). A fine-tune's record cannot be applied: it must be trained again (applyFineTune). */
  applyRecord(r: HistoryRecord): MergeRecord {
    this.assertIdle();
    if (isFineTune(r)) throw new Error('a fine-tune cannot be applied from its record: train it again (applyFineTune)');
    return this.commit(recordToPlan(this.st, r), r);
  }

  // ---- fine-tuning -------------------------------------------------------------

  /**
   * Takes the weights a fine-tune reached as the next entry of the history
   * (drops the redo tail). `trained` must have the shape of current().mlp
   * (the alive neurons, in the same order), finite weights within
   * MAX_ABS_WEIGHT; `settings` are what it was trained with (the record
   * keeps them, never the weights). The caches treat it as the birth of
   * every layer. The session keeps its own copy of the weights.
   */
  applyFineTune(trained: Mlp, settings: FineTuneSettings): FineTuneRecord {
    this.assertIdle();
    checkFineTuned(this.widths(), trained, settings);
    const full = scatter(this.st, trained);
    const step: TuneStep = { kind: 'tune', seq: this.nextSeq++, W: full.W, b: full.b };
    return this.commitTune(step, settings);
  }

  private commitTune(step: TuneStep, settings: FineTuneSettings): FineTuneRecord {
    this.lineage.tune(step, this.cursor);
    this.probe.applyTune(this.st, step, this.lineage);
    this.held?.cache.applyTune(this.st, step, this.lineage);
    this.caches.beforeTune();
    applyTune(this.st, step);
    this.caches.afterTune();
    const { epochs, learningRate, batchSize, seed } = settings;
    const rec: FineTuneRecord = { kind: 'finetune', epochs, learningRate, batchSize, seed, paramsAfter: this.params() };
    this.history.pushTune(this.st, rec, step);
    if (this.held && this.trackAccuracy) Object.assign(rec, accuracyFields(this.held.accuracies(this.held.counts(this.st))));
    this.scheduler.forget(); // every layer's scores are stale
    this.changed();
    return rec;
  }

  /**
   * The history as it is (records, and the weights of its fine-tunes) and
   * the cursor, to put back later with restoreHistory, exactly and without
   * training again.
   */
  saveHistory(): SavedHistory {
    const entries: SavedHistory['entries'] = [];
    for (let t = 0; t < this.history.length; t++) {
      const e = this.history.step(t);
      const record = this.history.record(t);
      entries.push(e.kind === 'tune' ? { record: record as FineTuneRecord, tune: e } : { record: record as MergeRecord });
    }
    return { entries, cursor: this.cursor };
  }

  /** Replaces the history by a saved one (see saveHistory) and moves to its cursor. */
  restoreHistory(h: SavedHistory): void {
    this.reset();
    for (const e of h.entries) {
      if ('tune' in e) this.commitTune({ ...e.tune, seq: this.nextSeq++ }, e.record);
      else this.applyRecord(e.record);
    }
    this.jumpTo(Math.min(h.cursor, h.entries.length));
  }

  // ---- history ---------------------------------------------------------------

  /** Moves to step t (0 = the original model); the weights are restored bit for bit. */
  jumpTo(t: number): void {
    this.assertIdle();
    this.moveTo(t);
  }
  private moveTo(t: number): void {
    const acts = this.held ? [this.probe, this.held.cache] : [this.probe];
    for (const c of acts) c.beforeJump(this.st);
    this.caches.beforeJump();
    this.history.jump(this.st, t);
    this.lineage.rebuild(this.history);
    for (const c of acts) c.afterJump(this.lineage);
    this.caches.afterJump();
    this.scheduler.forget();
    this.changed();
  }
  /** @internal Used by runToTarget: drops the last step for good (accuracy budget exceeded). */
  dropLast(): void {
    this.moveTo(this.cursor - 1);
    this.history.truncate();
  }
  undo(): boolean {
    if (!this.canUndo) return false;
    this.jumpTo(this.cursor - 1);
    return true;
  }
  redo(): boolean {
    if (!this.canRedo) return false;
    this.jumpTo(this.cursor + 1);
    return true;
  }
  /** Discards the steps after the cursor. */
  truncate(): void {
    this.assertIdle();
    this.history.truncate();
    this.changed();
  }
  /** Back to the original model with an empty history. */
  reset(): void {
    this.jumpTo(0);
    this.truncate();
  }
  /** Replaces the history by `records` replayed on the original model (removals only: a fine-tune must be trained again, see replayWork). */
  replay(records: readonly HistoryRecord[]): MergeRecord[] {
    this.reset();
    return records.map((r) => this.applyRecord(r));
  }
}

/** A session's history as saveHistory keeps it (a fine-tune with the weights it reached). */
export interface SavedHistory {
  entries: ({ record: MergeRecord } | { record: FineTuneRecord; tune: TuneStep })[];
  cursor: number;
}
