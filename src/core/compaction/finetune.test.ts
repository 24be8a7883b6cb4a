/**
 * A fine-tune as an entry of the history, on a small network (cpu backend):
 * the codes and accuracies after it are those of the fine-tuned network, undo
 * and redo restore the weights bit for bit, compaction goes on from the new
 * weights, and a straight replay of the history (removals re-planned,
 * fine-tunes trained again) gives the same records and the same bits.
 *
 * Sizes: 16 inputs (4 x 4 random pixels), hidden 24-16, 4 classes; 150 probe,
 * 120 test, 100 validation and 400 training samples.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../node/tf-node';
import { computeCodes } from '../coding/codes';
import { predictClasses } from '../model/forward';
import { fineTune, fineTunerOn, trainFineTune } from './finetune';
import { stateOf } from './random-actions';
import { CompactionSession } from './session';
import { replaySteps, replayWork, restoreWork, workHistoryOf } from './step-tuple';
import { randomDataset, tinyMlp, weightBits } from './test-fixtures';
import type { FineTuneSettings } from './types';
import { isFineTune } from './types';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

const probe = randomDataset(150, 41, 4, 4, 4);
const heldOut = randomDataset(120, 42, 4, 4, 4);
const validation = randomDataset(100, 43, 4, 4, 4);
const train = randomDataset(400, 44, 4, 4, 4);
const model = tinyMlp([24, 16], 8, 'relu', 16, 4);
const settings: FineTuneSettings = { epochs: 2, learningRate: 0.01, batchSize: 32, seed: 3 };
const session = () => CompactionSession.create({ model, probe, heldOut, validation, seed: 2, checkpointWork: 1500 });

function correct(pred: Int32Array, labels: Uint8Array): number {
  let n = 0;
  pred.forEach((p, i) => (n += p === labels[i] ? 1 : 0));
  return n;
}

describe('fine-tuning a session', () => {
  it('is one entry of the history whose codes and accuracies are those of the fine-tuned network', async () => {
    const s = await session();
    s.steps('ls', 5);
    s.steps('magnitude', 3, { layer: 1 });
    const before = s.current();
    const cursor = s.cursor;
    const rec = await fineTune(s, train, settings);
    expect(rec).not.toBeNull();
    expect(rec).toMatchObject({ kind: 'finetune', ...settings, paramsAfter: s.params() });
    expect(s.cursor).toBe(cursor + 1);
    expect(s.length).toBe(cursor + 1);
    expect(s.widths()).toEqual([16, ...before.mlp.spec.hidden, 4]);
    // The weights are the Trainer's, bit for bit (the same settings from the same weights on the same backend).
    const direct = await trainFineTune(before.mlp, train, settings);
    expect(weightBits(s.current().mlp)).toEqual(weightBits(direct!));
    expect(weightBits(s.current().mlp)).not.toEqual(weightBits(before.mlp));
    expect(s.current().neuronIds).toEqual(before.neuronIds);
    // The codes are recomputed from the new weights (every layer), exactly as the forward pass computes them.
    const codes = await computeCodes(s.current().mlp, probe);
    for (let l = 0; l < s.hiddenLayers; l++) expect(s.codesOf(l).codes.values).toEqual(codes[l].values);
    // So are the held-out accuracies, and the record holds them.
    const test = correct(await predictClasses(s.current().mlp, heldOut), heldOut.labels);
    const val = correct(await predictClasses(s.current().mlp, validation), validation.labels);
    expect(s.correctCounts()).toEqual({ test, validation: val });
    expect([rec!.testCorrectAfter, rec!.validationCorrectAfter]).toEqual([test, val]);
    expect(rec!.accuracyAfter).toBe(test / heldOut.count);
  });

  it('undo gives back the weights before it and redo the fine-tuned ones, bit for bit; a cancelled one changes nothing', async () => {
    const s = await session();
    s.steps('pair', 6);
    const pre = stateOf(s);
    const preCodes = s.codesOf(1).codes.values.slice();
    await fineTune(s, train, settings);
    const post = stateOf(s);
    expect(post.bits).not.toEqual(pre.bits);
    s.undo();
    expect(stateOf(s)).toEqual(pre);
    expect(s.codesOf(1).codes.values).toEqual(preCodes);
    s.redo();
    expect(stateOf(s)).toEqual(post);
    s.jumpTo(0);
    s.jumpTo(s.length);
    expect(stateOf(s)).toEqual(post);
    // Cancelled after the first batches: the result is null and nothing changed.
    const ctl = new AbortController();
    const version = s.version;
    const r = await fineTune(s, train, settings, { signal: ctl.signal, callbacks: { onBatches: () => ctl.abort() } });
    expect(r).toBeNull();
    expect(s.version).toBe(version);
    expect(stateOf(s)).toEqual(post);
  });

  it('compact, fine-tune, compact: steps after a fine-tune are planned on its weights, and a straight replay gives the same bits', async () => {
    const s = await session();
    s.steps('ls', 4);
    await fineTune(s, train, settings);
    // The fine-tune changed what the next step is computed from.
    const next = s.preview('ls');
    const plain = await session();
    plain.steps('ls', 4);
    expect(next).not.toEqual(plain.preview('ls'));
    s.steps('ls', 5);
    s.steps('pair', 3, { layer: 0 });
    await fineTune(s, train, { ...settings, epochs: 1, seed: 9 });
    s.steps('srinivas', 2, { layer: 1 });
    s.undo();
    s.undo();
    s.redo();
    const work = workHistoryOf(s.records());
    expect(work.finetunes.map((f) => f.at)).toEqual([4, 13]);
    expect(work.steps).toHaveLength(s.length - 2);
    const fresh = await session();
    await replayWork(fresh, work, s.cursor, fineTunerOn(train));
    expect(fresh.records()).toEqual(s.records());
    expect(stateOf(fresh)).toEqual(stateOf(s));
    // And at earlier cursors: the state there, and the next steps.
    for (const t of [14, 13, 5, 4, 2]) {
      s.jumpTo(t);
      fresh.jumpTo(t);
      expect(stateOf(fresh)).toEqual(stateOf(s));
      for (let l = 0; l < s.hiddenLayers; l++) expect(fresh.preview('ls', { layer: l })).toEqual(s.preview('ls', { layer: l }));
    }
    // A replay that fails half-way puts the history back as it was, fine-tunes included, without training.
    const saved = stateOf(s);
    const records = s.records();
    const error = await restoreWork(s, { steps: [[1, 0, 0, -1], [1, 0, 0, -1]], finetunes: [{ at: 1, ...settings }] }, 3, fineTunerOn(train));
    expect(error).toMatch(/no neuron #0 left/);
    expect(s.records()).toEqual(records);
    expect(stateOf(s)).toEqual(saved);
    // Removals-only replays refuse nothing they did before.
    replaySteps(fresh, work.steps.slice(0, 3), 3);
    expect(fresh.records().some(isFineTune)).toBe(false);
  });

  it('leaves no tensor behind: a fine-tune, a cancelled one, undo and redo', async () => {
    const s = await session();
    s.steps('ls', 3);
    await fineTune(s, train, { ...settings, epochs: 1 }); // warm-up: kernels, the backend's own state
    const n0 = tf.memory().numTensors;
    await fineTune(s, train, settings);
    expect(tf.memory().numTensors).toBe(n0);
    const ctl = new AbortController();
    await fineTune(s, train, settings, { signal: ctl.signal, callbacks: { onBatches: () => ctl.abort() } });
    expect(tf.memory().numTensors).toBe(n0);
    s.undo();
    s.undo();
    s.redo();
    s.redo();
    expect(tf.memory().numTensors).toBe(n0);
  });

  it('refuses weights that do not fit, or that diverged, and changes nothing', async () => {
    const s = await session();
    s.steps('ls', 2);
    const v = s.version;
    expect(() => s.applyFineTune(model, settings)).toThrow(/fine-tuned model is 16-24-16-4, but the model under compaction is 16-22-16-4/);
    const bad = s.current().mlp;
    bad.layers[1].W[3] = NaN;
    expect(() => s.applyFineTune(bad, settings)).toThrow(/diverged/);
    expect(s.version).toBe(v);
    expect(() => s.applyRecord({ kind: 'finetune', ...settings, paramsAfter: 0 })).toThrow(/train it again/);
  });
});
