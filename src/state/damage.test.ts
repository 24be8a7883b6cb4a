/**
 * Per-digit damage in the state layer, on the bundled model in Node: the
 * per-class trail along the session (actions/damage.ts), the broken digits
 * and confusion matrix the store holds, the input the network view lights
 * (actions/probe-input.ts), and the comparison export's curves. Every count is
 * checked against a naive count over a reference session's predictions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { CompactionSession, type MergeRecord } from '../core/compaction';
import { digitInput, traceDigit } from '../core/explore/draw-digit';
import { wilsonInterval } from '../core/stats/accuracy';
import { bootFresh, settled } from '../node/state-harness';
import type { FakeServices } from '../node/fake-services';
import { currentSession, setMethod, step, undo } from './actions/compaction';
import { damageTrailSettled, watchDamageTrail } from './actions/damage';
import { exportCurvesCsv, exportCurvesJson } from './actions/export';
import { clearProbeInput, pickTestDigit, resetPickSequence, showTestDigit } from './actions/probe-input';
import { compactionCurves, type CurvesDocument } from './compaction-curves';
import { useStore } from './store';

let sv: FakeServices;
let ref: CompactionSession;

/** Correct test digits per class, counted naively from predictions and labels. */
function naivePerClass(pred: Int32Array, labels: Uint8Array): number[] {
  const out = new Array<number>(10).fill(0);
  for (let i = 0; i < labels.length; i++) if (pred[i] === labels[i]) out[labels[i]]++;
  return out;
}

/** The reference session at step t of the live session's history. */
function refAt(t: number): Int32Array {
  const live = currentSession()!;
  ref.replay(live.records().slice(0, t));
  return ref.predictHeldOut()!;
}

describe('per-digit damage in the state layer', () => {
  beforeAll(async () => {
    sv = await bootFresh();
    const live = currentSession()!;
    const data = useStore.getState().data!;
    ref = await CompactionSession.create({ model: live.original, neuronIds: live.originalIds, probe: live.probeData, validation: data.validation, heldOut: data.test, seed: 1 });
    await setMethod('magnitude');
  });

  it('publishes the confusion matrix and broken digits of the current network, as a naive count gives them', async () => {
    step(25);
    await settled();
    const d = useStore.getState().compaction.damage!;
    const labels = useStore.getState().data!.test.labels;
    const now = refAt(25);
    const confusion = new Int32Array(100);
    for (let i = 0; i < labels.length; i++) confusion[labels[i] * 10 + now[i]]++;
    expect(Array.from(d.confusion.current)).toEqual(Array.from(confusion));
    expect(d.classes.current.map((a) => a.correct)).toEqual(naivePerClass(now, labels));
    const orig = refAt(0);
    const broken = [];
    for (let i = 0; i < labels.length; i++) if (orig[i] === labels[i] && now[i] !== labels[i]) broken.push(i);
    expect(Array.from(d.broken)).toEqual(broken);
  });

  it('follows the whole session step by step: correct digits per class after every step, as counted naively', async () => {
    const stop = watchDamageTrail();
    try {
      await damageTrailSettled();
      const labels = useStore.getState().data!.test.labels;
      let tr = useStore.getState().damageTrail!;
      expect(tr.length).toBe(25);
      expect(tr.perStep).toHaveLength(26);
      expect(tr.classCounts).toEqual(Array.from({ length: 10 }, (_, k) => labels.filter((l) => l === k).length));
      for (const t of [0, 1, 7, 24, 25]) expect(tr.perStep[t]).toEqual(naivePerClass(refAt(t), labels));

      // An undo keeps the trail (the redoable steps stay in it); a new step after it replaces the rest.
      undo();
      undo();
      await settled();
      await damageTrailSettled();
      expect(useStore.getState().damageTrail!.perStep).toHaveLength(26);
      await setMethod('apoz');
      step(3);
      await settled();
      await damageTrailSettled();
      tr = useStore.getState().damageTrail!;
      expect(tr.length).toBe(26);
      expect(tr.perStep).toHaveLength(27);
      expect((currentSession()!.records()[24] as MergeRecord).method).toBe('apoz');
      for (const t of [23, 24, 26]) expect(tr.perStep[t]).toEqual(naivePerClass(refAt(t), labels));
      // The step the current one came from (the chart's "before this step").
      expect(tr.perStep[25]).toEqual(naivePerClass(refAt(25), labels));
    } finally {
      stop();
      await setMethod('magnitude');
    }
  });

  it('lights the network with a test digit: both networks traced, and traced again after a step', async () => {
    const data = useStore.getState().data!;
    expect(showTestDigit(data.test.count)).toBe(false);
    expect(showTestDigit(17)).toBe(true);
    const input = useStore.getState().probeInput!;
    expect(input.source).toBe('test');
    expect(input.label).toBe(data.test.labels[17]);
    const expected = traceDigit(currentSession()!, digitInput(data.test.pixels, 17, 784));
    expect(Array.from(useStore.getState().probeTrace!.current.probabilities)).toEqual(Array.from(expected.current.probabilities));
    step(5);
    await settled();
    const after = traceDigit(currentSession()!, digitInput(data.test.pixels, 17, 784));
    const lit = useStore.getState().probeTrace!;
    expect(Array.from(lit.current.probabilities)).toEqual(Array.from(after.current.probabilities));
    expect(lit.layers.map((L) => Array.from(L.alive).filter((a) => a === 0).length)).toEqual(currentSession()!.widths().slice(1, -1).map((w, l) => currentSession()!.originalWidths()[l + 1] - w));
    // Picking follows a seeded sequence: the same digits again after a reset.
    resetPickSequence();
    const a = [pickTestDigit(), pickTestDigit()];
    resetPickSequence();
    expect([pickTestDigit(), pickTestDigit()]).toEqual(a);
    clearProbeInput();
    expect(useStore.getState().probeTrace).toBeNull();
  });

  it('exports every curve of the compaction chart (CSV and JSON) with a summary that counts the test digits', async () => {
    sv.downloads.length = 0;
    exportCurvesCsv();
    exportCurvesJson();
    expect(sv.downloads.map((d) => d.fileName)).toEqual([expect.stringMatching(/^neurounify-curves-.*\.csv$/), expect.stringMatching(/^neurounify-curves-.*\.json$/)]);
    const c = useStore.getState().compaction;
    const curves = compactionCurves(c);
    const csv = (await sv.downloads[0].blob.text()).trim().split('\n');
    expect(csv[0]).toBe('series,kind,method,point,params,test_accuracy');
    for (const curve of curves) expect(csv.filter((r) => r.startsWith(`${curve.name},`))).toHaveLength(curve.points.length);
    const doc = JSON.parse(await sv.downloads[1].blob.text()) as CurvesDocument;
    expect(doc.curves.map((k) => [k.name, k.points.length])).toEqual(curves.map((k) => [k.name, k.points.length]));
    const mine = doc.summary.find((s) => s.series === 'your steps')!;
    const test = useStore.getState().data!.test;
    expect(mine.testDigits).toBe(test.count);
    expect(doc.digits.count).toBe(test.count);
    expect(mine.params).toBe(c.params);
    expect(mine.widths).toEqual(c.widths);
    expect(mine.testCorrect).toBe(Math.round(c.accuracy! * test.count));
    expect(mine.ci95).toEqual(wilsonInterval(mine.testCorrect, test.count));
  });
});
