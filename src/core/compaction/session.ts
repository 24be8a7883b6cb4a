/**
 * A compaction session: the model under compaction, its history, and the
 * caches that keep steps cheap. Everything after create() is synchronous
 * JavaScript over typed arrays (tfjs is used once, for layer 0's outputs).
 *
 * Cache keys: prefix[l] is the seq of the last applied step on a layer < l
 * (-1 if none); layer l's codes depend only on those steps. A layer's
 * structures (inverse Gram, candidate tables) are keyed by prefix[l] and the
 * seq of the last step on layer l, and are updated in place by every step on
 * the layer, so a structure is never rebuilt unless an earlier layer changed
 * or the history jumped.
 */
import { computeCodes } from '../coding/codes';
import type { Dataset } from '../data/dataset';
import type { Mlp } from '../model/mlp';
import { mlpParamCount } from '../model/mlp';
import { ActivationCache } from './activations';
import { History } from './history';
import { LayerData } from './layer-data';
import type { LayerEnv, Structure } from './layer-env';
import { METHOD_STRUCTURE, PLANNERS } from './planners';
import type { NetState } from './state';
import { applyPlan, checkPlan, createState, materialize, paramsPerNeuron, planToRecord, recordToPlan, stateParams, stateWidths } from './state';
import type { MergeRecord, Method, StepPlan, StepPreview } from './types';
import { COST_METHODS } from './types';
import { planLsManual, planPairManual } from './unification';

export interface SessionOptions {
  model: Mlp;
  /** Stable ids per hidden layer (default 0..n-1): from the model file's metadata. */
  neuronIds?: number[][];
  /** The probe set: codes are measured on it. */
  probe: Dataset;
  /** Held-out data for accuracy (after every step, when tracked). */
  heldOut?: Dataset;
  /** Seeds the random baseline. */
  seed?: number;
  /** Record accuracy after every step (default true when heldOut is given). */
  trackAccuracy?: boolean;
  /** Most work (multiply-adds) any undo or jump re-applies; a checkpoint is kept per this much. Default 4 x parameters. */
  checkpointWork?: number;
}

export type Schedule = 'global' | 'uniform' | 'sequential';

export interface PickOptions {
  /** Restrict the step to one hidden layer. */
  layer?: number;
  /** Without a layer: 'global' (default for pair/ls) or 'uniform' (default otherwise). */
  schedule?: Exclude<Schedule, 'sequential'>;
  /** How many removals the caller still plans in the layer (Neuron Merging's kept set). */
  remainingHint?: number;
}

export class CompactionSession {
  readonly original: Mlp;
  readonly originalIds: number[][];
  readonly seed: number;
  /** Accuracy of the original model on the held-out set (null without one). */
  readonly baseAccuracy: number | null;
  trackAccuracy: boolean;
  private readonly st: NetState;
  private readonly history: History;
  private readonly probe: ActivationCache;
  private readonly test: ActivationCache | null;
  private readonly labels: Uint8Array | null;
  private prefix: number[];
  private lastOn: number[];
  private nextSeq = 0;
  private readonly data: (LayerData | null)[];
  private readonly structs: Map<string, { key: string; value: Structure }>[];
  /** Last known global score of each layer per method (used while the layer is stale). */
  private readonly lastScore = new Map<string, number>();

  private constructor(o: SessionOptions, x0probe: Float32Array, x0test: Float32Array | null) {
    this.original = o.model;
    this.st = createState(o.model, o.neuronIds);
    this.originalIds = Array.from(this.st.ids, (a) => Array.from(a));
    this.seed = o.seed ?? 1;
    const L = this.st.alive.length;
    this.prefix = new Array<number>(L + 1).fill(-1);
    this.lastOn = new Array<number>(L).fill(-1);
    this.data = new Array<LayerData | null>(L).fill(null);
    this.structs = Array.from({ length: L }, () => new Map());
    this.history = new History(this.st, o.checkpointWork ?? 4 * mlpParamCount(o.model));
    this.probe = new ActivationCache(this.st, x0probe, o.probe.count);
    this.test = x0test && o.heldOut ? new ActivationCache(this.st, x0test, o.heldOut.count) : null;
    this.labels = o.heldOut ? o.heldOut.labels : null;
    this.baseAccuracy = this.test ? this.test.accuracy(this.st, this.prefix, this.labels!) : null;
    this.trackAccuracy = o.trackAccuracy ?? this.test !== null;
  }

  /** Measures layer 0's outputs on the probe and held-out sets (tfjs) and sets up the session. */
  static async create(o: SessionOptions): Promise<CompactionSession> {
    if (o.probe.count < 2) throw new Error('the probe set needs at least 2 samples');
    const x0p = (await computeCodes(o.model, o.probe, 0))[0].values;
    const x0t = o.heldOut ? (await computeCodes(o.model, o.heldOut, 0))[0].values : null;
    return new CompactionSession(o, x0p, x0t);
  }

