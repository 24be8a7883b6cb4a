/**
 * The two dense loops everything else rests on, register-blocked 4 x 4 so
 * that JavaScript gets close to the speed of memory: products of Float32
 * values accumulated in Float64.
 */
import type { Sliced } from '../sliced';

/**
 * G = C C^T for C of kp rows (kp a multiple of 4) of length N, row-major.
 * Only the upper triangle (j >= i, in 4 x 4 blocks) is filled. In slices (see
 * sliced.ts): a yield after every block of 4 rows of a sample chunk.
 */
export function* gramTilesSliced(C: Float32Array, kp: number, N: number): Sliced<Float64Array> {
  const G = new Float64Array(kp * kp);
  // Samples in chunks, so the rows of a chunk stay in cache while all tile pairs use them.
  const chunk = Math.max(64, Math.min(N, Math.floor(65536 / kp)));
  for (let s0 = 0; s0 < N; s0 += chunk) {
    const s1 = Math.min(N, s0 + chunk);
    for (let i = 0; i < kp; i += 4) {
      const o0 = i * N, o1 = o0 + N, o2 = o1 + N, o3 = o2 + N;
      for (let j = i; j < kp; j += 4) {
        const p0 = j * N, p1 = p0 + N, p2 = p1 + N, p3 = p2 + N;
        let a00 = 0, a01 = 0, a02 = 0, a03 = 0, a10 = 0, a11 = 0, a12 = 0, a13 = 0;
        let a20 = 0, a21 = 0, a22 = 0, a23 = 0, a30 = 0, a31 = 0, a32 = 0, a33 = 0;
        for (let s = s0; s < s1; s++) {
          const x0 = C[o0 + s], x1 = C[o1 + s], x2 = C[o2 + s], x3 = C[o3 + s];
          const y0 = C[p0 + s], y1 = C[p1 + s], y2 = C[p2 + s], y3 = C[p3 + s];
          a00 += x0 * y0; a01 += x0 * y1; a02 += x0 * y2; a03 += x0 * y3;
          a10 += x1 * y0; a11 += x1 * y1; a12 += x1 * y2; a13 += x1 * y3;
          a20 += x2 * y0; a21 += x2 * y1; a22 += x2 * y2; a23 += x2 * y3;
          a30 += x3 * y0; a31 += x3 * y1; a32 += x3 * y2; a33 += x3 * y3;
        }
        const r = i * kp + j;
        G[r] += a00; G[r + 1] += a01; G[r + 2] += a02; G[r + 3] += a03;
        G[r + kp] += a10; G[r + kp + 1] += a11; G[r + kp + 2] += a12; G[r + kp + 3] += a13;
        G[r + 2 * kp] += a20; G[r + 2 * kp + 1] += a21; G[r + 2 * kp + 2] += a22; G[r + 2 * kp + 3] += a23;
        G[r + 3 * kp] += a30; G[r + 3 * kp + 1] += a31; G[r + 3 * kp + 2] += a32; G[r + 3 * kp + 3] += a33;
      }
      yield;
    }
  }
  return G;
}

/** W's rows `rows`, each padded to a multiple of 4 columns, and b padded the same way (what affineRange reads). */
export interface AffinePack {
  rows: Int32Array;
  Wc: Float32Array;
  bp: Float64Array;
  m: number;
  mp: number;
}

/** Packs the weights of an affine map for affineRange (a copy: the weights may change afterwards). */
export function affinePack(rows: Int32Array, W: Float32Array, b: Float32Array, m: number): AffinePack {
  const ka = rows.length;
  const mp = Math.ceil(m / 4) * 4;
  const Wc = new Float32Array(ka * mp);
  for (let a = 0; a < ka; a++) Wc.set(W.subarray(rows[a] * m, rows[a] * m + m), a * mp);
  const bp = new Float64Array(mp);
  bp.set(b.subarray(0, m));
  return { rows: rows.slice(), Wc, bp, m, mp };
}

/**
 * Z = X W + b for the inputs in `rows`: X neuron-major (input i's values over
 * N samples at X[i * N ..]), W row-major (nIn x m), Z sample-major N x m.
 * Tiles of 4 samples x 4 outputs read X where it lies (4 consecutive samples
 * of one input), so nothing is transposed.
 */
export function affineTiles(X: Float32Array, N: number, rows: Int32Array, W: Float32Array, b: Float32Array, m: number, Z: Float64Array): void {
  affineRange(X, N, affinePack(rows, W, b, m), Z, 0, N);
}

/**
 * affineTiles for the samples s0..s1 only: each sample's outputs are the same
 * products added in the same order (in a 4 x 4 tile or alone), so computing a
 * matrix range by range gives the bits of one call.
 */
