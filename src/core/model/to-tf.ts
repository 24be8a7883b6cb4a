/** An Mlp as a tfjs Sequential model (for saving, for stock model.fit, for checks). */
import * as tf from '@tensorflow/tfjs';
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
