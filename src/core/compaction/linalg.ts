/** Small dense linear algebra on row-major Float64Arrays. */

/**
 * The inverse of a symmetric positive definite k x k matrix by Cholesky
 * factorisation (A = L L^T, P = L^-T L^-1). Returns null if A is not
 * numerically positive definite.
 */
export function spdInverse(A: Float64Array, k: number): Float64Array | null {
  const L = new Float64Array(k * k);
  for (let i = 0; i < k; i++) {
    const ri = i * k;
    for (let j = 0; j <= i; j++) {
      const rj = j * k;
      let s = A[ri + j];
      for (let t = 0; t < j; t++) s -= L[ri + t] * L[rj + t];
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