export function affineRange(X: Float32Array, N: number, pack: AffinePack, Z: Float64Array, s0: number, s1: number): void {
  const { rows, Wc, bp, m, mp } = pack;
  const ka = rows.length;
  const e4 = s1 - ((s1 - s0) % 4);
  for (let s = s0; s < e4; s += 4) {
    for (let c = 0; c < mp; c += 4) {
      let z00 = 0, z01 = 0, z02 = 0, z03 = 0, z10 = 0, z11 = 0, z12 = 0, z13 = 0;
      let z20 = 0, z21 = 0, z22 = 0, z23 = 0, z30 = 0, z31 = 0, z32 = 0, z33 = 0;
      for (let a = 0; a < ka; a++) {
        const xo = rows[a] * N + s;
        const x0 = X[xo], x1 = X[xo + 1], x2 = X[xo + 2], x3 = X[xo + 3];
        const wo = a * mp + c;
        const w0 = Wc[wo], w1 = Wc[wo + 1], w2 = Wc[wo + 2], w3 = Wc[wo + 3];
        z00 += x0 * w0; z01 += x0 * w1; z02 += x0 * w2; z03 += x0 * w3;
        z10 += x1 * w0; z11 += x1 * w1; z12 += x1 * w2; z13 += x1 * w3;
        z20 += x2 * w0; z21 += x2 * w1; z22 += x2 * w2; z23 += x2 * w3;
        z30 += x3 * w0; z31 += x3 * w1; z32 += x3 * w2; z33 += x3 * w3;
      }
      const zs = [z00, z01, z02, z03, z10, z11, z12, z13, z20, z21, z22, z23, z30, z31, z32, z33];
      if (c + 3 < m) {
        for (let r = 0; r < 4; r++) {
          const zo = (s + r) * m + c;
          Z[zo] = zs[r * 4] + bp[c];
          Z[zo + 1] = zs[r * 4 + 1] + bp[c + 1];
          Z[zo + 2] = zs[r * 4 + 2] + bp[c + 2];
          Z[zo + 3] = zs[r * 4 + 3] + bp[c + 3];
        }
      } else {
        for (let r = 0; r < 4; r++) for (let q = 0; c + q < m; q++) Z[(s + r) * m + c + q] = zs[r * 4 + q] + bp[c + q];
      }
    }
  }
  for (let s = e4; s < s1; s++) {
    const zo = s * m;
    for (let c = 0; c < m; c++) {
      let z = 0;
      for (let a = 0; a < ka; a++) z += X[rows[a] * N + s] * Wc[a * mp + c];
      Z[zo + c] = z + bp[c];
    }
  }
}

/**
 * Z += R V for R sample-major (N x k, Float64), V row-major (k x m), Z
 * sample-major (N x m), in 4 x 4 register tiles.
 */
export function addProductTiles(R: Float64Array, N: number, k: number, V: Float32Array, m: number, Z: Float64Array): void {
  addProductRange(R, k, V, m, Z, 0, N);
}

/**
 * addProductTiles for the samples s0..s1 only: each entry of Z gets the same
 * products added in the same order (in a tile or alone), so range by range
 * gives the bits of one call.
 */
export function addProductRange(R: Float64Array, k: number, V: Float32Array, m: number, Z: Float64Array, s0: number, s1: number): void {
  const e4 = s1 - ((s1 - s0) % 4);
  const m4 = m - (m % 4);
  for (let s = s0; s < e4; s += 4) {
    const r0 = s * k, r1 = r0 + k, r2 = r1 + k, r3 = r2 + k;
    const z0 = s * m, z1 = z0 + m, z2 = z1 + m, z3 = z2 + m;
    for (let c = 0; c < m4; c += 4) {
      let a00 = Z[z0 + c], a01 = Z[z0 + c + 1], a02 = Z[z0 + c + 2], a03 = Z[z0 + c + 3];
      let a10 = Z[z1 + c], a11 = Z[z1 + c + 1], a12 = Z[z1 + c + 2], a13 = Z[z1 + c + 3];
      let a20 = Z[z2 + c], a21 = Z[z2 + c + 1], a22 = Z[z2 + c + 2], a23 = Z[z2 + c + 3];
      let a30 = Z[z3 + c], a31 = Z[z3 + c + 1], a32 = Z[z3 + c + 2], a33 = Z[z3 + c + 3];
      for (let q = 0; q < k; q++) {
        const x0 = R[r0 + q], x1 = R[r1 + q], x2 = R[r2 + q], x3 = R[r3 + q];
        const vo = q * m + c;
        const w0 = V[vo], w1 = V[vo + 1], w2 = V[vo + 2], w3 = V[vo + 3];
        a00 += x0 * w0; a01 += x0 * w1; a02 += x0 * w2; a03 += x0 * w3;
        a10 += x1 * w0; a11 += x1 * w1; a12 += x1 * w2; a13 += x1 * w3;
        a20 += x2 * w0; a21 += x2 * w1; a22 += x2 * w2; a23 += x2 * w3;
        a30 += x3 * w0; a31 += x3 * w1; a32 += x3 * w2; a33 += x3 * w3;
      }
      Z[z0 + c] = a00; Z[z0 + c + 1] = a01; Z[z0 + c + 2] = a02; Z[z0 + c + 3] = a03;
      Z[z1 + c] = a10; Z[z1 + c + 1] = a11; Z[z1 + c + 2] = a12; Z[z1 + c + 3] = a13;
      Z[z2 + c] = a20; Z[z2 + c + 1] = a21; Z[z2 + c + 2] = a22; Z[z2 + c + 3] = a23;
      Z[z3 + c] = a30; Z[z3 + c + 1] = a31; Z[z3 + c + 2] = a32; Z[z3 + c + 3] = a33;
    }
  }
  // Edges: the last samples, and the last columns.
  for (let s = s0; s < s1; s++) {
    const c0 = s < e4 ? m4 : 0;
    for (let c = c0; c < m; c++) {
      let a = Z[s * m + c];
      for (let q = 0; q < k; q++) a += R[s * k + q] * V[q * m + c];
      Z[s * m + c] = a;
    }
  }
}
