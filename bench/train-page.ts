/**
 * The browser half of `npm run bench:train` (bench/train.ts drives it with
 * Playwright). It exposes `window.bench`: one call trains LeNet-300-100 on the
 * 10,000 embedded digits for one epoch at a time, with our Trainer (its
 * hand-written backward pass, or tfjs autodiff in the same loop) or with a
 * stock tfjs `model.fit`, and returns wall-clock seconds per epoch.
 * Each call is meant to run in a fresh page, so that backends and the two
 * methods do not share compiled shaders or memory.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendName } from '../src/core/backend/choose';
import { datasetFromBytes } from '../src/core/data/decode';
import type { Dataset } from '../src/core/data/dataset';
import { featureSize, subset, toFloatInputs } from '../src/core/data/dataset';
import { EMBEDDED_DATA_FILE, EMBEDDED_DATA_NAME } from '../src/core/data/embedded';
import type { Mlp } from '../src/core/model/mlp';
import { initMlp } from '../src/core/model/mlp';
import { LENET_300_100 } from '../src/core/model/spec';
import { toTfModel } from '../src/core/model/to-tf';
import { Trainer, type GradientMethod } from '../src/core/train/trainer';
import { initBrowserBackend, probeWebglRenderer } from '../src/platform/tf-browser';

/** hand: our Trainer, hand-written backward pass; autodiff: our Trainer, tf.variableGrads; stock: model.fit. */
export type Method = 'hand' | 'autodiff' | 'stock';
export const METHODS: readonly Method[] = ['hand', 'autodiff', 'stock'];

export interface SessionRequest {
  backend: BackendName;
  method: Method;
  seed: number;
}

export interface BenchEnvironment {
  requestedBackend: BackendName;
  activeBackend: string;
  backendReason: string;
  webglRenderer: string | null;
  hardwareConcurrency: number;
  userAgent: string;
  samples: number;
  /** For wasm: whether the SIMD build runs (the threaded one is off, see ENVIRONMENT.md). */
  wasmSimd: boolean | null;
}

export interface EpochResult {
  /** Wall clock from the start of the call to the trained weights read back. */
  seconds: number;
  /** Our Trainer's own epoch time (onEpoch: excludes uploading the data and reading the weights back); NaN for stock. */
  inner: number;
  /** Mean training loss of the epoch, a check that both methods learn alike. */
  loss: number;
}

/** Kernel time per training step (batch), summed over a kernel name or a name plus input shapes, per method. */
export interface KernelRow {
  kernel: string;
  ms: Partial<Record<Method, number>>;
  calls: Partial<Record<Method, number>>;
}

export interface ProfileResult extends BenchEnvironment {
  /** Batches per profiled epoch; every number below is per batch. */
  batches: number;
  rounds: number;
  methods: Method[];
  /** Wall clock of a profiled epoch per batch (profiling adds a little on every kernel). */
  wallMs: Partial<Record<Method, number>>;
  kernelMs: Partial<Record<Method, number>>;
  /** Kernels whose time the backend could not measure (webgl without timer queries). */
  unmeasured: number;
  /** How webgl times kernels: the disjoint timer query version (0: none, wall clock). */
  webglTimerQuery: number | null;
  byKernel: KernelRow[];
  byShape: KernelRow[];
}

export interface BenchApi {
  /** Initialises the backend, loads the data and (for stock) builds and compiles the model. */
  setUp(req: SessionRequest): Promise<BenchEnvironment & { tensors: number }>;
  /** Trains one epoch over all 10,000 digits. */
  epoch(): Promise<EpochResult>;
  /** Releases everything; returns the number of tensors still alive (a leak check). */
  tearDown(): number;
  /** Kernel profiles of warm epochs over `samples` digits, the methods alternating for `rounds` rounds each. */
  profile(req: ProfileRequest): Promise<ProfileResult>;
}

export interface ProfileRequest {
  backend: BackendName;
  methods: Method[];
  samples: number;
  seed: number;
  rounds: number;
}

declare global {
  interface Window {
    bench?: BenchApi;
    benchReady?: boolean;
    benchError?: string;
  }
}

const LEARNING_RATE = 1e-3;
const BATCH_SIZE = 128;

