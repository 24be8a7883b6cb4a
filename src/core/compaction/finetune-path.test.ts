/**
 * Fine-tunes keep the engine path-independent: after seeded random actions
 * (steps of all seven methods, ×k, undo, redo, jumps, previews, prepares,
 * manual unifications, runs) with fine-tunes among them, every record and
 * the state equal a straight replay of the history (removals re-planned,
 * fine-tunes trained again on the same backend), at the end and at earlier
 * cursors; so do the next steps there.
 *
 * Sizes as path-independence.test.ts (49 inputs, hidden 96-12-40, 10 classes;
 * 300 probe, 150 validation and 200 test samples; checkpoints every 2,000
 * multiply-adds), and 500 training samples for the fine-tunes.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../node/tf-node';
import { makeRng } from '../random';
import { fineTune, fineTunerOn } from './finetune';
import { randomActions, stateOf } from './random-actions';
import { CompactionSession } from './session';
import { replayWork, workHistoryOf } from './step-tuple';
import { randomDataset, tinyMlp } from './test-fixtures';
import { isFineTune } from './types';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

const probe = randomDataset(300, 81, 7, 7, 10);
const heldOut = randomDataset(200, 82, 7, 7, 10);
const validation = randomDataset(150, 83, 7, 7, 10);
const train = randomDataset(500, 84, 7, 7, 10);
const model = tinyMlp([96, 12, 40], 11, 'relu', 49, 10);
const session = () => CompactionSession.create({ model, probe, heldOut, validation, seed: 5, checkpointWork: 2000 });

async function expectSameAsWorkReplay(s: CompactionSession): Promise<void> {
  const fresh = await session();
  await replayWork(fresh, workHistoryOf(s.records()), s.cursor, fineTunerOn(train));
  const a = s.records();
  const b = fresh.records();
  expect(b.length).toBe(a.length);
  for (let t = 0; t < a.length; t++) expect(b[t], `record ${t + 1} of ${a.length}`).toEqual(a[t]);
  expect(stateOf(fresh)).toEqual(stateOf(s));
}

describe('with fine-tunes, records and state are a function of the applied history alone', () => {
  it('random actions with fine-tunes among them equal a straight replay, at the end and at earlier cursors', async () => {
    const s = await session();
    const rng = makeRng(4242);
    let tunes = 0;
    for (let round = 0; round < 6; round++) {
      await randomActions(s, 60, 1000 + round);
      const seed = Math.floor(rng() * 100);
      const rec = await fineTune(s, train, { epochs: 1 + (round % 2), learningRate: 0.005, batchSize: 50, seed });
      if (rec) tunes++;
      // Across the fine-tune and back, with steps on both sides.
      s.step('ls');
      s.undo();
      s.undo();
      s.redo();
      s.step('pair');
      if (round === 2) await expectSameAsWorkReplay(s);
    }
    expect(tunes).toBe(6);
    // Two more, with steps between, after the random rounds (which often undo and replace a fine-tune).
    s.steps('merging', 3);
    await fineTune(s, train, { epochs: 1, learningRate: 0.01, batchSize: 64, seed: 7 });
    s.steps('ls', 4);
    await fineTune(s, train, { epochs: 1, learningRate: 0.002, batchSize: 32, seed: 8 });
    s.steps('apoz', 2);
    s.undo();
    const inHistory = s.records().filter(isFineTune).length;
    expect(inHistory).toBeGreaterThan(2);
    expect(s.length).toBeGreaterThan(20);
    await expectSameAsWorkReplay(s);

    // Earlier cursors, from the end backwards: the state and the next steps equal a fresh replay's.
    const work = workHistoryOf(s.records());
    const fresh = await session();
    await replayWork(fresh, work, s.length, fineTunerOn(train));
    const at = work.finetunes.map((f) => f.at);
    for (const t of [s.length - 1, at[at.length - 1] + 1, at[at.length - 1], Math.floor(s.length / 2), at[0] + 1, 1]) {
      s.jumpTo(t);
      fresh.jumpTo(t);
      expect(stateOf(s), `at ${t}`).toEqual(stateOf(fresh));
      for (const method of ['ls', 'pair', 'srinivas'] as const) {
        for (let l = 0; l < s.hiddenLayers; l++) expect(s.preview(method, { layer: l }), `${method} in layer ${l} at ${t}`).toEqual(fresh.preview(method, { layer: l }));
      }
    }
  }, 300_000);
});
