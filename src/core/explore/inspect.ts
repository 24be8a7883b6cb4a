/**
 * The neuron inspector's queries: everything the explorer shows about one
 * hidden neuron, read from the engine (the views only draw it).
 *
 * - topConnections: the strongest weights of one row or column of a weight matrix;
 * - neuronConnections: a neuron's strongest incoming and outgoing weights in the compacted model;
 * - mostSimilar / partnersByCorrelation: the neurons whose codes correlate most with its own;
 * - digitSummary: its code summed up per digit (mean, range, how often it fires);
 * - heirHistory: the removals it inherited from, with the coefficients it received;
 * - inspectNeuron: all of it, plus what pairwise and least-squares unification
 *   would do with the neuron (the engine's previews), for a session and a layer view.
 *
 * Ties are broken by index, so the same state always gives the same lists.
 */
import { isFineTune, type CompactionSession, type HistoryRecord, type Method, type StepPreview } from '../compaction';
import type { Mlp } from '../model/mlp';
import type { LayerView } from './layer-view';
import type { ClassBand } from './probe-by-class';

/** One weight of a neuron: to or from `id` (a neuron id, a pixel index or an output digit). */
export interface Connection {
  id: number;
  weight: number;
}

/**
 * The k weights of largest magnitude among values[offset + t * stride],
 * t = 0..count-1, labelled ids[t]; strongest first, ties to the lower t.
 */
export function topConnections(values: ArrayLike<number>, offset: number, stride: number, count: number, ids: ArrayLike<number>, k: number): Connection[] {
  const top: { t: number; w: number }[] = [];
  for (let t = 0; t < count; t++) {
    const w = values[offset + t * stride];
    const a = Math.abs(w);
    if (!(a > 0)) continue;
    if (top.length === k && a <= Math.abs(top[k - 1].w)) continue;
    let at = top.length;
    while (at > 0 && Math.abs(top[at - 1].w) < a) at--;
    top.splice(at, 0, { t, w });
    if (top.length > k) top.pop();
  }
  return top.map(({ t, w }) => ({ id: ids[t], weight: w }));
}

export interface NeuronConnections {
  /** The first hidden layer's inputs are pixels (ids: pixel indices, row-major); later layers', the previous layer's neurons. */
  from: 'pixels' | 'neurons';
  incoming: Connection[];
  /** The last hidden layer feeds the output digits (ids: digits); earlier ones, the next layer's neurons. */
  to: 'neurons' | 'digits';
  outgoing: Connection[];
}

/**
 * The strongest incoming and outgoing weights of neuron `id` of hidden layer
 * `layer` in a compacted model (as CompactionSession.current() gives it, with
 * its neuron ids); null when the layer has no such neuron.
 */
export function neuronConnections(mlp: Mlp, neuronIds: readonly (readonly number[])[], layer: number, id: number, k: number): NeuronConnections | null {
  const a = neuronIds[layer]?.indexOf(id) ?? -1;
  if (a < 0) return null;
  const inc = mlp.layers[layer];
  const out = mlp.layers[layer + 1];
  const from = layer === 0 ? 'pixels' : 'neurons';
  const to = layer + 1 === neuronIds.length ? 'digits' : 'neurons';
  const inIds = from === 'pixels' ? Array.from({ length: inc.inSize }, (_, p) => p) : neuronIds[layer - 1];
  const outIds = to === 'digits' ? Array.from({ length: out.outSize }, (_, d) => d) : neuronIds[layer + 1];
  return {
    from,
    incoming: topConnections(inc.W, a, inc.outSize, inc.inSize, inIds, k),
    to,
    outgoing: topConnections(out.W, a * out.outSize, 1, out.outSize, outIds, k),
  };
}

/** A neuron's partner by correlation: its index in the correlation matrix and Pearson r. */
export interface Partner {
  index: number;
  r: number;
}

const absR = (r: number) => (Number.isFinite(r) ? Math.abs(r) : 0);

/** Every other neuron of an m x m correlation matrix, by |r| from row a, strongest first (ties to the lower index). */
export function partnersByCorrelation(correlation: ArrayLike<number>, m: number, a: number): Partner[] {
  const out: Partner[] = [];
  for (let b = 0; b < m; b++) if (b !== a) out.push({ index: b, r: correlation[a * m + b] });
  return out.sort((p, q) => absR(q.r) - absR(p.r) || p.index - q.index);
}

/** The k neurons whose codes correlate most strongly (in magnitude) with neuron a's. */
export function mostSimilar(correlation: ArrayLike<number>, m: number, a: number, k: number): Partner[] {
  return partnersByCorrelation(correlation, m, a).slice(0, k);
}

/** A neuron's code over the probe images of one digit. */
export interface DigitSummary {
  label: string;
  /** Mean, smallest and largest output on the digit's probe images. */
  mean: number;
  min: number;
  max: number;
  /** Fraction of them on which the output is > 0. */
  firing: number;
  count: number;
}

