/** A compacted model leaves the engine as a plain TensorFlow.js LayersModel that predicts what the engine predicts. */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, loadEmbeddedDataset } from '../../node/load-embedded';
import { initNodeBackend } from '../../node/tf-node';
import { chooseProbe } from '../coding/probe';
import type { Dataset } from '../data/dataset';
import { splitDataset } from '../data/split';
import { BUNDLED_MODEL_DIR } from '../io/bundled';
import { parseModelJson, readLayersModel } from '../io/read-layers-model';
import { inputsTensor, predictClasses } from '../model/forward';
import type { Mlp } from '../model/mlp';
import { exportCompacted, uniformTargetWidths } from './export';
import { fineTune } from './finetune';
import { replayRecords } from './replay';
import { runToTarget } from './run';
import { CompactionSession } from './session';
import { weightBits } from './test-fixtures';

let model: Mlp;
let test: Dataset;
let train: Dataset;

beforeAll(async () => {
  await initNodeBackend('wasm');
  const dir = join(PROJECT_ROOT, 'public', BUNDLED_MODEL_DIR);
  model = readLayersModel(parseModelJson(readFileSync(join(dir, 'model.json'), 'utf8')), new Map([['model.weights.bin', new Uint8Array(readFileSync(join(dir, 'model.weights.bin')))]])).mlp;
  ({ train, test } = splitDataset(loadEmbeddedDataset()));
});

describe('export', () => {
  it('writes a model that plain tf.loadLayersModel loads and that predicts the same classes', async () => {
    const tensors = tf.memory().numTensors;
    const s = await CompactionSession.create({ model, probe: chooseProbe(train, 1000, 3).data, heldOut: test, trackAccuracy: false });
    await runToTarget(s, { method: 'ls', targetWidths: uniformTargetWidths([300, 100], 0.7) });
    await runToTarget(s, { method: 'pair', targetParams: 40_000 });
    const { mlp, neuronIds } = s.current();
    const files = await exportCompacted(mlp, neuronIds, s.appliedRecords(), { method: 'test' });

    const json = JSON.parse(files.modelJson);
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: json.weightsManifest[0].weights, weightData: files.weights.slice().buffer }),
    );
    const x = inputsTensor(test);
    const out = loaded.predict(x) as tf.Tensor;
    const arg = tf.argMax(out, 1);
    const viaTf = Int32Array.from(await arg.data());
    tf.dispose([x, out, arg]);
    loaded.dispose();
    expect(loaded.layers.map((l) => (l.getConfig() as { units: number }).units)).toEqual(s.widths().slice(1));

    expect(viaTf).toEqual(await predictClasses(mlp, test));
    const engine = s.predictHeldOut()!;
    let differ = 0;
    engine.forEach((c, i) => (differ += c === viaTf[i] ? 0 : 1));
    expect(differ).toBeLessThanOrEqual(2); // float64 JS forward vs float32 tfjs: at most a near-tie or two

    // Reading the files back gives the same weights and the stable neuron ids.
    const back = readLayersModel(parseModelJson(files.modelJson), new Map([[files.weightsFileName, files.weights]]));
    expect(weightBits(back.mlp)).toEqual(weightBits(mlp));
    expect(back.meta.neuronIds).toEqual(neuronIds);
    // merges.json replays to the same bits on the original model.
    const merges = JSON.parse(files.mergesJson);
    expect(weightBits(replayRecords(model, merges.records).mlp)).toEqual(weightBits(mlp));
    expect(tf.memory().numTensors).toBe(tensors);
  });

  it('exports the fine-tuned model, its merges.json listing the fine-tune in order among the removals', async () => {
    const s = await CompactionSession.create({ model, probe: chooseProbe(train, 500, 3).data, heldOut: test });
    s.steps('ls', 3);
    const rec = await fineTune(s, train, { epochs: 1, learningRate: 1e-3, batchSize: 128, seed: 1 });
    s.steps('pair', 2);
    const { mlp, neuronIds } = s.current();
    const files = await exportCompacted(mlp, neuronIds, s.appliedRecords());
    const back = readLayersModel(parseModelJson(files.modelJson), new Map([[files.weightsFileName, files.weights]]));
    expect(weightBits(back.mlp)).toEqual(weightBits(mlp));
    const merges = JSON.parse(files.mergesJson);
    expect(merges.version).toBe(2);
    expect(merges.records.map((r: { kind?: string; method?: string }) => r.kind ?? r.method)).toEqual(['ls', 'ls', 'ls', 'finetune', 'pair', 'pair']);
    expect(merges.records[3]).toEqual(rec);
    expect(merges.records[3]).not.toHaveProperty('W');
    // The records alone cannot rebuild a fine-tune: replaying them says so.
    expect(() => replayRecords(model, merges.records)).toThrow(/record 3: a fine-tune cannot be replayed from its record/);
    expect(JSON.parse((await exportCompacted(mlp, neuronIds, s.appliedRecords().slice(0, 3))).mergesJson).version).toBe(1);
  });
});

