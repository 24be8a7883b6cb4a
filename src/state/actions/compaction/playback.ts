/** Playing (a step every 1/speed seconds until the target) and the automatic run to a target. */
import { runToTarget } from '../../../core/compaction';
import { withinDrop } from '../../../core/stats';
import type { TargetSpec } from '../../compaction-types';
import { useStore } from '../../store';
import { pushNotice } from '../notices';
import { host, idleHandle, replaceHistory, stopPlayTimer } from './host';
import type { Handle } from './handle';
import { enqueue, patchCompaction, refresh } from './publish';
import { step, stepperBusy } from './stepper';

/**
 * Whether the model has reached the target: the parameter share, or more
 * accuracy lost than the budget. The budget is decided on the validation
 * digits, in whole digits (a loss of exactly the budget is still within it);
 * the test digits only report.
 */
export function reachedTarget(h: Handle, target: TargetSpec): boolean {
  const s = h.engine;
  if (target.kind === 'params') return s.params() <= target.value * useStore.getState().compaction.baseParams;
  const base = s.baseAccuracies.validation;
  const now = s.correctCounts().validation;
  return base !== null && now !== null && !withinDrop(base.correct, now, base.n, target.value / 100);
}

export function play(): void {
  const h = idleHandle();
  if (!h || useStore.getState().compaction.playing) return;
  patchCompaction({ playing: true });
  const tick = () => {
    h.playTimer = null;
    const c = useStore.getState().compaction;
    if (!c.playing || h.alive.aborted) return;
    if (stepperBusy(h)) {
      h.playTimer = setTimeout(tick, 50); // a ×10 is still under way
      return;
    }
    if (reachedTarget(h, c.target) || !playStep(h, c.preview !== null) || reachedTarget(h, c.target)) {
      stopPlaying();
      return;
    }
    h.playTimer = setTimeout(tick, 1000 / useStore.getState().compaction.speed);
  };
  h.playTimer = setTimeout(tick, 0);
}

/**
 * One step while playing; false when none could be taken. On a big model the
 * step runs in slices (see sliced.ts): it is queued, and the published next
 * step (`hasNext`) says whether one is left.
 */
function playStep(h: Handle, hasNext: boolean): boolean {
  if (!h.sliced) return step(1, true) > 0;
  if (hasNext) step(1, true);
  return hasNext;
}

export function stopPlaying(): void {
  const h = host.current;
  if (h) stopPlayTimer(h);
  else if (useStore.getState().compaction.playing) patchCompaction({ playing: false });
}

export function togglePlay(): void {
  if (useStore.getState().compaction.playing) stopPlaying();
  else play();
}

export function setSpeed(speed: number): void {
  patchCompaction({ speed: Math.max(1, Math.min(60, speed)) });
}

export function setTarget(target: TargetSpec): void {
  patchCompaction({ target });
}

/**
 * Runs the method's automatic mode (structure learning for pair / ls) until
 * the target. On a big model (see sliced.ts) after the stepper's work under
 * way, in its queue (the run's steps are sliced by the engine).
 */
export async function runTarget(): Promise<void> {
  const h = idleHandle();
  if (!h) return;
  if (h.sliced) return enqueue(h, () => (idleHandle() === h ? runTargetNow(h) : undefined));
  return runTargetNow(h);
}

async function runTargetNow(h: Handle): Promise<void> {
  replaceHistory(h);
  stopPlaying();
  const s = h.engine;
  const { method, target, baseParams } = useStore.getState().compaction;
  const run = new AbortController();
  h.run = run;
  patchCompaction({ run: { label: 'Running to target…', steps: 0, params: s.params() } });
  try {
    const result = await runToTarget(s, {
      method,
      targetParams: target.kind === 'params' ? Math.round(target.value * baseParams) : undefined,
      maxAccuracyDrop: target.kind === 'drop' ? target.value / 100 : undefined,
      onProgress: (p) => {
        if (!h.alive.aborted) patchCompaction({ run: { label: 'Running to target…', steps: p.steps, params: p.params } });
      },
      signal: run.signal,
    });
    if (h.alive.aborted) return;
    h.run = null;
    patchCompaction({ run: null, learnedWidths: result.widths.slice(1, -1) });
    refresh(h, 'jump', result.records.at(-1) ?? null);
  } catch (e) {
    if (h.alive.aborted) return;
    h.run = null;
    patchCompaction({ run: null });
    pushNotice('error', 'The run to the target stopped with an error; the steps before it are kept.', e instanceof Error ? e.message : String(e));
    refresh(h, 'jump');
  }
}

export function stopRun(): void {
  host.current?.run?.abort();
}
