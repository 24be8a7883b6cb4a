/**
 * The compact binary form of a data set that the app fetches from its own origin:
 *
 *   bytes 0..3   magic "NUDS"
 *   byte  4      format version (1)
 *   byte  5      number of classes
 *   bytes 6..7   rows (uint16, little-endian)
 *   bytes 8..9   cols (uint16, little-endian)
 *   bytes 10..13 sample count (uint32, little-endian)
 *   then         count label bytes, then count*rows*cols pixel bytes.
 *
 * The file may be gzipped; decoding is the job of the loader, not of this module.
 */
import type { Dataset } from './dataset';

const MAGIC = [0x4e, 0x55, 0x44, 0x53]; // "NUDS"
const HEADER = 14;
export const MAX_SAMPLES = 200_000;

export function encodeDataset(d: Dataset): Uint8Array {
  const f = d.rows * d.cols;
  const out = new Uint8Array(HEADER + d.count + d.count * f);
  const view = new DataView(out.buffer);
  out.set(MAGIC, 0);
  out[4] = 1;
  out[5] = d.numClasses;
  view.setUint16(6, d.rows, true);
  view.setUint16(8, d.cols, true);
  view.setUint32(10, d.count, true);
  out.set(d.labels, HEADER);
  out.set(d.pixels, HEADER + d.count);
  return out;
}

export class DatasetFormatError extends Error {
  override name = 'DatasetFormatError';
}

export function decodeDataset(bytes: Uint8Array, name: string): Dataset {
  if (bytes.length < HEADER) throw new DatasetFormatError(`${name}: file too short for a header (${bytes.length} bytes)`);
  for (let i = 0; i < 4; i++) {
    if (bytes[i] !== MAGIC[i]) throw new DatasetFormatError(`${name}: not a NeuroUnify data file (bad magic number)`);
  }
  if (bytes[4] !== 1) throw new DatasetFormatError(`${name}: unsupported format version ${bytes[4]}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const numClasses = bytes[5];
  const rows = view.getUint16(6, true);
  const cols = view.getUint16(8, true);
  const count = view.getUint32(10, true);
  if (numClasses < 2) throw new DatasetFormatError(`${name}: needs at least 2 classes, found ${numClasses}`);
  if (rows === 0 || cols === 0 || count === 0) throw new DatasetFormatError(`${name}: empty data set`);
  if (count > MAX_SAMPLES) throw new DatasetFormatError(`${name}: ${count} samples is over the cap of ${MAX_SAMPLES}`);
  const expected = HEADER + count + count * rows * cols;
  if (bytes.length !== expected) {
    throw new DatasetFormatError(`${name}: expected ${expected} bytes for ${count} images of ${rows}x${cols}, found ${bytes.length}`);
  }
  const labels = bytes.slice(HEADER, HEADER + count);
  for (let i = 0; i < count; i++) {
    if (labels[i] >= numClasses) throw new DatasetFormatError(`${name}: label ${labels[i]} at sample ${i} is out of range`);
  }
  const pixels = bytes.slice(HEADER + count, expected);
  return { count, rows, cols, numClasses, labels, pixels, name };
}

/** True when the bytes start with the gzip magic number. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}
