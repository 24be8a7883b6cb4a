/**
 * Neuro-Coding, step one: a neuron's code is its output (after the activation)
 * over the probe set. Codes are held neuron-major, one contiguous Float32Array
 * run per neuron, which is what the correlation and Gram loops want.
 */
import type { Dataset } from '../data/dataset';
import { forwardRows } from '../model/forward';
import type { Mlp } from '../model/mlp';
import { yieldToEventLoop } from '../yield';

export interface LayerCodes {
  /** Number of probe samples N. */
  readonly count: number;
  /** Number of neurons in the layer. */
  readonly width: number;
  /** Neuron i's code is values[i * count .. (i + 1) * count). */
  readonly values: Float32Array;
}

/** Neuron i's code as a view (no copy). */
export function codeOf(c: LayerCodes, i: number): Float32Array {
  return c.values.subarray(i * c.count, (i + 1) * c.count);
}

/** Writes a sample-major block (rows x width) into neuron-major storage at sample offset `start`. */
export function scatterSampleMajor(block: Float32Array, rows: number, width: number, out: Float32Array, count: number, start: number): void {
  for (let s = 0; s < rows; s++) {
    const o = s * width;
    for (let i = 0; i < width; i++) out[i * count + start + s] = block[o + i];
  }
}

const DEFAULT_CHUNK = 1000;

export interface Activations {
  /** Codes of every hidden layer (neuron-major). */
  codes: LayerCodes[];
  /** pre[k]: pre-activations of dense layer k (sample-major, N x width); the last one is the logits. */
  pre: Float32Array[];
}

export interface ForwardOptions {
  /** Samples per chunk (default 1000). The outputs are bit-identical whatever the chunk. */
  chunk?: number;
  /** Give the event loop a turn between chunks (a browser stays responsive; default false). */
  yieldBetween?: boolean;
}

/**
 * The engine's forward pass (model/forward.ts, plain JavaScript, bit-identical
 * on every backend) of `data` through dense layers 0..upTo of `m`, in chunks:
 * the codes of the hidden layers among them and, when asked, every layer's
 * pre-activations.
 */
export async function forwardPass(m: Mlp, data: Dataset, upTo = m.layers.length - 1, withPre = true, o: ForwardOptions = {}): Promise<Activations> {
  const CHUNK = Math.max(1, o.chunk ?? DEFAULT_CHUNK);
  const layers = m.layers.slice(0, upTo + 1);
  const L = m.layers.length - 1;
  const N = data.count;
  const codes = layers.filter((_, k) => k < L).map((l) => ({ count: N, width: l.outSize, values: new Float32Array(l.outSize * N) }));
  const pre = withPre ? layers.map((l) => new Float32Array(N * l.outSize)) : [];
  for (let s = 0; s < N; s += CHUNK) {
    const rows = Math.min(CHUNK, N - s);
    const r = forwardRows(m, data, s, rows, upTo);
    for (let k = 0; k < layers.length; k++) {
      if (withPre) pre[k].set(r.pre[k], s * layers[k].outSize);
      if (k < L) scatterSampleMajor(r.out[k], rows, codes[k].width, codes[k].values, N, s);
    }
    if (o.yieldBetween && s + rows < N) await yieldToEventLoop();
  }
  return { codes, pre };
}

/** Codes of hidden layers 0..upTo (default: all) of `m` over `data`. */
export async function computeCodes(m: Mlp, data: Dataset, upTo = m.layers.length - 2): Promise<LayerCodes[]> {
  return (await forwardPass(m, data, upTo, false)).codes;
}
