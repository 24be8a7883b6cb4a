/**
 * IDX files (the MNIST / Fashion-MNIST / KMNIST format), gzipped or raw.
 *
 *   images: big-endian magic 0x00000803 (uint8, 3 dims), then count, rows, cols (uint32 BE), then the pixels
 *   labels: big-endian magic 0x00000801 (uint8, 1 dim), then count (uint32 BE), then the labels
 *
 * Caps, checked on the header before anything the size of the data is allocated
 * (for gzip, the header is peeked by streaming the first bytes):
 *   - at most MAX_IDX_SAMPLES (200,000) images or labels per file;
 *   - at most MAX_IDX_PIXELS (4,096) pixels per image (rows * cols);
 *   - at most MAX_DECOMPRESSED_BYTES (200 MiB) of data per file.
 * The declared sizes must match the byte length exactly. Every problem throws
 * a DatasetFormatError whose message names the file.
 */
import { Gunzip } from 'fflate';
import { DatasetFormatError, MAX_SAMPLES, isGzip } from '../data/binary-format';
import type { Dataset } from '../data/dataset';
import { MAX_DECOMPRESSED_BYTES } from '../data/decode';
import { runSliced, runSync, type Sliced } from '../sliced';
import { gunzipBounded } from './inflate';
import { carveValidation, DEFAULT_SPLIT_SEED, DEFAULT_TEST_FRACTION, splitDataset, type ThreeWaySplit } from '../data/split';

export const IDX_IMAGES_MAGIC = 0x00000803;
export const IDX_LABELS_MAGIC = 0x00000801;
export const MAX_IDX_SAMPLES = MAX_SAMPLES;
export const MAX_IDX_PIXELS = 4096;

export interface IdxImages {
  kind: 'images';
  fileName: string;
  count: number;
  rows: number;
  cols: number;
  pixels: Uint8Array;
}

export interface IdxLabels {
  kind: 'labels';
  fileName: string;
  count: number;
  labels: Uint8Array;
}

export type IdxFile = IdxImages | IdxLabels;

const DTYPES: Record<number, string> = { 8: 'uint8', 9: 'int8', 11: 'int16', 12: 'int32', 13: 'float32', 14: 'float64' };
const hex = (m: number) => `0x${m.toString(16).padStart(8, '0')}`;
const u32 = (b: Uint8Array, o: number) => ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
const fmt = (n: number) => n.toLocaleString('en-US');

/** The first `n` decompressed bytes of a gzip stream (fewer if it is shorter), without inflating the rest. */
function peekGunzip(bytes: Uint8Array, n: number, fileName: string): Uint8Array {
  const out = new Uint8Array(n);
  let got = 0;
  const g = new Gunzip((chunk) => {
    const take = Math.min(chunk.length, n - got);
    out.set(chunk.subarray(0, take), got);
    got += take;
  });
  try {
    for (let off = 0; off < bytes.length && got < n; off += 4096) {
      const end = Math.min(off + 4096, bytes.length);
      g.push(bytes.subarray(off, end), end === bytes.length);
    }
  } catch (e) {
    throw new DatasetFormatError(`${fileName}: corrupt or truncated gzip data (${(e as Error).message})`);
  }
  return out.subarray(0, got);
}

/** 'images' or 'labels' when the (possibly gzipped) bytes start like a uint8 IDX file of that kind, else null. Never throws. */
export function sniffIdx(bytes: Uint8Array): 'images' | 'labels' | null {
  let head = bytes;
  if (isGzip(bytes)) {
    try {
      head = peekGunzip(bytes, 4, '');
    } catch {
      return null;
    }
  }
  if (head.length < 4) return null;
  const magic = u32(head, 0);
  return magic === IDX_IMAGES_MAGIC ? 'images' : magic === IDX_LABELS_MAGIC ? 'labels' : null;
}

interface Header {
  dims: number[];
  headerBytes: number;
  /** Header plus data, in bytes. */
  total: number;
}

