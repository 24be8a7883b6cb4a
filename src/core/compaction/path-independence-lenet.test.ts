/**
 * Path independence on the bundled LeNet-300-100, as the app runs it (2,000
 * probe images, 1,000 validation and 2,000 test digits, accuracy after every
 * step): after 120 least-squares steps and 500 seeded random actions (steps of all seven methods, ×k,
 * undo, redo, jumps, previews and prepares of other methods, pair previews,
 * manual unifications, runs), every record (cost, relCost, coefficients,
 * biasCoef, accuracies, parameters) and the state (weights bit for bit, alive
 * neurons, held-out counts) equal a straight replay of the history's step
 * tuples on a fresh session, at the end and halfway; so do the state and the
 * next steps after jumping back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, loadEmbeddedDataset } from '../../node/load-embedded';
import { initNodeBackend } from '../../node/tf-node';
import { chooseProbe } from '../coding/probe';
import { splitDataset } from '../data/split';
import type { SplitData } from '../data/split';
import { BUNDLED_MODEL_DIR } from '../io/bundled';
import { parseModelJson, readLayersModel } from '../io/read-layers-model';
import type { Mlp } from '../model/mlp';
import { expectSameAsReplay, randomActions, stateOf } from './random-actions';
import { CompactionSession } from './session';
import { replaySteps, stepTupleOf } from './step-tuple';

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

describe('on LeNet-300-100, records and state are a function of the applied steps alone', () => {
  it('500 random actions: the history equals a straight replay of its steps', async () => {
    const s = await session();
    // A long history first, so that the actions also jump, undo and redo across the activation
    // caches' new bases (a least-squares fold in layer 0 costs about 1/75 of a recomputation).
    s.steps('ls', 120);
    const log = await randomActions(s, 500, 20261128, async (k) => {
      if (k === 249) expectSameAsReplay(s, await session());
    });
    for (const kind of ['undo', 'redo', 'jump', 'preview', 'prepare', 'preview unify', 'unify', 'steps']) expect(log.counts[kind] ?? 0, kind).toBeGreaterThan(2);
    expect(log.counts['step ls'] ?? 0).toBeGreaterThan(2);
    expect(log.counts['step pair'] ?? 0).toBeGreaterThan(2);
    expect(log.maxLength).toBeGreaterThan(130);
    expect(s.records().every((r) => r.validationCorrectAfter !== undefined && r.testCorrectAfter !== undefined)).toBe(true);
    const fresh = await session();
    expectSameAsReplay(s, fresh);

    // Back to earlier cursors (from the end backwards: a step taken there replaces what follows).
    const tuples = s.records().map(stepTupleOf);
    for (const t of [Math.floor((2 * tuples.length) / 3), Math.floor(tuples.length / 3)]) {
      s.jumpTo(t);
      const straight = await session();
      replaySteps(straight, tuples.slice(0, t), t);
      expect(stateOf(s)).toEqual(stateOf(straight));
      for (const method of ['ls', 'pair'] as const) expect(s.preview(method)).toEqual(straight.preview(method));
      expect(s.step('ls')).toEqual(straight.step('ls'));
      expect(s.step('pair', { layer: 1 })).toEqual(straight.step('pair', { layer: 1 }));
      expect(stateOf(s)).toEqual(stateOf(straight));
    }
  }, 600_000);
});
