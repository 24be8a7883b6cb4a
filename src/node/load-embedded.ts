/** Loads the embedded data set from public/ in Node (tests, scripts). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { datasetFromBytes } from '../core/data/decode';
import type { Dataset } from '../core/data/dataset';
import { EMBEDDED_DATA_FILE, EMBEDDED_DATA_NAME } from '../core/data/embedded';

export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

export function loadEmbeddedDataset(): Dataset {
  const path = join(PROJECT_ROOT, 'public', EMBEDDED_DATA_FILE);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new Error(`${path} is missing: run "npm run prepare-data" (it runs by itself before dev, build and test)`);
  }
  return datasetFromBytes(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), EMBEDDED_DATA_NAME);
}
