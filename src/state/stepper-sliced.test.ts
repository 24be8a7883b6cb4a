/**
 * The stepper's sliced path (a big model's changes in slices, see
 * actions/compaction/sliced.ts), driven on the bundled model by lowering the
 * size bound: clicks queue in order, and the store ends with what the engine
 * driven directly gives (records, figures, the next step). With the real
 * bound the bundled model keeps the direct path.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { CompactionSession, isFineTune, runToTarget } from '../core/compaction';
import type { MergeRecord } from '../core/compaction';
import { bootFresh, settled, until } from '../node/state-harness';
import { applyPairPreview, currentSession, jumpTo, play, previewMerge, previewRemoval, redo, runTarget, selectLayer, selectNeuron, setMethod, setTarget, step, undo } from './actions/compaction';
import { enqueue } from './actions/compaction/publish';
import { host } from './actions/compaction/host';
import { busyInSlices, SLICED_WORK, slicing } from './actions/compaction/sliced';
import { watchReadings } from './actions/inspect';
import { candidatePairs } from '../core/explore/pair-candidates';
import { useStore } from './store';

async function referenceSession(): Promise<CompactionSession> {
  const live = currentSession()!;
  const data = useStore.getState().data!;
  return CompactionSession.create({ model: live.original, neuronIds: live.originalIds, probe: live.probeData, validation: data.validation, heldOut: data.test, seed: 1 });
}

const ids = (s: CompactionSession) => (s.records() as MergeRecord[]).map((r) => [r.method, r.layer, r.removedId, r.heirs.map((h) => [h.id, h.coef]), r.cost, r.accuracyAfter]);

describe('the stepper in slices (a big model)', () => {
  afterAll(() => {
    slicing.work = SLICED_WORK;
  });

  it('the bundled model (LeNet-300-100) keeps the direct path', async () => {
    slicing.work = SLICED_WORK;
    await bootFresh();
    expect(host.current!.sliced).toBe(false);
    expect(step(1)).toBe(1);
  });

  it('steps, undos, redos and jumps run in slices, in order, and the store ends as the direct engine', async () => {
    slicing.work = 0;
    await bootFresh();
    const h = host.current!;
    expect(h.sliced).toBe(true);
    expect(useStore.getState().compaction.preview).not.toBeNull();
    await setMethod('ls');
    await settled();
    // A step in slices is queued, not taken in the click's task.
    expect(step(3)).toBe(0);
    expect(h.queue).not.toBeNull();
    expect(useStore.getState().compaction.cursor).toBe(0);
    undo();
    undo();
    redo();
    step(1);
    jumpTo(2);
    await settled();
    const c = useStore.getState().compaction;
    expect(c.working).toBeNull();
    expect(c.cursor).toBe(2);

    const ref = await referenceSession();
    for (let k = 0; k < 3; k++) ref.step('ls');
    ref.undo();
    ref.undo();
    ref.redo();
    ref.step('ls');
    ref.jumpTo(2);
    expect(ids(currentSession()!)).toEqual(ids(ref));
    expect(c.records.length).toBe(ref.records().length);
    expect(c.accuracy).toBe(ref.accuracy());
    expect(c.params).toBe(ref.params());
    expect(c.widths).toEqual(ref.widths());
    expect(c.preview).toEqual(ref.preview('ls'));
    const view = useStore.getState().explorer.view!;
    expect(view.layer).toBe(0);
    expect(Array.from(view.alive, (p) => view.ids[p])).toEqual(ref.aliveIds()[0]);

    // The layer and the method change in the queue too, after a step under way.
    step(1);
    ref.step('ls');
    void selectLayer(1);
    await setMethod('pair');
    await settled();
    const after = useStore.getState();
    expect(after.explorer.view!.layer).toBe(1);
    expect(Array.from(after.explorer.view!.alive, (p) => after.explorer.view!.ids[p])).toEqual(ref.aliveIds()[1]);
    expect(after.compaction.preparing).toBeNull();
    expect(after.compaction.cursor).toBe(3);
    expect(after.compaction.preview).toEqual(ref.preview('pair'));
    void selectLayer(0);
    await setMethod('ls');
    await settled();
  });

  it('a merge applied from its preview is taken in slices, as the engine takes it at once', async () => {
    await settled();
    const ref = await referenceSession();
    for (const r of currentSession()!.appliedRecords()) ref.applyRecord(r);
    const ids = currentSession()!.aliveIds()[1];
    previewMerge(1, ids[4], ids[9]);
    applyPairPreview();
    expect(useStore.getState().compaction.cursor).toBe(ref.cursor);
    await settled();
    previewRemoval(0, currentSession()!.aliveIds()[0][7]);
    applyPairPreview();
    await settled();
    const want = [ref.unify(1, ids[4], ids[9]), ref.removeByLeastSquares(0, ref.aliveIds()[0][7])];
    const st = useStore.getState();
    expect(currentSession()!.appliedRecords().slice(-2)).toEqual(want);
    expect(st.compaction.cursor).toBe(ref.cursor);
    expect(st.compaction.accuracy).toBe(ref.accuracy());
    expect(st.compaction.working).toBeNull();
    expect(st.explorer.pairPreview).toBeNull();
  });

  it('a step the engine cannot compute is refused with a message, and nothing changes', async () => {
    await settled();
    const engine = currentSession()!;
    const before = { cursor: engine.cursor, records: engine.records().length, params: engine.params() };
    const serial = useStore.getState().compaction.serial;
    const real = engine.stepSliced.bind(engine);
    engine.stepSliced = function* () {
      yield;
      throw new Error('the bias coefficient is not finite');
    };
    try {
      step(1);
      await settled();
    } finally {
      engine.stepSliced = real;
    }
    const st = useStore.getState();
    expect({ cursor: engine.cursor, records: engine.records().length, params: engine.params() }).toEqual(before);
    expect(st.compaction.serial).toBe(serial);
    expect(st.compaction.working).toBeNull();
    const n = st.notices.at(-1)!;
    expect(n.kind).toBe('error');
    expect(n.text).toMatch(/cannot be computed/);
    expect(n.detail).toMatch(/not finite/);
  });

  it('the pair list reads the engine only while the stepper is idle, and then as the engine gives it', async () => {
    await setMethod('ls');
    await settled();
    const stop = watchReadings();
    const h = host.current!;
    const engine = h.engine;
    const real = engine.previewRemoveByLeastSquares.bind(engine);
    let readsWhileBusy = 0;
    engine.previewRemoveByLeastSquares = (layer, id) => {
      if (busyInSlices(h)) readsWhileBusy++;
      return real(layer, id);
    };
    try {
      await until((s) => s.explorer.pairs !== null, 30_000, 'the candidates');
      const before = useStore.getState().explorer.pairs;
      const cursor = useStore.getState().compaction.cursor;
      // Holds the stepper's queue for a while, as a long step in slices would.
      let release = () => undefined as void;
      void enqueue(h, () => new Promise<void>((r) => (release = r)));
      step(2);
      const id = useStore.getState().explorer.view!.ids[useStore.getState().explorer.view!.alive[3]];
      selectNeuron(0, id);
      await new Promise((r) => setTimeout(r, 1000));
      expect(readsWhileBusy).toBe(0);
      release();
      await settled();
      await until((s) => s.explorer.pairs !== before && s.explorer.pairs !== null, 30_000, 'new candidates');
      expect(readsWhileBusy).toBe(0);
      const st = useStore.getState();
      expect(st.compaction.cursor).toBe(cursor + 2);
      engine.previewRemoveByLeastSquares = real;
      expect(st.explorer.pairs).toEqual(candidatePairs(engine, st.explorer.view!, 'ls', st.compaction.preview));
    } finally {
      engine.previewRemoveByLeastSquares = real;
      stop();
    }
  });

  it('a run to target waits for the stepper, and ends as the engine run directly', async () => {
    jumpTo(0);
    await settled();
    await setMethod('ls');
    await settled();
    setTarget({ kind: 'params', value: 0.97 });
    step(1);
    const run = runTarget();
    await run;
    await settled();
    const c = useStore.getState().compaction;
    expect(c.run).toBeNull();
    const ref = await referenceSession();
    ref.step('ls');
    const result = await runToTarget(ref, { method: 'ls', targetParams: Math.round(0.97 * c.baseParams) });
    // The step clicked before the run is taken first; the run goes on from it.
    expect(currentSession()!.records()).toEqual(ref.records());
    expect(c.params).toBe(result.params);
    expect(c.learnedWidths).toEqual(result.widths.slice(1, -1));
  });

  it('play steps in slices and stops at its parameter target, on the first step that reaches it', async () => {
    jumpTo(0);
    await settled();
    await setMethod('magnitude');
    await settled();
    setTarget({ kind: 'params', value: 0.98 });
    useStore.setState((s) => ({ compaction: { ...s.compaction, speed: 60 } }));
    play();
    await until((s) => s.compaction.playing);
    await until((s) => !s.compaction.playing, 60_000, 'play to stop');
    await settled();
    const c = useStore.getState().compaction;
    const target = 0.98 * c.baseParams;
    expect(c.params).toBeLessThanOrEqual(target);
    const records = currentSession()!.appliedRecords();
    expect(records.length).toBe(c.cursor);
    expect(records.at(-2)!.paramsAfter).toBeGreaterThan(target);
    expect(records.every((r) => !isFineTune(r) && r.method === 'magnitude')).toBe(true);
  });
});
