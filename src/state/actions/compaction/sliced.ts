/**
 * Big models: the engine's work in slices. On a model whose steps cost more
 * than a frame or two (wide layers: Gram matrices, inverses and activations
 * of a thousand neurons), every change (a step, an undo, a jump) and every
 * read the views make after it is first brought up to date in slices
 * (the engine's stepSliced and warmSliced), so no main-thread task grows long;
 * the views then read what is ready. Small models (LeNet-300-100) keep the
 * direct path: a step reaches the screen in the task of the click.
 * Which path a model takes depends only on its size; nothing computed
 * depends on it (the engine's sliced calls give the same bits as the direct ones).
 */
import type { Sliced } from '../../../core/sliced';
import { runSliced, runSync } from '../../../core/sliced';
import type { CompactionSession } from '../../../core/compaction';
import { pushNotice } from '../notices';
import type { Handle } from './handle';

/**
 * Multiply-adds of a layer's set-up (CompactionSession.stepWorkBound) above
 * which a model's changes run in slices: some 0.2 to 0.5 s of JavaScript.
 * LeNet-300-100 has 0.37 billion (direct), 784-512-256-10 1.4 billion.
 */
export const SLICED_WORK = 6e8;

/** The bound in use: SLICED_WORK, unless a test lowers it to drive a small model through the sliced path. */
export const slicing = { work: SLICED_WORK };

/** Whether a session's changes run in slices (see above). */
export function runsSliced(engine: CompactionSession): boolean {
  return engine.stepWorkBound() > slicing.work;
}

/** The handle's stepper is working in slices (a step, an undo…): clicks wait their turn, previews are not taken. */
export function busyInSlices(h: Handle): boolean {
  return h.sliced && (h.queue !== null || h.inflight !== null);
}

/**
 * Runs a change of the engine (a sliced step) to its end in slices. Until
 * it ends, finishNow() can complete it at once (an action that replaces the
 * history). Resolves to its result, or null when it failed (with a message)
 * or the handle was dropped.
 */
export async function driveChange<T>(h: Handle, work: Sliced<T>, plain: string): Promise<T | null> {
  h.inflight = work;
  try {
    // Only the end of the handle stops it: a step in slices is never left halfway on a live session.
    const r = await runSliced(work, { signal: h.alive });
    return r ?? null; // undefined: finished by finishNow meanwhile
  } catch (e) {
    if (!h.alive.aborted) pushNotice('error', plain, e instanceof Error ? e.message : String(e));
    return null;
  } finally {
    if (h.inflight === work) h.inflight = null;
  }
}

/** Completes at once the change under way in slices, if any (before the history is replaced). */
export function finishNow(h: Handle): void {
  const work = h.inflight;
  if (!work) return;
  h.inflight = null;
  try {
    runSync(work);
  } catch {
    // driveChange reports it
  }
}
