/**
 * Seriation: an order of a layer's neurons in which similar neurons sit next
 * to each other, so that the code heatmap shows blocks instead of noise.
 * Pure TypeScript, no DOM.
 *
 * Method: average-linkage agglomerative clustering on the distance
 * d_ij = 1 - r_ij (or 1 - |r_ij|), found with the nearest-neighbour-chain
 * algorithm (O(n^2) time, exact for average linkage, which is reducible),
 * and the dendrogram's leaves read off left to right. Whenever two clusters
 * join, each may be flipped: of the four ways to lay them side by side, the
 * one whose facing ends are the most similar wins (Gruvaeus and Wainer's
 * heuristic for leaf order). Every choice breaks ties by index, so the same
 * matrix always gives the same order.
 */
import type { Sliced } from '../sliced';
import { runSync } from '../sliced';

export interface SeriationOptions {
  /**
   * Which neurons to order (indices into the matrix, for instance the ones
   * still alive); default all. Treated as a set: its own order does not matter.
   */
  subset?: ArrayLike<number>;
  /**
   * Treat strongly anti-correlated neurons as similar (d = 1 - |r|). Off by
   * default: in a heatmap a neuron and its mirror image do not look alike.
   */
  absolute?: boolean;
}

/**
 * The display order: a permutation of the subset (default 0..n-1).
 * `corr` is n x n, row-major (the engine's correlationMatrix); NaN counts as 0.
 */
export function seriate(corr: ArrayLike<number>, n: number, options: SeriationOptions = {}): Int32Array {
  return runSync(seriateSliced(corr, n, options));
}

/** seriate() in slices (see sliced.ts): the same order, with a yield every few thousand distances and every few merges. */
export function* seriateSliced(corr: ArrayLike<number>, n: number, options: SeriationOptions = {}): Sliced<Int32Array> {
  if (!Number.isInteger(n) || n < 0) throw new Error(`n must be a non-negative integer, got ${n}`);
  if (corr.length < n * n) throw new Error(`the matrix has ${corr.length} entries, fewer than ${n} x ${n}`);
  const idx = subsetIndices(n, options.subset);
  const k = idx.length;
  if (k <= 2) return idx;
  const abs = options.absolute ?? false;

  // Similarity of two slots, symmetrised (float round-off can make r_ij != r_ji).
  const sim = (a: number, b: number): number => {
    const s = 0.5 * (corr[idx[a] * n + idx[b]] + corr[idx[b] * n + idx[a]]);
    return s !== s ? 0 : abs ? Math.abs(s) : s;
  };
  // Cluster distances d = 1 - sim, updated in place (Lance-Williams, average linkage).
  const D = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    const ra = idx[a] * n;
    for (let b = a + 1; b < k; b++) {
      let s = 0.5 * (corr[ra + idx[b]] + corr[idx[b] * n + idx[a]]);
      if (s !== s) s = 0;
      const d = 1 - (abs && s < 0 ? -s : s);
      D[a * k + b] = d;
      D[b * k + a] = d;
    }
    if (a % 64 === 63) yield;
  }

  // Active slots, ascending (scans go in index order, so ties go to the smallest slot).
  const live = Int32Array.from({ length: k }, (_, a) => a);
  let left = k;
  const size = new Int32Array(k).fill(1);
  // A cluster lives in the slot of its smallest member, and holds its leaves in order.
  const leaves: number[][] = Array.from({ length: k }, (_, a) => [a]);
  const chain: number[] = [];
  let steps = 0;
  while (left > 1) {
    if (++steps % 256 === 0) yield;
    if (chain.length === 0) chain.push(live[0]);
    const a = chain[chain.length - 1];
    const prev = chain.length > 1 ? chain[chain.length - 2] : -1;
    // Nearest active neighbour of a; a tie with the previous link wins (no cycles), then the smallest slot.
    let best = prev;
    let bestD = prev >= 0 ? D[a * k + prev] : Infinity;
    const row = a * k;
    for (let m = 0; m < left; m++) {
      const b = live[m];
      if (b === a) continue;
      const d = D[row + b];
      if (d < bestD) {
        bestD = d;
        best = b;
      }
    }
    if (best !== prev) {
      chain.push(best);
      continue;
    }
    chain.length -= 2;
    const p = a < prev ? a : prev;
    const q = a < prev ? prev : a;
    const sp = size[p];
    const sq = size[q];
    const wp = sp / (sp + sq);
    const wq = sq / (sp + sq);
    let at = -1;
    for (let m = 0; m < left; m++) {
      const c = live[m];
      if (c === q) at = m;
      if (c === p || c === q) continue;
      const d = wp * D[p * k + c] + wq * D[q * k + c];
      D[p * k + c] = d;
      D[c * k + p] = d;
    }
    leaves[p] = join(leaves[p], leaves[q], sim);
    leaves[q] = [];
    size[p] = sp + sq;
    live.copyWithin(at, at + 1, left);
    left--;
  }
  return Int32Array.from(leaves[live[0]], (a) => idx[a]);
}
/**
 * Lays clusters A and B side by side, flipping either so that the facing
 * leaves are as similar as possible; ties keep A before B, unflipped.
 */
function join(A: number[], B: number[], sim: (a: number, b: number) => number): number[] {
  const a0 = A[0];
  const a1 = A[A.length - 1];
  const b0 = B[0];
  const b1 = B[B.length - 1];
  const options = [sim(a1, b0), sim(a1, b1), sim(a0, b0), sim(a0, b1)];
  let pick = 0;
  for (let o = 1; o < 4; o++) if (options[o] > options[pick]) pick = o;
  const first = pick >= 2 ? A.slice().reverse() : A;
  const second = pick % 2 === 1 ? B.slice().reverse() : B;
  return first.concat(second);
}

function subsetIndices(n: number, subset: ArrayLike<number> | undefined): Int32Array {
  if (!subset) return Int32Array.from({ length: n }, (_, i) => i);
  const out = Int32Array.from(subset).sort();
  for (let a = 0; a < out.length; a++) {
    if (!(out[a] >= 0 && out[a] < n)) throw new Error(`subset entry ${out[a]} is not an index below ${n}`);
    if (a > 0 && out[a] === out[a - 1]) throw new Error(`subset lists ${out[a]} twice`);
  }
  return out;
}

/**
 * Sum of the similarities of neighbours in an order: higher means similar
 * neurons sit closer together (a measure for comparing orders, and for tests).
 */
export function adjacencyScore(corr: ArrayLike<number>, n: number, order: ArrayLike<number>): number {
  let s = 0;
  for (let a = 1; a < order.length; a++) s += corr[order[a - 1] * n + order[a]];
  return s;
}
