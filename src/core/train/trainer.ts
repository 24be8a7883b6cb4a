/**
 * The training loop: mini-batch Adam on softmax cross-entropy with a hand-written
 * backward pass for the MLP. It runs the same in Node and the browser.
 *
 * Why not model.fit: on the wasm and cpu backends a matMul with a transposed
 * operand is about ten times slower than an explicit transpose followed by a
 * plain matMul, and autodiff uses transposed operands for every gradient. The
 * loop below transposes explicitly there (and lets WebGL use the free flags),
 * reads losses in one batch per yield instead of once per step, and keeps the
 * whole training split on the backend.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/dataset';
import { toFloatInputsSliced } from '../data/dataset';
import { runSliced } from '../sliced';
import { inputsTensor } from '../model/forward';
import type { Mlp } from '../model/mlp';
import { cloneMlp } from '../model/mlp';
import type { Activation } from '../model/spec';
import { makeRng, shuffleInPlace } from '../random';
import { yieldToEventLoop } from '../yield';

export interface TrainSettings {
  learningRate: number;
  batchSize: number;
  epochs: number;
  /** Seeds the order of the samples in every epoch. */
  seed: number;
}

export const DEFAULT_TRAIN_SETTINGS: TrainSettings = { learningRate: 1e-3, batchSize: 128, epochs: 15, seed: 1 };

export interface BatchReport {
  epoch: number;
  batch: number;
  batchesPerEpoch: number;
  /** Steps taken since the start, across epochs. */
  step: number;
  loss: number;
}

export interface EpochReport {
  epoch: number;
  loss: number;
  trainAccuracy: number;
  testAccuracy: number | null;
  seconds: number;
}

export interface TrainCallbacks {
  onBatches?: (reports: BatchReport[]) => void;
  onEpoch?: (report: EpochReport) => void | Promise<void>;
}

export type TrainStatus = 'ready' | 'running' | 'paused' | 'stopped' | 'done';

interface Pending {
  epoch: number;
  batch: number;
  step: number;
  stats: tf.Tensor1D; // [loss, correct]
}

export class Trainer {
  private status: TrainStatus = 'ready';
  private resumeWaiter: (() => void) | null = null;
  private readonly vars: { W: tf.Variable; b: tf.Variable }[];
  private readonly optimizer: tf.AdamOptimizer;
  private readonly activation: Activation;
  private readonly explicitTranspose: boolean;
  private disposed = false;
  private disposeRequested = false;
  private running = false;
  /** Longest a burst of batches runs before the loop yields, in ms. */
  yieldEveryMs = 25;

  constructor(
    private readonly start: Mlp,
    private readonly train: Dataset,
    private readonly test: Dataset | null,
    readonly settings: TrainSettings,
    private readonly callbacks: TrainCallbacks = {},
  ) {
    if (!(settings.batchSize >= 1 && settings.epochs >= 1 && settings.learningRate > 0)) {
      throw new Error(`invalid training settings ${JSON.stringify(settings)}`);
    }
    if (train.rows * train.cols !== start.layers[0].inSize) {
      throw new Error(`the model takes ${start.layers[0].inSize} inputs but the data has ${train.rows * train.cols} pixels`);
    }
    this.activation = start.spec.activation;
    this.explicitTranspose = tf.getBackend() !== 'webgl';
    this.vars = tf.tidy(() =>
      start.layers.map((l) => ({
        W: tf.variable(tf.tensor2d(l.W, [l.inSize, l.outSize])),
        b: tf.variable(tf.tensor1d(l.b)),
      })),
    );
    this.optimizer = tf.train.adam(settings.learningRate);
  }

  get state(): TrainStatus {
    return this.status;
  }

  /** Reads the status afresh (it changes across awaits). */
  private is(s: TrainStatus): boolean {
    return this.status === s;
  }

  pause(): void {
    if (this.status === 'running') this.status = 'paused';
  }

  resume(): void {
    if (this.status === 'paused') {
      this.status = 'running';
      this.resumeWaiter?.();
    }
  }

  stop(): void {
    if (this.status === 'running' || this.status === 'paused') {
      this.status = 'stopped';
      this.resumeWaiter?.();
    }
  }

