/**
 * Statistics of codes: means, variances, the centred Gram matrix
 * S = X~^T X~ (sums over the probe set, Float64 accumulation) and Pearson
 * correlation. Gram matrices are computed over a list of neurons ("slots"):
 * slot a is neuron idx[a], so removed neurons cost nothing.
 */
import type { LayerCodes } from './codes';
import { gramTilesSliced } from './kernels';
import type { Sliced } from '../sliced';
import { runSync } from '../sliced';

export interface CodeStats {
  /** Mean of each neuron's code over the probe set. */
  mean: Float64Array;
  /** Population variance (divided by N). Exactly 0 for a constant code. */
  variance: Float64Array;
  /** 1 where the code is constant over the probe set (a dead neuron, for instance). */
  constant: Uint8Array;
}

/** Statistics of every neuron's code; with `only`, of the neurons where only[i] is 1 (the others read as constant 0). */
export function codeStats(c: LayerCodes, only?: ArrayLike<number>): CodeStats {
  const { count: N, width: n, values } = c;
  const mean = new Float64Array(n);
  const variance = new Float64Array(n);
  const constant = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (only && !only[i]) {
      constant[i] = 1;
      continue;
    }
    const o = i * N;
    if (N === 0) {
      constant[i] = 1;
      continue;
    }
    // Four partial sums break the addition's dependency chain; a code is constant if no value differs from the first.
    const first = values[o];
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    let differs = false;
    let s = 0;
    for (; s + 3 < N; s += 4) {
      const v0 = values[o + s], v1 = values[o + s + 1], v2 = values[o + s + 2], v3 = values[o + s + 3];
      s0 += v0;
      s1 += v1;
      s2 += v2;
      s3 += v3;
      if (v0 !== first || v1 !== first || v2 !== first || v3 !== first) differs = true;
    }
    for (; s < N; s++) {
      s0 += values[o + s];
      if (values[o + s] !== first) differs = true;
    }
    if (!differs) {
      constant[i] = 1;
      mean[i] = first;
      continue;
    }
    const mu = (s0 + s1 + s2 + s3) / N;
    let q0 = 0, q1 = 0, q2 = 0, q3 = 0;
    s = 0;
    for (; s + 3 < N; s += 4) {
      const d0 = values[o + s] - mu, d1 = values[o + s + 1] - mu, d2 = values[o + s + 2] - mu, d3 = values[o + s + 3] - mu;
      q0 += d0 * d0;
      q1 += d1 * d1;
      q2 += d2 * d2;
      q3 += d3 * d3;
    }
    for (; s < N; s++) {
      const d = values[o + s] - mu;
      q0 += d * d;
    }
    mean[i] = mu;
    variance[i] = (q0 + q1 + q2 + q3) / N;
  }
  return { mean, variance, constant };
}

let pool = new Float32Array(0);

/**
 * A zeroed Float32Array of `size` from a reused buffer (the Gram's centred
 * codes). Not reentrant: only for computations that run to the end at once.
 */
export function sharedGramBuffer(size: number): Float32Array {
  if (pool.length < size) pool = new Float32Array(Math.max(size, Math.floor(pool.length * 1.5)));
  const out = pool.subarray(0, size);
  out.fill(0);
  return out;
}

export interface Gram {
  /** Neuron index of each slot. */
  idx: Int32Array;
  /** Number of slots. */
  k: number;
  /** k x k, row-major: S[a * k + b] = sum over samples of x~_idx[a] * x~_idx[b]. */
  S: Float64Array;
}

/** All neuron indices 0..n-1 for which keep(i) holds (all when keep is omitted). */
export function indexList(n: number, keep?: ArrayLike<number>): Int32Array {
  if (!keep) return Int32Array.from({ length: n }, (_, i) => i);
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (keep[i]) out.push(i);
  return Int32Array.from(out);
}

/**
 * The centred Gram matrix of the neurons in `idx` (default: all). Codes are
 * centred into a Float32 copy, products accumulate in Float64 (gramTilesSliced).
 */
export function centredGram(c: LayerCodes, stats: CodeStats, idx: Int32Array = indexList(c.width)): Gram {
  return runSync(centredGramSliced(c, stats, idx, sharedGramBuffer));
}

/**
 * centredGram in slices (see sliced.ts). By default it centres into a buffer
 * of its own, so a sliced run may interleave with other Gram computations.
 */
export function* centredGramSliced(
  c: LayerCodes,
  stats: CodeStats,
  idx: Int32Array = indexList(c.width),
  buffer: (size: number) => Float32Array = (size) => new Float32Array(size),
): Sliced<Gram> {
  const N = c.count;
  const k = idx.length;
  const kp = Math.ceil(k / 4) * 4;
  const C = buffer(kp * N);
  for (let a = 0; a < k; a++) {
    const i = idx[a];
    if (stats.constant[i]) continue; // centred code is exactly zero
    const mu = stats.mean[i];
    const src = i * N;
    const dst = a * N;
    for (let s = 0; s < N; s++) C[dst + s] = c.values[src + s] - mu;
  }
  const G = yield* gramTilesSliced(C, kp, N);
  const S = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a; b < k; b++) {
      const v = G[a * kp + b];
      S[a * k + b] = v;
      S[b * k + a] = v;
    }
  }
  return { idx, k, S };
}

/** The sub-matrix of a Gram matrix for a subset of its neurons (all must be in it). */
export function subGram(g: Gram, idx: Int32Array): Gram {
  const slotOf = new Map<number, number>();
  g.idx.forEach((i, a) => slotOf.set(i, a));
  const slots = Int32Array.from(idx, (i) => {
    const a = slotOf.get(i);
    if (a === undefined) throw new Error(`neuron ${i} is not in the Gram matrix`);
    return a;
  });
  const k = idx.length;
  const S = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    const ra = slots[a] * g.k;
    for (let b = 0; b < k; b++) S[a * k + b] = g.S[ra + slots[b]];
  }
  return { idx: idx.slice(), k, S };
}

/**
 * Pearson correlation r_ij between all neurons' codes (width x width,
 * row-major). A constant code correlates 0 with everything, itself included.
 */
export function correlationMatrix(c: LayerCodes, stats: CodeStats = codeStats(c)): Float32Array {
  return runSync(correlationMatrixSliced(c, stats));
}

export function* correlationMatrixSliced(c: LayerCodes, stats: CodeStats = codeStats(c)): Sliced<Float32Array> {
  const g = yield* centredGramSliced(c, stats);
  const n = c.width;
  const r = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    const sii = g.S[i * n + i];
    if (sii <= 0) continue;
    for (let j = 0; j < n; j++) {
      const sjj = g.S[j * n + j];
      if (sjj > 0) r[i * n + j] = g.S[i * n + j] / Math.sqrt(sii * sjj);
    }
  }
  return r;
}
