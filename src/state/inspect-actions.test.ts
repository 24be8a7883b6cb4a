/**
 * The inspector's and the pair list's readings in the state layer (Node, the
 * bundled model with fake services): they follow the selection and the steps,
 * rows preview and apply what they show, "unify into…" previews the direction
 * asked for and swaps it. Each result is compared with the engine itself.
 */
import type { MergeRecord } from '../core/compaction';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectNeuron } from '../core/explore/inspect';
import { bootFresh, settled, until } from '../node/state-harness';
import { applyPairPreview, currentSession, previewMerge, previewRemoval, selectNeuron, setMethod, swapPairPreview } from './actions/compaction';
import { host } from './actions/compaction/host';
import { watchReadings } from './actions/inspect';
import { applyCandidate, previewCandidate } from './actions/pairs';
import { useStore } from './store';

let stop: () => void = () => undefined;

describe('the inspector’s and the pair list’s readings', () => {
  beforeAll(async () => {
    await bootFresh();
    stop = watchReadings();
  }, 180_000);
  afterAll(() => stop());

  it('reads the candidates of the selected layer, and the selected neuron once there is one', async () => {
    await until((s) => s.explorer.pairs !== null, 30_000, 'the candidates');
    const st = useStore.getState();
    expect(st.explorer.inspection).toBeNull();
    expect(st.explorer.pairs!.layer).toBe(0);
    expect(st.explorer.pairs!.method).toBe('ls');
    // The engine's next step is the list's first row, marked as such.
    expect(st.explorer.pairs!.next.filter((r) => r.next)).toHaveLength(1);
    const id = st.explorer.view!.ids[st.explorer.view!.alive[10]];
    selectNeuron(0, id);
    await until((s) => s.explorer.inspection?.id === id, 30_000, 'the inspection');
    const h = host.current!;
    const s = useStore.getState();
    expect(s.explorer.inspection).toEqual(inspectNeuron(h.engine, s.explorer.view!, h.bands, id));
  });

  it('a row previews what it shows and applies it; the readings follow the step', async () => {
    const before = useStore.getState().explorer;
    const row = before.pairs!.correlated[0];
    previewCandidate(row);
    const p = useStore.getState().explorer.pairPreview!;
    expect([p.layer, p.removedId, p.heirId, p.preview]).toEqual([row.layer, row.removedId, row.heirId, row.preview]);
    const cursor = currentSession()!.cursor;
    applyCandidate(row);
    await settled();
    const s = currentSession()!;
    expect(s.cursor).toBe(cursor + 1);
    const rec = s.records()[cursor] as MergeRecord;
    expect([rec.method, rec.layer, rec.removedId, rec.heirs.map((x) => x.id)]).toEqual(['pair', row.layer, row.removedId, [row.heirId]]);
    expect(rec.cost).toBe(row.cost);
    // New readings for the new state: the removed neuron is in no row.
    await until((st) => st.explorer.pairs !== before.pairs, 30_000, 'new candidates');
    const now = useStore.getState().explorer.pairs!;
    expect([...now.next, ...now.correlated].some((r) => r.layer === row.layer && (r.removedId === row.removedId || r.heirId === row.removedId))).toBe(false);
  });

  it('an ls row applies a least-squares removal; a row that no longer holds does nothing', async () => {
    const row = useStore.getState().explorer.pairs!.next.find((r) => r.kind === 'ls')!;
    const s = currentSession()!;
    const cursor = s.cursor;
    applyCandidate(row);
    await settled();
    expect(s.cursor).toBe(cursor + 1);
    expect(s.records()[cursor]).toMatchObject({ method: 'ls', layer: row.layer, removedId: row.removedId, cost: row.cost });
    applyCandidate(row); // its neuron is gone
    expect(s.cursor).toBe(cursor + 1);
  });

  it('"unify into…" previews the direction asked for, swaps it, and the baseline rows step', async () => {
    const view = useStore.getState().explorer.view!;
    const [a, b] = [view.ids[view.alive[3]], view.ids[view.alive[4]]];
    previewMerge(0, a, b);
    expect(useStore.getState().explorer.pairPreview).toMatchObject({ layer: 0, removedId: a, heirId: b });
    swapPairPreview();
    const swapped = useStore.getState().explorer.pairPreview!;
    expect([swapped.removedId, swapped.heirId]).toEqual([b, a]);
    expect(swapped.preview).toEqual(currentSession()!.previewUnify(0, b, a));
    previewRemoval(0, a);
    const ls = useStore.getState().explorer.pairPreview!;
    expect(ls.kind).toBe('ls');
    expect(ls.preview).toEqual(currentSession()!.previewRemoveByLeastSquares(0, a));
    const cursor = currentSession()!.cursor;
    applyPairPreview();
    expect(currentSession()!.records()[cursor]).toMatchObject({ method: 'ls', removedId: a });

    await setMethod('magnitude');
    await until((s) => s.explorer.pairs?.method === 'magnitude', 30_000, 'the baseline’s candidates');
    const step = useStore.getState().explorer.pairs!.next[0];
    expect(step).toMatchObject({ kind: 'step', next: true, method: 'magnitude' });
    applyCandidate(step);
    await settled();
    expect(currentSession()!.records()[cursor + 1]).toMatchObject({ method: 'magnitude', removedId: step.removedId });
  });
});
