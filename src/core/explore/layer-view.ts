/**
 * Everything the explorer shows about one hidden layer at the current step,
 * computed by the engine (the views only draw it): the neurons' codes,
 * statistics, class profiles, preferred classes, Pearson correlations of the
 * alive neurons, outgoing weight norms, and a display order that puts similar
 * neurons together.
 *
 * Rows are the layer's ORIGINAL neurons (positions); `alive` lists those still
 * in the model. A layer's codes change only when an earlier layer is
 * compacted; until then everything per neuron (statistics, profiles, the
 * correlation matrix and the order) is computed once for all positions and a
 * step only subsets it: O(n^2) work, no copy of the codes, and rows keep
 * their places on screen.
 */
import type { CodeStats, LayerCodes } from '../coding';
import { classProfiles, codeStats, correlationMatrixSliced } from '../coding';
import type { Sliced, SliceOptions } from '../sliced';
import { runSliced, runSync } from '../sliced';
import type { CompactionSession } from '../compaction';
import { seriateSliced } from '../layout/seriation';
import { alivePositions } from '../compaction/state';

export interface LayerView {
  layer: number;
  /** Codes of every original neuron (row p = position p), neuron-major. */
  codes: LayerCodes;
  /** Stable id of every position. */
  ids: Int32Array;
  /** Positions still in the model, in the model's order (row k of the current weights). */
  alive: Int32Array;
  /** Display order: alive positions, similar neurons next to each other. */
  order: Int32Array;
  stats: CodeStats;
  /** Mean output per class, positions x numClasses. */
  profiles: Float64Array;
  numClasses: number;
  preferredClass: Int32Array;
  /** Fraction of probe samples on which each position's output is > 0. */
  firingRate: Float64Array;
  /** Pearson r between alive neurons, alive x alive in `alive` order. */
  correlation: Float32Array;
  /** L2 norm of each alive neuron's outgoing weights, in `alive` order. */
  outNorm: Float64Array;
  /** Smallest and largest output in the layer. */
  range: [number, number];
  /**
   * Smallest and largest output over every hidden layer, when asked for (one
   * colour scale for all layers); other layers count as the engine last had them.
   */
  allLayersRange: [number, number] | null;
  /**
   * First hidden layer only (null for the others): its incoming weights from
   * the inputs (inSize x original width, row-major; column p = position p).
   * Nothing ever changes a survivor's weights from the inputs, so these are
   * the original model's.
   */
  incoming: { W: Float32Array; inSize: number; outSize: number } | null;
}

interface PerCodes {
  /** The engine's codes object these were computed for (a new one whenever the layer's codes change). */
  codes: LayerCodes;
  stats: CodeStats;
  profiles: Float64Array;
  preferredClass: Int32Array;
  firingRate: Float64Array;
  correlation: Float32Array;
  order: Int32Array;
  range: [number, number];
}

/** Smallest and largest value of a layer's codes. */
function codeRange(codes: LayerCodes): [number, number] {
  const v = codes.values;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return v.length ? [lo, hi] : [0, 1];
}

/** Per row of a rows x K matrix, the column of its largest entry (ties to the lowest). */
function argmaxRows(m: Float64Array, rows: number, K: number): Int32Array {
  const out = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    let best = 0;
    for (let k = 1; k < K; k++) if (m[i * K + k] > m[i * K + best]) best = k;
    out[i] = best;
  }
  return out;
}

export class LayerViewCache {
  private per: (PerCodes | null)[] = [];
  private readonly ranges = new WeakMap<LayerCodes, [number, number]>();

  private readonly preferred = new WeakMap<LayerCodes, Int32Array>();
  private lastPreferred: (Int32Array | null)[] = [];
  private lastRange: ([number, number] | null)[] = [];

  /**
   * The preferred class (highest mean output) of every position of a hidden
   * layer. For the layer of the last view(), of its codes; for another layer,
   * of its codes when the engine has them up to date, else as last known
   * (null before the first time).
   */
  preferredClasses(session: CompactionSession, layer: number): Int32Array | null {
    const per = this.per[layer];
    // Another layer's codes only when the engine holds them up to date (no work for a side figure). Reading
    // them anyway would change no result (the engine's caches hold the same bits whenever they are read).
    const codes = session.codesIfCurrent(layer);
    if (per && (!codes || per.codes === codes)) return (this.lastPreferred[layer] = per.preferredClass);
    if (!codes) return this.lastPreferred[layer] ?? null;
    let p = this.preferred.get(codes);
    if (!p) {
      p = argmaxRows(classProfiles(codes, this.labels, this.numClasses), codes.width, this.numClasses);
      this.preferred.set(codes, p);
    }
    return (this.lastPreferred[layer] = p);
  }

  private rangeOf(codes: LayerCodes): [number, number] {
    let r = this.ranges.get(codes);
    if (!r) {
      r = codeRange(codes);
      this.ranges.set(codes, r);
    }
    return r;
  }

  constructor(
    private readonly labels: Uint8Array,
    private readonly numClasses: number,
  ) {}

