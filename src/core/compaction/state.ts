/**
 * The network under compaction. Weights stay at their original size, indexed
 * by the neuron's original position; a removed neuron is marked dead and its
 * incoming column, bias and outgoing row are zeroed, so the full-size network
 * computes exactly what the compacted one does. Folding a removal into its
 * heirs is one function (applyPlan), shared by live steps and replay: the same
 * record always gives the same bits.
 */
import { MAX_ABS_WEIGHT } from '../io/limits';
import type { DenseWeights, Mlp } from '../model/mlp';
import { paramCount } from '../model/spec';
import type { MlpSpec } from '../model/spec';
import type { FineTuneSettings, MergeRecord, StepPlan } from './types';

export interface NetState {
  /** The original model's spec (original widths). */
  spec: MlpSpec;
  /** Full-size weights; dead neurons' rows and columns are zero. */
  layers: DenseWeights[];
  /** Per hidden layer: 1 = alive. */
  alive: Uint8Array[];
  aliveCount: number[];
  /** Per hidden layer: the stable id of each position. */
  ids: Int32Array[];
  posOf: Map<number, number>[];
}

export function defaultNeuronIds(m: Mlp): number[][] {
  return m.layers.slice(0, -1).map((l) => Array.from({ length: l.outSize }, (_, i) => i));
}

export function createState(m: Mlp, neuronIds: number[][] = defaultNeuronIds(m)): NetState {
  const hidden = m.layers.length - 1;
  if (hidden < 1) throw new Error('the model has no hidden layer');
  if (neuronIds.length !== hidden) throw new Error(`${neuronIds.length} id lists for ${hidden} hidden layers`);
  const ids = neuronIds.map((list, l) => {
    if (list.length !== m.layers[l].outSize) throw new Error(`hidden layer ${l} has ${m.layers[l].outSize} neurons but ${list.length} ids`);
    return Int32Array.from(list);
  });
  const posOf = ids.map((list, l) => {
    const map = new Map<number, number>();
    list.forEach((id, p) => {
      if (map.has(id)) throw new Error(`neuron id ${id} appears twice in hidden layer ${l}`);
      map.set(id, p);
    });
    return map;
  });
  return {
    spec: { ...m.spec, hidden: m.layers.slice(0, -1).map((l) => l.outSize) },
    layers: m.layers.map((l) => ({ inSize: l.inSize, outSize: l.outSize, W: l.W.slice(), b: l.b.slice() })),
    alive: ids.map((list) => new Uint8Array(list.length).fill(1)),
    aliveCount: ids.map((list) => list.length),
    ids,
    posOf,
  };
}

export function hiddenCount(st: NetState): number {
  return st.alive.length;
}

/** Current widths, input to output. */
export function stateWidths(st: NetState): number[] {
  return [st.layers[0].inSize, ...st.aliveCount, st.layers[st.layers.length - 1].outSize];
}

export function stateParams(st: NetState): number {
  return paramCount(stateWidths(st));
}

/** Parameters saved by removing one neuron of hidden layer l. */
export function paramsPerNeuron(st: NetState, l: number): number {
  const w = stateWidths(st);
  return w[l] + 1 + w[l + 2];
}

/** Alive positions of hidden layer l, ascending. */
export function alivePositions(st: NetState, l: number): Int32Array {
  const a = st.alive[l];
  const out = new Int32Array(st.aliveCount[l]);
  let o = 0;
  for (let p = 0; p < a.length; p++) if (a[p]) out[o++] = p;
  return out;
}

/** The compacted model (alive neurons only, in original order) and its neuron ids. */
export function materialize(st: NetState): { mlp: Mlp; neuronIds: number[][] } {
  const keep = st.alive.map((_, l) => alivePositions(st, l));
  const layers = st.layers.map((L, k) => {
    const rows = k === 0 ? null : keep[k - 1];
    const cols = k === st.layers.length - 1 ? null : keep[k];
    const inSize = rows ? rows.length : L.inSize;
    const outSize = cols ? cols.length : L.outSize;
    const W = new Float32Array(inSize * outSize);
    const b = new Float32Array(outSize);
    for (let r = 0; r < inSize; r++) {
      const src = (rows ? rows[r] : r) * L.outSize;
      const dst = r * outSize;
      if (cols) for (let c = 0; c < outSize; c++) W[dst + c] = L.W[src + cols[c]];
      else W.set(L.W.subarray(src, src + outSize), dst);
    }
    for (let c = 0; c < outSize; c++) b[c] = L.b[cols ? cols[c] : c];
    return { inSize, outSize, W, b };
  });
  return {
    mlp: { spec: { ...st.spec, hidden: keep.map((k) => k.length) }, layers },
    neuronIds: keep.map((k, l) => Array.from(k, (p) => st.ids[l][p])),
  };
}

