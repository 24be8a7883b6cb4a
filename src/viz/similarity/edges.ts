/**
 * Which edges the similarity graph draws: pure, over the correlation matrix.
 *
 * Every pair whose |r| reaches the threshold qualifies. Drawing them all
 * makes a tangle in which few edges can be told apart or clicked (at the
 * default threshold, hidden layer 1 of LeNet-300-100 has about 850), so each
 * node keeps only its `perNode` strongest qualifying pairs; an edge is drawn
 * when it is among the strongest of either end. A global cap then keeps the
 * strongest `maxEdges`. Ties are broken by index, so the choice is
 * deterministic.
 */

export interface SelectedEdge {
  /** Row indices of the two ends in the matrix, i < j. */
  i: number;
  j: number;
  /** The correlation (the upper triangle's entry C[i][j]). */
  r: number;
  /** Strength in [0, 1]: |r| relative to the threshold (0 at the threshold, 1 at |r| = 1). */
  w: number;
}

export interface EdgeSelection {
  /** The edges to draw, ordered by (i, j). */
  edges: SelectedEdge[];
  /** Pairs with |r| >= threshold (drawn or not). */
  qualifying: number;
}

export interface EdgeSelectionOptions {
  threshold: number;
  /** Strongest qualifying pairs kept per node (Infinity: all; 0: none). */
  perNode: number;
  /** Cap on the number of edges, keeping the strongest (Infinity: no cap). */
  maxEdges: number;
}

/** Stronger first; among equals, the lower index first. */
function strongerFirst(absR: Float64Array, idx: Int32Array, count: number, keep: number): void {
  // Partial selection sort: the list per node is short (a few hundred at most) and keep is small.
  for (let a = 0; a < Math.min(keep, count); a++) {
    let best = a;
    for (let b = a + 1; b < count; b++) {
      if (absR[b] > absR[best] || (absR[b] === absR[best] && idx[b] < idx[best])) best = b;
    }
    if (best !== a) {
      const t = absR[a];
      absR[a] = absR[best];
      absR[best] = t;
      const u = idx[a];
      idx[a] = idx[best];
      idx[best] = u;
    }
  }
}

/**
 * Selects the edges to draw among n nodes. `correlation` is n x n row-major;
 * the pair (i, j), i < j, is read from the upper triangle. Non-finite
 * correlations never qualify.
 */
export function selectEdges(correlation: ArrayLike<number>, n: number, opts: EdgeSelectionOptions): EdgeSelection {
  if (correlation.length < n * n) throw new Error(`correlation has ${correlation.length} entries, expected ${n} x ${n}`);
  const thr = Math.max(0, opts.threshold);
  const perNode = Math.max(0, Math.floor(opts.perNode === Infinity ? n : opts.perNode));
  const cap = opts.maxEdges === Infinity ? Infinity : Math.max(0, Math.floor(opts.maxEdges));
  const absR = new Float64Array(Math.max(1, n));
  const idx = new Int32Array(Math.max(1, n));
  const chosen = new Set<number>();
  let qualifying = 0;
  for (let i = 0; i < n; i++) {
    let count = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const a = Math.abs(i < j ? correlation[i * n + j] : correlation[j * n + i]);
      if (!(a >= thr) || !Number.isFinite(a)) continue;
      absR[count] = a;
      idx[count++] = j;
      if (j > i) qualifying++;
    }
    const keep = Math.min(perNode, count);
    if (keep < count) strongerFirst(absR, idx, count, keep);
    for (let q = 0; q < keep; q++) {
      const j = idx[q];
      chosen.add(i < j ? i * n + j : j * n + i);
    }
  }
  let keys = [...chosen];
  const strength = (key: number) => Math.abs(correlation[key]);
  if (keys.length > cap) {
    keys.sort((p, q) => strength(q) - strength(p) || p - q);
    keys = keys.slice(0, cap);
  }
  keys.sort((p, q) => p - q);
  const span = 1 - thr > 1e-6 ? 1 - thr : 1;
  const edges = keys.map((key) => {
    const i = Math.floor(key / n);
    const j = key - i * n;
    const r = correlation[key];
    return { i, j, r, w: Math.min(1, Math.max(0, (Math.abs(r) - thr) / span)) };
  });
  return { edges, qualifying };
}
