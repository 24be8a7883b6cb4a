/**
 * The path to a state never changes what a step there computes: after a
 * seeded random sequence of 600 actions (steps of all seven methods, ×k,
 * undo, redo, jumps, truncations, previews and prepares of other methods,
 * pair previews, manual unifications, runs), every record and the state
 * equal a straight replay of the history's step tuples on a fresh session,
 * bit for bit; so do the states and the next steps at earlier cursors.
 *
 * Sizes: 49 inputs (7 x 7 random pixels), hidden 96-12-40, 10 classes; 300
 * probe, 150 validation and 200 test samples. The narrow middle layer makes
 * layer 0's folds costly next to a recomputation of layer 1, so the
 * activation caches take new bases and saved copies along the way;
 * checkpoints every 2,000 multiply-adds, so that jumps restore from many.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../node/tf-node';
import { expectSameAsReplay, randomActions, stateOf } from './random-actions';
import { CompactionSession } from './session';
import { replaySteps, stepTupleOf } from './step-tuple';
import { randomDataset, tinyMlp } from './test-fixtures';
import { METHODS } from './types';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

const probe = randomDataset(300, 81, 7, 7, 10);
const heldOut = randomDataset(200, 82, 7, 7, 10);
const validation = randomDataset(150, 83, 7, 7, 10);
const model = tinyMlp([96, 12, 40], 11, 'relu', 49, 10);
const session = () => CompactionSession.create({ model, probe, heldOut, validation, seed: 5, checkpointWork: 2000 });

describe('records and state are a function of the applied steps alone', () => {
  it('600 random actions: the history equals a straight replay of its steps, at the end and on the way', async () => {
    const s = await session();
    const log = await randomActions(s, 600, 20260407, async (k) => {
      if (k % 150 === 149) expectSameAsReplay(s, await session());
    });
    // The sequence did what it is meant to exercise.
    for (const kind of ['undo', 'redo', 'jump', 'preview', 'prepare', 'prepare cut', 'preview unify', 'unify', 'manual ls', 'run', 'steps']) expect(log.counts[kind] ?? 0, kind).toBeGreaterThan(2);
    for (const m of METHODS) expect(log.counts[`step ${m}`] ?? 0, m).toBeGreaterThan(2);
    expect(log.maxLength).toBeGreaterThan(60);
    expect(s.length).toBeGreaterThan(20);
    expect(s.records().some((r) => r.validationCorrectAfter !== undefined)).toBe(true);
    expectSameAsReplay(s, await session());
  }, 300_000);

  it('at earlier cursors the state and the next step equal those of a straight replay of the prefix', async () => {
    const s = await session();
    await randomActions(s, 300, 977);
    const tuples = s.records().map(stepTupleOf);
    expect(tuples.length).toBeGreaterThan(20);
    // From the end backwards: the steps taken at a cursor replace the history after it.
    for (const t of [tuples.length, Math.floor((2 * tuples.length) / 3), Math.floor(tuples.length / 3), 1, 0]) {
      s.jumpTo(t);
      const fresh = await session();
      replaySteps(fresh, tuples.slice(0, t), t);
      expect(stateOf(s)).toEqual(stateOf(fresh));
      expect(s.appliedRecords()).toEqual(fresh.appliedRecords());
      for (const method of ['ls', 'pair', 'srinivas'] as const) {
        for (let l = 0; l < s.hiddenLayers; l++) expect(s.preview(method, { layer: l }), `${method} in layer ${l} at ${t}`).toEqual(fresh.preview(method, { layer: l }));
      }
      // Two steps on (a new branch of the history), then both undo one.
      expect(s.step('ls', { layer: 1 })).toEqual(fresh.step('ls', { layer: 1 }));
      expect(s.step('pair', { layer: 0 })).toEqual(fresh.step('pair', { layer: 0 }));
      s.undo();
      fresh.undo();
      expect(s.step('ls', { layer: 2 })).toEqual(fresh.step('ls', { layer: 2 }));
      expect(stateOf(s)).toEqual(stateOf(fresh));
    }
  }, 300_000);
});
