/**
 * Steps, previews and warm-ups in slices (stepSliced, previewSliced,
 * warmSliced: how the app keeps big models responsive) compute exactly what
 * the calls at once compute, whatever is read between the slices and
 * whichever warm-ups are given up halfway: records and state equal a straight
 * replay, bit for bit. And they are really sliced: the work of a step on a
 * wide layer comes in many small pieces.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIVATION_SLICE } from './activations';
import { runSync } from '../sliced';
import { initNodeBackend } from '../../node/tf-node';
import { makeRng } from '../random';
import { driveSliced, expectSameAsReplay, randomActions, stateOf } from './random-actions';
import { CompactionSession } from './session';
import { runToTarget } from './run';
import { randomDataset, tinyMlp } from './test-fixtures';
import { METHODS } from './types';

beforeAll(async () => {
  await initNodeBackend('cpu');
  // Slices of a few samples: the small models here are then cut up as finely as the app's big ones.
  ACTIVATION_SLICE.work = 3000;
});

afterAll(() => {
  ACTIVATION_SLICE.work = 2e6;
});

const probe = randomDataset(300, 81, 7, 7, 10);
const heldOut = randomDataset(200, 82, 7, 7, 10);
const validation = randomDataset(150, 83, 7, 7, 10);
const model = tinyMlp([96, 12, 40], 11, 'relu', 49, 10);
const session = () => CompactionSession.create({ model, probe, heldOut, validation, seed: 5, checkpointWork: 2000 });

describe('sliced steps compute what steps at once compute', () => {
  it('300 random actions with sliced steps, previews and warm-ups: the history equals a straight replay', async () => {
    const s = await session();
    const log = await randomActions(s, 300, 20260407, undefined, 77);
    for (const kind of ['step sliced', 'preview sliced', 'warm', 'undo', 'jump', 'run']) expect(log.counts[kind] ?? 0, kind).toBeGreaterThan(2);
    for (const m of METHODS) expect(log.counts[`step ${m}`] ?? 0, m).toBeGreaterThan(2);
    expect(s.length).toBeGreaterThan(20);
    expectSameAsReplay(s, await session());
    // The same actions without slices end in the same state, with the same records.
    const plain = await session();
    await randomActions(plain, 300, 20260407);
    expect(stateOf(plain)).toEqual(stateOf(s));
    expect(plain.records()).toEqual(s.records());
  }, 300_000);

  it('a step on wide layers comes in many slices, and a warm-up leaves nothing for the reads to do', async () => {
    const wide = tinyMlp([128, 128], 4, 'relu', 49, 10);
    const o = { model: wide, probe, heldOut, validation, seed: 2 };
    const a = await CompactionSession.create(o);
    const b = await CompactionSession.create(o);
    const rng = makeRng(9);
    for (let k = 0; k < 6; k++) {
      // Warm first, so the step's own slices are its pick and its accuracy.
      let warmSlices = 0;
      for (const w = a.warmSliced({ method: 'ls', codesUpTo: 1 }); !w.next().done; ) warmSlices++;
      if (k === 0) expect(warmSlices).toBeGreaterThan(20);
      const before = a.cacheWork();
      const preview = a.preview('ls');
      // Nothing left to compute for the reads after a warm-up.
      expect(a.cacheWork()).toEqual(before);
      let slices = 0;
      const work = a.stepSliced('ls');
      let r = work.next();
      for (; !r.done; r = work.next()) slices++;
      const rec = r.value!;
      expect(rec.layer).toBe(preview!.layer);
      expect(rec.removedId).toBe(preview!.removedId);
      // A step in layer 0 rebases layer 2 (the logits) and folds layer 1 on every held-out digit.
      if (rec.layer === 0) expect(slices).toBeGreaterThan(1);
      expect(rec).toEqual(b.step('ls'));
      if (k === 3) {
        a.undo();
        b.undo();
        driveSliced(a, a.warmSliced({ method: 'pair' }), rng, 0.2);
      }
    }
    expect(stateOf(a)).toEqual(stateOf(b));
    expect(a.records()).toEqual(b.records());
  }, 120_000);

  it('manual steps in slices (unifySliced, removeByLeastSquaresSliced) take the steps the calls at once take', async () => {
    const wide = tinyMlp([128, 128], 4, 'relu', 49, 10);
    const o = { model: wide, probe, heldOut, validation, seed: 2 };
    const a = await CompactionSession.create(o);
    const b = await CompactionSession.create(o);
    const rng = makeRng(21);
    for (let k = 0; k < 8; k++) {
      const layer = k % 2;
      const ids = a.aliveIds()[layer];
      const removed = ids[(k * 37) % ids.length];
      const heir = ids[(k * 37 + 11) % ids.length];
      let slices = 0;
      const work = k % 3 === 2 ? a.removeByLeastSquaresSliced(layer, removed) : a.unifySliced(layer, removed, heir);
      let r = work.next();
      for (; !r.done; r = work.next()) {
        slices++;
        // Reads between the slices change nothing.
        if (rng() < 0.1) a.widths();
      }
      // The first of each kind in a layer builds the layer's structure in slices.
      if (k < 2) expect(slices).toBeGreaterThan(10);
      expect(r.value).toEqual(k % 3 === 2 ? b.removeByLeastSquares(layer, removed) : b.unify(layer, removed, heir));
    }
    expect(() => runSync(a.unifySliced(0, -5, a.aliveIds()[0][0]))).toThrow(/no alive neuron/);
    expect(stateOf(a)).toEqual(stateOf(b));
    expect(a.records()).toEqual(b.records());
    expectSameAsReplay(a, await CompactionSession.create(o));
  }, 120_000);

  it('a run to target takes its steps in slices: the first is not taken in the task that starts the run, and the run ends as at once', async () => {
    const wide = tinyMlp([128, 128], 4, 'relu', 49, 10);
    const o = { model: wide, probe, heldOut, validation, seed: 2 };
    const a = await CompactionSession.create(o);
    const run = runToTarget(a, { method: 'ls', maxSteps: 5, sliceMs: 0 });
    expect(a.isRunning).toBe(true);
    expect(a.cursor).toBe(0);
    const result = await run;
    expect(result.records).toHaveLength(5);
    const b = await CompactionSession.create(o);
    expect(result.records).toEqual(b.steps('ls', 5));
    expect(stateOf(a)).toEqual(stateOf(b));
  });

  it('while a sliced step works out its accuracy, other changes are refused and nothing changes', async () => {
    const s = await session();
    const work = s.stepSliced('ls');
    let r = work.next();
    // Run until the step is applied and its accuracy is under way (the cursor moved).
    while (!r.done && s.cursor === 0) r = work.next();
    expect(r.done).toBe(false);
    expect(() => s.step('ls')).toThrow(/being taken in slices/);
    expect(() => s.undo()).toThrow(/being taken in slices/);
    expect(s.cursor).toBe(1);
    while (!r.done) r = work.next();
    const ref = await session();
    expect(r.value).toEqual(ref.step('ls'));
    expect(s.undo()).toBe(true);
  });
});
