/**
 * A model's fingerprint: the first 16 hex digits of SHA-256 over
 *   "neurounify-mlp/1\n" + widths joined by "-" + "\n" + activation + "\n"
 *   + for each layer, the float32 bytes (little-endian) of W then of b.
 * Same weights, same fingerprint on every machine; links and session files use it to
 * refuse a state made on another model. Uses WebCrypto (globalThis.crypto.subtle); where a
 * page is not a secure context and WebCrypto is missing, @noble/hashes' SHA-256 gives the same digest.
 */
import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';
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

/** SHA-256 (FIPS 180-4) by @noble/hashes, the fallback when WebCrypto is not available. */
export function sha256(bytes: Uint8Array): Uint8Array {
  return nobleSha256(bytes);
}