  // ---- reading -------------------------------------------------------------

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
  /** Records 0..length-1 (the ones after the cursor can be redone). */
  records(): MergeRecord[] {
    return this.history.records();
  }
  /** Records of the applied steps (0..cursor-1). */
  appliedRecords(): MergeRecord[] {
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
  /** The compacted model (alive neurons only) and the stable ids of its hidden neurons. */
  current(): { mlp: Mlp; neuronIds: number[][] } {
    return materialize(this.st);
  }
  isAlive(layer: number, id: number): boolean {
    const p = this.st.posOf[layer]?.get(id);
    return p !== undefined && this.st.alive[layer][p] === 1;
  }
  /** Accuracy on the held-out set now (null without one). Cheap when tracked; otherwise recomputed from cached layer 0. */
  accuracy(): number | null {
    return this.test ? this.test.accuracy(this.st, this.prefix, this.labels!) : null;
  }
  /** Predicted classes of the held-out set by the engine's own forward pass. */
  predictHeldOut(): Int32Array | null {
    return this.test ? this.test.predict(this.st, this.prefix) : null;
  }
  /** Multiply-adds spent by the activation caches (recompute vs rank-one). */
  cacheWork(): { probe: ActivationCache['work']; heldOut: ActivationCache['work'] | null } {
    return { probe: { ...this.probe.work }, heldOut: this.test ? { ...this.test.work } : null };
  }
  get checkpointCount(): number {
    return this.history.checkpointCount;
  }

  // ---- layer environments --------------------------------------------------

  private structKey(l: number): string {
    return `${this.prefix[l]}:${this.lastOn[l]}`;
  }

  private layerData(l: number): LayerData {
    const d = this.data[l];
    if (d && d.key === this.prefix[l]) return d;
    this.probe.ensure(this.st, this.prefix, l);
    const nd = new LayerData(this.prefix[l], { count: this.probe.N, width: this.st.alive[l].length, values: this.probe.X[l] });
    this.data[l] = nd;
    return nd;
  }

  /** @internal The per-layer view methods plan with. */
  env(l: number, remainingHint?: number): LayerEnv {
    if (!Number.isInteger(l) || l < 0 || l >= this.hiddenLayers) throw new Error(`layer ${l} is not a hidden layer (0..${this.hiddenLayers - 1})`);
    const self = this;
    return {
      st: this.st,
      layer: l,
      seed: this.seed,
      N: this.probe.N,
      remainingHint,
      codes: () => self.layerData(l).codes,
      stats: () => self.layerData(l).stats,
      gram: () => self.layerData(l).gram(self.st, l),
      normZ: () => self.layerData(l).normZ(self.st, l),
      structure<T extends Structure>(name: string, build: () => T): T {
        const key = self.structKey(l);
        const have = self.structs[l].get(name);
        if (have && have.key === key) return have.value as T;
        const value = build();
        self.structs[l].set(name, { key, value });
        return value;
      },
    };
  }

  /** Whether a method's per-layer structure is current (a global pick may use a stale layer's old score). */
  private isFresh(method: Method, l: number): boolean {
    const name = METHOD_STRUCTURE[method];
    if (!name) return true;
    return this.structs[l].get(name)?.key === this.structKey(l) && this.data[l]?.key === this.prefix[l];
  }

  // ---- choosing a step -------------------------------------------------------

  /** @internal The plan for one layer. */
  planIn(method: Method, l: number, remainingHint?: number): StepPlan | null {
    return PLANNERS[method](this.env(l, remainingHint));
  }

  private globalScore(p: StepPlan): number {
    return (p.relCost ?? p.cost) / paramsPerNeuron(this.st, p.layer);
  }

  /**
   * The global schedule: the cheapest relative cost per saved parameter across
   * layers. A layer whose codes went stale (an earlier layer changed) competes
   * with its last known score and is refreshed only when it wins.
   */
  private pickGlobal(method: Method): StepPlan | null {
    const L = this.hiddenLayers;
    const fresh = new Map<number, StepPlan | null>();
    for (;;) {
      let bl = -1;
      let bs = Infinity;
      for (let l = 0; l < L; l++) {
        if (this.st.aliveCount[l] < 2) continue;
        let s: number;
        const key = `${method}:${l}`;
        if (!fresh.has(l) && (this.isFresh(method, l) || !this.lastScore.has(key))) {
          const p = this.planIn(method, l);
          fresh.set(l, p);
          if (p) this.lastScore.set(key, this.globalScore(p));
        }
        if (fresh.has(l)) {
          const p = fresh.get(l);
          if (!p) continue;
          s = this.globalScore(p);
        } else {
          s = this.lastScore.get(key)!;
        }
        if (s < bs) {
          bs = s;
          bl = l;
        }
      }
      if (bl < 0) return null;
      if (fresh.has(bl)) return fresh.get(bl)!;
      const p = this.planIn(method, bl);
      fresh.set(bl, p);
      if (p) this.lastScore.set(`${method}:${bl}`, this.globalScore(p));
    }
  }

  /** The uniform schedule: the layer with the largest fraction of its original width left. */
  private pickUniform(method: Method, remainingHint?: number): StepPlan | null {
    let bl = -1;
    let bf = -Infinity;
    this.st.aliveCount.forEach((n, l) => {
      const f = n / this.st.spec.hidden[l];
      if (n >= 2 && f > bf) {
        bf = f;
        bl = l;
      }
    });
    return bl < 0 ? null : this.planIn(method, bl, remainingHint);
  }

  /** @internal */
  pick(method: Method, o: PickOptions = {}): StepPlan | null {
    if (o.layer !== undefined) return this.planIn(method, o.layer, o.remainingHint);
    const schedule = o.schedule ?? (COST_METHODS.includes(method) ? 'global' : 'uniform');
    if (schedule === 'global') {
      if (!COST_METHODS.includes(method)) throw new Error(`the global schedule needs a cost method (${COST_METHODS.join(', ')}), not ${method}`);
      return this.pickGlobal(method);
    }
    return this.pickUniform(method, o.remainingHint);
  }

  private previewOf(p: StepPlan): StepPreview {
    return planToRecord(this.st, p, this.params() - paramsPerNeuron(this.st, p.layer));
  }

  /** What the next step of a method would be, without applying it (null when nothing can be removed). */
  preview(method: Method, o: PickOptions = {}): StepPreview | null {
    const p = this.pick(method, o);
    return p ? this.previewOf(p) : null;
  }

  // ---- applying steps --------------------------------------------------------

  /** @internal Applies a plan as a new step after the cursor (drops the redo tail). */
  commit(p: StepPlan, given?: MergeRecord): MergeRecord {
    checkPlan(this.st, p);
    const l = p.layer;
    const seq = this.nextSeq++;
    const before = this.prefix.slice();
    const oldKey = this.structKey(l);
    this.probe.applyStep(this.st, p, before, seq);
    if (this.test && this.trackAccuracy) this.test.applyStep(this.st, p, before, seq);
    for (const [name, s] of this.structs[l]) {
      if (s.key === oldKey) s.value.remove(p.removed);
      else this.structs[l].delete(name);
    }
    applyPlan(this.st, p);
    for (let k = l + 1; k < this.prefix.length; k++) this.prefix[k] = seq;
    this.lastOn[l] = seq;
    const newKey = this.structKey(l);
    for (const s of this.structs[l].values()) s.key = newKey;
    const rec: MergeRecord = given ? { ...given, heirs: given.heirs.map((h) => ({ ...h })), paramsAfter: this.params() } : planToRecord(this.st, p, this.params());
    delete rec.accuracyAfter;
    if (this.test && this.trackAccuracy) rec.accuracyAfter = this.accuracy()!;
    else if (given?.accuracyAfter !== undefined) rec.accuracyAfter = given.accuracyAfter;
    this.history.push(this.st, rec, p, seq);
    return rec;
  }

  /** One greedy step of a method (null when nothing can be removed). */
  step(method: Method, o: PickOptions = {}): MergeRecord | null {
    const p = this.pick(method, o);
    return p ? this.commit(p) : null;
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
    return this.previewOf(planPairManual(this.env(layer), this.pos(layer, removedId), this.pos(layer, heirId)));
  }
  unify(layer: number, removedId: number, heirId: number): MergeRecord {
    return this.commit(planPairManual(this.env(layer), this.pos(layer, removedId), this.pos(layer, heirId)));
  }

  /** Manual least-squares step: remove `removedId`, emulated by all other alive neurons of the layer. */
  previewRemoveByLeastSquares(layer: number, removedId: number): StepPreview {
    return this.previewOf(planLsManual(this.env(layer), this.pos(layer, removedId)));
  }
  removeByLeastSquares(layer: number, removedId: number): MergeRecord {
    return this.commit(planLsManual(this.env(layer), this.pos(layer, removedId)));
  }

  /** Applies a given record as the next step (validated against the current model). */
  applyRecord(r: MergeRecord): MergeRecord {
    return this.commit(recordToPlan(this.st, r), r);
  }

  // ---- history ---------------------------------------------------------------

  private syncKeys(): void {
    const L = this.hiddenLayers;
    this.prefix.fill(-1);
    this.lastOn.fill(-1);
    for (let t = this.cursor - 1; t >= 0; t--) {
      const l = this.history.layerAt(t);
      const seq = this.history.seqAt(t);
      if (this.lastOn[l] < 0) this.lastOn[l] = seq;
      for (let k = l + 1; k <= L; k++) if (this.prefix[k] < 0) this.prefix[k] = seq;
      if (this.lastOn.every((s) => s >= 0)) break;
    }
  }

  /** Moves to step t (0 = the original model); the weights are restored bit for bit. */
  jumpTo(t: number): void {
    this.history.jump(this.st, t);
    this.syncKeys();
    this.lastScore.clear();
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
    this.history.truncate();
  }
  /** Back to the original model with an empty history. */
  reset(): void {
    this.jumpTo(0);
    this.truncate();
  }
  /** Replaces the history by `records` replayed on the original model. */
  replay(records: readonly MergeRecord[]): MergeRecord[] {
    this.reset();
    return records.map((r) => this.applyRecord(r));
  }
}
