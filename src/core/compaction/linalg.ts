/** Small dense linear algebra on row-major Float64Arrays. */
import type { Sliced } from '../sliced';
import { runSync } from '../sliced';

/**
 * The inverse of a symmetric positive definite k x k matrix by Cholesky
 * factorisation (A = L L^T, P = L^-T L^-1). Returns null if A is not
 * numerically positive definite.
 */
export function spdInverse(A: Float64Array, k: number): Float64Array | null {
  return runSync(spdInverseSliced(A, k));
}

/** spdInverse in slices (a yield after every row of each phase); the same arithmetic. */
export function* spdInverseSliced(A: Float64Array, k: number): Sliced<Float64Array | null> {
  const L = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    yield;
    const ri = i * k;
    for (let j = 0; j <= i; j++) {
      const rj = j * k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let t = 0;
      for (; t + 3 < j; t += 4) {
        s0 += L[ri + t] * L[rj + t];
        s1 += L[ri + t + 1] * L[rj + t + 1];
        s2 += L[ri + t + 2] * L[rj + t + 2];
        s3 += L[ri + t + 3] * L[rj + t + 3];
      }
      for (; t < j; t++) s0 += L[ri + t] * L[rj + t];
      const s = A[ri + j] - (s0 + s1 + s2 + s3);
      if (i === j) {
        if (!(s > 0)) return null;
        L[ri + i] = Math.sqrt(s);
      } else {
        L[ri + j] = s / L[rj + j];
      }
    }
  }
  // M = L^-1 (lower triangular), row by row: row_i = (e_i - sum_{t<i} L[i][t] row_t) / L[i][i].
  const M = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    yield;
    const ri = i * k;
    for (let t = 0; t < i; t++) {
      const c = L[ri + t];
      if (c === 0) continue;
      const rt = t * k;
      for (let j = 0; j <= t; j++) M[ri + j] -= c * M[rt + j];
    }
    M[ri + i] += 1;
    const d = L[ri + i];
    for (let j = 0; j <= i; j++) M[ri + j] /= d;
  }
  // P = M^T M: P[i][j] = sum_{t >= max(i, j)} M[t][i] M[t][j]; accumulate row t's outer product.
  const P = new Float64Array(k * k);
  for (let t = 0; t < k; t++) {
    yield;
    const rt = t * k;
    for (let i = 0; i <= t; i++) {
      const c = M[rt + i];
      if (c === 0) continue;
      const ri = i * k;
      for (let j = 0; j <= i; j++) P[ri + j] += c * M[rt + j];
    }
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) P[j * k + i] = P[i * k + j];
  return P;
}