  private perCodes(codes: LayerCodes, layer: number): PerCodes {
    const have = this.per[layer];
    if (have && have.codes === codes) return have;
    const per = runSync(this.perCodesSliced(codes));
    this.per[layer] = per;
    return per;
  }

  /**
   * Computes, in slices, what view() would compute for the layer's current
   * codes (the correlation matrix is the long part). A change to the session
   * meanwhile cancels it. Resolves to whether it ran to the end.
   */
  async prepare(session: CompactionSession, layer: number, o: Omit<SliceOptions, 'signal'> = {}): Promise<boolean> {
    const signal = session.changeSignal;
    try {
      return await runSliced(this.prepareSliced(session, layer), { ...o, signal });
    } catch (e) {
      if (signal.aborted) return false;
      throw e;
    }
  }

  /**
   * prepare() as a sliced computation (see sliced.ts): the layer's codes
   * (brought up to date in slices by the engine), what view() computes from
   * them, and the preferred classes of the other layers whose codes the
   * engine holds up to date (what preferredClasses() reads). Returns false,
   * keeping nothing, when the session changed meanwhile.
   */
  *prepareSliced(session: CompactionSession, layer: number): Sliced<boolean> {
    const signal = session.changeSignal;
    const codes = yield* session.codesSliced(layer);
    if (this.per[layer]?.codes !== codes) {
      const per = yield* this.perCodesSliced(codes);
      if (signal.aborted) return false;
      this.per[layer] = per;
    }
    for (let l = 0; l < session.hiddenLayers; l++) {
      const other = session.codesIfCurrent(l);
      if (l === layer || !other || this.preferred.has(other)) continue;
      yield;
      if (signal.aborted) return false;
      this.preferred.set(other, argmaxRows(classProfiles(other, this.labels, this.numClasses), other.width, this.numClasses));
    }
    return !signal.aborted;
  }

  private *perCodesSliced(codes: LayerCodes): Sliced<PerCodes> {
    const { count: N, width: n, values } = codes;
    const stats = codeStats(codes);
    yield;
    const profiles = classProfiles(codes, this.labels, this.numClasses);
    yield;
    const preferredClass = argmaxRows(profiles, n, this.numClasses);
    yield;
    const firingRate = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let on = 0;
      for (let k = i * N, e = k + N; k < e; k++) if (values[k] > 0) on++;
      firingRate[i] = N ? on / N : 0;
    }
    yield;
    const correlation = yield* correlationMatrixSliced(codes, stats);
    yield;
    return {
      codes,
      stats,
      profiles,
      preferredClass,
      firingRate,
      correlation,
      order: yield* seriateSliced(correlation, n),
      range: this.rangeOf(codes),
    };
  }

  /** `allLayers`: also the range over every hidden layer (see allLayersRange). */
  view(session: CompactionSession, layer: number, o: { allLayers?: boolean } = {}): LayerView {
    const codes = session.env(layer).codes();
    const per = this.perCodes(codes, layer);
    const n = codes.width;
    const ids = Int32Array.from(session.originalIds[layer]);
    const st = session.state;
    const alive = alivePositions(st, layer);
    const isAlive = st.alive[layer];
    const order = per.order.filter((p) => isAlive[p] === 1);
    const m = alive.length;
    const correlation = new Float32Array(m * m);
    for (let a = 0; a < m; a++) {
      const row = alive[a] * n;
      for (let b = 0; b < m; b++) correlation[a * m + b] = per.correlation[row + alive[b]];
    }
    // Outgoing weights: full rows of the next layer (dead neurons' columns are zero).
    const next = st.layers[layer + 1];
    const outNorm = new Float64Array(m);
    for (let a = 0; a < m; a++) {
      let s = 0;
      for (let k = alive[a] * next.outSize, e = k + next.outSize; k < e; k++) s += next.W[k] ** 2;
      outNorm[a] = Math.sqrt(s);
    }
    const inc = session.original.layers[layer];
    let allLayersRange: [number, number] | null = null;
    if (o.allLayers) {
      allLayersRange = [Infinity, -Infinity];
      for (let l = 0; l < session.hiddenLayers; l++) {
        const side = l === layer ? null : session.codesIfCurrent(l);
        const r = l === layer ? per.range : side ? this.rangeOf(side) : (this.lastRange[l] ?? this.per[l]?.range ?? null);
        if (!r) continue;
        this.lastRange[l] = r;
        allLayersRange = [Math.min(allLayersRange[0], r[0]), Math.max(allLayersRange[1], r[1])];
      }
    }
    return {
      layer,
      codes,
      ids,
      alive,
      order,
      stats: per.stats,
      profiles: per.profiles,
      numClasses: this.numClasses,
      preferredClass: per.preferredClass,
      firingRate: per.firingRate,
      correlation,
      outNorm,
      range: per.range,
      allLayersRange,
      incoming: layer === 0 ? { W: inc.W, inSize: inc.inSize, outSize: inc.outSize } : null,
    };
  }
}
