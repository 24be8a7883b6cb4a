/**
 * A model's fingerprint: the first 16 hex digits of SHA-256 over
 *   "neurounify-mlp/1\n" + widths joined by "-" + "\n" + activation + "\n"
 *   + for each layer, the float32 bytes (little-endian) of W then of b.
 * Same weights, same fingerprint on every machine; links and session files use it to
 * refuse a state made on another model. Uses WebCrypto (globalThis.crypto.subtle); where a
 * page is not a secure context and WebCrypto is missing, a plain-TypeScript SHA-256 gives the same digest.
 */
import type { Mlp } from '../model/mlp';
import { mlpWidths } from '../model/mlp';

export const FINGERPRINT_HEX_DIGITS = 16;

/** The bytes the fingerprint hashes. */
export function fingerprintBytes(mlp: Mlp): Uint8Array {
  const head = new TextEncoder().encode(`neurounify-mlp/1\n${mlpWidths(mlp).join('-')}\n${mlp.spec.activation}\n`);
  const floats = mlp.layers.reduce((n, l) => n + l.W.length + l.b.length, 0);
  const out = new Uint8Array(head.length + 4 * floats);
  out.set(head);
  const view = new DataView(out.buffer);
  let o = head.length;
  for (const layer of mlp.layers) {
    for (const arr of [layer.W, layer.b]) {
      for (let i = 0; i < arr.length; i++, o += 4) view.setFloat32(o, arr[i], true);
    }
  }
  return out;
}

export async function modelFingerprint(mlp: Mlp): Promise<string> {
  return (await sha256Hex(fingerprintBytes(mlp))).slice(0, FINGERPRINT_HEX_DIGITS);
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  const digest = subtle ? new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)) : sha256(bytes);
  return Array.from(digest, (b) => b.toString(16).padStart(2, '0')).join('');
}

const K = Uint32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
  0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
  0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
  0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
  0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** Plain SHA-256 (FIPS 180-4), the fallback when WebCrypto is not available. */
export function sha256(bytes: Uint8Array): Uint8Array {
  const bitLength = bytes.length * 8;
  const padded = new Uint8Array(Math.ceil((bytes.length + 9) / 64) * 64);
  padded.set(bytes);
  padded[bytes.length] = 0x80;
  const pv = new DataView(padded.buffer);
  pv.setUint32(padded.length - 8, Math.floor(bitLength / 2 ** 32), false);
  pv.setUint32(padded.length - 4, bitLength >>> 0, false);
  const h = Uint32Array.from([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
  const w = new Uint32Array(64);
  const rotr = (x: number, n: number) => (x >>> n) | (x << (32 - n));
  for (let off = 0; off < padded.length; off += 64) {
    for (let t = 0; t < 16; t++) w[t] = pv.getUint32(off + 4 * t, false);
    for (let t = 16; t < 64; t++) {
      const s0 = rotr(w[t - 15], 7) ^ rotr(w[t - 15], 18) ^ (w[t - 15] >>> 3);
      const s1 = rotr(w[t - 2], 17) ^ rotr(w[t - 2], 19) ^ (w[t - 2] >>> 10);
      w[t] = w[t - 16] + s0 + w[t - 7] + s1;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let t = 0; t < 64; t++) {
      const t1 = (hh + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t]) | 0;
      const t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
      [hh, g, f, e, d, c, b, a] = [g, f, e, (d + t1) | 0, c, b, a, (t1 + t2) | 0];
    }
    [a, b, c, d, e, f, g, hh].forEach((x, i) => (h[i] += x));
  }
  const out = new Uint8Array(32);
  const ov = new DataView(out.buffer);
  h.forEach((x, i) => ov.setUint32(4 * i, x, false));
  return out;
}
