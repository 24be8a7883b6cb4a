/**
 * The tour's step in Node, on the bundled model: a real hand-over (not a
 * constant neuron), Back and Next undo and redo it without adding steps, the
 * method is never changed, and closing the tour puts the history back.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { bootFresh, settled } from '../node/state-harness';
import { currentSession, jumpTo, setMethod, step, stepTuples, undo } from './actions/compaction';
import { applyTourStep, closeTour, openTour, pickDemoPair, redoTourStep, tourStepState, undoTourStep } from './actions/tour';
import type { MergeRecord } from '../core/compaction';
import { useStore } from './store';

const history = () => ({ steps: stepTuples(), cursor: useStore.getState().compaction.cursor });

describe('the tour’s hand-over', () => {
  beforeAll(async () => {
    await bootFresh();
  });

  it('picks the most correlated pair of non-constant neurons in the layer on screen', () => {
    const v = useStore.getState().explorer.view!;
    const pair = pickDemoPair()!;
    expect(pair.layer).toBe(v.layer);
    const pos = (id: number) => Array.prototype.indexOf.call(v.ids, id) as number;
    const [pa, pb] = [pos(pair.a), pos(pair.b)];
    expect(v.stats.constant[pa]).toBe(0);
    expect(v.stats.constant[pb]).toBe(0);
    // No other alive pair correlates more.
    const na = v.alive.length;
    let max = -Infinity;
    for (let x = 0; x < na; x++) for (let y = x + 1; y < na; y++) if (!v.stats.constant[v.alive[x]] && !v.stats.constant[v.alive[y]]) max = Math.max(max, v.correlation[x * na + y]);
    expect(pair.correlation).toBe(max);
    expect(pair.correlation).toBeGreaterThan(0.5);
  });

  it('hands over for real, keeps the method, and Back / Next never add a step', async () => {
    expect(useStore.getState().compaction.method).toBe('ls');
    openTour();
    const demo = applyTourStep();
    if (typeof demo === 'string') throw new Error(`no hand-over: ${demo}`);
    const c = useStore.getState().compaction;
    expect(c.method).toBe('ls');
    expect(c.cursor).toBe(1);
    expect(c.records).toHaveLength(1);
    const r = c.records[0] as MergeRecord;
    expect(r.method).toBe('pair');
    expect(r.heirs.some((h) => h.coef !== 0)).toBe(true);
    expect(r.cost).toBeGreaterThan(0);
    expect(c.lastChange?.kind).toBe('step');
    for (let k = 0; k < 3; k++) {
      undoTourStep();
      await settled();
      expect(tourStepState()).toBe('undone');
      expect(useStore.getState().compaction.cursor).toBe(0);
      if (k === 1) {
        redoTourStep();
        await settled();
        expect(tourStepState()).toBe('applied');
        undoTourStep();
        await settled();
      }
      expect(applyTourStep()).toEqual(demo);
      await settled();
      expect(useStore.getState().compaction.cursor).toBe(1);
      expect(useStore.getState().compaction.records).toHaveLength(1);
    }
    // Asking again while applied changes nothing.
    applyTourStep();
    expect(useStore.getState().compaction.records).toHaveLength(1);
    closeTour();
    await settled();
    expect(history()).toEqual({ steps: [], cursor: 0 });
    expect(useStore.getState().compaction.method).toBe('ls');
    expect(useStore.getState().tourOpen).toBe(false);
  });

  it('closing puts back a history with redoable steps exactly, bit for bit', async () => {
    await setMethod('pair');
    step(5);
    await settled();
    undo();
    undo();
    await settled();
    const before = history();
    const params = currentSession()!.params();
    const accuracy = useStore.getState().compaction.accuracy;
    expect(before.cursor).toBe(3);
    expect(before.steps).toHaveLength(5);
    openTour();
    applyTourStep();
    expect(useStore.getState().compaction.records).toHaveLength(4);
    closeTour();
    await settled();
    expect(history()).toEqual(before);
    expect(currentSession()!.params()).toBe(params);
    expect(useStore.getState().compaction.accuracy).toBe(accuracy);
    expect(useStore.getState().compaction.method).toBe('pair');
  });

  it('leaves the history alone when the user changed it during the tour', async () => {
    jumpTo(0);
    await settled();
    openTour();
    applyTourStep();
    step(1);
    await settled();
    const mine = history();
    expect(mine.cursor).toBe(2);
    expect(tourStepState()).toBe('none');
    // Next past the hand-over's stop redoes an undone hand-over, and never makes a second one.
    redoTourStep();
    await settled();
    expect(history()).toEqual(mine);
    closeTour();
    await settled();
    expect(history()).toEqual(mine);
  });
});
