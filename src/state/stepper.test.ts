/**
 * The state layer in Node: the stepper's queue (clicks during a ×10), play
 * stopping at its target, and a run to target, on the bundled model with fake
 * browser services. Each result is compared with the engine driven directly.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CompactionSession, isFineTune } from '../core/compaction';
import type { MergeRecord } from '../core/compaction';
import { bootFresh, settled, until } from '../node/state-harness';
import { currentSession, jumpTo, play, redo, runTarget, setMethod, setTarget, step, undo } from './actions/compaction';
import { host } from './actions/compaction/host';
import { useStore } from './store';

/** A second session on the same model, probe and held-out set, driven directly (the reference). */
async function referenceSession(): Promise<CompactionSession> {
  const live = currentSession()!;
  const data = useStore.getState().data!;
  return CompactionSession.create({ model: live.original, neuronIds: live.originalIds, probe: live.probeData, validation: data.validation, heldOut: data.test, seed: 1 });
}

const ids = (s: CompactionSession) => (s.records() as MergeRecord[]).map((r) => [r.method, r.layer, r.removedId, r.heirs.map((h) => [h.id, h.coef]), r.cost]);

describe('the stepper in Node', () => {
  beforeAll(async () => {
    await bootFresh();
  });

  it('boots on the bundled model with fake services', () => {
    const st = useStore.getState();
    expect(st.boot.phase).toBe('ready');
    expect(st.model?.source).toBe('bundled');
    expect(st.compaction.ready).toBe(true);
    expect(st.compaction.params).toBe(266_610);
    expect(st.compaction.preview).not.toBeNull();
  });

  it('clicks during a running ×N wait their turn, then all take effect in order', async () => {
    await setMethod('ls');
    expect(step(40)).toBeGreaterThan(0);
    // The rest of the ×40 goes on in bursts: these clicks land while it works.
    expect(host.current!.queue).not.toBeNull();
    step(1);
    undo();
    undo();
    redo();
    step(1);
    await settled();
    // 40 + 1 - 2 + 1 + 1 (the last step drops the redoable one)
    expect(useStore.getState().compaction.cursor).toBe(41);

    const ref = await referenceSession();
    for (let k = 0; k < 41; k++) ref.step('ls');
    ref.undo();
    ref.undo();
    ref.redo();
    ref.step('ls');
    expect(ids(currentSession()!)).toEqual(ids(ref));
    const c = useStore.getState().compaction;
    expect(c.records.length).toBe(ref.records().length);
    expect(c.accuracy).toBe(ref.accuracy());
    expect(c.params).toBe(ref.params());
  });

  it('a jump on the timeline restores the figures of that step exactly', async () => {
    const at10 = currentSession()!.records()[9];
    jumpTo(10);
    await settled();
    const c = useStore.getState().compaction;
    expect(c.cursor).toBe(10);
    expect(c.params).toBe(at10.paramsAfter);
    expect(c.accuracy).toBe(at10.accuracyAfter);
  });

  it('play stops at its parameter target, on the first step that reaches it', async () => {
    jumpTo(0);
    await settled();
    await setMethod('magnitude');
    setTarget({ kind: 'params', value: 0.95 });
    useStore.setState((s) => ({ compaction: { ...s.compaction, speed: 60 } }));
    play();
    await until((s) => s.compaction.playing);
    await until((s) => !s.compaction.playing, 60_000, 'play to stop');
    await settled();
    const c = useStore.getState().compaction;
    const target = 0.95 * c.baseParams;
    expect(c.params).toBeLessThanOrEqual(target);
    const records = currentSession()!.appliedRecords();
    expect(records.length).toBe(c.cursor);
    // The step before the last was still above the target: play did not overshoot.
    expect(records.at(-2)!.paramsAfter).toBeGreaterThan(target);
    expect(records.every((r) => !isFineTune(r) && r.method === 'magnitude')).toBe(true);
  });

  it('play with an accuracy budget stops once more accuracy is lost than the budget', async () => {
    jumpTo(0);
    await settled();
    setTarget({ kind: 'drop', value: 1 });
    play();
    await until((s) => !s.compaction.playing && s.compaction.cursor > 0, 120_000, 'play to stop');
    await settled();
    const records = currentSession()!.appliedRecords();
    // Decided on the validation digits, in whole digits: 1 point of 1,000 is 10 digits.
    const base = currentSession()!.baseAccuracies.validation!;
    const lost = (r: (typeof records)[number]) => base.correct - r.validationCorrectAfter!;
    expect(lost(records.at(-1)!)).toBeGreaterThan(10);
    expect(records.slice(0, -1).every((r) => lost(r) <= 10)).toBe(true);
  });

  it('a run to target learns widths and leaves the session idle', async () => {
    jumpTo(0);
    await settled();
    await setMethod('ls');
    setTarget({ kind: 'params', value: 0.5 });
    await runTarget();
    const c = useStore.getState().compaction;
    expect(c.run).toBeNull();
    expect(c.learnedWidths).toEqual(currentSession()!.widths().slice(1, -1));
    expect(c.params).toBeLessThanOrEqual(0.5 * c.baseParams);
    expect(step(1)).toBe(1);
  });

  it('a step the engine cannot compute is refused with a message, and nothing changes', async () => {
    await settled();
    const engine = currentSession()!;
    const before = { cursor: engine.cursor, records: engine.records().length, params: engine.params() };
    const serial = useStore.getState().compaction.serial;
    const real = engine.step.bind(engine);
    engine.step = () => {
      throw new Error('the bias coefficient is not finite');
    };
    try {
      expect(step(1)).toBe(0);
    } finally {
      engine.step = real;
    }
    const st = useStore.getState();
    expect({ cursor: engine.cursor, records: engine.records().length, params: engine.params() }).toEqual(before);
    expect(st.compaction.serial).toBe(serial);
    const n = st.notices.at(-1)!;
    expect(n.kind).toBe('error');
    expect(n.text).toMatch(/cannot be computed/);
    expect(n.detail).toMatch(/not finite/);
  });
});
