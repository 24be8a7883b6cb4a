import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../node/tf-node';
import { CompactionSession } from './session';
import { randomDataset, tinyMlp, weightBits } from './test-fixtures';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

const probe = randomDataset(160, 41, 4, 4, 4);
const heldOut = randomDataset(100, 42, 4, 4, 4);
const model = tinyMlp([24, 16], 9, 'relu', 16, 4);
const fresh = () => CompactionSession.create({ model, probe, heldOut });

describe('CompactionSession.prepare (caches built in slices)', () => {
  it('a sliced create and prepared caches give exactly the steps of a plain session', async () => {
    for (const method of ['ls', 'pair'] as const) {
      const a = await CompactionSession.create({ model, probe, heldOut }, true);
      expect(await a.prepare(method, { budgetMs: 0 })).toBe(true);
      const b = await fresh();
      expect(a.preview(method)).toEqual(b.preview(method));
      const ra = a.steps(method, 12);
      const rb = b.steps(method, 12);
      expect(ra).toEqual(rb);
      expect(weightBits(a.current().mlp)).toEqual(weightBits(b.current().mlp));
      expect(a.accuracy()).toBe(b.accuracy());
    }
  });

  it('a change while it works cancels it, and the session still steps exactly as a plain one', async () => {
    const a = await fresh();
    const b = await fresh();
    const pending = a.prepare('ls', { budgetMs: 0 });
    a.step('ls', { layer: 0 }); // lands between two slices
    b.step('ls', { layer: 0 });
    expect(await pending).toBe(false);
    expect(a.steps('ls', 8)).toEqual(b.steps('ls', 8));
    expect(weightBits(a.current().mlp)).toEqual(weightBits(b.current().mlp));
  });

  it('after an undo it rebuilds what the jump made stale, and previews match a fresh session', async () => {
    const a = await fresh();
    a.steps('ls', 6);
    a.jumpTo(2);
    expect(await a.prepare('ls', { budgetMs: 0 })).toBe(true);
    const b = await fresh();
    b.replay(a.appliedRecords());
    expect(a.preview('ls')).toEqual(b.preview('ls'));
  });

  it('never changes a pick: it builds only what the next pick of the method plans anyway', async () => {
    // As the app uses it: after every change the app previews the next step (both sessions do);
    // one session also prepares each method when it is chosen, and again after every change.
    const deep = tinyMlp([20, 14, 9], 5, 'relu', 16, 4);
    const a = await CompactionSession.create({ model: deep, probe, heldOut });
    const b = await CompactionSession.create({ model: deep, probe, heldOut });
    for (const method of ['ls', 'pair', 'ls', 'pair', 'ls'] as const) {
      await a.prepare(method, { budgetMs: 0 });
      expect(a.preview(method)).toEqual(b.preview(method));
      for (let k = 0; k < 5; k++) {
        expect(a.step(method)).toEqual(b.step(method));
        await a.prepare(method, { budgetMs: 0 });
        expect(a.preview(method)).toEqual(b.preview(method));
      }
      a.undo();
      b.undo();
      await a.prepare(method, { budgetMs: 0 });
      expect(a.preview(method)).toEqual(b.preview(method));
    }
    expect(weightBits(a.current().mlp)).toEqual(weightBits(b.current().mlp));
  });
});
