import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeDataset, encodeDataset } from './binary-format';
import type { Dataset } from './dataset';
import { datasetFromBytes } from './decode';

const tiny: Dataset = {
  count: 3,
  rows: 2,
  cols: 2,
  numClasses: 3,
  labels: Uint8Array.from([0, 2, 1]),
  pixels: Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 255]),
  name: 'tiny',
};

describe('dataset binary format', () => {
  it('round-trips raw and gzipped', () => {
    const raw = encodeDataset(tiny);
    for (const bytes of [raw, gzipSync(raw)]) {
      const d = datasetFromBytes(bytes, 'tiny');
      expect(Array.from(d.labels)).toEqual([0, 2, 1]);
      expect(Array.from(d.pixels)).toEqual(Array.from(tiny.pixels));
      expect([d.count, d.rows, d.cols, d.numClasses]).toEqual([3, 2, 2, 3]);
    }
  });

  it('rejects a bad magic number, truncation, bad labels and corrupt gzip with clear messages', () => {
    const raw = encodeDataset(tiny);
    const badMagic = raw.slice();
    badMagic[0] = 0;
    expect(() => decodeDataset(badMagic, 'x')).toThrow(/bad magic/);
    expect(() => decodeDataset(raw.slice(0, raw.length - 1), 'x')).toThrow(/expected \d+ bytes/);
    const badLabel = raw.slice();
    badLabel[14] = 9;
    expect(() => decodeDataset(badLabel, 'x')).toThrow(/label 9/);
    const gz = gzipSync(raw);
    expect(() => datasetFromBytes(gz.slice(0, gz.length - 6), 'x')).toThrow(/gzip/);
  });
});