  /** Trains until done or stopped; resolves with the trained weights. Call once. */
  async run(): Promise<Mlp> {
    if (this.status !== 'ready') throw new Error('a Trainer runs once');
    this.status = 'running';
    this.running = true;
    const { batchSize, epochs, seed } = this.settings;
    const n = this.train.count;
    const numClasses = this.start.spec.numClasses;
    // Uploaded from a Float32Array: on WebGL a tensor computed on the GPU (int / 255) stays
    // in a packed texture that every gather would first unpack (~300 ms a batch).
    const xs = tf.tensor2d(await runSliced(toFloatInputsSliced(this.train)), [n, this.train.rows * this.train.cols]);
    const labels = tf.tensor1d(this.train.labels, 'int32');
    const ys = tf.tidy(() => tf.oneHot(labels, numClasses).toFloat()) as tf.Tensor2D;
    await yieldToEventLoop(); // the upload is a task's worth of work on its own
    const rng = makeRng(seed);
    const order = new Int32Array(n);
    const batchesPerEpoch = Math.ceil(n / batchSize);
    let pending: Pending[] = [];
    let lastYield = performance.now();
    let step = 0;
    try {
      for (let epoch = 1; epoch <= epochs && !this.is('stopped'); epoch++) {
        const t0 = performance.now();
        for (let i = 0; i < n; i++) order[i] = i;
        shuffleInPlace(order, rng);
        const orderT = tf.tensor1d(order, 'int32');
        let lossSum = 0;
        let correct = 0;
        let seen = 0;
        const flush = async () => {
          if (!pending.length) return;
          const batch = pending;
          pending = [];
          const stacked = tf.stack(batch.map((p) => p.stats));
          const values = await stacked.data();
          tf.dispose([stacked, ...batch.map((p) => p.stats)]);
          const reports: BatchReport[] = batch.map((p, k) => {
            lossSum += values[2 * k] * Math.min(batchSize, n - (p.batch - 1) * batchSize);
            correct += values[2 * k + 1];
            return { epoch: p.epoch, batch: p.batch, batchesPerEpoch, step: p.step, loss: values[2 * k] };
          });
          this.callbacks.onBatches?.(reports);
        };
        for (let b = 0; b < batchesPerEpoch; b++) {
          if (this.is('paused')) {
            await flush();
            if (this.is('paused')) await new Promise<void>((r) => (this.resumeWaiter = r));
            this.resumeWaiter = null;
            lastYield = performance.now();
          }
          if (this.is('stopped')) break;
          const s = b * batchSize;
          const m = Math.min(batchSize, n - s);
          step++;
          pending.push({ epoch, batch: b + 1, step, stats: this.step(xs, ys, labels, orderT, s, m) });
          seen += m;
          if (performance.now() - lastYield > this.yieldEveryMs) {
            await flush();
            await yieldToEventLoop();
            lastYield = performance.now();
          }
        }
        await flush();
        orderT.dispose();
        if (seen === 0 || this.is('stopped')) break;
        const testAccuracy = this.test ? await this.accuracy(this.test) : null;
        await this.callbacks.onEpoch?.({
          epoch,
          loss: lossSum / seen,
          trainAccuracy: correct / seen,
          testAccuracy,
          seconds: (performance.now() - t0) / 1000,
        });
        lastYield = performance.now();
      }
      if (this.status === 'running') this.status = 'done';
      return await this.weights();
    } finally {
      for (const p of pending) p.stats.dispose();
      tf.dispose([xs, ys, labels]);
      this.running = false;
      if (this.disposeRequested) this.dispose();
    }
  }

