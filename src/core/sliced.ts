/**
 * Long computations written once, run two ways. A computation is a generator
 * that yields between slices of its work (a few milliseconds each) and
 * returns its result: `runSync` runs it to the end at once (engine calls that
 * must answer now), `runSliced` gives the event loop a turn whenever a time
 * budget is spent, so a browser stays responsive while it works.
 */
import { yieldToEventLoop } from './yield';

export type Sliced<T> = Generator<void, T, void>;

export function runSync<T>(work: Sliced<T>): T {
  for (;;) {
    const r = work.next();
    if (r.done) return r.value;
  }
}

export interface SliceOptions {
  /** Milliseconds of work between turns of the event loop (default 12). */
  budgetMs?: number;
  /** Given up at the next slice boundary (the promise rejects with the signal's reason). */
  signal?: AbortSignal;
}

const now = (): number => (typeof performance !== 'undefined' ? performance.now() : Date.now());

export async function runSliced<T>(work: Sliced<T>, o: SliceOptions = {}): Promise<T> {
  const budget = o.budgetMs ?? 12;
  let t0 = now();
  for (;;) {
    const r = work.next();
    if (r.done) return r.value;
    if (now() - t0 >= budget) {
      await yieldToEventLoop();
      o.signal?.throwIfAborted();
      t0 = now();
    }
  }
}
