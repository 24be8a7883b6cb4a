/**
 * Adam over a fixed list of variables, with its state in the open so that a
 * run can be checkpointed and resumed (on this backend or another one). The
 * update is tfjs's own AdamOptimizer (tfjs-core 4.x) op for op, so it gives
 * the same bits as tf.train.adam (adam.test.ts checks this).
 */
import * as tf from '@tensorflow/tfjs';

export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;

/** Adam's state as plain arrays: first and second moments per variable, and beta1^t, beta2^t (t = steps taken + 1). */
export interface AdamState {
  m: Float32Array[];
  v: Float32Array[];
  beta1Power: number;
  beta2Power: number;
}

export class Adam {
  private readonly m: tf.Variable[];
  private readonly v: tf.Variable[];
  private readonly beta1Power: tf.Variable;
  private readonly beta2Power: tf.Variable;
  private readonly epsilon: number;

  /** `state`: continue from it (moments and powers as read by snapshot()); otherwise zero moments. */
  constructor(
    private readonly vars: readonly tf.Variable[],
    private readonly learningRate: number,
    state?: AdamState,
  ) {
    if (state && (state.m.length !== vars.length || state.v.length !== vars.length)) throw new Error('the optimiser state does not fit the model');
    this.epsilon = tf.backend().epsilon();
    // Variables outlive a tidy; the tensors they were made from do not.
    [this.m, this.v, this.beta1Power, this.beta2Power] = tf.tidy(() => [
      vars.map((w, i) => tf.variable(state ? tf.tensor(state.m[i], w.shape) : tf.zerosLike(w), false)),
      vars.map((w, i) => tf.variable(state ? tf.tensor(state.v[i], w.shape) : tf.zerosLike(w), false)),
      tf.variable(tf.scalar(state ? state.beta1Power : ADAM_BETA1), false),
      tf.variable(tf.scalar(state ? state.beta2Power : ADAM_BETA2), false),
    ]);
  }

  /** One update; grads[i] belongs to vars[i]. */
  apply(grads: readonly tf.Tensor[]): void {
    tf.tidy(() => {
      const oneMinusBeta1Power = tf.sub(1, this.beta1Power);
      const oneMinusBeta2Power = tf.sub(1, this.beta2Power);
      this.vars.forEach((w, i) => {
        const g = grads[i];
        const m = tf.add(tf.mul(this.m[i], ADAM_BETA1), tf.mul(g, 1 - ADAM_BETA1));
        const v = tf.add(tf.mul(this.v[i], ADAM_BETA2), tf.mul(tf.square(g), 1 - ADAM_BETA2));
        const mHat = tf.div(m, oneMinusBeta1Power);
        const vHat = tf.div(v, oneMinusBeta2Power);
        this.m[i].assign(m);
        this.v[i].assign(v);
        w.assign(tf.add(tf.mul(tf.div(mHat, tf.add(tf.sqrt(vHat), this.epsilon)), -this.learningRate), w));
      });
      this.beta1Power.assign(tf.mul(this.beta1Power, ADAM_BETA1));
      this.beta2Power.assign(tf.mul(this.beta2Power, ADAM_BETA2));
    });
  }

  /** Clones of the state's tensors as they are now (m..., v..., beta1Power, beta2Power); the caller disposes them. */
  snapshot(): tf.Tensor[] {
    return [...this.m, ...this.v, this.beta1Power, this.beta2Power].map((t) => tf.clone(t));
  }

  /** Reads a snapshot back as an AdamState (and disposes it). */
  static async read(snapshot: tf.Tensor[]): Promise<AdamState> {
    try {
      const values = await Promise.all(snapshot.map((t) => t.data() as Promise<Float32Array>));
      const n = (values.length - 2) / 2;
      return { m: values.slice(0, n), v: values.slice(n, 2 * n), beta1Power: values[2 * n][0], beta2Power: values[2 * n + 1][0] };
    } finally {
      tf.dispose(snapshot);
    }
  }

  dispose(): void {
    tf.dispose([...this.m, ...this.v, this.beta1Power, this.beta2Power]);
  }
}
