/**
 * Forward passes of an Mlp with tfjs: class probabilities, predicted classes,
 * accuracy, and the hidden layers' outputs (the neurons' codes). Inputs are
 * processed in chunks; every intermediate tensor is released.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/dataset';
import type { Activation } from './spec';
import type { Mlp } from './mlp';

export function activate(x: tf.Tensor, a: Activation | 'softmax'): tf.Tensor {
  switch (a) {
    case 'relu':
      return tf.relu(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'tanh':
      return tf.tanh(x);
    case 'softmax':
      return tf.softmax(x);
  }
}

/** Uploads an Mlp's weights as tensors (caller disposes). */
export function mlpTensors(m: Mlp): { W: tf.Tensor2D; b: tf.Tensor1D }[] {
  return m.layers.map((l) => ({ W: tf.tensor2d(l.W, [l.inSize, l.outSize]), b: tf.tensor1d(l.b) }));
}

export function inputsTensor(d: Dataset, start = 0, count = d.count): tf.Tensor2D {
  const f = d.rows * d.cols;
  return tf.tidy(() =>
    tf.div(tf.tensor2d(d.pixels.subarray(start * f, (start + count) * f), [count, f], 'int32'), 255) as tf.Tensor2D,
  );
}

const CHUNK = 2000;

/**
 * Runs the data through the network. `fromLayer` > 0 starts from hidden
 * outputs of layer `fromLayer` instead of pixels (see hiddenOutputs).
 * Returns the predicted class of every sample.
 */
export async function predictClasses(m: Mlp, d: Dataset): Promise<Int32Array> {
  const weights = mlpTensors(m);
  const out = new Int32Array(d.count);
  try {
    for (let s = 0; s < d.count; s += CHUNK) {
      const n = Math.min(CHUNK, d.count - s);
      const pred = tf.tidy(() => {
        let a: tf.Tensor = inputsTensor(d, s, n);
        weights.forEach((w, l) => {
          const z = tf.add(tf.matMul(a as tf.Tensor2D, w.W), w.b);
          a = l === weights.length - 1 ? z : activate(z, m.spec.activation);
        });
        return tf.argMax(a, 1);
      });
      out.set(await pred.data(), s);
      pred.dispose();
    }
  } finally {
    weights.forEach((w) => tf.dispose([w.W, w.b]));
  }
  return out;
}

export function accuracyOf(pred: Int32Array, labels: Uint8Array): number {
  let ok = 0;
  for (let i = 0; i < pred.length; i++) if (pred[i] === labels[i]) ok++;
  return pred.length ? ok / pred.length : 0;
}

export async function evaluateAccuracy(m: Mlp, d: Dataset): Promise<number> {
  return accuracyOf(await predictClasses(m, d), d.labels);
}
