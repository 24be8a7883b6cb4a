import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../node/tf-node';
import { paramCount } from '../model/spec';
import { replayRecords } from './replay';
import { CompactionSession } from './session';
import { randomDataset, tinyMlp, weightBits } from './test-fixtures';
import type { MergeRecord } from './types';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

const probe = randomDataset(150, 31, 4, 4, 4);
const heldOut = randomDataset(120, 32, 4, 4, 4);
const model = tinyMlp([24, 16], 7, 'relu', 16, 4);

/** A mixed sequence of every kind of step. */
function script(s: CompactionSession): void {
  s.steps('ls', 4, { layer: 0 });
  s.steps('pair', 3);
  s.unify(1, s.current().neuronIds[1][2], s.current().neuronIds[1][0]);
  s.removeByLeastSquares(0, s.current().neuronIds[0][5]);
  s.steps('srinivas', 2, { layer: 1 });
  s.step('merging', { layer: 0, remainingHint: 3 });
  s.step('magnitude', { layer: 1 });
  s.step('apoz', { layer: 0 });
  s.step('random', { layer: 0 });
  s.steps('ls', 6);
}

interface Snap {
  bits: Uint32Array[];
  ids: number[][];
  params: number;
  widths: number[];
  accuracy: number | null;
}

function snap(s: CompactionSession): Snap {
  const c = s.current();
  return { bits: weightBits(c.mlp), ids: c.neuronIds, params: s.params(), widths: s.widths(), accuracy: s.accuracy() };
}

describe('history', () => {
  it('undo, redo and jumps restore the weights bit for bit', async () => {
    const s = await CompactionSession.create({ model, probe, heldOut, checkpointWork: 1000 });
    const snaps: Snap[] = [snap(s)];
    s.steps('ls', 1, { layer: 0 });
    s.undo();
    expect(snap(s)).toEqual(snaps[0]);
    s.redo();
    snaps.push(snap(s));
    const before = s.length;
    script(s);
    // Replay snapshots for every step of the script.
    s.jumpTo(before);
    for (let t = before; t < s.length; t++) {
      s.redo();
      snaps.push(snap(s));
    }
    expect(s.checkpointCount).toBeGreaterThan(1);
    const order = [0, s.length, 3, 17, 2, 9, s.length - 1, 1, 12, 12, 5, s.length, 0];
    for (const t of order) {
      s.jumpTo(t);
      expect(s.cursor).toBe(t);
      expect(snap(s)).toEqual(snaps[t]);
    }
    while (s.undo());
    expect(snap(s)).toEqual(snaps[0]);
    while (s.redo());
    expect(snap(s)).toEqual(snaps[snaps.length - 1]);
  });

  it('records hold the accuracy and parameter count after each step', async () => {
    const s = await CompactionSession.create({ model, probe, heldOut });
    script(s);
    const recs = s.records() as MergeRecord[]; // removals only
    let prevWidths = s.originalWidths();
    let prevParams = paramCount(prevWidths);
    expect(s.baseAccuracy).not.toBeNull();
    recs.forEach((r, t) => {
      s.jumpTo(t + 1);
      const w = s.widths();
      expect(r.paramsAfter).toBe(paramCount(w));
      expect(prevParams - r.paramsAfter).toBe(prevWidths[r.layer] + 1 + prevWidths[r.layer + 2]);
      expect(r.accuracyAfter).toBe(s.accuracy());
      prevWidths = w;
      prevParams = r.paramsAfter;
    });
  });

  it('a new step after undo drops the redo tail', async () => {
    const s = await CompactionSession.create({ model, probe });
    s.steps('pair', 5);
    s.jumpTo(2);
    expect(s.canRedo).toBe(true);
    s.step('ls');
    expect(s.length).toBe(3);
    expect(s.canRedo).toBe(false);
  });
});

