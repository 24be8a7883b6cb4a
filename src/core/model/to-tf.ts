/** tfjs views of the engine's objects: an Mlp as a Sequential model (for saving, for stock model.fit, for checks), a data set as an input tensor. */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/dataset';
import type { Mlp } from './mlp';

export function toTfModel(m: Mlp): tf.Sequential {
  const model = tf.sequential();
  m.layers.forEach((l, i) => {
    const last = i === m.layers.length - 1;
    model.add(
      tf.layers.dense({
        units: l.outSize,
        activation: last ? 'softmax' : m.spec.activation,
        inputShape: i === 0 ? [l.inSize] : undefined,
        name: last ? 'output' : `hidden${i + 1}`,
      }),
    );
  });
  const weights = m.layers.flatMap((l) => [tf.tensor2d(l.W, [l.inSize, l.outSize]), tf.tensor1d(l.b)]);
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}

/** Samples start .. start+count of `d` as a float32 tensor of inputs in [0, 1] (caller disposes). */
export function inputsTensor(d: Dataset, start = 0, count = d.count): tf.Tensor2D {
  const f = d.rows * d.cols;
  return tf.tidy(() =>
    tf.div(tf.tensor2d(d.pixels.subarray(start * f, (start + count) * f), [count, f], 'int32'), 255) as tf.Tensor2D,
  );
}
