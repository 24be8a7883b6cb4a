/**
 * The Node half of `npm run bench:train -- --node`: the Trainer's epoch time on
 * LeNet-300-100 over the 10,000 embedded digits in this process, with the
 * hand-written backward pass and with tfjs autodiff, alternating (ABBA), each
 * epoch a new Trainer from the weights the last one of its kind returned.
 */
import os from 'node:os';
import { initMlp, type Mlp } from '../src/core/model/mlp';
import { LENET_300_100 } from '../src/core/model/spec';
import { Trainer, type GradientMethod } from '../src/core/train/trainer';
import { loadEmbeddedDataset } from '../src/node/load-embedded';
import { initNodeBackend, type NodeBackend } from '../src/node/tf-node';

export interface NodeEpoch {
  seconds: number;
  /** CPU seconds of this process in the epoch (user + system). */
  cpu: number;
  loss: number;
}

export interface NodeRow {
  backend: NodeBackend;
  hand: NodeEpoch[];
  autodiff: NodeEpoch[];
  cold: Record<GradientMethod, number>;
  load: [number, number];
}

export async function nodeBench(backends: NodeBackend[], epochs: number, seed: number, log: (line: string) => void): Promise<NodeRow[]> {
  const data = loadEmbeddedDataset();
  const rows: NodeRow[] = [];
  for (const backend of backends) {
    await initNodeBackend(backend);
    const load0 = os.loadavg()[0];
    const weights: Record<GradientMethod, Mlp> = { hand: initMlp(LENET_300_100, seed), autodiff: initMlp(LENET_300_100, seed) };
    const count: Record<GradientMethod, number> = { hand: 0, autodiff: 0 };
    const epoch = async (gradients: GradientMethod): Promise<NodeEpoch> => {
      let loss = NaN;
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const t = new Trainer(weights[gradients], data, null, { learningRate: 1e-3, batchSize: 128, epochs: 1, seed: seed + count[gradients]++ }, { onEpoch: (r) => void (loss = r.loss) }, { gradients });
      try {
        weights[gradients] = await t.run();
      } finally {
        t.dispose();
      }
      const c = process.cpuUsage(c0);
      return { seconds: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6, loss };
    };
    const cold = { hand: (await epoch('hand')).seconds, autodiff: (await epoch('autodiff')).seconds };
    const row: NodeRow = { backend, hand: [], autodiff: [], cold, load: [load0, NaN] };
    for (let i = 0; i < epochs; i++) {
      for (const g of i % 2 === 0 ? (['hand', 'autodiff'] as const) : (['autodiff', 'hand'] as const)) row[g].push(await epoch(g));
    }
    row.load[1] = os.loadavg()[0];
    log(`${backend}: hand ${row.hand.map((e) => e.seconds.toFixed(2)).join(' ')} s, autodiff ${row.autodiff.map((e) => e.seconds.toFixed(2)).join(' ')} s`);
    rows.push(row);
  }
  return rows;
}
