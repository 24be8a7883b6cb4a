import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../node/load-embedded';
import { initNodeBackend } from '../../node/tf-node';
import { initMlp } from '../model/mlp';
import { BUNDLED_MODEL_DIR } from './bundled';
import { ModelFormatError, parseModelJson, readLayersModel } from './read-layers-model';
import { writeLayersModel } from './write-layers-model';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

const spec = { inputSize: 6, hidden: [5, 4], numClasses: 3, activation: 'tanh' as const };

async function files(meta = {}) {
  const f = await writeLayersModel(initMlp(spec, 9), meta);
  return { json: JSON.parse(f.modelJson), weights: f.weights, name: f.weightsFileName };
}

function read(json: unknown, weights: Uint8Array, name = 'model.weights.bin') {
  return readLayersModel(parseModelJson(JSON.stringify(json)), new Map([[name, weights]]));
}

describe('LayersModel format', () => {
  it('round-trips an Mlp exactly, with neuron ids', async () => {
    const m = initMlp(spec, 9);
    const f = await files({ neuronIds: [[0, 1, 2, 3, 4], [9, 8, 7, 6]] });
    const { mlp, meta } = read(f.json, f.weights);
    expect(mlp.spec).toEqual(spec);
    mlp.layers.forEach((l, i) => expect(Array.from(l.W)).toEqual(Array.from(m.layers[i].W)));
    expect(meta.neuronIds?.[1]).toEqual([9, 8, 7, 6]);
  });

  it('is loadable by plain tf.loadLayersModel with the same predictions', async () => {
    const f = await files();
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: f.json.modelTopology, weightSpecs: f.json.weightsManifest[0].weights, weightData: f.weights.slice().buffer }),
    );
    const x = tf.tensor2d([[0.1, 0.2, 0.3, 0.4, 0.5, 0.6]]);
    const m = read(f.json, f.weights).mlp;
    // Forward pass by hand in float64.
    let a = Array.from(x.dataSync());
    m.layers.forEach((l, li) => {
      const z = Array.from({ length: l.outSize }, (_, j) => a.reduce((s, v, i) => s + v * l.W[i * l.outSize + j], l.b[j]));
      a = li < m.layers.length - 1 ? z.map(Math.tanh) : z.map(Math.exp).map((e, _, all) => e / all.reduce((s, v) => s + v, 0));
    });
    const p = loaded.predict(x) as tf.Tensor;
    Array.from(p.dataSync()).forEach((v, i) => expect(v).toBeCloseTo(a[i], 5));
    tf.dispose([x, p]);
    loaded.dispose();
  });

  it('reads the bundled model', () => {
    const dir = join(PROJECT_ROOT, 'public', BUNDLED_MODEL_DIR);
    const json = parseModelJson(readFileSync(join(dir, 'model.json'), 'utf8'));
    const { mlp } = readLayersModel(json, new Map([['model.weights.bin', new Uint8Array(readFileSync(join(dir, 'model.weights.bin')))]]));
    expect([mlp.layers[0].inSize, ...mlp.layers.map((l) => l.outSize)]).toEqual([784, 300, 100, 10]);
  });

  it('rejects bad models with clear messages', async () => {
    const f = await files();
    const cases: [string, () => unknown, RegExp][] = [
      ['not JSON', () => parseModelJson('{oops'), /not valid JSON/],
      ['not a model', () => parseModelJson('{"hello": 1}'), /not a TensorFlow.js LayersModel/],
      [
        'unsupported layer',
        () => {
          const j = structuredClone(f.json);
          j.modelTopology.config.layers[1].class_name = 'Conv2D';
          return read(j, f.weights);
        },
        /unsupported layer "Conv2D"/,
      ],
      ['truncated weights', () => read(f.json, f.weights.slice(0, 40)), /too short/],
      ['missing weight file', () => read(f.json, f.weights, 'other.bin'), /missing/],
      [
        'NaN weight',
        () => {
          const w = f.weights.slice();
          new Float32Array(w.buffer)[3] = NaN;
          return read(f.json, w);
        },
        /NaN or infinite/,
      ],
      [
        'wrong shape',
        () => {
          const j = structuredClone(f.json);
          j.weightsManifest[0].weights[0].shape = [5, 6];
          return read(j, f.weights);
        },
        /has shape \[5, 6\], expected \[6, 5\]/,
      ],
    ];
    const withIds = await files({ neuronIds: [[0, 1, 2, 3, 3], [0, 1, 2, 3]] });
    const bigIds = await files({ neuronIds: [[0, 1, 2, 3, 1 << 20], [0, 1, 2, 3]] });
    cases.push(
      [
        'huge but finite weight',
        () => {
          const w = f.weights.slice();
          new Float32Array(w.buffer)[3] = 3e38;
          return read(f.json, w);
        },
        /beyond the ±1000000/,
      ],
      ['repeated neuron id', () => read(withIds.json, withIds.weights), /hidden layer 1 repeat an id/],
      ['neuron id too large for a link', () => read(bigIds.json, bigIds.weights), /1048576 in hidden layer 1 is too large/],
    );
    for (const [name, fn, message] of cases) {
      let error: unknown;
      try {
        fn();
      } catch (e) {
        error = e;
      }
      expect(error, name).toBeInstanceOf(ModelFormatError);
      expect((error as Error).message, name).toMatch(message);
    }
  });
});