/** Reads and checks the header (magic, caps) of an IDX file of the expected kind. */
function readHeader(head: Uint8Array, kind: IdxFile['kind'], fileName: string): Header {
  const want = kind === 'images' ? IDX_IMAGES_MAGIC : IDX_LABELS_MAGIC;
  const what = kind === 'images' ? 'an IDX image file (uint8, 3 dimensions)' : 'an IDX label file (uint8, 1 dimension)';
  if (head.length < 4) throw new DatasetFormatError(`${fileName}: too short to be ${what}: only ${head.length} bytes`);
  const magic = u32(head, 0);
  if (magic !== want) {
    const known = head[0] === 0 && head[1] === 0 && DTYPES[head[2]] !== undefined;
    const found = known ? ` (IDX ${DTYPES[head[2]]}, ${head[3]} dimension${head[3] === 1 ? '' : 's'})` : '';
    throw new DatasetFormatError(
      `${fileName}: not ${what}: magic number ${hex(magic)}${found}, expected ${hex(want)}`,
    );
  }
  const ndims = head[3];
  const headerBytes = 4 + 4 * ndims;
  if (head.length < headerBytes) {
    throw new DatasetFormatError(`${fileName}: truncated header: expected ${headerBytes} bytes, found ${head.length}`);
  }
  const dims = Array.from({ length: ndims }, (_, i) => u32(head, 4 + 4 * i));
  const [count, rows = 1, cols = 1] = dims;
  const noun = kind === 'images' ? 'images' : 'labels';
  if (count === 0) throw new DatasetFormatError(`${fileName}: holds no ${noun}`);
  if (count > MAX_IDX_SAMPLES) {
    throw new DatasetFormatError(`${fileName}: declares ${fmt(count)} ${noun}, over the cap of ${fmt(MAX_IDX_SAMPLES)}`);
  }
  if (rows === 0 || cols === 0) throw new DatasetFormatError(`${fileName}: declares empty ${rows}x${cols} images`);
  if (rows * cols > MAX_IDX_PIXELS) {
    throw new DatasetFormatError(
      `${fileName}: declares ${rows}x${cols} images (${fmt(rows * cols)} pixels), over the cap of ${fmt(MAX_IDX_PIXELS)} pixels per image`,
    );
  }
  const total = headerBytes + count * rows * cols;
  if (total > MAX_DECOMPRESSED_BYTES) {
    throw new DatasetFormatError(`${fileName}: declares ${fmt(total)} bytes, over the cap of ${fmt(MAX_DECOMPRESSED_BYTES)}`);
  }
  return { dims, headerBytes, total };
}

/** What a reader may know before it reads: the pixels per image the current model takes (checked on the header, before anything is inflated). */
export interface IdxParseOptions {
  pixels?: number;
}

function checkedHeader(head: Uint8Array, kind: IdxFile['kind'], fileName: string, o: IdxParseOptions): Header {
  const header = readHeader(head, kind, fileName);
  if (kind === 'images' && o.pixels !== undefined) {
    const [, rows, cols] = header.dims;
    if (rows * cols !== o.pixels) {
      throw new DatasetFormatError(`${fileName}: holds ${rows}x${cols} images (${fmt(rows * cols)} pixels), but the current model reads ${fmt(o.pixels)} pixels`);
    }
  }
  return header;
}

/**
 * Undoes gzip after checking the header, so a hostile header never causes a
 * large allocation; the inflation is streamed and stops as soon as the data
 * runs past what the header declares (a header and trailer that lie alike).
 */
function* idxBytes(bytes: Uint8Array, kind: IdxFile['kind'], fileName: string, o: IdxParseOptions): Sliced<{ data: Uint8Array; owned: boolean; header: Header }> {
  if (!isGzip(bytes)) return { data: bytes, owned: false, header: checkedHeader(bytes, kind, fileName, o) };
  const headBytes = kind === 'images' ? 16 : 8;
  const header = checkedHeader(peekGunzip(bytes, headBytes, fileName), kind, fileName, o);
  // The gzip trailer holds the uncompressed size: it must be what the header declares (else truncated or corrupt).
  const n = bytes.length;
  const size = n < 18 ? -1 : ((bytes[n - 4] | (bytes[n - 3] << 8) | (bytes[n - 2] << 16) | (bytes[n - 1] << 24)) >>> 0);
  if (size !== header.total) {
    throw new DatasetFormatError(
      `${fileName}: truncated or corrupt gzip data: the IDX header needs ${fmt(header.total)} bytes, the gzip stream ends with ${size < 0 ? 'no size' : `a size of ${fmt(size)}`}`,
    );
  }
  const data = yield* gunzipBounded(bytes, { name: fileName, cap: MAX_DECOMPRESSED_BYTES, headBytes, expect: () => header.total });
  return { data, owned: true, header };
}