/**
 * The full-size weights of a compacted model (materialize's inverse): the
 * alive neurons' weights from `compact`, zero for the dead neurons' rows and
 * columns. `compact` has the shape materialize(st).mlp has.
 */
export function scatter(st: NetState, compact: Mlp): { W: Float32Array[]; b: Float32Array[] } {
  const keep = st.alive.map((_, l) => alivePositions(st, l));
  const W: Float32Array[] = [];
  const b: Float32Array[] = [];
  st.layers.forEach((L, k) => {
    const rows = k === 0 ? null : keep[k - 1];
    const cols = k === st.layers.length - 1 ? null : keep[k];
    const c = compact.layers[k];
    const w = new Float32Array(L.inSize * L.outSize);
    const bias = new Float32Array(L.outSize);
    for (let r = 0; r < c.inSize; r++) {
      const dst = (rows ? rows[r] : r) * L.outSize;
      const src = r * c.outSize;
      if (cols) for (let q = 0; q < c.outSize; q++) w[dst + cols[q]] = c.W[src + q];
      else w.set(c.W.subarray(src, src + c.outSize), dst);
    }
    for (let q = 0; q < c.outSize; q++) bias[cols ? cols[q] : q] = c.b[q];
    W.push(w);
    b.push(bias);
  });
  return { W, b };
}

/**
 * Throws unless `trained` can be the network of widths `widths` after a
 * fine-tune: the same layer sizes, every weight and bias finite and within
 * MAX_ABS_WEIGHT (a run that diverged is refused), finite settings.
 */
export function checkFineTuned(widths: readonly number[], trained: Mlp, settings: FineTuneSettings): void {
  const got = [trained.layers[0]?.inSize, ...trained.layers.map((l) => l.outSize)];
  if (got.length !== widths.length || got.some((w, k) => w !== widths[k])) {
    throw new Error(`the fine-tuned model is ${got.join('-')}, but the model under compaction is ${widths.join('-')}`);
  }
  trained.layers.forEach((l, k) => {
    if (k > 0 && l.inSize !== trained.layers[k - 1].outSize) throw new Error(`dense layer ${k} of the fine-tuned model takes ${l.inSize} inputs`);
    for (const [what, xs, n] of [['weight', l.W, l.inSize * l.outSize], ['bias', l.b, l.outSize]] as const) {
      if (xs.length !== n) throw new Error(`dense layer ${k} of the fine-tuned model has ${xs.length} ${what}s, not ${n}`);
      for (let i = 0; i < xs.length; i++) {
        if (!(Math.abs(xs[i]) <= MAX_ABS_WEIGHT)) throw new Error(`the fine-tune diverged: dense layer ${k} has a ${what} of ${xs[i]} (beyond ±${MAX_ABS_WEIGHT})`);
      }
    }
  });
  for (const [name, v] of Object.entries(settings)) if (!Number.isFinite(v)) throw new Error(`fine-tune setting ${name} is not a number`);
}

export interface Snapshot {
  W: Float32Array[];
  b: Float32Array[];
  alive: Uint8Array[];
}

export function snapshot(st: NetState): Snapshot {
  return { W: st.layers.map((l) => l.W.slice()), b: st.layers.map((l) => l.b.slice()), alive: st.alive.map((a) => a.slice()) };
}

export function restore(st: NetState, s: Snapshot): void {
  st.layers.forEach((l, k) => {
    l.W.set(s.W[k]);
    l.b.set(s.b[k]);
  });
  st.alive.forEach((a, l) => {
    a.set(s.alive[l]);
    let n = 0;
    for (let p = 0; p < a.length; p++) n += a[p];
    st.aliveCount[l] = n;
  });
}