async function loadData(): Promise<Dataset> {
  const res = await fetch(new URL('/' + EMBEDDED_DATA_FILE, location.origin));
  if (!res.ok) throw new Error(`fetching ${EMBEDDED_DATA_FILE}: HTTP ${res.status} (run "npm run prepare-data")`);
  return datasetFromBytes(new Uint8Array(await res.arrayBuffer()), EMBEDDED_DATA_NAME);
}

async function setUp(backend: BackendName, samples: number | null): Promise<{ env: BenchEnvironment; data: Dataset }> {
  const renderer = probeWebglRenderer();
  const active = await initBrowserBackend(backend);
  let data = await loadData();
  if (samples !== null && samples < data.count) {
    // The embedded digits are grouped by class: take an even stride through them.
    const idx = Array.from({ length: samples }, (_, k) => Math.floor((k * data.count) / samples));
    data = subset(data, idx);
  }
  return {
    data,
    env: {
      requestedBackend: backend,
      activeBackend: tf.getBackend(),
      backendReason: active.reason,
      webglRenderer: renderer,
      hardwareConcurrency: navigator.hardwareConcurrency,
      userAgent: navigator.userAgent,
      samples: data.count,
      wasmSimd: tf.getBackend() === 'wasm' ? Boolean(await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) : null,
    },
  };
}

/**
 * One epoch with our Trainer from the weights `start`: construct, upload, train,
 * read the weights back. Returns them, so the next epoch continues from there
 * (as the stock model does), and the losses of the two methods can be compared.
 */
async function oursEpoch(data: Dataset, start: Mlp, epochSeed: number, gradients: GradientMethod): Promise<EpochResult & { weights: Mlp }> {
  const t0 = performance.now();
  let inner = NaN;
  let loss = NaN;
  const trainer = new Trainer(
    start,
    data,
    null,
    { learningRate: LEARNING_RATE, batchSize: BATCH_SIZE, epochs: 1, seed: epochSeed },
    {
      onEpoch: (r) => {
        inner = r.seconds;
        loss = r.loss;
      },
    },
    { gradients },
  );
  let weights: Mlp;
  try {
    weights = await trainer.run(); // resolves with the weights read back from the backend
  } finally {
    trainer.dispose();
  }
  return { seconds: (performance.now() - t0) / 1000, inner, loss, weights };
}

interface Stock {
  model: tf.Sequential;
  xs: tf.Tensor2D;
  ys: tf.Tensor2D;
  dispose(): void;
}

function stockSetUp(data: Dataset, seed: number): Stock {
  const model = toTfModel(initMlp(LENET_300_100, seed));
  model.compile({ optimizer: tf.train.adam(LEARNING_RATE), loss: 'categoricalCrossentropy' });
  // The way a tfjs user feeds model.fit: a float32 tensor uploaded from a typed array.
  // (Not inputsTensor: on webgl its int32 / 255 leaves a *packed* texture, and every
  // gather of a batch from a packed texture first unpacks the whole of it.)
  const xs = tf.tensor2d(toFloatInputs(data), [data.count, featureSize(data)]);
  const ys = tf.tidy(() => tf.oneHot(tf.tensor1d(data.labels, 'int32'), data.numClasses).toFloat()) as tf.Tensor2D;
  return {
    model,
    xs,
    ys,
    dispose() {
      model.optimizer.dispose();
      model.dispose();
      tf.dispose([xs, ys]);
    },
  };
}

/** One epoch of stock model.fit on the same model, then the weights read back (as our Trainer does). */
async function stockEpoch(s: Stock): Promise<EpochResult> {
  const t0 = performance.now();
  const h = await s.model.fit(s.xs, s.ys, { batchSize: BATCH_SIZE, epochs: 1, shuffle: true, verbose: 0 });
  await Promise.all(s.model.getWeights().map((w) => w.data()));
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, inner: NaN, loss: Number(h.history.loss[0]) };
}

let session: { epoch: () => Promise<EpochResult>; dispose: () => void } | null = null;

