/**
 * The engine's inference forward pass, in plain JavaScript over typed arrays:
 * pre-activations, hidden outputs (the neurons' codes), predicted classes and
 * accuracy. Training runs its own tfjs graph (src/core/train/graph.ts); every
 * other forward pass of the engine goes through here.
 *
 * Bit-identical on every backend and machine: tfjs is not involved, and every
 * sum has a fixed order. A pre-activation is accumulated in float64, input by
 * input in index order (the float32 products are exact in float64), then the
 * bias is added; that is the order of coding/kernels.ts's affineTiles, which
 * the compaction engine uses to recompute a layer, so both give the same bits.
 * The outputs are rounded to float32 once: pre = fround(z), out = fround(act(z)).
 * ReLU is plain IEEE arithmetic; sigmoid and tanh use the JavaScript engine's
 * Math.exp and Math.tanh (fdlibm ports in V8, so the same on every machine
 * that runs Chromium or Node).
 *
 * Zero inputs are skipped (x * w = +-0 leaves a float64 sum that started at +0
 * unchanged, for any finite w): about 80% of MNIST pixels, and the silent ReLU
 * units of later layers.
 */
import type { Dataset } from '../data/dataset';
import { yieldToEventLoop } from '../yield';
import type { Mlp } from './mlp';
import type { Activation } from './spec';

/** (A tfjs helper that lived here; kept as an export for the callers that import it from here.) */
export { inputsTensor } from './to-tf';

/** Pixel byte p as the network's input: the float32 nearest p / 255 (what toFloatInputs and tfjs's int / 255 give). */
const PIXEL = Float32Array.from({ length: 256 }, (_, p) => p / 255);

/** A hidden unit's output from its (float64) pre-activation; the compaction engine's activateInto uses the same expressions. */
export function activation(z: number, a: Activation): number {
  if (a === 'relu') return z > 0 ? z : 0;
  if (a === 'sigmoid') return 1 / (1 + Math.exp(-z));
  return Math.tanh(z);
}

/**
 * Z = X W + b for `rows` samples: X sample-major (rows x nIn), W row-major
 * (nIn x m: row i holds input i's outgoing weights), Z sample-major (rows x m).
 * Each Z[s, c] is sum_i X[s, i] W[i, c] in float64, i ascending, zero inputs
 * skipped, plus b[c] last. A sample's non-zero inputs are taken eight at a
 * time (eight rows of W against one pass over the sample's outputs; then four,
 * then one), still added one after the other.
 */
export function denseRows(X: Float32Array, rows: number, nIn: number, W: Float32Array, b: Float32Array, m: number, Z: Float64Array): void {
  const idx = new Int32Array(nIn);
  const val = new Float64Array(nIn);
  for (let s = 0; s < rows; s++) {
    const xo = s * nIn;
    let nz = 0;
    for (let i = 0; i < nIn; i++) {
      const x = X[xo + i];
      if (x !== 0) {
        idx[nz] = i * m;
        val[nz++] = x;
      }
    }
    const zo = s * m;
    Z.fill(0, zo, zo + m);
    let k = 0;
    for (; k + 8 <= nz; k += 8) {
      const o0 = idx[k], o1 = idx[k + 1], o2 = idx[k + 2], o3 = idx[k + 3];
      const o4 = idx[k + 4], o5 = idx[k + 5], o6 = idx[k + 6], o7 = idx[k + 7];
      const x0 = val[k], x1 = val[k + 1], x2 = val[k + 2], x3 = val[k + 3];
      const x4 = val[k + 4], x5 = val[k + 5], x6 = val[k + 6], x7 = val[k + 7];
      for (let c = 0; c < m; c++) {
        let z = Z[zo + c];
        z += x0 * W[o0 + c];
        z += x1 * W[o1 + c];
        z += x2 * W[o2 + c];
        z += x3 * W[o3 + c];
        z += x4 * W[o4 + c];
        z += x5 * W[o5 + c];
        z += x6 * W[o6 + c];
        z += x7 * W[o7 + c];
        Z[zo + c] = z;
      }
    }
    for (; k + 4 <= nz; k += 4) {
      const o0 = idx[k], o1 = idx[k + 1], o2 = idx[k + 2], o3 = idx[k + 3];
      const x0 = val[k], x1 = val[k + 1], x2 = val[k + 2], x3 = val[k + 3];
      for (let c = 0; c < m; c++) {
        let z = Z[zo + c];
        z += x0 * W[o0 + c];
        z += x1 * W[o1 + c];
        z += x2 * W[o2 + c];
        z += x3 * W[o3 + c];
        Z[zo + c] = z;
      }
    }
    for (; k < nz; k++) {
      const o = idx[k], x = val[k];
      for (let c = 0; c < m; c++) Z[zo + c] += x * W[o + c];
    }
    for (let c = 0; c < m; c++) Z[zo + c] += b[c];
  }
}

