/**
 * Restoring work in Node: a link in the address, the saved work in storage,
 * and what happens when either is bad. Fake browser services; the bundled model.
 */
import { describe, expect, it } from 'vitest';
import { stepTupleOf } from '../core/compaction';
import { DEFAULT_LINK_STATE, encodeLinkState } from '../core/share/link-state';
import { bootFresh, settled, until } from '../node/state-harness';
import { copyShareLink } from './actions/link';
import { currentSession, setMethod, step, undo } from './actions/compaction';
import { useStore } from './store';
import { pushNotice } from './actions/notices';
import { newSession } from './actions/saved-work';

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
    expect(sv.url.hash).toMatch(/^#s2\./);

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
    expect(st.notices.some((n) => n.kind === 'error' && /do not fit this model, so the app started with its defaults/.test(n.text) && /no neuron #5000/.test(n.detail ?? ''))).toBe(true);
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

describe('saved work that cannot be restored', () => {
  const poisons: [string, (good: Record<string, unknown>) => unknown][] = [
    ['not saved work at all', () => 'a string'],
    ['steps of the wrong shape', (good) => ({ ...good, steps: [[1, 2]] })],
    [
      'a trained model with an infinite weight',
      () => ({
        version: 1,
        model: {
          kind: 'trained',
          name: 'poisoned',
          testAccuracy: 0.5,
          spec: { inputSize: 784, hidden: [2], numClasses: 10, activation: 'relu' },
          layers: [
            { inSize: 784, outSize: 2, W: new Float32Array(1568).fill(Infinity), b: new Float32Array(2) },
            { inSize: 2, outSize: 10, W: new Float32Array(20), b: new Float32Array(10) },
          ],
        },
        method: 'ls',
        steps: [],
        cursor: 0,
        view: { layer: 0, threshold: 0.6, normalization: 'neuron' },
      }),
    ],
    [
      'a trained model whose weights do not fit its shape',
      () => ({
        version: 1,
        model: {
          kind: 'trained',
          name: 'cut',
          testAccuracy: 0.5,
          spec: { inputSize: 784, hidden: [2], numClasses: 10, activation: 'relu' },
          layers: [
            { inSize: 784, outSize: 2, W: new Float32Array(10), b: new Float32Array(2) },
            { inSize: 2, outSize: 10, W: new Float32Array(20), b: new Float32Array(10) },
          ],
        },
        method: 'ls',
        steps: [[1, 0, 0, -1]],
        cursor: 1,
        view: { layer: 0, threshold: 0.6, normalization: 'neuron' },
      }),
    ],
  ];

  it.each(poisons)('%s: the app starts on the defaults, says so, keeps the save and offers it as a file', async (_name, poison) => {
    const good = { version: 1, model: { kind: 'bundled' }, method: 'ls', steps: [], cursor: 0, view: { layer: 0, threshold: 0.6, normalization: 'neuron' } };
    const bad = poison(good);
    const sv = await bootFresh({ before: (next) => next.workStore.map.set('current', bad) });
    const st = useStore.getState();
    expect(st.boot.phase).toBe('ready');
    expect(st.compaction.ready).toBe(true);
    expect(st.model?.source).toBe('bundled');
    expect(st.compaction.params).toBe(266_610);
    const notice = st.notices.find((n) => /could not be restored/.test(n.text));
    expect(notice?.detail).toBeTruthy();
    // The save is kept under its own key, not deleted, and offered as a file.
    const kept = [...sv.workStore.map.entries()].filter(([k]) => k.startsWith('unrestorable-'));
    expect(kept).toHaveLength(1);
    expect(kept[0][1]).toEqual(bad);
    notice!.action!.run();
    expect(sv.downloads.at(-1)?.fileName).toMatch(/unrestorable/);
    // And the app works.
    expect(step(1)).toBe(1);
  });
});

describe('new session', () => {
  it('clears old notices, starts over, and can be undone exactly', async () => {
    await bootFresh();
    await setMethod('pair');
    step(12);
    await settled();
    undo();
    await settled();
    const before = figures();
    const tuples = currentSession()!.records().map(stepTupleOf);
    pushNotice('info', 'Restored your session: 3 of 3 steps.');
    await newSession();
    const st = useStore.getState();
    expect(st.compaction.cursor).toBe(0);
    expect(st.compaction.records).toHaveLength(0);
    expect(st.notices.some((n) => /Restored your session: 3/.test(n.text))).toBe(false);
    const notice = st.notices.find((n) => /Started a new session/.test(n.text))!;
    expect(notice.text).toMatch(/12 steps/);
    notice.action!.run();
    await until((s) => s.compaction.records.length === 12, 60_000, 'the previous work to come back');
    await settled();
    expect(figures()).toEqual(before);
    expect(currentSession()!.records().map(stepTupleOf)).toEqual(tuples);
  });
});

describe('autosave', () => {
  it('keeps every step as it is taken, and says so when the storage refuses to save', async () => {
    const sv = await bootFresh();
    await setMethod('magnitude');
    step(3);
    await settled();
    // No waiting for a quiet moment: the write starts with the step.
    await new Promise((r) => setTimeout(r, 0));
    await new Promise((r) => setTimeout(r, 0));
    const saved = sv.workStore.map.get('current') as { steps: unknown[]; cursor: number };
    expect(saved.cursor).toBe(3);
    expect(saved.steps).toHaveLength(3);

    sv.workStore.set = () => Promise.reject(new Error('QuotaExceededError'));
    step(1);
    await settled();
    await until((s) => s.notices.some((n) => /Autosave is off/.test(n.text)), 5000, 'the autosave notice');
    const notice = useStore.getState().notices.find((n) => /Autosave is off/.test(n.text))!;
    expect(notice.detail).toMatch(/QuotaExceededError/);
    notice.action!.run();
    await until(() => sv.downloads.some((d) => /neurounify-session/.test(d.fileName)), 5000, 'the session export');
  });
});