describe('replay', () => {
  it('reproduces the compacted model exactly, also from JSON, with or without a session', async () => {
    const s = await CompactionSession.create({ model, probe, heldOut });
    script(s);
    const final = snap(s);
    const records: MergeRecord[] = JSON.parse(JSON.stringify(s.appliedRecords()));
    const r = replayRecords(model, records);
    expect(weightBits(r.mlp)).toEqual(final.bits);
    expect(r.neuronIds).toEqual(final.ids);

    const t = await CompactionSession.create({ model, probe, heldOut });
    const replayed = t.replay(records);
    expect(snap(t)).toEqual(final);
    expect(replayed.map((x) => x.paramsAfter)).toEqual(records.map((x) => x.paramsAfter));
    expect(replayed.map((x) => x.accuracyAfter)).toEqual(records.map((x) => x.accuracyAfter));
  });

  it('the engine is deterministic: same calls, same records (fresh session or after reset)', async () => {
    const a = await CompactionSession.create({ model, probe, heldOut });
    const b = await CompactionSession.create({ model, probe, heldOut });
    script(a);
    script(b);
    expect(b.records()).toEqual(a.records());
    b.reset();
    expect(b.length).toBe(0);
    script(b);
    expect(b.records()).toEqual(a.records());
  });

  it('rejects records that do not fit the model', async () => {
    const s = await CompactionSession.create({ model, probe });
    const rec = s.step('ls', { layer: 0 })!;
    expect(() => s.applyRecord(rec)).toThrow(/not alive/);
    expect(() => s.applyRecord({ ...rec, layer: 2 })).toThrow(/not a hidden layer/);
    expect(() => s.applyRecord({ ...rec, removedId: 999 })).toThrow(/no neuron with id 999/);
    const other = s.current().neuronIds[0];
    expect(() => s.applyRecord({ ...rec, removedId: other[0], heirs: [{ id: other[0], coef: 1 }] })).toThrow(/distinct alive/);
    expect(() => s.applyRecord({ ...rec, removedId: other[0], heirs: [{ id: other[1], coef: NaN }] })).toThrow(/non-finite/);
    expect(() => replayRecords(model, [rec, rec])).toThrow(/record 1/);
  });
});

describe('deeper networks and other activations', () => {
  for (const activation of ['tanh', 'sigmoid'] as const) {
    it(`three hidden ${activation} layers: global runs, exact undo and replay, engine predictions = tfjs`, async () => {
      const m = tinyMlp([14, 12, 9], 9, activation, 16, 4);
      const s = await CompactionSession.create({ model: m, probe, heldOut, checkpointWork: 800 });
      const { runToTarget } = await import('./run');
      const r = await runToTarget(s, { method: 'ls', targetParams: Math.round(0.4 * s.params()) });
      expect(r.stoppedBy).toBe('params');
      expect(new Set(r.records.map((x) => x.layer)).size).toBeGreaterThan(1);
      s.steps('pair', 3);
      const final = snap(s);
      const { predictClasses } = await import('../model/forward');
      expect(Array.from(s.predictHeldOut()!)).toEqual(Array.from(await predictClasses(s.current().mlp, heldOut)));
      s.jumpTo(3);
      s.jumpTo(s.length);
      expect(snap(s)).toEqual(final);
      expect(weightBits(replayRecords(m, s.appliedRecords()).mlp)).toEqual(final.bits);
    });
  }
});

describe('caches after jumps', () => {
  it('previews after jumping around equal those of a fresh session at the same step', async () => {
    const s = await CompactionSession.create({ model, probe, heldOut });
    script(s);
    const records = s.appliedRecords();
    for (const t of [5, 17, 2, 11, records.length, 8]) {
      s.jumpTo(t);
      const fresh = await CompactionSession.create({ model, probe, heldOut });
      fresh.replay(records.slice(0, t));
      for (const method of ['ls', 'pair', 'apoz', 'srinivas'] as const) {
        for (const layer of [0, 1]) {
          const a = s.preview(method, { layer })!;
          const b = fresh.preview(method, { layer })!;
          expect(a.removedId).toBe(b.removedId);
          expect(a.heirs.map((h) => h.id)).toEqual(b.heirs.map((h) => h.id));
          expect(a.cost).toBeCloseTo(b.cost, 6);
        }
      }
      expect(s.accuracy()).toBe(fresh.accuracy());
    }
  });
});
