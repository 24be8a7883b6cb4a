/**
 * The training loop: mini-batch Adam on softmax cross-entropy, on the active
 * tfjs backend, the same in Node and the browser. The graph (forward pass,
 * loss, gradients) is in graph.ts; the gradients come from the hand-written
 * backward pass or from tfjs autodiff, whichever bench:train found faster on
 * the backend (defaultGradients). The loop reads losses in one batch per
 * yield instead of once per step, and keeps the whole training split on the
 * backend. The test accuracy after each epoch comes from the engine's own
 * inference forward pass (model/forward.ts) on the weights read back, so it is
 * exactly what evaluateAccuracy says of the returned model.
 *
 * A run can hand out a checkpoint (weights, Adam's state, the position at the
 * last finished batch) and a new Trainer can continue from it, on the same
 * backend or another one: on the same backend the result is bit-identical to
 * an uninterrupted run.
 */
import * as tf from '@tensorflow/tfjs';
import type { Dataset } from '../data/dataset';
import { toFloatInputsSliced } from '../data/dataset';
import { evaluateAccuracy } from '../model/forward';
import type { Mlp } from '../model/mlp';
import { cloneMlp } from '../model/mlp';
import { makeRng, shuffleInPlace, type Rng } from '../random';
import { runSliced } from '../sliced';
import { yieldToEventLoop } from '../yield';
import { Adam } from './adam';
import type { TrainCheckpoint } from './checkpoint';
import { checkCheckpoint, readCheckpoint } from './checkpoint';
import { autoGradients, correctCount, handGradients } from './graph';

import type { TrainSettings } from './settings';

export type { TrainCheckpoint } from './checkpoint';
export { DEFAULT_TRAIN_SETTINGS, type TrainSettings } from './settings';

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

/** Where the gradients come from: the hand-written backward pass, or tfjs autodiff (tf.variableGrads). */
export type GradientMethod = 'hand' | 'autodiff';

/**
 * The hand-written pass only where bench:train found it clearly faster
 * (docs/bench-train.md): on wasm, where autodiff's matMuls with a transposed
 * operand are slow and the hand-written pass transposes explicitly, an epoch
 * takes a third of the CPU time. On cpu and webgl the two are within 5%, so
 * the gradients come from tfjs's own autodiff there.
 */
export function defaultGradients(backend: string): GradientMethod {
  return backend === 'wasm' ? 'hand' : 'autodiff';
}

export interface TrainerOptions {
  /** Default: defaultGradients(the active backend). */
  gradients?: GradientMethod;
  /** Continue from this checkpoint (see Trainer.resume). */
  from?: TrainCheckpoint;
}

interface Pending {
  epoch: number;
  batch: number;
  step: number;
  /** Samples in the batch. */
  size: number;
  stats: tf.Tensor1D; // [loss, correct]
}

/** The position of a run, at a batch boundary. */
interface Position {
  /** The current epoch (1-based) and how many of its batches are finished. */
  epoch: number;
  batch: number;
  /** Batches finished since the start. */
  step: number;
  /** The epoch's sample order. */
  order: Int32Array;
  /** Over the epoch's batches whose stats have been read (not the pending ones): loss x samples, correct, samples. */
  lossSum: number;
  correct: number;
  seen: number;
  /** Wall milliseconds spent on the epoch before the current stretch of running began. */
  ms: number;
}

