/**
 * The session's cache keys and per-layer caches.
 *
 * prefix[l] is the seq of the last applied step on a layer < l (-1 if none):
 * layer l's codes depend only on those steps (and on the probe cache's
 * version of them, which also changes when a jump revives neurons).
 *
 * Everything here is a function of the sequence of steps and jumps, never of
 * when a reader (a view, a preview) first asks for it:
 * - LayerData (Gram matrix, cost normaliser) is computed over the neurons
 *   alive, and with the next weights, as they were when the layer's codes
 *   were set (a pin, renewed whenever the codes change);
 * - a method's per-layer structure (inverse Gram, candidate table) is, by
 *   definition, built when the layer was "born" (its codes changed, a jump
 *   changed its key, or a step was applied from a record without being
 *   planned here) and updated in place by every later removal in the
 *   layer. It is built when first needed, over the neurons alive at birth,
 *   and the removals since are replayed, so it holds the same bits whether a
 *   preview built it right away or a step did later.
 */
import { indexList } from '../coding/stats';
import type { ActivationCache } from './activations';
import type { History } from './history';
import type { LayerPin } from './layer-data';
import { LayerData } from './layer-data';
import type { LayerEnv, Structure } from './layer-env';
import type { NetState } from './state';
import { alivePositions } from './state';
import type { StepPlan } from './types';

interface Birth {
  id: number;
  /** The neurons alive at birth. */
  alive: Uint8Array;
  /** Positions removed from the layer since, in order. */
  removed: number[];
}

export class LayerCaches {
  prefix: number[];
  private readonly lastOn: number[];
  private readonly data: (LayerData | null)[];
  private readonly pins: (LayerPin | null)[];
  private readonly births: Birth[];
  private nextBirth = 0;
  private jumpKeys: string[] = [];
  private readonly structs: Map<string, { key: string; value: Structure }>[];

  constructor(
    private readonly st: NetState,
    private readonly probe: ActivationCache,
    private readonly seed: number,
  ) {
    const L = st.alive.length;
    this.prefix = new Array<number>(L + 1).fill(-1);
    this.lastOn = new Array<number>(L).fill(-1);
    this.data = new Array<LayerData | null>(L).fill(null);
    this.pins = new Array<LayerPin | null>(L).fill(null);
    this.births = st.alive.map((_, l) => this.newBirth(l));
    this.structs = Array.from({ length: L }, () => new Map());
    this.repin();
  }

  private newBirth(l: number): Birth {
    return { id: this.nextBirth++, alive: this.st.alive[l].slice(), removed: [] };
  }

  /** A structure is current while no birth happened and it has seen every removal since. */
  private structKey(l: number): string {
    const b = this.births[l];
    return `${b.id}:${b.removed.length}`;
  }

  /** What a jump must not leave unchanged for a layer's structures to stay. */
  private stateKey(l: number): string {
    return `${this.prefix[l]}:${this.lastOn[l]}:${this.probe.version[l]}`;
  }

  /** After a change: layers whose codes changed remember the neurons alive and the next weights now (see LayerData). */
  private repin(): void {
    this.pins.forEach((p, l) => {
      const key = this.prefix[l];
      const version = this.probe.version[l];
      if (p && p.key === key && p.version === version) return;
      this.pins[l] = { key, version, alive: this.st.alive[l].slice(), W: null };
    });
  }

  /** Before the next weights of these layers change: pins still reading the live weights get a copy. */
  private pinWeights(layers: readonly number[]): void {
    for (const l of layers) {
      const p = this.pins[l];
      if (p && !p.W) p.W = this.st.layers[l + 1].W.slice();
    }
  }