async function setUpSession(req: SessionRequest): Promise<BenchEnvironment & { tensors: number }> {
  if (session) throw new Error('one session per page');
  const { env, data } = await setUp(req.backend, null);
  const tensors = tf.memory().numTensors;
  if (req.method !== 'stock') {
    const gradients = req.method;
    let n = 0;
    let weights = initMlp(LENET_300_100, req.seed);
    session = {
      epoch: async () => {
        const r = await oursEpoch(data, weights, req.seed + n++, gradients);
        weights = r.weights;
        return { seconds: r.seconds, inner: r.inner, loss: r.loss };
      },
      dispose: () => {},
    };
  } else {
    const s = stockSetUp(data, req.seed);
    session = { epoch: () => stockEpoch(s), dispose: () => s.dispose() };
  }
  return { ...env, tensors };
}

interface Tally {
  wallMs: number;
  kernelMs: number;
  byKernel: Map<string, { ms: number; calls: number }>;
  byShape: Map<string, { ms: number; calls: number }>;
}

function add(m: Map<string, { ms: number; calls: number }>, key: string, ms: number): void {
  const t = m.get(key) ?? { ms: 0, calls: 0 };
  t.ms += ms;
  t.calls++;
  m.set(key, t);
}

/**
 * Where the time of a training step goes, per kernel, for each method in the
 * same page: a warm-up epoch each, then profiled epochs with the order of the
 * methods reversed every round, so that a change in the host's load hits all alike.
 */
async function profile(req: ProfileRequest): Promise<ProfileResult> {
  const { env, data } = await setUp(req.backend, req.samples);
  const stock = req.methods.includes('stock') ? stockSetUp(data, req.seed) : null;
  const work = (method: Method): Promise<unknown> =>
    method === 'stock' ? stockEpoch(stock!) : oursEpoch(data, initMlp(LENET_300_100, req.seed), req.seed, method);
  const tally = new Map<Method, Tally>(req.methods.map((m) => [m, { wallMs: 0, kernelMs: 0, byKernel: new Map(), byShape: new Map() }]));
  let unmeasured = 0;
  try {
    for (const method of req.methods) await work(method);
    for (let r = 0; r < req.rounds; r++) {
      for (const method of r % 2 === 0 ? req.methods : [...req.methods].reverse()) {
        const t = tally.get(method)!;
        const t0 = performance.now();
        const info = await tf.profile(async () => {
          await work(method);
          return [];
        });
        t.wallMs += performance.now() - t0;
        for (const k of info.kernels) {
          const raw: unknown = await k.kernelTimeMs;
          if (typeof raw !== 'number') {
            unmeasured++;
            continue;
          }
          t.kernelMs += raw;
          add(t.byKernel, k.name, raw);
          add(t.byShape, `${k.name} ${k.inputShapes.map((sh) => `[${(sh ?? []).join('x')}]`).join(' ')}`, raw);
        }
      }
    }
  } finally {
    stock?.dispose();
  }
  const batches = Math.ceil(data.count / BATCH_SIZE);
  const per = req.rounds * batches;
  const perMethod = (f: (t: Tally) => number) => Object.fromEntries(req.methods.map((m) => [m, f(tally.get(m)!) / per]));
  const rows = (key: 'byKernel' | 'byShape'): KernelRow[] => {
    const names = new Set(req.methods.flatMap((m) => [...tally.get(m)![key].keys()]));
    return [...names]
      .map((kernel) => ({
        kernel,
        ms: perMethod((t) => t[key].get(kernel)?.ms ?? 0),
        calls: perMethod((t) => t[key].get(kernel)?.calls ?? 0),
      }))
      .sort((a, b) => Math.max(...Object.values(b.ms)) - Math.max(...Object.values(a.ms)));
  };
  return {
    ...env,
    batches,
    rounds: req.rounds,
    methods: req.methods,
    wallMs: perMethod((t) => t.wallMs),
    kernelMs: perMethod((t) => t.kernelMs),
    unmeasured,
    webglTimerQuery: tf.getBackend() === 'webgl' ? tf.env().getNumber('WEBGL_DISJOINT_QUERY_TIMER_EXTENSION_VERSION') : null,
    byKernel: rows('byKernel').slice(0, 20),
    byShape: rows('byShape').slice(0, 20),
  };
}

window.bench = {
  setUp: setUpSession,
  epoch: () => {
    if (!session) throw new Error('call setUp first');
    return session.epoch();
  },
  tearDown: () => {
    session?.dispose();
    session = null;
    return tf.memory().numTensors;
  },
  profile,
};
window.benchReady = true;