function checkLength(data: Uint8Array, expected: number, fileName: string, what: string): void {
  if (data.length !== expected) {
    const how = data.length < expected ? 'truncated' : 'longer than its header says';
    throw new DatasetFormatError(`${fileName}: ${how}: ${what} need ${fmt(expected)} bytes, found ${fmt(data.length)}`);
  }
}

function* imagesWork(bytes: Uint8Array, fileName: string, o: IdxParseOptions): Sliced<IdxImages> {
  const { data, owned, header } = yield* idxBytes(bytes, 'images', fileName, o);
  const [count, rows, cols] = header.dims;
  checkLength(data, header.headerBytes + count * rows * cols, fileName, `${fmt(count)} images of ${rows}x${cols}`);
  const body = data.subarray(header.headerBytes);
  return { kind: 'images', fileName, count, rows, cols, pixels: owned ? body : body.slice() };
}

function* labelsWork(bytes: Uint8Array, fileName: string, o: IdxParseOptions): Sliced<IdxLabels> {
  const { data, owned, header } = yield* idxBytes(bytes, 'labels', fileName, o);
  const [count] = header.dims;
  checkLength(data, header.headerBytes + count, fileName, `${fmt(count)} labels`);
  const body = data.subarray(header.headerBytes);
  return { kind: 'labels', fileName, count, labels: owned ? body : body.slice() };
}

export function parseIdxImages(bytes: Uint8Array, fileName: string): IdxImages {
  return runSync(imagesWork(bytes, fileName, {}));
}

export function parseIdxLabels(bytes: Uint8Array, fileName: string): IdxLabels {
  return runSync(labelsWork(bytes, fileName, {}));
}

function* parseWork(bytes: Uint8Array, fileName: string, o: IdxParseOptions): Sliced<IdxFile> {
  const kind = sniffIdx(bytes);
  if (kind === 'labels') return yield* labelsWork(bytes, fileName, o);
  if (kind === 'images') return yield* imagesWork(bytes, fileName, o);
  const head = isGzip(bytes) ? peekGunzip(bytes, 4, fileName) : bytes;
  const magic = head.length >= 4 ? `magic number ${hex(u32(head, 0))}` : `only ${head.length} bytes`;
  throw new DatasetFormatError(
    `${fileName}: not an IDX image or label file (${magic}; expected ${hex(IDX_IMAGES_MAGIC)} for uint8 images or ${hex(IDX_LABELS_MAGIC)} for uint8 labels)`,
  );
}

/** Parses either kind, told apart by the magic number (so files can come in any order). */
export function parseIdxFile(bytes: Uint8Array, fileName: string, o: IdxParseOptions = {}): IdxFile {
  return runSync(parseWork(bytes, fileName, o));
}

/** parseIdxFile in slices with turns of the event loop between them (for a page: a large file never blocks it). */
export function parseIdxFileSliced(bytes: Uint8Array, fileName: string, o: IdxParseOptions = {}): Promise<IdxFile> {
  return runSliced(parseWork(bytes, fileName, o));
}

/** A Dataset from an image file and its label file. numClasses = max label + 1 (at least 2 classes needed). */
export function datasetFromIdx(images: IdxImages, labels: IdxLabels, name: string): Dataset {
  if (images.count !== labels.count) {
    throw new DatasetFormatError(
      `${images.fileName} holds ${fmt(images.count)} images but ${labels.fileName} holds ${fmt(labels.count)} labels`,
    );
  }
  let max = 0;
  for (const l of labels.labels) if (l > max) max = l;
  if (max < 1) throw new DatasetFormatError(`${labels.fileName}: every label is 0; a data set needs at least 2 classes`);
  return { count: images.count, rows: images.rows, cols: images.cols, numClasses: max + 1, labels: labels.labels, pixels: images.pixels, name };
}

export interface IdxTrainTest {
  train: Dataset;
  test: Dataset;
  /** 'files': the user gave a test pair; 'split': the test set is the seeded stratified split of the only pair. */
  testSource: 'files' | 'split';
}

const TEST_HINT = /t10k|test/i;

