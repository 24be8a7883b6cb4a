/**
 * Gzip undone as a stream, in slices, stopping at a cap as soon as it is
 * crossed: a file whose gzip header and trailer lie (or a "zip bomb") never
 * inflates past the cap, and no slice of the work is long. When the caller can
 * tell from the first bytes how long the data must be (an IDX header), the
 * stream stops as soon as it runs past that length, and the output is
 * allocated once at that size.
 */
import { Gunzip } from 'fflate';
import { DatasetFormatError } from '../data/binary-format';
import type { Sliced } from '../sliced';

/** Compressed bytes pushed per slice: at most about 1,000 times that comes out (deflate's largest ratio). */
const PUSH_BYTES = 8 * 1024;

export interface GunzipBoundedOptions {
  /** File name, for messages. */
  name: string;
  /** Most bytes the output may have. */
  cap: number;
  /** With `headBytes`: told the first bytes, returns the exact length the output must have (throws to refuse the file). */
  expect?: (head: Uint8Array) => number;
  headBytes?: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');

export function* gunzipBounded(bytes: Uint8Array, o: GunzipBoundedOptions): Sliced<Uint8Array> {
  let limit = o.cap;
  // Set once the length is known (closures assign it; a holder keeps TypeScript's narrowing honest).
  const res: { out: Uint8Array | null } = { out: null };
  let pending: Uint8Array[] = [];
  let written = 0;
  let failure: Error | null = null;
  const take = (chunk: Uint8Array) => {
    if (failure) return;
    if (written + chunk.length > limit) {
      failure = new DatasetFormatError(
        res.out
          ? `${o.name}: the data is longer than its header says (more than ${fmt(limit)} bytes)`
          : `${o.name}: decompresses to more than the cap of ${fmt(o.cap)} bytes`,
      );
      return;
    }
    if (res.out) res.out.set(chunk, written);
    else pending.push(chunk.slice());
    written += chunk.length;
    if (!res.out && o.expect && written >= (o.headBytes ?? 0)) {
      const head = concat(pending, written);
      try {
        limit = Math.min(o.cap, o.expect(head));
      } catch (e) {
        failure = e as Error;
        return;
      }
      if (written > limit) {
        failure = new DatasetFormatError(`${o.name}: the data is longer than its header says (more than ${fmt(limit)} bytes)`);
        return;
      }
      res.out = new Uint8Array(limit);
      res.out.set(head);
      pending = [];
    }
  };
  const g = new Gunzip(take);
  try {
    for (let off = 0; off < bytes.length; off += PUSH_BYTES) {
      const end = Math.min(off + PUSH_BYTES, bytes.length);
      g.push(bytes.subarray(off, end), end === bytes.length);
      if (failure) throw failure;
      yield;
    }
    if (bytes.length === 0) g.push(bytes, true);
  } catch (e) {
    if (e === failure) throw e;
    throw new DatasetFormatError(`${o.name}: corrupt or truncated gzip data (${(e as Error).message})`);
  }
  if (failure) throw failure;
  if (res.out) return res.out.subarray(0, written);
  // No length was known in advance (or the data ended inside the head).
  return concat(pending, written);
}

function concat(parts: Uint8Array[], n: number): Uint8Array {
  const all = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    all.set(p, o);
    o += p.length;
  }
  return all;
}
