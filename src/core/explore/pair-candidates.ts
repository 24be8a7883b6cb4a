/**
 * Candidate merges of one hidden layer, for the pair list:
 *
 * - "next": what the current method would remove next. The engine previews
 *   only its very next step cheaply, so the list holds that step and, for
 *   the other candidates, each as if it were the next step: for least-squares
 *   unification every neuron's removal (previewRemoveByLeastSquares), for the
 *   other methods the most promising pairs by the engine's pairwise cost
 *   (previewUnify). For a neuron j, the pairwise cost RSS(j|i)·‖W[j]‖² with
 *   RSS(j|i) = S_jj·(1 − r_ij²) is smallest for the partner i of largest
 *   |r_ij|, and var_j·(1 − r_ij²)·‖W[j]‖² orders the neurons as that cost
 *   does; the engine previews the most promising few by that order (with
 *   room to spare for rounding) and its own costs rank them.
 * - "correlated": the most correlated pairs of the layer, each previewed in
 *   the cheaper direction.
 *
 * Costs, coefficients and parameter counts are the engine's; correlations
 * are the layer view's. Ties are broken by position, so the lists are stable.
 */
import type { CompactionSession, Method, StepPreview } from '../compaction';
import { runSync, type Sliced } from '../sliced';
import type { LayerView } from './layer-view';

/** One candidate removal, as the pair list shows it. */
export interface PairRow {
  /** Unique within a list: kind, layer, removed and heir ids. */
  key: string;
  /** pair: unify removedId into heirId; ls: remove removedId by least squares; step: the method's next step. */
  kind: 'pair' | 'ls' | 'step';
  method: Method;
  layer: number;
  removedId: number;
  /** The heir (pair), the heir with the largest |coefficient| (ls, step), or null (a step without heirs). */
  heirId: number | null;
  heirCount: number;
  /** The heir's coefficient (x_removed ≈ coef · x_heir + …). */
  coef: number | null;
  /** Pearson r of the removed neuron's and the heir's codes (null when the view does not show that layer). */
  r: number | null;
  cost: number;
  relCost: number | null;
  /** Parameters the removal saves. */
  saved: number;
  paramsAfter: number;
  /** It is the engine's next step of the current method. */
  next: boolean;
  preview: StepPreview;
}

export type PairSortKey = 'cost' | 'correlation' | 'saved';

export interface PairCandidates {
  layer: number;
  method: Method;
  next: PairRow[];
  correlated: PairRow[];
}

const absR = (r: number | null) => (r !== null && Number.isFinite(r) ? Math.abs(r) : 0);

/**
 * The k most correlated pairs (a < b) of an m x m correlation matrix, by
 * |r|, strongest first; ties to the lower (a, b).
 */
export function correlatedPairs(correlation: ArrayLike<number>, m: number, k: number): { a: number; b: number; r: number }[] {
  const top: { a: number; b: number; r: number }[] = [];
  if (k <= 0) return top;
  for (let a = 0; a < m; a++) {
    for (let b = a + 1; b < m; b++) {
      const r = correlation[a * m + b];
      const v = absR(r);
      if (top.length === k && v <= absR(top[k - 1].r)) continue;
      let at = top.length;
      while (at > 0 && absR(top[at - 1].r) < v) at--;
      top.splice(at, 0, { a, b, r });
      if (top.length > k) top.pop();
    }
  }
  return top;
}

/** For every neuron of an m x m correlation matrix, the other one of largest |r| (ties to the lower index); -1 when m < 2. */
export function bestPartners(correlation: ArrayLike<number>, m: number): Int32Array {
  const out = new Int32Array(m).fill(-1);
  for (let a = 0; a < m; a++) {
    let best = -1;
    let bv = -1;
    for (let b = 0; b < m; b++) {
      if (b === a) continue;
      const v = absR(correlation[a * m + b]);
      if (v > bv) {
        bv = v;
        best = b;
      }
    }
    out[a] = best;
  }
  return out;
}

/** Rows sorted by cost (cheapest first), |correlation| (strongest first) or saved parameters (most first); ties by cost, then ids. */
export function sortPairs<T extends Pick<PairRow, 'cost' | 'r' | 'saved' | 'removedId' | 'heirId' | 'layer'>>(rows: readonly T[], key: PairSortKey): T[] {
  const tie = (p: T, q: T) => p.cost - q.cost || p.layer - q.layer || p.removedId - q.removedId || (p.heirId ?? -1) - (q.heirId ?? -1);
  const by: Record<PairSortKey, (p: T, q: T) => number> = {
    cost: tie,
    correlation: (p, q) => absR(q.r) - absR(p.r) || tie(p, q),
    saved: (p, q) => q.saved - p.saved || tie(p, q),
  };
  return [...rows].sort(by[key]);
}

