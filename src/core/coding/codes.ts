/**
 * Neuro-Coding, step one: a neuron's code is its output (after the activation)
 * over the probe set. Codes are held neuron-major, one contiguous Float32Array
 * run per neuron, which is what the correlation and Gram loops want.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/dataset';
import { activate, inputsTensor, mlpTensors } from '../model/forward';
import type { Mlp } from '../model/mlp';

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

const CHUNK = 1000;

/**
 * Codes of hidden layers 0..upTo (default: all) of `m` over `data`, by a tfjs
 * forward pass in chunks. Every tensor is released before returning.
 */
export async function computeCodes(m: Mlp, data: Dataset, upTo = m.layers.length - 2): Promise<LayerCodes[]> {
  const hidden = m.layers.slice(0, upTo + 1);
  const N = data.count;
  const out = hidden.map((l) => ({ count: N, width: l.outSize, values: new Float32Array(l.outSize * N) }));
  const weights = mlpTensors({ spec: m.spec, layers: hidden });
  try {
    for (let s = 0; s < N; s += CHUNK) {
      const rows = Math.min(CHUNK, N - s);
      const acts = tf.tidy(() => {
        let a: tf.Tensor = inputsTensor(data, s, rows);
        return weights.map((w) => {
          a = activate(tf.add(tf.matMul(a as tf.Tensor2D, w.W), w.b), m.spec.activation);
          return a;
        });
      });
      try {
        for (let l = 0; l < acts.length; l++) {
          const block = (await acts[l].data()) as Float32Array;
          scatterSampleMajor(block, rows, out[l].width, out[l].values, N, s);
        }
      } finally {
        tf.dispose(acts);
      }
    }
  } finally {
    weights.forEach((w) => tf.dispose([w.W, w.b]));
  }
  return out;
}
