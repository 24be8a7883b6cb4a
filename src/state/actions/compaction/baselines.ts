/**
 * Comparison curves: a method's automatic run (accuracy against parameters,
 * down to 10%) on the same model, in a separate session. Curves asked for
 * while another is computed wait in a queue and follow in order.
 */
import { CompactionSession, runToTarget, type Method } from '../../../core/compaction';
import { useStore } from '../../store';
import { pushNotice } from '../notices';
import type { Handle } from './handle';
import { host } from './host';
import { patchCompaction } from './publish';

export function toggleBaseline(method: Method): void {
  const c = useStore.getState().compaction;
  if (c.baselines[method]) {
    const rest = { ...c.baselines };
    delete rest[method];
    patchCompaction({ baselines: rest });
    return;
  }
  if (c.baselineQueue.includes(method)) {
    patchCompaction({ baselineQueue: c.baselineQueue.filter((m) => m !== method) });
    return;
  }
  const h = host.current;
  if (!h || c.baselineBusy === method) return;
  patchCompaction({ baselineQueue: [...c.baselineQueue, method] });
  if (!c.baselineBusy) void drain(h);
}

async function drain(h: Handle): Promise<void> {
  for (;;) {
    const [method, ...rest] = useStore.getState().compaction.baselineQueue;
    if (!method || h.alive.aborted) return;
    patchCompaction({ baselineBusy: method, baselineQueue: rest });
    try {
      const { points, end } = await curveOf(h, method);
      if (h.alive.aborted) return;
      useStore.setState((s) => ({
        compaction: { ...s.compaction, baselines: { ...s.compaction.baselines, [method]: points }, baselineEnds: { ...s.compaction.baselineEnds, [method]: end }, baselineBusy: null },
      }));
    } catch (e) {
      if (h.alive.aborted) return;
      patchCompaction({ baselineBusy: null });
      pushNotice('error', `Could not compute the ${method} curve.`, e instanceof Error ? e.message : String(e));
    }
  }
}

async function curveOf(h: Handle, method: Method) {
  const data = useStore.getState().data!;
  const side = await CompactionSession.create(
    { model: h.engine.original, neuronIds: h.engine.originalIds, probe: h.probe, validation: data.validation, heldOut: data.test, seed: 1 },
    true,
  );
  await side.prepare(method);
  const result = await runToTarget(side, { method, targetParams: Math.round(0.1 * side.params()), trackAccuracy: true });
  const baseParams = useStore.getState().compaction.baseParams;
  const points = [{ params: baseParams, accuracy: side.baseAccuracy ?? 0 }].concat(
    result.records.map((r) => ({ params: r.paramsAfter, accuracy: r.accuracyAfter ?? 0 })),
  );
  // Where the run ended (the comparison export's summary names its widths).
  return { points, end: { widths: side.widths(), params: side.params() } };
}
