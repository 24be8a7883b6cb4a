/**
 * The models the benches compare methods on: LeNet-300-100 trained from
 * scratch with a given seed exactly as `npm run pretrain` does (initMlp with
 * the seed, the Trainer with DEFAULT_TRAIN_SETTINGS and the same seed for the
 * sample order, the training split, the active backend), and the bundled
 * model read from public/ to check seed 1 against it bit for bit.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../src/core/data/dataset';
import { BUNDLED_MODEL_DIR } from '../src/core/io/bundled';
import { parseModelJson, readLayersModel } from '../src/core/io/read-layers-model';
import type { Mlp } from '../src/core/model/mlp';
import { initMlp } from '../src/core/model/mlp';
import { LENET_300_100 } from '../src/core/model/spec';
import { DEFAULT_TRAIN_SETTINGS, Trainer } from '../src/core/train/trainer';
import { PROJECT_ROOT } from '../src/node/load-embedded';

export interface SeedModel {
  seed: number;
  mlp: Mlp;
  /** Wall seconds of the 15 epochs (the Trainer's own epoch times summed). */
  seconds: number;
}

/** Trains LeNet-300-100 from initMlp(seed) for DEFAULT_TRAIN_SETTINGS.epochs epochs, as scripts/pretrain.ts does. */
export async function trainSeedModel(seed: number, train: Dataset, log: (s: string) => void = () => {}): Promise<SeedModel> {
  const settings = { ...DEFAULT_TRAIN_SETTINGS, seed };
  let seconds = 0;
  const trainer = new Trainer(initMlp(LENET_300_100, seed), train, null, settings, {
    onEpoch: (r) => {
      seconds += r.seconds;
      log(`  model seed ${seed}: epoch ${r.epoch}/${settings.epochs}, loss ${r.loss.toFixed(4)}, ${r.seconds.toFixed(1)} s`);
    },
  });
  try {
    return { seed, mlp: await trainer.run(), seconds };
  } finally {
    trainer.dispose();
  }
}

/** The bundled model (public/models/lenet-300-100) and its neuron ids. */
export function readBundledModel(): { mlp: Mlp; neuronIds?: number[][] } {
  const dir = join(PROJECT_ROOT, 'public', BUNDLED_MODEL_DIR);
  const { mlp, meta } = readLayersModel(
    parseModelJson(readFileSync(join(dir, 'model.json'), 'utf8')),
    new Map([['model.weights.bin', new Uint8Array(readFileSync(join(dir, 'model.weights.bin')))]]),
  );
  return { mlp, neuronIds: meta.neuronIds };
}

/** How many weights and biases of two models of the same shape differ in any bit (-1 if the shapes differ). */
export function differingBits(a: Mlp, b: Mlp): number {
  if (a.layers.length !== b.layers.length) return -1;
  let n = 0;
  for (let l = 0; l < a.layers.length; l++) {
    const x = a.layers[l];
    const y = b.layers[l];
    if (x.inSize !== y.inSize || x.outSize !== y.outSize) return -1;
    for (const [p, q] of [
      [x.W, y.W],
      [x.b, y.b],
    ]) {
      const u = new Uint32Array(p.slice().buffer); // a copy: aligned, and the same bits
      const v = new Uint32Array(q.slice().buffer);
      for (let i = 0; i < u.length; i++) if (u[i] !== v[i]) n++;
    }
  }
  return n;
}
