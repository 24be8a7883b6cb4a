/** Validation and test digits in a session: counts after every step, exact budget stops, per-digit damage. */
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../node/tf-node';
import { accuracyOf } from '../stats/accuracy';
import { runToTarget } from './run';
import { CompactionSession } from './session';
import { logits, randomDataset, tinyMlp } from './test-fixtures';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

const probe = randomDataset(200, 41, 4, 4, 4);
const validation = randomDataset(300, 42, 4, 4, 4);
const test = randomDataset(250, 43, 4, 4, 4);
const model = tinyMlp([24, 16], 11, 'relu', 16, 4);

function argmax(z: Float64Array): number {
  let b = 0;
  for (let k = 1; k < z.length; k++) if (z[k] > z[b]) b = k;
  return b;
}

/** Correct digits of a model by a plain double-precision forward pass. */
function naiveCorrect(s: CompactionSession, d: typeof test): number {
  const z = logits(s.current().mlp, d);
  return z.filter((row, i) => argmax(row) === d.labels[i]).length;
}

async function session(o: { trackAccuracy?: boolean } = {}): Promise<CompactionSession> {
  return CompactionSession.create({ model, probe, heldOut: test, validation, ...o });
}

describe('held-out digits', () => {
  it('tracks correct counts on validation and test after every step', async () => {
    const s = await session();
    expect(s.baseAccuracies.validation).toEqual(accuracyOf(naiveCorrect(s, validation), 300));
    expect(s.baseAccuracies.test).toEqual(accuracyOf(naiveCorrect(s, test), 250));
    expect(s.baseAccuracy).toBe(s.baseAccuracies.test!.value);
    for (const r of s.steps('ls', 12)) {
      expect(r.accuracyAfter).toBe(r.testCorrectAfter! / 250);
      expect(r.validationAccuracyAfter).toBe(r.validationCorrectAfter! / 300);
    }
    const last = s.records().at(-1)!;
    // The engine's counts agree with a plain forward pass of the compacted model (a float32 tie could differ by a digit).
    expect(Math.abs(last.validationCorrectAfter! - naiveCorrect(s, validation))).toBeLessThanOrEqual(1);
    expect(Math.abs(last.testCorrectAfter! - naiveCorrect(s, test))).toBeLessThanOrEqual(1);
    expect(s.correctCounts()).toEqual({ validation: last.validationCorrectAfter, test: last.testCorrectAfter });
    expect(s.accuracies().test).toEqual(accuracyOf(last.testCorrectAfter!, 250));
  });

  it('replayed records get their accuracies recomputed; untracked steps carry none', async () => {
    const a = await session();
    const recs = a.steps('pair', 6);
    const b = await session({ trackAccuracy: false });
    const replayed = b.replay(recs.map((r) => ({ ...r, validationCorrectAfter: -1 })));
    expect(replayed.every((r) => r.validationCorrectAfter === -1)).toBe(true); // kept as given when not tracked
    const c = await session();
    expect(c.replay(recs)).toEqual(recs);
    const d = await session({ trackAccuracy: false });
    expect(d.steps('pair', 3).every((r) => r.accuracyAfter === undefined && r.validationCorrectAfter === undefined)).toBe(true);
  });
});

describe('accuracy budget on validation digits, in whole digits', () => {
  /** Validation digits lost after each step of a method, run headless. */
  async function losses(method: 'magnitude' | 'pair'): Promise<number[]> {
    const s = await session();
    const base = s.baseAccuracies.validation!.correct;
    return s.steps(method, 60).map((r) => base - r.validationCorrectAfter!);
  }

  for (const method of ['magnitude', 'pair'] as const) {
    it(`${method}: a loss of exactly the budget continues; one digit more stops`, async () => {
      const lost = await losses(method);
      // A loss that is reached and then exceeded later on: the budget sits exactly at it.
      const at = lost.findIndex((l, i) => l > 0 && lost.slice(i + 1).some((m) => m > l));
      expect(at).toBeGreaterThanOrEqual(0);
      const L = lost[at];
      const past = lost.findIndex((l) => l > L);
      // Budget L/300: not representable exactly (7/300 = 0.02333...), still L whole digits.
      const tie = await session();
      const r = await runToTarget(tie, { method, maxAccuracyDrop: L / 300 });
      expect(r.stoppedBy).toBe('accuracy');
      expect(r.decidedOn).toBe('validation');
      expect(r.records.length).toBe(past);
      expect(r.records.map((x) => tie.baseAccuracies.validation!.correct - x.validationCorrectAfter!)).toEqual(lost.slice(0, past));
      expect(Math.max(...lost.slice(0, past))).toBe(L); // the tie was passed, not stopped at
      // One digit less of budget stops at the first step that loses L digits.
      const tight = await session();
      const r2 = await runToTarget(tight, { method, maxAccuracyDrop: (L - 1) / 300 });
      expect(r2.records.length).toBe(lost.findIndex((l) => l > L - 1));
      expect(tight.length).toBe(r2.records.length);
    });
  }

  it('needs validation digits', async () => {
    const s = await CompactionSession.create({ model, probe, heldOut: test });
    await expect(runToTarget(s, { method: 'pair', maxAccuracyDrop: 0.01 })).rejects.toThrow(/validation/);
    const r = await runToTarget(s, { method: 'pair', maxSteps: 3 });
    expect(r.decidedOn).toBeNull();
    expect(r.accuracies.validation).toBeNull();
  });
});

describe('per-digit damage', () => {
  it('per-class accuracy, confusion and broken digits agree with a naive count over the predictions', async () => {
    const s = await session();
    s.steps('magnitude', 14);
    const d = s.perDigit()!;
    const pred = s.predictHeldOut()!;
    const orig = logits(model, test).map(argmax);
    const now = logits(s.current().mlp, test).map(argmax);
    // The engine's predictions are those of a plain forward pass (up to float32 near-ties).
    expect(now.filter((p, i) => p !== pred[i]).length).toBeLessThanOrEqual(1);
    expect(orig.filter((p, i) => p !== d.predictions.original[i]).length).toBeLessThanOrEqual(1);
    expect(Array.from(d.predictions.current)).toEqual(Array.from(pred));
    for (let k = 0; k < 4; k++) {
      const idx = [...test.labels.keys()].filter((i) => test.labels[i] === k);
      expect(d.classes.current[k].n).toBe(idx.length);
      expect(d.classes.current[k].correct).toBe(idx.filter((i) => pred[i] === k).length);
      expect(d.classes.original[k].correct).toBe(idx.filter((i) => d.predictions.original[i] === k).length);
      for (let p = 0; p < 4; p++) expect(d.confusion.current[k * 4 + p]).toBe(idx.filter((i) => pred[i] === p).length);
    }
    const broken = [...test.labels.keys()].filter((i) => d.predictions.original[i] === test.labels[i] && pred[i] !== test.labels[i]);
    expect(Array.from(d.broken)).toEqual(broken);
    expect(d.broken.length).toBeGreaterThan(0);
    expect(d.classes.current.reduce((a, c) => a + c.correct, 0)).toBe(s.correctCounts().test);
    expect(s.perDigit('validation')!.classes.current.reduce((a, c) => a + c.correct, 0)).toBe(s.correctCounts().validation);
  });
});
