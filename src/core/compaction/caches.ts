/**
 * The session's per-layer caches, keyed by the layer's birth (see
 * lineage.ts): LayerData (codes, statistics, Gram matrix, cost normaliser)
 * and the methods' structures (inverse Gram, candidate tables).
 *
 * Everything here is a function of the history up to the cursor, never of
 * the path to it or of when a reader (a view, a preview, a prepare) first
 * asks for it:
 * - LayerData is computed over the neurons alive, and with the next weights,
 *   as they were at the layer's birth;
 * - a structure is, by definition, built from the layer as it was at its
 *   birth and then told the layer's removals since, in history order. It is
 *   built when first needed and brought up to date by replaying those
 *   removals; when the history it has seen is no longer the cursor's (an
 *   undo, a jump), it starts again from a copy taken when it was built (or
 *   is built again) and replays the removals of the cursor's history.
 * The caches of a layer's previous birth are kept too, so an undo across a
 * step on an earlier layer finds them again.
 */
import type { LayerCodes } from '../coding/codes';
import type { Gram } from '../coding/stats';
import { indexList } from '../coding/stats';
import type { ActivationCache } from './activations';
import type { StateAt } from './activations';
import type { LayerPin } from './layer-data';
import { LayerData } from './layer-data';
import type { LayerEnv, Structure } from './layer-env';
import type { Lineage } from './lineage';
import type { NetState } from './state';
import { alivePositions } from './state';
import type { StepPlan } from './types';
import type { Sliced } from '../sliced';

/** Births of a layer whose caches are kept (the current one included). */
const KEEP_BIRTHS = 2;

/** A structure and how far along the layer's removals it is. */
interface Held {
  value: Structure;
  /** Removals since the birth it has been told. */
  applied: number;
  /** seq of the last of them (-1: none). */
  lastSeq: number;
  /** A copy as built (null when the structure cannot be copied). */
  built: Structure | null;
}

/** The caches of one birth of a layer. */
interface BirthCache extends LayerPin {
  seq: number;
  at: number;
  /** The next layer's weights at the birth: a copy, the live ones, or to be rebuilt from the history. */
  W: Float32Array | 'live' | 'history';
  data: LayerData | null;
  structs: Map<string, Held>;
}

export class LayerCaches {
  /** Per layer: the current birth's caches first, then earlier births'. */
  private readonly kept: BirthCache[][];

  constructor(
    private readonly st: NetState,
    private readonly probe: ActivationCache,
    private readonly seed: number,
    private readonly lin: Lineage,
    private readonly stateAt: StateAt,
  ) {
    this.kept = st.alive.map((_, l) => [this.birthCache(l)]);
  }

  /** The caches of layer l's current birth (new and empty). */
  private birthCache(l: number): BirthCache {
    const b = this.lin.births[l];
    const c: BirthCache = {
      seq: b.seq,
      at: b.at,
      alive: this.lin.aliveAtBirth(this.st, l),
      W: b.nextTouched ? 'history' : 'live',
      data: null,
      structs: new Map(),
      nextWeights: () => {
        if (c.W === 'live') return this.st.layers[l + 1].W;
        if (c.W === 'history') c.W = this.stateAt(c.at).layers[l + 1].W.slice();
        return c.W;
      },
    };
    return c;
  }

  private current(l: number): BirthCache {
    return this.kept[l][0];
  }

  /** Makes layer l's current birth the lineage's (keeping the caches of the previous one). */
  private follow(l: number): void {
    const list = this.kept[l];
    const seq = this.lin.births[l].seq;
    if (list[0].seq === seq) return;
    if (list[0].W === 'live') list[0].W = 'history';
    const i = list.findIndex((c) => c.seq === seq);
    const c = i >= 0 ? list.splice(i, 1)[0] : this.birthCache(l);
    list.unshift(c);
    if (list.length > KEEP_BIRTHS) list.length = KEEP_BIRTHS;
  }

  /** Before the next weights of these layers change: births still reading the live weights get a copy. */
  private pinWeights(layers: readonly number[]): void {
    for (const l of layers) {
      const c = this.current(l);
      if (c.W === 'live') c.W = this.st.layers[l + 1].W.slice();
    }
  }

  /** Codes, statistics and Gram matrix of layer l for the current state. */
  layerData(l: number): LayerData {
    this.probe.ensure(this.st, l);
    const c = this.current(l);
    return (c.data ??= new LayerData(c.seq, { count: this.probe.N, width: this.st.alive[l].length, values: this.probe.X[l] }, c));
  }

  /** layerData() with the probe activations brought up to date in slices first. */
  *layerDataSliced(l: number): Sliced<LayerData> {
    yield* this.probe.ensureSliced(this.st, l);
    return this.layerData(l);
  }

  /** The Gram matrix of layer l's neurons `positions()`, its codes and Gram in slices (a buffer of its own: see LayerData.gramSliced). */
  private *gramSliced(l: number, positions: () => Int32Array): Sliced<Gram> {
    const data = yield* this.layerDataSliced(l);
    return yield* data.gramSliced(this.st, l, undefined, positions());
  }

  /**
   * Layer l's codes if the probe cache already holds them current, else null
   * (no work). Reading them with layerData() would be as harmless (the
   * activation cache's values never depend on when they are read), only
   * slower; views use this for layers they do not show.
   */
  codesIfCurrent(l: number): LayerData['codes'] | null {
    if (!this.probe.isCurrent(l)) return null;
    return this.layerData(l).codes;
  }