/** The heir with the largest |coefficient| (first on ties). */
function strongestHeir(p: StepPreview): { id: number; coef: number } | null {
  let best: { id: number; coef: number } | null = null;
  for (const h of p.heirs) if (!best || Math.abs(h.coef) > Math.abs(best.coef)) best = h;
  return best;
}

function rowOf(kind: PairRow['kind'], preview: StepPreview, params: number, r: number | null, next = false): PairRow {
  const heir = strongestHeir(preview);
  return {
    key: `${kind}:${preview.layer}:${preview.removedId}:${heir?.id ?? '-'}`,
    kind,
    method: preview.method,
    layer: preview.layer,
    removedId: preview.removedId,
    heirId: heir?.id ?? null,
    heirCount: preview.heirs.length,
    coef: heir?.coef ?? null,
    r,
    cost: preview.cost,
    relCost: preview.relCost ?? null,
    saved: params - preview.paramsAfter,
    paramsAfter: preview.paramsAfter,
    next,
    preview,
  };
}

/** Whether a row and the method's next step are the same removal. */
function sameRemoval(row: PairRow, next: StepPreview): boolean {
  if (row.layer !== next.layer || row.removedId !== next.removedId || row.method !== next.method) return false;
  return row.kind === 'ls' || strongestHeir(next)?.id === row.heirId;
}

export interface CandidateOptions {
  /** Rows per list (default 12). */
  k?: number;
}

/**
 * The pair list's candidates in the view's layer for `method`, given the
 * engine's next step of that method (`next`, possibly in another layer).
 * Throws what the engine throws (a run under way, a model it cannot handle).
 */
export function candidatePairs(session: CompactionSession, view: LayerView, method: Method, next: StepPreview | null, o: CandidateOptions = {}): PairCandidates {
  return runSync(candidatePairsSliced(session, view, method, next, o));
}

/**
 * candidatePairs in slices (see ../sliced.ts): it yields between the
 * engine's previews, so that a browser can run it without a long task (a
 * layer's least-squares removals are hundreds of previews). The session must
 * not change meanwhile: run it with the session's changeSignal.
 */
export function* candidatePairsSliced(session: CompactionSession, view: LayerView, method: Method, next: StepPreview | null, o: CandidateOptions = {}): Sliced<PairCandidates> {
  const k = o.k ?? 12;
  const layer = view.layer;
  const m = view.alive.length;
  const params = session.params();
  const idOf = (a: number) => view.ids[view.alive[a]];
  const indexOf = new Map<number, number>();
  for (let a = 0; a < m; a++) indexOf.set(idOf(a), a);
  const rOf = (l: number, x: number, y: number | null): number | null => {
    if (l !== layer || y === null) return null;
    const a = indexOf.get(x);
    const b = indexOf.get(y);
    return a === undefined || b === undefined ? null : view.correlation[a * m + b];
  };

  let cheapest: PairRow[] = [];
  if (m >= 2 && method === 'ls') {
    for (let a = 0; a < m; a++) {
      const p = session.previewRemoveByLeastSquares(layer, idOf(a));
      const heir = strongestHeir(p);
      cheapest.push(rowOf('ls', p, params, rOf(layer, p.removedId, heir?.id ?? null)));
      if (a % 8 === 7) yield;
    }
  } else if (m >= 2) {
    const partner = bestPartners(view.correlation, m);
    const promise = Array.from({ length: m }, (_, a) => {
      const r = view.correlation[a * m + partner[a]];
      const r2 = Number.isFinite(r) ? r * r : 0;
      return { a, score: view.stats.variance[view.alive[a]] * Math.max(0, 1 - r2) * view.outNorm[a] ** 2 };
    });
    promise.sort((x, y) => x.score - y.score || x.a - y.a);
    yield;
    for (const { a } of promise.slice(0, Math.max(3 * k, k + 10))) {
      cheapest.push(rowOf('pair', session.previewUnify(layer, idOf(a), idOf(partner[a])), params, view.correlation[a * m + partner[a]]));
    }
  }
  yield;
  cheapest = sortPairs(cheapest, 'cost').slice(0, k);
  if (next) {
    const same = cheapest.findIndex((row) => sameRemoval(row, next));
    if (same >= 0) cheapest[same] = { ...cheapest[same], next: true };
    else {
      const heir = strongestHeir(next);
      const kind = next.method === 'pair' ? 'pair' : next.method === 'ls' ? 'ls' : 'step';
      cheapest.unshift(rowOf(kind, next, params, rOf(next.layer, next.removedId, heir?.id ?? null), true));
    }
  }

  const correlated = correlatedPairs(view.correlation, m, k).map(({ a, b, r }) => {
    const ab = session.previewUnify(layer, idOf(b), idOf(a));
    const ba = session.previewUnify(layer, idOf(a), idOf(b));
    return rowOf('pair', ab.cost <= ba.cost ? ab : ba, params, r);
  });
  return { layer, method, next: cheapest, correlated };
}