/** Orders two files of one kind as [train, test]: by a "test"/"t10k" name, else the larger is train. */
function trainFirst<T extends IdxFile>(a: T, b: T): [T, T] {
  const ta = TEST_HINT.test(a.fileName);
  const tb = TEST_HINT.test(b.fileName);
  if (ta !== tb) return ta ? [b, a] : [a, b];
  if (a.count !== b.count) return a.count > b.count ? [a, b] : [b, a];
  throw new DatasetFormatError(
    `${a.fileName} and ${b.fileName}: cannot tell which is the test set; put "test" or "t10k" in the test files' names`,
  );
}

/**
 * Train and test sets from 2 or 4 parsed IDX files, in any order.
 * - 2 files (one images, one labels): that pair is split into train and test by the
 *   app's seeded stratified split (DEFAULT_TEST_FRACTION, DEFAULT_SPLIT_SEED).
 * - 4 files (two of each): the pairs are used as given, with no split. The test pair
 *   is the one whose names contain "test" or "t10k" (MNIST's names), else the smaller
 *   one. Both sets then share numClasses (the larger) and must have the same image size.
 */
export function trainTestFromIdx(files: IdxFile[], name: string): IdxTrainTest {
  const images = files.filter((f): f is IdxImages => f.kind === 'images');
  const labels = files.filter((f): f is IdxLabels => f.kind === 'labels');
  if (!((files.length === 2 || files.length === 4) && images.length === labels.length)) {
    throw new DatasetFormatError(
      `expected an image file and a label file (or two of each: train and test), got ${images.length} image and ${labels.length} label files`,
    );
  }
  if (images.length === 1) {
    const { train, test } = splitDataset(datasetFromIdx(images[0], labels[0], name), DEFAULT_TEST_FRACTION, DEFAULT_SPLIT_SEED);
    return { train: { ...train, name: `${name} (train)` }, test: { ...test, name: `${name} (test)` }, testSource: 'split' };
  }
  const [trI, teI] = trainFirst(images[0], images[1]);
  const [trL, teL] = trainFirst(labels[0], labels[1]);
  const train = datasetFromIdx(trI, trL, `${name} (train)`);
  const test = datasetFromIdx(teI, teL, `${name} (test)`);
  if (train.rows !== test.rows || train.cols !== test.cols) {
    throw new DatasetFormatError(
      `${trI.fileName} holds ${train.rows}x${train.cols} images but ${teI.fileName} holds ${test.rows}x${test.cols} images`,
    );
  }
  const numClasses = Math.max(train.numClasses, test.numClasses);
  return { train: { ...train, numClasses }, test: { ...test, numClasses }, testSource: 'files' };
}

/**
 * The three sets the app works with, from 2 or 4 parsed IDX files: trainTestFromIdx's
 * train and test sets, with validation digits carved from the training set (1 in 8,
 * seeded and stratified), so that decisions never look at the test digits.
 */
export function threeWayFromIdx(files: IdxFile[], name: string): ThreeWaySplit & { testSource: IdxTrainTest['testSource'] } {
  const tt = trainTestFromIdx(files, name);
  const carved = carveValidation(tt.train);
  const identity = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
  return {
    train: carved.train,
    validation: carved.validation,
    test: tt.test,
    // Indices into the data as imported: the training file (train and validation) and the test set.
    indices: { train: carved.indices.train, validation: carved.indices.validation, test: identity(tt.test.count) },
    testSource: tt.testSource,
  };
}

function header(magic: number, dims: number[], bodyLength: number): Uint8Array {
  const out = new Uint8Array(4 + 4 * dims.length + bodyLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, magic, false);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d, false));
  return out;
}

/** Raw (not gzipped) IDX image bytes, for tests and e2e fixtures. */
export function encodeIdxImages(d: { count: number; rows: number; cols: number; pixels: Uint8Array }): Uint8Array {
  const out = header(IDX_IMAGES_MAGIC, [d.count, d.rows, d.cols], d.pixels.length);
  out.set(d.pixels, 16);
  return out;
}

/** Raw (not gzipped) IDX label bytes, for tests and e2e fixtures. */
export function encodeIdxLabels(labels: Uint8Array): Uint8Array {
  const out = header(IDX_LABELS_MAGIC, [labels.length], labels.length);
  out.set(labels, 8);
  return out;
}
