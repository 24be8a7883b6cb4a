/**
 * Comparison curves: a method's automatic run (accuracy against parameters,
 * down to 10%) on the same model, in a separate session; and, on request, the
 * same run with 1 epoch of fine-tuning at each of a few points (what retraining
 * recovers beside what the method keeps without it). Curves asked for while
 * another is computed wait in a queue and follow in order.
 */
import { CompactionSession, fineTune, runToTarget, type Method } from '../../../core/compaction';
import type { BaselineKey, CurvePoint } from '../../compaction-types';
import { useStore } from '../../store';
import { fineTuneDefaults } from '../finetune';
import { pushNotice } from '../notices';
import type { Handle } from './handle';
import { host } from './host';
import { patchCompaction } from './publish';

/** Parameter shares at which the fine-tuned curve is measured (and the uncompressed model). */
export const TUNED_SHARES = [1, 0.7, 0.5, 0.3, 0.2, 0.1];

export function toggleBaseline(key: BaselineKey): void {
  const c = useStore.getState().compaction;
  if (c.baselines[key]) {
    const rest = { ...c.baselines };
    delete rest[key];
    patchCompaction({ baselines: rest });
    return;
  }
  if (c.baselineQueue.includes(key)) {
    patchCompaction({ baselineQueue: c.baselineQueue.filter((m) => m !== key) });
    return;
  }
  const h = host.current;
  if (!h || c.baselineBusy === key) return;
  patchCompaction({ baselineQueue: [...c.baselineQueue, key] });
  if (!c.baselineBusy) void drain(h);
}

function parseKey(key: BaselineKey): { method: Method; tuned: boolean } {
  return key.endsWith('+ft') ? { method: key.slice(0, -3) as Method, tuned: true } : { method: key as Method, tuned: false };
}

async function drain(h: Handle): Promise<void> {
  for (;;) {
    const [key, ...rest] = useStore.getState().compaction.baselineQueue;
    if (!key || h.alive.aborted) return;
    patchCompaction({ baselineBusy: key, baselineQueue: rest });
    const { method, tuned } = parseKey(key);
    try {
      if (tuned) {
        const points = await tunedCurveOf(h, method);
        if (h.alive.aborted) return;
        useStore.setState((s) => ({ compaction: { ...s.compaction, baselines: { ...s.compaction.baselines, [key]: points }, baselineBusy: null } }));
      } else {
        const { points, end } = await curveOf(h, method);
        if (h.alive.aborted) return;
        useStore.setState((s) => ({
          compaction: { ...s.compaction, baselines: { ...s.compaction.baselines, [key]: points }, baselineEnds: { ...s.compaction.baselineEnds, [method]: end }, baselineBusy: null },
        }));
      }
    } catch (e) {
      if (h.alive.aborted) return;
      patchCompaction({ baselineBusy: null });
      pushNotice('error', `Could not compute the ${method} curve${tuned ? ' with fine-tuning' : ''}.`, e instanceof Error ? e.message : String(e));
    }
  }
}

async function sideSession(h: Handle, method: Method): Promise<CompactionSession> {
  const data = useStore.getState().data!;
  const side = await CompactionSession.create(
    { model: h.engine.original, neuronIds: h.engine.originalIds, probe: h.probe, validation: data.validation, heldOut: data.test, seed: 1 },
    true,
  );
  await side.prepare(method);
  return side;
}

async function curveOf(h: Handle, method: Method) {
  const side = await sideSession(h, method);
  const result = await runToTarget(side, { method, targetParams: Math.round(0.1 * side.params()), trackAccuracy: true });
  const baseParams = useStore.getState().compaction.baseParams;
  const points = [{ params: baseParams, accuracy: side.baseAccuracy ?? 0 }].concat(
    result.records.map((r) => ({ params: r.paramsAfter, accuracy: r.accuracyAfter ?? 0 })),
  );
  // Where the run ended (the comparison export's summary names its widths).
  return { points, end: { widths: side.widths(), params: side.params() } };
}

/**
 * The method's automatic run, stopped at each share of TUNED_SHARES: there the
 * network is fine-tuned for 1 epoch (the training digits; the model's own
 * training settings), its test accuracy read, and the fine-tune undone before
 * the run goes on, so every point is "the method to here, then one epoch".
 */
async function tunedCurveOf(h: Handle, method: Method): Promise<CurvePoint[]> {
  const side = await sideSession(h, method);
  const data = useStore.getState().data!;
  const settings = { ...fineTuneDefaults(), epochs: 1 };
  const base = side.params();
  const points: CurvePoint[] = [];
  for (const share of TUNED_SHARES) {
    if (h.alive.aborted) break;
    if (share < 1) await runToTarget(side, { method, targetParams: Math.round(share * base), trackAccuracy: true });
    const record = await fineTune(side, data.train, settings, { signal: h.alive });
    if (!record) break;
    points.push({ params: side.params(), accuracy: side.accuracy() ?? 0 });
    side.undo();
  }
  return points;
}