  /** One Adam step on samples order[s .. s+m); returns [loss, correct count]. */
  private step(xs: tf.Tensor2D, ys: tf.Tensor2D, labels: tf.Tensor1D, order: tf.Tensor1D, s: number, m: number): tf.Tensor1D {
    return tf.tidy(() => {
      // A gather per batch: on wasm a slice would first copy the whole source out of wasm memory.
      const idx = tf.slice(order, [s], [m]);
      const x = tf.gather(xs, idx) as tf.Tensor2D;
      const y = tf.gather(ys, idx) as tf.Tensor2D;
      const lab = tf.gather(labels, idx) as tf.Tensor1D;
      const acts: tf.Tensor2D[] = [x as tf.Tensor2D];
      const L = this.vars.length;
      for (let l = 0; l < L - 1; l++) {
        const z = tf.add(tf.matMul(acts[l], this.vars[l].W as tf.Tensor2D), this.vars[l].b) as tf.Tensor2D;
        acts.push(this.act(z));
      }
      const logits = tf.add(tf.matMul(acts[L - 1], this.vars[L - 1].W as tf.Tensor2D), this.vars[L - 1].b) as tf.Tensor2D;
      const p = tf.softmax(logits);
      const loss = tf.div(tf.neg(tf.sum(tf.mul(y, tf.log(tf.add(p, 1e-7))))), m);
      const correct = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), lab), 'float32'));
      let dz = tf.div(tf.sub(p, y), m) as tf.Tensor2D;
      const grads: { name: string; tensor: tf.Tensor }[] = [];
      for (let l = L - 1; l >= 0; l--) {
        const W = this.vars[l].W as tf.Tensor2D;
        const dW = this.explicitTranspose ? tf.matMul(tf.transpose(acts[l]), dz) : tf.matMul(acts[l], dz, true, false);
        grads.push({ name: this.vars[l].W.name, tensor: dW }, { name: this.vars[l].b.name, tensor: tf.sum(dz, 0) });
        if (l > 0) {
          const da = this.explicitTranspose ? tf.matMul(dz, tf.transpose(W)) : tf.matMul(dz, W, false, true);
          dz = this.actGrad(da as tf.Tensor2D, acts[l]);
        }
      }
      this.optimizer.applyGradients(grads);
      return tf.stack([loss, correct]) as tf.Tensor1D;
    });
  }

  private act(z: tf.Tensor2D): tf.Tensor2D {
    if (this.activation === 'relu') return tf.relu(z);
    if (this.activation === 'sigmoid') return tf.sigmoid(z);
    return tf.tanh(z);
  }

  /** dL/dz from dL/da and the activation's output a. */
  private actGrad(da: tf.Tensor2D, a: tf.Tensor2D): tf.Tensor2D {
    if (this.activation === 'relu') return tf.mul(da, tf.step(a));
    if (this.activation === 'sigmoid') return tf.mul(da, tf.mul(a, tf.sub(1, a)));
    return tf.mul(da, tf.sub(1, tf.square(a)));
  }

  /** Accuracy of the current weights on a data set, in chunks. */
  async accuracy(d: Dataset): Promise<number> {
    let correct = 0;
    // 500 samples a chunk: about 20 ms of work between turns of the event loop on wasm.
    for (let s = 0; s < d.count; s += 500) {
      const m = Math.min(500, d.count - s);
      const c = tf.tidy(() => {
        let a = inputsTensor(d, s, m);
        this.vars.forEach((v, l) => {
          const z = tf.add(tf.matMul(a, v.W as tf.Tensor2D), v.b) as tf.Tensor2D;
          a = l === this.vars.length - 1 ? z : this.act(z);
        });
        return tf.sum(tf.cast(tf.equal(tf.argMax(a, 1), tf.tensor1d(d.labels.subarray(s, s + m), 'int32')), 'int32'));
      });
      correct += (await c.data())[0];
      c.dispose();
      await yieldToEventLoop();
    }
    return correct / d.count;
  }

  /** A snapshot of the current weights as an Mlp. */
  async weights(): Promise<Mlp> {
    const out = cloneMlp(this.start);
    for (let l = 0; l < this.vars.length; l++) {
      out.layers[l].W = (await this.vars[l].W.data()) as Float32Array;
      out.layers[l].b = (await this.vars[l].b.data()) as Float32Array;
    }
    return out;
  }

  /**
   * Releases the variables and the optimizer's slots. During a run it stops the
   * run and releases them when the run returns (with the weights it reached).
   */
  dispose(): void {
    if (this.disposed) return;
    this.stop();
    if (this.running) {
      this.disposeRequested = true;
      return;
    }
    this.disposed = true;
    this.optimizer.dispose();
    for (const v of this.vars) tf.dispose([v.W, v.b]);
  }
}
