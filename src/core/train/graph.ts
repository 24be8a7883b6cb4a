/**
 * The training graph in tfjs, written once: the MLP's forward pass, the loss
 * (softmax cross-entropy from the logits, through a log-softmax), and its
 * gradients two ways: by a hand-written backward pass, or by tfjs autodiff
 * (tf.variableGrads). The Trainer uses these for its steps; train/graph.test.ts
 * checks the two gradients against each other.
 *
 * Why a hand-written backward pass at all: on the wasm backend a matMul with
 * a transposed operand is many times slower than an explicit transpose
 * followed by a plain matMul, and autodiff's gradients of a matMul use
 * transposed operands. bench:train measures both (docs/bench-train.md).
 */
import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../model/spec';

/** One dense layer's parameters on the backend: W (inSize x outSize) and b. */
export interface DenseParams {
  W: tf.Tensor2D;
  b: tf.Tensor1D;
}

export interface Forward {
  /** acts[0] is the input; acts[l] the output of hidden layer l. */
  acts: tf.Tensor2D[];
  logits: tf.Tensor2D;
}

function act(z: tf.Tensor2D, a: Activation): tf.Tensor2D {
  if (a === 'relu') return tf.relu(z);
  if (a === 'sigmoid') return tf.sigmoid(z);
  return tf.tanh(z);
}

/** dL/dz from dL/da and the activation's output a = act(z). */
function actGrad(da: tf.Tensor2D, a: tf.Tensor2D, f: Activation): tf.Tensor2D {
  if (f === 'relu') return tf.mul(da, tf.step(a));
  if (f === 'sigmoid') return tf.mul(da, tf.mul(a, tf.sub(1, a)));
  return tf.mul(da, tf.sub(1, tf.square(a)));
}

/** The forward pass of a batch x (m x inSize). Call inside tf.tidy. */
export function forward(params: readonly DenseParams[], x: tf.Tensor2D, activation: Activation): Forward {
  const acts = [x];
  const L = params.length;
  for (let l = 0; l < L - 1; l++) acts.push(act(tf.add(tf.matMul(acts[l], params[l].W), params[l].b), activation));
  const logits = tf.add(tf.matMul(acts[L - 1], params[L - 1].W), params[L - 1].b) as tf.Tensor2D;
  return { acts, logits };
}

/** Mean softmax cross-entropy of logits against one-hot targets y: -mean_s sum_c y log softmax(logits). */
export function crossEntropy(logits: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  return tf.div(tf.neg(tf.sum(tf.mul(y, tf.logSoftmax(logits)))), logits.shape[0]);
}

/** How many rows of logits have their largest value at the label. */
export function correctCount(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), labels), 'float32'));
}

export interface Gradients {
  loss: tf.Scalar;
  logits: tf.Tensor2D;
  /** dW and db of every layer, in the order W0, b0, W1, b1, ... */
  grads: tf.Tensor[];
}

/**
 * The loss and its gradients by the hand-written backward pass: dL/dlogits =
 * (softmax - y) / m, then back through every layer. `explicitTranspose`: form
 * transposes with tf.transpose instead of matMul's flags (faster on wasm and
 * cpu). Call inside tf.tidy.
 */
export function handGradients(params: readonly DenseParams[], x: tf.Tensor2D, y: tf.Tensor2D, activation: Activation, explicitTranspose: boolean): Gradients {
  const { acts, logits } = forward(params, x, activation);
  const m = x.shape[0];
  const loss = crossEntropy(logits, y);
  let dz = tf.div(tf.sub(tf.softmax(logits), y), m) as tf.Tensor2D;
  const grads: tf.Tensor[] = new Array(2 * params.length);
  for (let l = params.length - 1; l >= 0; l--) {
    grads[2 * l] = explicitTranspose ? tf.matMul(tf.transpose(acts[l]), dz) : tf.matMul(acts[l], dz, true, false);
    grads[2 * l + 1] = tf.sum(dz, 0);
    if (l > 0) {
      const W = params[l].W;
      const da = (explicitTranspose ? tf.matMul(dz, tf.transpose(W)) : tf.matMul(dz, W, false, true)) as tf.Tensor2D;
      dz = actGrad(da, acts[l], activation);
    }
  }
  return { loss, logits, grads };
}

/** The same by tfjs autodiff: tf.variableGrads of crossEntropy(forward(...)). Call inside tf.tidy. */
export function autoGradients(params: readonly { W: tf.Variable; b: tf.Variable }[], x: tf.Tensor2D, y: tf.Tensor2D, activation: Activation): Gradients {
  let logits: tf.Tensor2D | null = null;
  const vars = params.flatMap((p) => [p.W, p.b]);
  const { value, grads } = tf.variableGrads(() => {
    const f = forward(params as unknown as DenseParams[], x, activation);
    logits = tf.keep(f.logits); // variableGrads tidies its function; the logits are also wanted for the accuracy
    return crossEntropy(f.logits, y);
  }, vars);
  // tf.keep took the logits out of every tidy: hand them to the caller's tidy again.
  const kept = logits as unknown as tf.Tensor2D;
  const out = tf.clone(kept);
  kept.dispose();
  return { loss: value, logits: out, grads: vars.map((v) => grads[v.name]) };
}
