/**
 * The session's cache keys and per-layer caches.
 *
 * prefix[l] is the seq of the last applied step on a layer < l (-1 if none):
 * layer l's codes depend only on those steps, so data computed for a key stays
 * valid exactly as long as the key does (also across undo and redo). A layer's
 * structures (inverse Gram, candidate tables) are keyed by prefix[l] and the
 * seq of the last step on layer l, and every step on the layer updates them
 * in place, so they are rebuilt only when an earlier layer changed or the
 * history jumped.
 */
import type { ActivationCache } from './activations';
import type { History } from './history';
import { LayerData } from './layer-data';
import type { LayerEnv, Structure } from './layer-env';
import { METHOD_STRUCTURE } from './planners';
import type { NetState } from './state';
import type { Method, StepPlan } from './types';

export class LayerCaches {
  prefix: number[];
  private readonly lastOn: number[];
  private readonly data: (LayerData | null)[];
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
    this.structs = Array.from({ length: L }, () => new Map());
  }

  private structKey(l: number): string {
    return `${this.prefix[l]}:${this.lastOn[l]}`;
  }

  /** Codes, statistics and Gram matrix of layer l for the current state. */
  layerData(l: number): LayerData {
    this.probe.ensure(this.st, l);
    const d = this.data[l];
    if (d && d.key === this.prefix[l] && d.version === this.probe.version[l]) return d;
    const nd = new LayerData(this.prefix[l], this.probe.version[l], { count: this.probe.N, width: this.st.alive[l].length, values: this.probe.X[l] });
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

  env(l: number, remainingHint?: number): LayerEnv {
    const L = this.st.alive.length;
    if (!Number.isInteger(l) || l < 0 || l >= L) throw new Error(`layer ${l} is not a hidden layer (0..${L - 1})`);
    const self = this;
    return {
      st: this.st,
      layer: l,
      seed: this.seed,
      N: this.probe.N,
      remainingHint,
      codes: () => self.layerData(l).codes,
      stats: () => self.layerData(l).stats(self.st, l),
      gram: () => self.layerData(l).gram(self.st, l),
      gramSliced: () => self.layerData(l).gramSliced(self.st, l),
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

  /** Whether layer l holds a structure of this name for its current state (env.structure would reuse it). */
  hasStructure(l: number, name: string): boolean {
    return this.structs[l].get(name)?.key === this.structKey(l);
  }

  /** Stores a structure built ahead of time for the current state of layer l. */
  putStructure(l: number, name: string, value: Structure): void {
    this.structs[l].set(name, { key: this.structKey(l), value });
  }

  /** Whether a method's per-layer structure is current. */
  isFresh(method: Method, l: number): boolean {
    const name = METHOD_STRUCTURE[method];
    if (!name) return true;
    const d = this.data[l];
    return this.structs[l].get(name)?.key === this.structKey(l) && d?.key === this.prefix[l] && d.version === this.probe.version[l];
  }

  /** Before a plan is applied: current structures of its layer drop the removed neuron, stale ones go. */
  beforeStep(p: StepPlan): void {
    const l = p.layer;
    const key = this.structKey(l);
    for (const [name, s] of this.structs[l]) {
      if (s.key === key) s.value.remove(p.removed);
      else this.structs[l].delete(name);
    }
  }

  /** After a plan with this seq was applied: new keys; the layer's structures stay current. */
  afterStep(p: StepPlan, seq: number): void {
    const l = p.layer;
    for (let k = l + 1; k < this.prefix.length; k++) this.prefix[k] = seq;
    this.lastOn[l] = seq;
    const key = this.structKey(l);
    for (const s of this.structs[l].values()) s.key = key;
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
}
