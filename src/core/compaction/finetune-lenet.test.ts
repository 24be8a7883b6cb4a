/**
 * Fine-tuning the bundled LeNet-300-100 as the app does (wasm backend; 2,000
 * probe images, 7,000 training, 1,000 validation and 2,000 test digits; Adam
 * 1e-3, batch 128, seed 1): after magnitude pruning removed 80% of every
 * hidden layer, one epoch of fine-tuning raises the validation accuracy; undo
 * gives back the pruned weights bit for bit; a straight replay of the history
 * (the fine-tune trained again) gives the same weights; and no tensor is left
 * alive after a fine-tune, a cancelled one, undo or redo.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, loadEmbeddedDataset } from '../../node/load-embedded';
import { initNodeBackend } from '../../node/tf-node';
import { chooseProbe } from '../coding/probe';
import { splitDataset } from '../data/split';
import type { SplitData } from '../data/split';
import { BUNDLED_MODEL_DIR } from '../io/bundled';
import { parseModelJson, readLayersModel } from '../io/read-layers-model';
import type { Mlp } from '../model/mlp';
import { uniformTargetWidths } from './export';
import { fineTune, fineTunerOn } from './finetune';
import { stateOf } from './random-actions';
import { runToTarget } from './run';
import { CompactionSession } from './session';
import { replayWork, workHistoryOf } from './step-tuple';
import type { FineTuneSettings } from './types';

let model: Mlp;
let ids: number[][] | undefined;
let split: SplitData;

beforeAll(async () => {
  await initNodeBackend('wasm');
  const dir = join(PROJECT_ROOT, 'public', BUNDLED_MODEL_DIR);
  const read = readLayersModel(parseModelJson(readFileSync(join(dir, 'model.json'), 'utf8')), new Map([['model.weights.bin', new Uint8Array(readFileSync(join(dir, 'model.weights.bin')))]]));
  model = read.mlp;
  ids = read.meta.neuronIds;
  split = splitDataset(loadEmbeddedDataset());
});

const session = () => CompactionSession.create({ model, neuronIds: ids, probe: chooseProbe(split.train).data, heldOut: split.test, validation: split.validation });
const bundledSettings: FineTuneSettings = { epochs: 1, learningRate: 1e-3, batchSize: 128, seed: 1 };

async function pruned(): Promise<CompactionSession> {
  const s = await session();
  await runToTarget(s, { method: 'magnitude', targetWidths: uniformTargetWidths(model.spec.hidden, 0.8), trackAccuracy: true });
  return s;
}

describe('fine-tuning LeNet-300-100 after magnitude pruning at 80%', () => {
  it('one epoch raises validation accuracy; undo and redo restore the weights exactly; a replay trains the same weights', async () => {
    const s = await pruned();
    expect(s.widths()).toEqual([784, 60, 20, 10]);
    const before = s.accuracies();
    const pre = stateOf(s);
    const rec = await fineTune(s, split.train, bundledSettings);
    expect(rec).not.toBeNull();
    const after = s.accuracies();
    expect(split.train.count).toBe(7000);
    expect(after.validation!.n).toBe(1000);
    expect(after.validation!.correct).toBeGreaterThan(before.validation!.correct);
    expect(rec!.validationCorrectAfter).toBe(after.validation!.correct);
    expect(s.params()).toBe(rec!.paramsAfter);
    const post = stateOf(s);
    s.undo();
    expect(stateOf(s)).toEqual(pre);
    expect(s.accuracies()).toEqual(before);
    s.redo();
    expect(stateOf(s)).toEqual(post);
    // Compaction goes on from the fine-tuned weights.
    s.steps('ls', 5);
    const fresh = await session();
    await replayWork(fresh, workHistoryOf(s.records()), s.cursor, fineTunerOn(split.train));
    expect(fresh.records()).toEqual(s.records());
    expect(stateOf(fresh)).toEqual(stateOf(s));
  }, 300_000);

  it('leaves no tensor alive after a fine-tune, a cancelled fine-tune, undo and redo', async () => {
    const s = await pruned();
    await fineTune(s, split.train, { ...bundledSettings, epochs: 1 }); // warm-up (kernels, the backend's own state)
    const n0 = tf.memory().numTensors;
    await fineTune(s, split.train, bundledSettings);
    expect(tf.memory().numTensors).toBe(n0);
    const ctl = new AbortController();
    const version = s.version;
    const cancelled = await fineTune(s, split.train, bundledSettings, { signal: ctl.signal, callbacks: { onBatches: () => ctl.abort() } });
    expect(cancelled).toBeNull();
    expect(s.version).toBe(version);
    expect(tf.memory().numTensors).toBe(n0);
    s.undo();
    s.redo();
    s.undo();
    expect(tf.memory().numTensors).toBe(n0);
  }, 300_000);
});
