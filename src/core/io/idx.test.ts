import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DatasetFormatError } from '../data/binary-format';
import {
  datasetFromIdx,
  encodeIdxImages,
  encodeIdxLabels,
  MAX_IDX_SAMPLES,
  parseIdxFile,
  parseIdxImages,
  parseIdxLabels,
  sniffIdx,
  trainTestFromIdx,
  threeWayFromIdx,
} from './idx';

function tiny(count: number, rows = 3, cols = 2, classes = 4) {
  const pixels = Uint8Array.from({ length: count * rows * cols }, (_, i) => (i * 37 + 11) % 256);
  const labels = Uint8Array.from({ length: count }, (_, i) => i % classes);
  return { images: encodeIdxImages({ count, rows, cols, pixels }), labels: encodeIdxLabels(labels), pixels, labelBytes: labels };
}

function imagesHeader(count: number, rows: number, cols: number, magic = 0x00000803): Uint8Array {
  const out = new Uint8Array(16);
  const v = new DataView(out.buffer);
  [magic, count, rows, cols].forEach((x, i) => v.setUint32(4 * i, x, false));
  return out;
}

const err = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DatasetFormatError);
    return (e as Error).message;
  }
  throw new Error('did not throw');
};

describe('IDX parsing', () => {
  it('round-trips raw and gzipped files into a Dataset', () => {
    const t = tiny(10);
    expect(Array.from(t.images.subarray(0, 4))).toEqual([0, 0, 8, 3]);
    expect(Array.from(t.labels.subarray(0, 4))).toEqual([0, 0, 8, 1]);
    for (const z of [false, true]) {
      const img = parseIdxImages(z ? gzipSync(t.images) : t.images, 'img');
      const lab = parseIdxLabels(z ? gzipSync(t.labels) : t.labels, 'lab');
      const d = datasetFromIdx(img, lab, 'tiny');
      expect([d.count, d.rows, d.cols, d.numClasses, d.name]).toEqual([10, 3, 2, 4, 'tiny']);
      expect(Array.from(d.pixels)).toEqual(Array.from(t.pixels));
      expect(Array.from(d.labels)).toEqual(Array.from(t.labelBytes));
    }
  });

  it('copies raw input so the caller can reuse its buffer', () => {
    const t = tiny(2);
    const img = parseIdxImages(t.images, 'img');
    t.images[16] = 99;
    expect(img.pixels[0]).toBe(t.pixels[0]);
  });

  it('sniffs the kind of raw and gzipped files, and parses either in any order', () => {
    const t = tiny(5);
    expect(sniffIdx(t.images)).toBe('images');
    expect(sniffIdx(gzipSync(t.labels))).toBe('labels');
    expect(sniffIdx(new TextEncoder().encode('<html>'))).toBeNull();
    expect(sniffIdx(new Uint8Array([0, 0]))).toBeNull();
    expect(sniffIdx(new Uint8Array([0x1f, 0x8b, 1, 2, 3]))).toBeNull();
    expect(parseIdxFile(gzipSync(t.labels), 'a').kind).toBe('labels');
    expect(parseIdxFile(t.images, 'b').kind).toBe('images');
    expect(err(() => parseIdxFile(new TextEncoder().encode('PK\x03\x04 zip'), 'photo.idx'))).toMatch(
      /photo\.idx: not an IDX image or label file \(magic number 0x504b0304/,
    );
  });

  it('reports truncated and padded files with expected and found bytes', () => {
    const t = tiny(4);
    expect(err(() => parseIdxImages(t.images.subarray(0, t.images.length - 1), 'train-images'))).toBe(
      'train-images: truncated: 4 images of 3x2 need 40 bytes, found 39',
    );
    const padded = new Uint8Array(t.labels.length + 2);
    padded.set(t.labels);
    expect(err(() => parseIdxLabels(padded, 'l'))).toMatch(/longer than its header says: 4 labels need 12 bytes, found 14/);
    expect(err(() => parseIdxImages(t.images.subarray(0, 10), 'x'))).toMatch(/truncated header: expected 16 bytes, found 10/);
    const gz = gzipSync(t.images);
    expect(err(() => parseIdxImages(gz.subarray(0, gz.length - 5), 'x.gz'))).toMatch(/x\.gz: (truncated or corrupt gzip|corrupt)/);
    // A gzip of a truncated file: its trailer is honest but the header asks for more.
    expect(err(() => parseIdxImages(gzipSync(t.images.subarray(0, 30)), 'y.gz'))).toMatch(
      /y\.gz: truncated or corrupt gzip data: the IDX header needs 40 bytes, the gzip stream ends with a size of 30/,
    );
  });

  it('reports a wrong magic number, naming the file, the magic found and the dtype', () => {
    const t = tiny(3);
    expect(err(() => parseIdxImages(t.labels, 'labels.idx'))).toBe(
      'labels.idx: not an IDX image file (uint8, 3 dimensions): magic number 0x00000801 (IDX uint8, 1 dimension), expected 0x00000803',
    );
    expect(err(() => parseIdxLabels(gzipSync(t.images), 'l.gz'))).toMatch(/l\.gz: not an IDX label file .*magic number 0x00000803/);
    const floats = imagesHeader(1, 1, 1, 0x00000d03);
    expect(err(() => parseIdxImages(floats, 'f.idx'))).toMatch(/magic number 0x00000d03 \(IDX float32, 3 dimensions\)/);
    expect(err(() => parseIdxImages(new Uint8Array([1, 2]), 'tiny'))).toMatch(/tiny: too short to be an IDX image file \(uint8, 3 dimensions\): only 2 bytes/);
  });

  it('refuses sizes over the caps from the header alone, before allocating', () => {
    // 10^9 images declared on a 16-byte file: the cap error, not a 784 GB allocation or a length error.
    expect(err(() => parseIdxImages(imagesHeader(1e9, 28, 28), 'huge'))).toBe(
      `huge: declares 1,000,000,000 images, over the cap of ${MAX_IDX_SAMPLES.toLocaleString('en-US')}`,
    );
    expect(err(() => parseIdxImages(gzipSync(imagesHeader(1e9, 28, 28)), 'huge.gz'))).toMatch(/huge\.gz: declares 1,000,000,000 images, over the cap/);
    expect(err(() => parseIdxImages(imagesHeader(10, 100, 100), 'big'))).toMatch(/100x100 images \(10,000 pixels\), over the cap of 4,096/);
    expect(err(() => parseIdxImages(imagesHeader(200_000, 64, 64), 'b'))).toMatch(/declares 819,200,016 bytes, over the cap/);
    const labels = new Uint8Array(8);
    new DataView(labels.buffer).setUint32(0, 0x801);
    new DataView(labels.buffer).setUint32(4, 0xffffffff);
    expect(err(() => parseIdxLabels(labels, 'l'))).toMatch(/declares 4,294,967,295 labels, over the cap/);
    expect(err(() => parseIdxImages(imagesHeader(0, 28, 28), 'e'))).toMatch(/holds no images/);
    expect(err(() => parseIdxImages(imagesHeader(1, 0, 28), 'e'))).toMatch(/empty 0x28 images/);
  });

  it('refuses a gzip whose trailer disagrees with the IDX header before inflating it', () => {
    const gz = gzipSync(tiny(2).images);
    const n = gz.length;
    new DataView(gz.buffer, gz.byteOffset).setUint32(n - 4, 150_000_000, true);
    expect(err(() => parseIdxImages(gz, 'lie.gz'))).toMatch(/header needs 28 bytes, the gzip stream ends with a size of 150,000,000/);
  });

  it('refuses images and labels of different counts, and a single class', () => {
    const a = tiny(5);
    const b = tiny(6);
    expect(err(() => datasetFromIdx(parseIdxImages(a.images, 'imgs'), parseIdxLabels(b.labels, 'labs'), 'x'))).toBe(
      'imgs holds 5 images but labs holds 6 labels',
    );
    const zeros = parseIdxLabels(encodeIdxLabels(new Uint8Array(5)), 'zeros');
    expect(err(() => datasetFromIdx(parseIdxImages(a.images, 'i'), zeros, 'x'))).toMatch(/zeros: every label is 0/);
    const wide = parseIdxLabels(encodeIdxLabels(Uint8Array.from([0, 255, 3, 1, 2])), 'w');
    expect(datasetFromIdx(parseIdxImages(a.images, 'i'), wide, 'x').numClasses).toBe(256);
  });
});

describe('train and test sets from IDX files', () => {
  const train = tiny(50, 2, 2, 3);
  const test = tiny(10, 2, 2, 4);
  const files = () => [
    parseIdxFile(test.labels, 't10k-labels-idx1-ubyte'),
    parseIdxFile(train.images, 'train-images-idx3-ubyte'),
    parseIdxFile(test.images, 't10k-images-idx3-ubyte'),
    parseIdxFile(train.labels, 'train-labels-idx1-ubyte'),
  ];

  it('uses a given test pair as is, in any order, with a shared class count', () => {
    const r = trainTestFromIdx(files(), 'MNIST');
    expect(r.testSource).toBe('files');
    expect([r.train.count, r.test.count]).toEqual([50, 10]);
    expect([r.train.numClasses, r.test.numClasses]).toEqual([4, 4]);
    expect([r.train.name, r.test.name]).toEqual(['MNIST (train)', 'MNIST (test)']);
    expect(Array.from(r.test.pixels)).toEqual(Array.from(test.pixels));
  });

  it('tells train from test by size when names do not say', () => {
    const [a, b, c, d] = files();
    const r = trainTestFromIdx([{ ...a, fileName: 'a' }, { ...b, fileName: 'b' }, { ...c, fileName: 'c' }, { ...d, fileName: 'd' }], 'x');
    expect([r.train.count, r.test.count]).toEqual([50, 10]);
  });

  it('splits a single pair with the seeded stratified split', () => {
    const [, img, , lab] = files();
    const r = trainTestFromIdx([lab, img], 'One');
    expect(r.testSource).toBe('split');
    expect(r.train.count + r.test.count).toBe(50);
    expect(r.test.count).toBe(10);
    expect(r.train.name).toBe('One (train)');
    expect(trainTestFromIdx([img, lab], 'One').test.labels).toEqual(r.test.labels);
  });

  it('carves validation digits from the training set, never from the test set', () => {
    const r = threeWayFromIdx(files(), 'MNIST');
    expect([r.train.count + r.validation.count, r.test.count]).toEqual([50, 10]);
    expect(r.validation.count).toBeGreaterThan(0);
    const seen = new Set([...r.indices.train, ...r.indices.validation]);
    expect(seen.size).toBe(50);
    expect(Array.from(r.test.pixels)).toEqual(Array.from(test.pixels));
    expect(threeWayFromIdx(files(), 'MNIST').indices.validation).toEqual(r.indices.validation);
  });

  it('refuses odd combinations with clear messages', () => {
    const [tl, ti, , trl] = files();
    expect(err(() => trainTestFromIdx([tl, trl], 'x'))).toMatch(/got 0 image and 2 label files/);
    expect(err(() => trainTestFromIdx([ti], 'x'))).toMatch(/got 1 image and 0 label files/);
    const same = parseIdxFile(tiny(50, 2, 2).images, 'b');
    const sameL = parseIdxFile(tiny(50, 2, 2).labels, 'c');
    expect(err(() => trainTestFromIdx([{ ...ti, fileName: 'a' }, same, trl, sameL], 'x'))).toMatch(/cannot tell which is the test set/);
    const other = parseIdxFile(tiny(10, 3, 3).images, 'test-images');
    expect(err(() => trainTestFromIdx([tl, ti, other, trl], 'x'))).toMatch(/holds 2x2 images but test-images holds 3x3 images/);
  });
});