  /** The codes of layer l's alive neurons (a copy, neuron-major) and their stable ids. */
  aliveCodes(l: number): { codes: LayerCodes; ids: number[] } {
    this.checkLayer(l);
    const all = this.layerData(l).codes;
    const pos = alivePositions(this.st, l);
    const N = all.count;
    const values = new Float32Array(pos.length * N);
    pos.forEach((p, a) => values.set(all.values.subarray(p * N, (p + 1) * N), a * N));
    return { codes: { count: N, width: pos.length, values }, ids: Array.from(pos, (p) => this.st.ids[l][p]) };
  }

  private checkLayer(l: number): void {
    const L = this.st.alive.length;
    if (!Number.isInteger(l) || l < 0 || l >= L) throw new Error(`layer ${l} is not a hidden layer (0..${L - 1})`);
  }

  /** The layer as methods see it now. */
  env(l: number, remainingHint?: number): LayerEnv {
    this.checkLayer(l);
    return this.makeEnv(l, null, remainingHint);
  }

  /** The layer as it was at its birth (its Gram over the neurons alive then): what structures are built from. */
  birthEnv(l: number): LayerEnv {
    this.checkLayer(l);
    return this.makeEnv(l, this.current(l).alive);
  }

  private makeEnv(l: number, at: Uint8Array | null, remainingHint?: number): LayerEnv {
    const positions = () => (at ? indexList(at.length, at) : alivePositions(this.st, l));
    return {
      st: this.st,
      layer: l,
      seed: this.seed,
      N: this.probe.N,
      remainingHint,
      positions,
      codes: () => this.layerData(l).codes,
      stats: () => this.layerData(l).statsOver(at ?? this.st.alive[l]),
      gram: () => this.layerData(l).gram(this.st, l, positions()),
      gramSliced: () => this.gramSliced(l, positions),
      normZ: () => this.layerData(l).normZ(this.st, l),
      // Steps in the layer since its birth zeroed the removed neurons' incoming weights.
      incoming: () => (at && this.lin.births[l].removals.length ? this.stateAt(this.current(l).at) : this.st).layers[l],
      structure: <T extends Structure>(name: string, build: (env: LayerEnv) => T): T => {
        if (at) throw new Error('structures are built from the layer as it is now');
        return this.upToDate(l, name, () => build(this.birthEnv(l))) as T;
      },
    };
  }

  /** Layer l's structure `name` brought up to the cursor (built with `build` when missing). */
  private upToDate(l: number, name: string, build: () => Structure): Structure {
    const structs = this.current(l).structs;
    const removals = this.lin.births[l].removals;
    let h = structs.get(name);
    if (h && !(h.applied <= removals.length && (h.applied === 0 || removals[h.applied - 1].seq === h.lastSeq))) {
      // It has seen removals the cursor's history does not have: start again from the layer's birth.
      h = h.built ? { value: h.built.clone!(), applied: 0, lastSeq: -1, built: h.built } : undefined;
    }
    if (!h) h = this.held(build());
    for (; h.applied < removals.length; h.applied++) h.value.remove(removals[h.applied].plan.removed);
    h.lastSeq = removals.length ? removals[removals.length - 1].seq : -1;
    structs.set(name, h);
    return h.value;
  }

  private held(value: Structure): Held {
    return { value, applied: 0, lastSeq: -1, built: value.clone ? value.clone() : null };
  }

  /** Whether layer l holds a structure of this name for its current birth (env.structure would not build it). */
  hasStructure(l: number, name: string): boolean {
    return this.current(l).structs.has(name);
  }

  /** Stores a structure built ahead of time from birthEnv(l) (the removals since birth are replayed when it is used). */
  putStructure(l: number, name: string, value: Structure): void {
    this.current(l).structs.set(name, this.held(value));
  }

  /** Layer l's birth: the seq of the step after which its codes were set (-1: the original model's). */
  birthOf(l: number): number {
    return this.current(l).seq;
  }

  /** Before a plan is applied: the next weights it changes are copied where a birth still reads them live. */
  beforeStep(p: StepPlan): void {
    const l = p.layer;
    // The step changes the next weights of layer l (its fold) and of layer l - 1 (the removed neuron's incoming column).
    this.pinWeights(l > 0 ? [l - 1, l] : [l]);
  }

  /**
   * After a step was applied (and recorded in the lineage): structures of its
   * layer that had seen every earlier removal drop the removed neuron now;
   * later layers are born anew.
   */
  afterStep(p: StepPlan): void {
    const l = p.layer;
    const removals = this.lin.births[l].removals;
    const n = removals.length;
    for (const h of this.current(l).structs.values()) {
      if (h.applied !== n - 1 || (n > 1 && removals[n - 2].seq !== h.lastSeq)) continue;
      h.value.remove(p.removed);
      h.applied = n;
      h.lastSeq = removals[n - 1].seq;
    }
    for (let k = l + 1; k < this.kept.length; k++) this.follow(k);
  }

  /** Before a fine-tune's weights are put in: every birth reading the live weights will rebuild them from the history. */
  beforeTune(): void {
    this.beforeJump();
  }

  /** After a fine-tune (recorded in the lineage): every layer is born anew. */
  afterTune(): void {
    for (let l = 0; l < this.kept.length; l++) this.follow(l);
  }

  /** Before a jump in the history (it may change any weights). */
  beforeJump(): void {
    for (const list of this.kept) if (list[0].W === 'live') list[0].W = 'history';
  }

  /** After a jump, once the lineage is the new cursor's: every layer follows its birth. */
  afterJump(): void {
    for (let l = 0; l < this.kept.length; l++) {
      this.follow(l);
      const c = this.current(l);
      // A birth kept from before: the live weights may again be its own.
      if (c.W === 'history' && !this.lin.births[l].nextTouched) c.W = 'live';
    }
  }
}
