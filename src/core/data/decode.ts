/** Bytes (gzipped or not) to a validated Dataset. Gzip is undone with fflate. */
import { gunzipSync } from 'fflate';
import { decodeDataset, isGzip, DatasetFormatError } from './binary-format';
import type { Dataset } from './dataset';

/** Cap on the decompressed size, checked before the output is allocated. */
export const MAX_DECOMPRESSED_BYTES = 200 * 1024 * 1024;

export function gunzipChecked(bytes: Uint8Array, name: string): Uint8Array {
  if (bytes.length < 18) throw new DatasetFormatError(`${name}: truncated gzip stream`);
  // The gzip trailer holds the uncompressed size modulo 2^32.
  const n = bytes.length;
  const size = (bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0;
  if (size > MAX_DECOMPRESSED_BYTES) throw new DatasetFormatError(
      `${name}: the gzip data declares ${size} bytes uncompressed, over the cap of ${MAX_DECOMPRESSED_BYTES} (or the file is truncated)`,
    );
  try {
    return gunzipSync(bytes, { out: new Uint8Array(size) });
  } catch (e) {
    throw new DatasetFormatError(`${name}: corrupt or truncated gzip data (${(e as Error).message})`);
  }
}

export function datasetFromBytes(bytes: Uint8Array, name: string): Dataset {
  return decodeDataset(isGzip(bytes) ? gunzipChecked(bytes, name) : bytes, name);
}