export class Trainer {
  private status: TrainStatus = 'ready';
  private resumeWaiter: (() => void) | null = null;
  private readonly vars: { W: tf.Variable; b: tf.Variable }[];
  private readonly optimizer: Adam;
  private readonly explicitTranspose: boolean;
  readonly gradients: GradientMethod;
  private readonly rng: Rng;
  private readonly pos: Position;
  private pending: Pending[] = [];
  /** performance.now() when the current stretch of the epoch began (NaN while not running). */
  private stretchStart = NaN;
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
    options: TrainerOptions = {},
  ) {
    if (!(settings.batchSize >= 1 && settings.epochs >= 1 && settings.learningRate > 0)) {
      throw new Error(`invalid training settings ${JSON.stringify(settings)}`);
    }
    if (train.rows * train.cols !== start.layers[0].inSize) {
      throw new Error(`the model takes ${start.layers[0].inSize} inputs but the data has ${train.rows * train.cols} pixels`);
    }
    const from = options.from;
    if (from) checkCheckpoint(from, start, train.count, settings);
    this.explicitTranspose = tf.getBackend() !== 'webgl';
    this.gradients = options.gradients ?? defaultGradients(tf.getBackend());
    this.vars = tf.tidy(() =>
      start.layers.map((l) => ({
        W: tf.variable(tf.tensor2d(l.W, [l.inSize, l.outSize])),
        b: tf.variable(tf.tensor1d(l.b)),
      })),
    );
    this.optimizer = new Adam(
      this.vars.flatMap((v) => [v.W, v.b]),
      settings.learningRate,
      from?.adam,
    );
    // The order of epoch e is the e-th shuffle of one seeded generator: replaying the
    // shuffles up to a checkpoint's epoch puts the generator where the run left it.
    this.rng = makeRng(settings.seed);
    const epoch = from?.epoch ?? 1;
    const order = new Int32Array(train.count);
    for (let e = 1; e <= epoch; e++) this.shuffle(order);
    this.pos = from
      ? { epoch, batch: from.batch, step: from.step, order, lossSum: from.epochLoss, correct: from.epochCorrect, seen: from.epochSeen, ms: from.epochMs }
      : { epoch, batch: 0, step: 0, order, lossSum: 0, correct: 0, seen: 0, ms: 0 };
  }

  /** A Trainer that continues a checkpointed run (its settings and weights) on the same training data. */
  static resume(from: TrainCheckpoint, train: Dataset, test: Dataset | null, callbacks: TrainCallbacks = {}, options: Omit<TrainerOptions, 'from'> = {}): Trainer {
    return new Trainer(from.weights, train, test, { ...from.settings }, callbacks, { ...options, from });
  }

  private shuffle(order: Int32Array): void {
    for (let i = 0; i < order.length; i++) order[i] = i;
    shuffleInPlace(order, this.rng);
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

  private get batchesPerEpoch(): number {
    return Math.ceil(this.train.count / this.settings.batchSize);
  }

  /**
   * Reads the pending batches' stats, adds them to the epoch's and reports them.
   * They stay pending until read, so that a checkpoint taken meanwhile counts them.
   */
  private async flush(): Promise<void> {
    if (!this.pending.length) return;
    const batch = this.pending;
    const stacked = tf.stack(batch.map((p) => p.stats));
    const values = await stacked.data();
    this.pending = [];
    tf.dispose([stacked, ...batch.map((p) => p.stats)]);
    const bpe = this.batchesPerEpoch;
    const reports: BatchReport[] = batch.map((p, k) => {
      this.pos.lossSum += values[2 * k] * p.size;
      this.pos.correct += values[2 * k + 1];
      this.pos.seen += p.size;
      return { epoch: p.epoch, batch: p.batch, batchesPerEpoch: bpe, step: p.step, loss: values[2 * k] };
    });
    this.callbacks.onBatches?.(reports);
  }

  /** Trains until done or stopped; resolves with the trained weights. Call once. */
  async run(): Promise<Mlp> {
    if (this.status !== 'ready') throw new Error('a Trainer runs once');
    this.status = 'running';
    this.running = true;
    const { batchSize, epochs } = this.settings;
    const n = this.train.count;
    const bpe = this.batchesPerEpoch;
    // Uploaded from a Float32Array: on WebGL a tensor computed on the GPU (int / 255) stays
    // in a packed texture that every gather would first unpack (~300 ms a batch).
    const xs = tf.tensor2d(await runSliced(toFloatInputsSliced(this.train)), [n, this.train.rows * this.train.cols]);
    const labels = tf.tensor1d(this.train.labels, 'int32');
    const ys = tf.tidy(() => tf.oneHot(labels, this.start.layers[this.start.layers.length - 1].outSize).toFloat()) as tf.Tensor2D;
    await yieldToEventLoop(); // the upload is a task's worth of work on its own
    let orderT: tf.Tensor1D | null = null;
    let lastYield = performance.now();
    const p = this.pos;
    try {
      while (p.epoch <= epochs && !this.is('stopped')) {
        this.stretchStart = performance.now();
        orderT ??= tf.tensor1d(p.order, 'int32');
        while (p.batch < bpe) {
          if (this.is('paused')) {
            await this.flush();
            p.ms += performance.now() - this.stretchStart;
            this.stretchStart = NaN;
            if (this.is('paused')) await new Promise<void>((r) => (this.resumeWaiter = r));
            this.resumeWaiter = null;
            this.stretchStart = lastYield = performance.now();
          }
          if (this.is('stopped')) break;
          const s = p.batch * batchSize;
          const size = Math.min(batchSize, n - s);
          const stats = this.step(xs, ys, labels, orderT, s, size);
          p.batch++;
          p.step++;
          this.pending.push({ epoch: p.epoch, batch: p.batch, step: p.step, size, stats });
          if (performance.now() - lastYield > this.yieldEveryMs) {
            await this.flush();
            await yieldToEventLoop();
            lastYield = performance.now();
          }
        }
        await this.flush();
        if (p.batch < bpe || this.is('stopped')) break;
        const testAccuracy = this.test ? await evaluateAccuracy(await this.weights(), this.test) : null;
        p.ms += performance.now() - this.stretchStart;
        this.stretchStart = NaN;
        await this.callbacks.onEpoch?.({ epoch: p.epoch, loss: p.lossSum / p.seen, trainAccuracy: p.correct / p.seen, testAccuracy, seconds: p.ms / 1000 });
        // On to the next epoch (also after the last one, so that a checkpoint taken now continues a longer run exactly).
        orderT.dispose();
        orderT = null;
        this.shuffle(p.order);
        Object.assign(p, { epoch: p.epoch + 1, batch: 0, lossSum: 0, correct: 0, seen: 0, ms: 0 });
        lastYield = performance.now();
      }
      if (this.status === 'running') this.status = 'done';
      return await this.weights();
    } finally {
      if (!Number.isNaN(this.stretchStart)) p.ms += performance.now() - this.stretchStart;
      this.stretchStart = NaN;
      for (const q of this.pending) q.stats.dispose();
      this.pending = [];
      tf.dispose([xs, ys, labels]);
      orderT?.dispose();
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
      const activation = this.start.spec.activation;
      const g =
        this.gradients === 'hand'
          ? handGradients(
              this.vars.map((v) => ({ W: v.W as tf.Tensor2D, b: v.b as tf.Tensor1D })),
              x,
              y,
              activation,
              this.explicitTranspose,
            )
          : autoGradients(this.vars, x, y, activation);
      this.optimizer.apply(g.grads);
      return tf.stack([g.loss, correctCount(g.logits, lab)]) as tf.Tensor1D;
    });
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
   * The state at the last finished batch: weights, Adam's moments, the position
   * and the epoch's sums so far. Taken at once (the values as they are at the
   * call), read back asynchronously; callable in any state until dispose().
   */
  checkpoint(): Promise<TrainCheckpoint> {
    if (this.disposed) throw new Error('the Trainer is disposed');
    const p = this.pos;
    const weights = this.vars.flatMap((v) => [tf.clone(v.W), tf.clone(v.b)]);
    const adam = this.optimizer.snapshot();
    const pending = this.pending.map((q) => ({ size: q.size, stats: tf.clone(q.stats) }));
    const running = Number.isNaN(this.stretchStart) ? 0 : performance.now() - this.stretchStart;
    const at = { epoch: p.epoch, batch: p.batch, step: p.step, lossSum: p.lossSum, correct: p.correct, seen: p.seen, ms: p.ms + running };
    return readCheckpoint({ settings: this.settings, samples: this.train.count, model: this.start, weights, adam, pending, at });
  }

  /**
   * Releases the variables and the optimizer's state. During a run it stops the
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