  /** Codes, statistics and Gram matrix of layer l for the current state. */
  layerData(l: number): LayerData {
    this.probe.ensure(this.st, l);
    const d = this.data[l];
    if (d && d.key === this.prefix[l] && d.version === this.probe.version[l]) return d;
    const nd = new LayerData(this.prefix[l], this.probe.version[l], { count: this.probe.N, width: this.st.alive[l].length, values: this.probe.X[l] }, this.pins[l]!);
    this.data[l] = nd;
    return nd;
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
    return this.makeEnv(l, this.births[l].alive);
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
      gramSliced: () => this.layerData(l).gramSliced(this.st, l, undefined, positions()),
      normZ: () => this.layerData(l).normZ(this.st, l),
      structure: <T extends Structure>(name: string, build: (env: LayerEnv) => T): T => {
        if (at) throw new Error('structures are built from the layer as it is now');
        const key = this.structKey(l);
        const have = this.structs[l].get(name);
        if (have && have.key === key) return have.value as T;
        const value = this.grown(l, build(this.birthEnv(l)));
        this.structs[l].set(name, { key, value });
        return value;
      },
    };
  }

  /** A structure built at the layer's birth, brought up to now by replaying the removals since. */
  private grown<T extends Structure>(l: number, value: T): T {
    for (const p of this.births[l].removed) value.remove(p);
    return value;
  }

  /** Whether layer l holds a structure of this name for its current state (env.structure would reuse it). */
  hasStructure(l: number, name: string): boolean {
    return this.structs[l].get(name)?.key === this.structKey(l);
  }

  /** Stores a structure built ahead of time from birthEnv(l) (the removals since birth are replayed here). */
  putStructure(l: number, name: string, value: Structure): void {
    this.structs[l].set(name, { key: this.structKey(l), value: this.grown(l, value) });
  }

  /** Layer l's birth (a new one whenever its structures must be built anew). */
  birthOf(l: number): number {
    return this.births[l].id;
  }

  /** Before a plan is applied: current structures of its layer drop the removed neuron, stale ones go. */
  beforeStep(p: StepPlan): void {
    const l = p.layer;
    // The step changes the next weights of layer l (its fold) and of layer l - 1 (the removed neuron's incoming column).
    this.pinWeights(l > 0 ? [l - 1, l] : [l]);
    const key = this.structKey(l);
    for (const [name, s] of this.structs[l]) {
      if (s.key === key) s.value.remove(p.removed);
      else this.structs[l].delete(name);
    }
  }

  /**
   * After a plan with this seq was applied: new keys; later layers are born
   * anew. The layer's structures stay current after a step that was planned
   * here; a step applied from a record (replay) makes the layer born anew, so
   * a replayed history builds its structures where it ends, as a jump there
   * would.
   */
  afterStep(p: StepPlan, seq: number, planned = true): void {
    const l = p.layer;
    for (let k = l + 1; k < this.prefix.length; k++) this.prefix[k] = seq;
    this.lastOn[l] = seq;
    if (planned) this.births[l].removed.push(p.removed);
    else this.births[l] = this.newBirth(l);
    const key = this.structKey(l);
    for (const s of this.structs[l].values()) s.key = key;
    for (let k = l + 1; k < this.births.length; k++) this.births[k] = this.newBirth(k);
    this.repin();
  }

  /** Before a jump in the history (it may change any weights). */
  beforeJump(): void {
    this.pinWeights(this.pins.map((_, l) => l));
    this.jumpKeys = this.births.map((_, l) => this.stateKey(l));
  }

  /** Recomputes the keys for the history's cursor (after a jump). */
  sync(h: History): void {
    const L = this.lastOn.length;
    this.prefix.fill(-1);
    this.lastOn.fill(-1);
    for (let t = h.cursor - 1; t >= 0; t--) {
      const l = h.layerAt(t);
      const seq = h.seqAt(t);
      if (this.lastOn[l] < 0) this.lastOn[l] = seq;
      for (let k = l + 1; k <= L; k++) if (this.prefix[k] < 0) this.prefix[k] = seq;
      if (this.lastOn.every((s) => s >= 0)) break;
    }
  }

  /** After a jump, once the activation caches have their new recipes (beforeJump, sync, then this): layers whose key changed are born anew. */
  afterJump(): void {
    this.births.forEach((_, l) => {
      if (this.stateKey(l) !== this.jumpKeys[l]) this.births[l] = this.newBirth(l);
    });
    this.repin();
  }
}