/** A code (one output per probe image, images grouped by digit) summed up per digit band. */
export function digitSummary(code: ArrayLike<number>, bands: readonly ClassBand[]): DigitSummary[] {
  return bands.map((b) => {
    let sum = 0;
    let min = Infinity;
    let max = -Infinity;
    let on = 0;
    for (let s = b.start; s < b.end; s++) {
      const v = code[s];
      sum += v;
      if (v < min) min = v;
      if (v > max) max = v;
      if (v > 0) on++;
    }
    const count = b.end - b.start;
    return { label: b.label, mean: count ? sum / count : 0, min: count ? min : 0, max: count ? max : 0, firing: count ? on / count : 0, count };
  });
}

/** A removal a neuron inherited from. */
export interface HeirEvent {
  /** The step (1 = the first applied step). */
  step: number;
  method: Method;
  removedId: number;
  /** What it received: W[it] += coef * W[removed]. */
  coef: number;
  /** How many heirs the removal had, and this neuron's place among them by |coef| (1 = the largest share). */
  heirs: number;
  rank: number;
}

/** The removals of hidden layer `layer` that neuron `id` was an heir of (with a coefficient other than 0), in step order. */
export function heirHistory(records: readonly HistoryRecord[], layer: number, id: number): HeirEvent[] {
  const out: HeirEvent[] = [];
  records.forEach((r, t) => {
    // A fine-tune changes every weight but hands nothing over: it is not an inheritance.
    if (isFineTune(r) || r.layer !== layer) return;
    const mine = r.heirs.find((h) => h.id === id);
    if (!mine || mine.coef === 0) return;
    const rank = 1 + r.heirs.filter((h) => Math.abs(h.coef) > Math.abs(mine.coef)).length;
    out.push({ step: t + 1, method: r.method, removedId: r.removedId, coef: mine.coef, heirs: r.heirs.length, rank });
  });
  return out;
}

/** Everything the inspector shows about one neuron at the current step. */
export interface NeuronInspection {
  layer: number;
  id: number;
  /** Its row (position) in the layer view's codes. */
  position: number;
  preferredClass: number;
  mean: number;
  variance: number;
  constant: boolean;
  /** Fraction of probe images it fires on (output > 0). */
  firingRate: number;
  /** Norm of its outgoing weights. */
  outNorm: number;
  digits: DigitSummary[];
  connections: NeuronConnections;
  /** Its most similar neurons (ids and r). */
  similar: { id: number; r: number }[];
  /** Every other alive neuron of the layer by |r| (the partners "unify into…" offers). */
  partners: { id: number; r: number }[];
  /** Pairwise unification: its cheapest heir (the most correlated partner) and the engine's preview (null when the engine cannot tell). */
  pair: { heirId: number; preview: StepPreview } | null;
  /** Least-squares unification: the engine's preview of removing it (null when the engine cannot tell). */
  ls: StepPreview | null;
  /** Why pair or ls is null (for instance: the last neuron of its layer). */
  previewNote: string | null;
  history: HeirEvent[];
}

export interface InspectOptions {
  /** How many connections and similar neurons to list (default 6). */
  top?: number;
}

/**
 * What the inspector shows about neuron `id` of the view's layer, or null
 * when that neuron is not alive there. The previews come from the engine
 * (previewUnify with its most correlated partner, the cheapest pairwise heir;
 * previewRemoveByLeastSquares); they change nothing. `bands` group the probe images by digit (the view's codes are in
 * that order).
 */
export function inspectNeuron(session: CompactionSession, view: LayerView, bands: readonly ClassBand[], id: number, o: InspectOptions = {}): NeuronInspection | null {
  const k = o.top ?? 6;
  const layer = view.layer;
  const p = Array.prototype.indexOf.call(view.ids, id) as number;
  const a = p >= 0 ? view.alive.indexOf(p) : -1;
  if (a < 0) return null;
  const m = view.alive.length;
  const N = view.codes.count;
  const { mlp, neuronIds } = session.current();
  const connections = neuronConnections(mlp, neuronIds, layer, id, k);
  if (!connections) return null;
  const idOf = (b: number) => view.ids[view.alive[b]];
  const partners = partnersByCorrelation(view.correlation, m, a).map((q) => ({ id: idOf(q.index), r: q.r }));

  let pair: NeuronInspection['pair'] = null;
  let ls: StepPreview | null = null;
  let previewNote: string | null = null;
  if (m < 2) previewNote = 'It is the last neuron of its layer: nothing can take over its job.';
  else if (session.isRunning) previewNote = 'A run to the target is under way.';
  else {
    try {
      // The cheapest pairwise heir is the partner of largest |r| (RSS(j|i) = S_jj·(1 − r_ij²); see pair-candidates.ts).
      pair = { heirId: partners[0].id, preview: session.previewUnify(layer, id, partners[0].id) };
      ls = session.previewRemoveByLeastSquares(layer, id);
    } catch (e) {
      previewNote = `The engine could not preview its removal: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  return {
    layer,
    id,
    position: p,
    preferredClass: view.preferredClass[p],
    mean: view.stats.mean[p],
    variance: view.stats.variance[p],
    constant: view.stats.constant[p] === 1,
    firingRate: view.firingRate[p],
    outNorm: view.outNorm[a],
    digits: digitSummary(view.codes.values.subarray(p * N, (p + 1) * N), bands),
    connections,
    similar: partners.slice(0, k),
    partners,
    pair,
    ls,
    previewNote,
    history: heirHistory(session.appliedRecords(), layer, id),
  };
}