/** Rough work of applying a plan, in multiply-adds (for checkpoint spacing). */
export function planWork(st: NetState, p: StepPlan): number {
  return (p.heirs.length + 2) * st.layers[p.layer + 1].outSize + st.layers[p.layer].inSize;
}

/**
 * Folds the removed neuron into its heirs and deletes it:
 * W[h] += coef_h * W[j] for each heir h, b_next += biasCoef * W[j], then zero
 * j's incoming column, bias and outgoing row. Products are formed in double
 * precision and stored as float32.
 */
export function applyPlan(st: NetState, p: StepPlan): void {
  const l = p.layer;
  const j = p.removed;
  const inL = st.layers[l];
  const next = st.layers[l + 1];
  const m = next.outSize;
  const W = next.W;
  const rj = j * m;
  for (let h = 0; h < p.heirs.length; h++) {
    const c = p.coefs[h];
    const rh = p.heirs[h] * m;
    for (let k = 0; k < m; k++) W[rh + k] += c * W[rj + k];
  }
  if (p.biasCoef !== 0) for (let k = 0; k < m; k++) next.b[k] += p.biasCoef * W[rj + k];
  W.fill(0, rj, rj + m);
  const n = inL.outSize;
  for (let r = 0; r < inL.inSize; r++) inL.W[r * n + j] = 0;
  inL.b[j] = 0;
  st.alive[l][j] = 0;
  st.aliveCount[l]--;
}

/** Checks that a plan can be applied (layer, alive removed neuron, alive distinct heirs, finite numbers). */
export function checkPlan(st: NetState, p: StepPlan): void {
  const L = hiddenCount(st);
  if (!Number.isInteger(p.layer) || p.layer < 0 || p.layer >= L) throw new Error(`layer ${p.layer} is not a hidden layer (0..${L - 1})`);
  const alive = st.alive[p.layer];
  if (!alive[p.removed]) throw new Error(`neuron ${st.ids[p.layer][p.removed]} of layer ${p.layer} is not alive`);
  if (st.aliveCount[p.layer] <= 1) throw new Error(`layer ${p.layer} has one neuron left; it cannot be removed`);
  const seen = new Set<number>();
  p.heirs.forEach((h, k) => {
    if (h === p.removed || !alive[h] || seen.has(h)) throw new Error(`heir ${st.ids[p.layer][h]} of layer ${p.layer} is not a distinct alive survivor`);
    if (!Number.isFinite(p.coefs[k])) throw new Error(`heir ${st.ids[p.layer][h]} has a non-finite coefficient`);
    seen.add(h);
  });
  if (!Number.isFinite(p.biasCoef)) throw new Error('the bias coefficient is not finite');
}

/** A record (ids) as a plan (positions), validated against the current state. */
export function recordToPlan(st: NetState, r: MergeRecord): StepPlan {
  const L = hiddenCount(st);
  if (!Number.isInteger(r.layer) || r.layer < 0 || r.layer >= L) throw new Error(`record layer ${r.layer} is not a hidden layer (0..${L - 1})`);
  const pos = st.posOf[r.layer];
  const at = (id: number) => {
    const p = pos.get(id);
    if (p === undefined) throw new Error(`layer ${r.layer} has no neuron with id ${id}`);
    return p;
  };
  const plan: StepPlan = {
    method: r.method,
    layer: r.layer,
    removed: at(r.removedId),
    heirs: Int32Array.from(r.heirs, (h) => at(h.id)),
    coefs: Float64Array.from(r.heirs, (h) => h.coef),
    biasCoef: r.biasCoef,
    cost: r.cost,
    relCost: r.relCost,
  };
  checkPlan(st, plan);
  return plan;
}

/** The record of a plan; paramsAfter is the count once the plan is applied. */
export function planToRecord(st: NetState, p: StepPlan, paramsAfter: number): MergeRecord {
  const ids = st.ids[p.layer];
  const rec: MergeRecord = {
    method: p.method,
    layer: p.layer,
    removedId: ids[p.removed],
    heirs: Array.from(p.heirs, (h, k) => ({ id: ids[h], coef: p.coefs[k] })),
    biasCoef: p.biasCoef,
    cost: p.cost,
    paramsAfter,
  };
  if (p.relCost !== undefined) rec.relCost = p.relCost;
  return rec;
}
