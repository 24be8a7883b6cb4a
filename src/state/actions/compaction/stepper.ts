/**
 * The stepper: greedy steps of the current method (one, or ×10 in bursts),
 * undo, redo and jumps on the timeline. While a ×10 is under way, stepper
 * actions wait for it in the handle's queue and then run in order. On a big
 * model (see sliced.ts) every step runs in slices, and every change is
 * shown once what the views read is ready (publish.ts's refresh), all in the
 * handle's queue.
 */
import type { MergeRecord } from '../../../core/compaction';
import { yieldToEventLoop } from '../../../core/yield';
import { useStore } from '../../store';
import { idleHandle } from './host';
import type { Handle } from './handle';
import { pushNotice } from '../notices';
import { enqueue, refresh, refreshSoon, setWorking, warmAndPublish } from './publish';
import { driveChange } from './sliced';

/** Longest a burst of steps runs before the page gets a turn (step(k) for k > 1). */
const STEP_BURST_MS = 30;

/** Runs `action` now, or after the ×10 under way (and whatever already waits for it). */
function inTurn(action: () => void | Promise<void>): void {
  const h = idleHandle();
  if (!h) return;
  if (h.sliced) {
    void enqueue(h, action);
    return;
  }
  if (!h.queue) {
    void action();
    return;
  }
  const p = h.queue.then(action, action);
  h.queue = p;
  void p.finally(() => {
    if (h.queue === p) h.queue = null;
  });
}

/**
 * k greedy steps of the current method. Returns how many were applied at
 * once: for k > 1 the steps go on in bursts with turns of the event loop in
 * between (so a long run of steps never blocks the page; the views follow
 * after each burst) and the rest are not counted. The views show a single
 * step in the same task (the shortest way to the screen), unless `soon`
 * (playing: nobody waits for the click, and no task should do the engine's
 * work and the drawing together).
 */
export function step(k = 1, soon = false): number {
  const h = idleHandle();
  if (!h) return 0;
  if (h.sliced) {
    void enqueue(h, () => stepInSlices(h, k));
    return 0;
  }
  if (h.queue) {
    inTurn(() => stepNow(k, soon).work ?? undefined);
    return 0;
  }
  const { done, work } = stepNow(k, soon);
  if (work) {
    h.queue = work;
    void work.finally(() => {
      if (h.queue === work) h.queue = null;
    });
  }
  return done;
}

function stepNow(k: number, soon: boolean): { done: number; work: Promise<void> | null } {
  const h = idleHandle();
  if (!h) return { done: 0, work: null };
  const s = h.engine;
  const history = h.history.signal;
  const method = useStore.getState().compaction.method;
  let last: MergeRecord | null = null;
  let done = 0;
  const burst = (): boolean => {
    const t0 = performance.now();
    while (done < k && (done === 0 || performance.now() - t0 < STEP_BURST_MS)) {
      const r = engineCall(() => s.step(method), 'This step cannot be computed, so it was not taken; the model is as it was before it.');
      if (!r) return false;
      last = r;
      done++;
    }
    return done < k;
  };
  const more = burst();
  const first = done;
  if (!last) return { done: 0, work: null };
  if (!more) {
    if (soon) refreshSoon(h, 'step', last);
    else refresh(h, 'step', last);
    return { done, work: null };
  }
  refreshSoon(h, 'step', last);
  const work = (async () => {
    while (true) {
      await yieldToEventLoop();
      if (history.aborted || h.alive.aborted || idleHandle() !== h) return;
      const going = burst();
      refreshSoon(h, 'step', last);
      if (!going) return;
    }
  })();
  return { done: first, work };
}

/**
 * k steps on a big model, one after the other: each in slices (the engine's
 * stepSliced), then shown once what the views read is ready. Stops early
 * when the history is replaced, the handle dropped or a step cannot be taken.
 */
async function stepInSlices(h: Handle, k: number): Promise<void> {
  const history = h.history.signal;
  const method = useStore.getState().compaction.method;
  try {
    for (let i = 0; i < k; i++) {
      if (history.aborted || h.alive.aborted || idleHandle() !== h) return;
      setWorking(k > 1 ? `Taking step ${i + 1} of ${k}…` : 'Taking the step…');
      const record = await driveChange(h, h.engine.stepSliced(method), 'This step cannot be computed, so it was not taken; the model is as it was before it.');
      if (!record || h.alive.aborted) return;
      await warmAndPublish(h, 'step', record);
    }
  } finally {
    setWorking(null);
  }
}

export function undo(): void {
  inTurn(() => {
    const h = idleHandle();
    if (!h || !h.engine.canUndo) return;
    const record = h.engine.records()[h.engine.cursor - 1];
    h.engine.undo();
    refresh(h, 'undo', record);
  });
}

export function redo(): void {
  inTurn(() => {
    const h = idleHandle();
    if (!h || !h.engine.canRedo) return;
    h.engine.redo();
    refresh(h, 'redo', h.engine.records()[h.engine.cursor - 1]);
  });
}

export function jumpTo(t: number): void {
  inTurn(() => {
    const h = idleHandle();
    if (!h) return;
    const target = Math.max(0, Math.min(h.engine.length, Math.round(t)));
    if (target === h.engine.cursor) return;
    h.engine.jumpTo(target);
    refresh(h, 'jump');
  });
}

/**
 * Runs an engine call that may fail on a model the engine cannot handle (the
 * engine checks a step before it changes anything): a failure becomes a
 * message, never an uncaught error, and the call's result is null.
 */
export function engineCall<T>(call: () => T, plain: string): T | null {
  try {
    return call();
  } catch (e) {
    pushNotice('error', plain, e instanceof Error ? e.message : String(e));
    return null;
  }
}

/** Whether a ×10 is still under way (playing waits for it). */
export function stepperBusy(h: Handle): boolean {
  return h.queue !== null;
}
