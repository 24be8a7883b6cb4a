/**
 * Restoring work in Node: a link in the address, the saved work in storage,
 * and what happens when either is bad. Fake browser services; the bundled model.
 */
import { describe, expect, it } from 'vitest';
import { stepTupleOf } from '../core/compaction';
import { DEFAULT_LINK_STATE, encodeLinkState } from '../core/share/link-state';
import { bootFresh, settled } from '../node/state-harness';
import { copyShareLink } from './actions/link';
import { currentSession, setMethod, step, undo } from './actions/compaction';
import { useStore } from './store';

const figures = () => {
  const c = useStore.getState().compaction;
  return { cursor: c.cursor, length: c.records.length, params: c.params, accuracy: c.accuracy, method: c.method };
};

describe('restoring work', () => {
  it('a copied link reopens the same state, redoable steps and view included', async () => {
    const sv = await bootFresh();
    await setMethod('pair');
    step(5);
    await settled();
    await setMethod('ls');
    step(3);
    undo();
    await settled();
    useStore.setState((s) => ({ explorer: { ...s.explorer, threshold: 0.7 } }));
    const before = figures();
    const tuples = currentSession()!.records().map(stepTupleOf);
    await copyShareLink();
    expect(sv.copied).toHaveLength(1);
    expect(sv.url.hash).toMatch(/^#s1\./);

    await bootFresh({ hash: new URL(sv.copied[0]).hash });
    expect(figures()).toEqual(before);
    expect(currentSession()!.records().map(stepTupleOf)).toEqual(tuples);
    expect(useStore.getState().explorer.threshold).toBe(0.7);
    expect(useStore.getState().notices.filter((n) => n.kind === 'error')).toEqual([]);
  });

  it('a link whose steps do not fit the model says so and starts on the defaults', async () => {
    const hash = encodeLinkState({ ...DEFAULT_LINK_STATE, steps: [[1, 0, 299, -1], [1, 1, 5000, -1]], cursor: 2 });
    await bootFresh({ hash: `#${hash}` });
    const st = useStore.getState();
    expect(st.notices.some((n) => n.kind === 'error' && /do not fit/.test(n.text))).toBe(true);
    expect(st.compaction.ready).toBe(true);
    expect(st.compaction.cursor).toBe(0);
    expect(st.compaction.records).toHaveLength(0);
  });

  it('the saved work comes back after a reload, and a damaged one does not stop the start', async () => {
    const sv = await bootFresh();
    await setMethod('magnitude');
    step(7);
    await settled();
    const before = figures();
    await new Promise((r) => setTimeout(r, 600)); // the autosave waits for a quiet moment
    const saved = sv.workStore.map.get('current');
    expect(saved).toBeDefined();

    await bootFresh({ before: (next) => next.workStore.map.set('current', saved) });
    expect(figures()).toEqual(before);
    expect(useStore.getState().notices.some((n) => /Restored your session: 7 of 7 steps/.test(n.text))).toBe(true);

    await bootFresh({ before: (next) => next.workStore.map.set('current', { version: 1, model: { kind: 'bundled' }, steps: 'nonsense' }) });
    const c = useStore.getState().compaction;
    expect(c.ready).toBe(true);
    expect(c.cursor).toBe(0);
  });
});