/** Samples start .. start+rows of `d` as network inputs (sample-major float32). */
export function inputRows(d: Dataset, start: number, rows: number): Float32Array {
  const f = d.rows * d.cols;
  const px = d.pixels.subarray(start * f, (start + rows) * f);
  const X = new Float32Array(px.length);
  for (let i = 0; i < px.length; i++) X[i] = PIXEL[px[i]];
  return X;
}

export interface ForwardRows {
  /** pre[k]: pre-activations of dense layer k (rows x width, sample-major, float32); the last layer's are the logits. */
  pre: Float32Array[];
  /** out[k]: outputs of hidden layer k (rows x width, sample-major), act of the float64 pre-activation, rounded. */
  out: Float32Array[];
}

/** Samples start .. start+rows of `d` through dense layers 0..upTo of `m`. */
export function forwardRows(m: Mlp, d: Dataset, start: number, rows: number, upTo = m.layers.length - 1): ForwardRows {
  const L = m.layers.length - 1;
  if (d.rows * d.cols !== m.layers[0].inSize) throw new Error(`the model takes ${m.layers[0].inSize} inputs but the data has ${d.rows * d.cols} pixels`);
  const pre: Float32Array[] = [];
  const out: Float32Array[] = [];
  let X = inputRows(d, start, rows);
  let Z = new Float64Array(0);
  for (let k = 0; k <= upTo; k++) {
    const { inSize, outSize, W, b } = m.layers[k];
    if (Z.length < rows * outSize) Z = new Float64Array(rows * outSize);
    denseRows(X, rows, inSize, W, b, outSize, Z);
    const p = new Float32Array(rows * outSize);
    for (let i = 0; i < p.length; i++) p[i] = Z[i];
    pre.push(p);
    if (k < L) {
      const a = new Float32Array(rows * outSize);
      const act = m.spec.activation;
      if (act === 'relu') for (let i = 0; i < a.length; i++) a[i] = Z[i] > 0 ? Z[i] : 0;
      else for (let i = 0; i < a.length; i++) a[i] = activation(Z[i], act);
      out.push(a);
      X = a;
    }
  }
  return { pre, out };
}

/** Index of the largest value of v[o .. o+n) (the first on ties), as tfjs's argMax. */
function argMax(v: Float32Array, o: number, n: number): number {
  let best = 0;
  for (let k = 1; k < n; k++) if (v[o + k] > v[o + best]) best = k;
  return best;
}

/** Multiply-adds one slice of main-thread work may do (some 20-40 ms in plain JavaScript). */
export const WORK_PER_SLICE = 2e7;

/**
 * Samples per chunk for a sliced forward pass of `m`: about WORK_PER_SLICE
 * multiply-adds (counting every weight, so a wide or deep imported model gets
 * small chunks and the page stays responsive), between 1 and 1,000.
 */
export function samplesPerSlice(m: Mlp): number {
  let perSample = 0;
  for (const l of m.layers) perSample += l.inSize * l.outSize;
  return Math.max(1, Math.min(1000, Math.floor(WORK_PER_SLICE / Math.max(1, perSample))));
}

export interface InferenceOptions {
  /** Samples per chunk (default samplesPerSlice(m): 75 for LeNet-300-100). */
  chunk?: number;
  /** Give the event loop a turn between chunks (default true). */
  yieldBetween?: boolean;
}

/** The predicted class (argmax of the float32 logits) of every sample of `d`. */
export async function predictClasses(m: Mlp, d: Dataset, o: InferenceOptions = {}): Promise<Int32Array> {
  const chunk = Math.max(1, o.chunk ?? samplesPerSlice(m));
  const C = m.layers[m.layers.length - 1].outSize;
  const out = new Int32Array(d.count);
  for (let s = 0; s < d.count; s += chunk) {
    const rows = Math.min(chunk, d.count - s);
    const logits = forwardRows(m, d, s, rows).pre[m.layers.length - 1];
    for (let r = 0; r < rows; r++) out[s + r] = argMax(logits, r * C, C);
    if ((o.yieldBetween ?? true) && s + rows < d.count) await yieldToEventLoop();
  }
  return out;
}

export function accuracyOf(pred: Int32Array, labels: Uint8Array): number {
  let ok = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === labels[i]) ok++;
  return pred.length ? ok / pred.length : 0;
}

export async function evaluateAccuracy(m: Mlp, d: Dataset, o: InferenceOptions = {}): Promise<number> {
  return accuracyOf(await predictClasses(m, d, o), d.labels);
}
