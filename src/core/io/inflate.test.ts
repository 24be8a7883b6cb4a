import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { runSync } from '../sliced';
import { encodeIdxImages, encodeIdxLabels, parseIdxFile, parseIdxFileSliced } from './idx';
import { gunzipBounded } from './inflate';

/** Slices a generator runs before it returns or throws, and how it ended. */
function drive<T>(g: Generator<void, T, void>): { slices: number; value?: T; error?: Error } {
  let slices = 0;
  try {
    for (;;) {
      const r = g.next();
      if (r.done) return { slices, value: r.value };
      slices++;
    }
  } catch (e) {
    return { slices, error: e as Error };
  }
}

describe('bounded gunzip', () => {
  const zeros = new Uint8Array(32 << 20); // 32 MiB of zeros: about 32 KB gzipped
  const bomb = gzipSync(zeros, { level: 9 });

  it('inflates what fits, the same as a plain gunzip', () => {
    const data = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 251);
    expect(runSync(gunzipBounded(gzipSync(data), { name: 'x', cap: 1 << 20 }))).toEqual(data);
  });

  it('stops at the cap as soon as it is crossed, long before the end of the stream', () => {
    const all = Math.ceil(bomb.length / 8192);
    const r = drive(gunzipBounded(bomb, { name: 'bomb.gz', cap: 1 << 20 }));
    expect(r.error?.message).toMatch(/bomb\.gz: decompresses to more than the cap of 1,048,576 bytes/);
    expect(r.slices).toBeLessThan(all / 2);
  });

  it('stops as soon as the data runs past the length its head declares', () => {
    const r = drive(gunzipBounded(bomb, { name: 'liar.gz', cap: 1 << 30, headBytes: 16, expect: () => 50_000 }));
    expect(r.error?.message).toMatch(/liar\.gz: the data is longer than its header says/);
    expect(r.slices).toBeLessThanOrEqual(1);
  });

  it('refuses an IDX file whose gzip header and trailer both lie, without inflating the rest', () => {
    // A header for 10 images of 28x28 (7,856 bytes with the header) but megabytes of pixels, and a forged trailer size.
    const lie = encodeIdxImages({ count: 10, rows: 28, cols: 28, pixels: new Uint8Array(10 * 784) });
    const body = new Uint8Array(8 << 20);
    body.set(lie.subarray(0, 16));
    const gz = gzipSync(body, { level: 9 });
    new DataView(gz.buffer, gz.byteOffset).setUint32(gz.length - 4, lie.length, true);
    expect(() => parseIdxFile(gz, 'liar-images.gz')).toThrow(/longer than its header says/);
  });

  it('refuses images of the wrong size from the header, before inflating them', () => {
    const images = encodeIdxImages({ count: 3, rows: 32, cols: 32, pixels: new Uint8Array(3 * 1024) });
    expect(() => parseIdxFile(gzipSync(images), 'big-images.gz', { pixels: 784 })).toThrow(/32x32 images \(1,024 pixels\), but the current model reads 784 pixels/);
    expect(() => parseIdxFile(images, 'big-images', { pixels: 784 })).toThrow(/but the current model reads 784 pixels/);
  });

  it('reads the same in slices as at once', async () => {
    const labels = encodeIdxLabels(Uint8Array.from({ length: 5000 }, (_, i) => i % 10));
    const gz = gzipSync(labels);
    expect(await parseIdxFileSliced(gz, 'l.gz')).toEqual(parseIdxFile(gz, 'l.gz'));
  });
});
