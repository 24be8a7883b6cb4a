/** Helpers for the state layer's tests in Node: a fresh store and services, boot, and waiting for the store. */
import { host } from '../state/actions/compaction/host';
import { boot } from '../state/actions/boot';
import { provideServices } from '../state/services';
import { initialState, useStore } from '../state/store';
import type { AppState } from '../state/types';
import { fakeServices, type FakeServices } from './fake-services';

/** Resolves when `cond` holds for the store (checked after every change and every 20 ms), or rejects after `ms`. */
export function until(cond: (s: AppState) => boolean, ms = 60_000, what = 'the store to reach a state'): Promise<void> {
  return new Promise((resolve, reject) => {
    if (cond(useStore.getState())) return resolve();
    const done = () => {
      clearInterval(poll);
      clearTimeout(timer);
      unsub();
    };
    const check = () => {
      if (cond(useStore.getState())) {
        done();
        resolve();
      }
    };
    const unsub = useStore.subscribe(check);
    const poll = setInterval(check, 20);
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out waiting for ${what}`));
    }, ms);
  });
}

/** Resolves once no stepper work (a ×10, its queue, a publish in waiting) is left. */
export async function settled(ms = 60_000): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const h = host.current;
    if (!h || (!h.queue && !h.pending && h.playTimer === null && !h.run)) return;
    if (Date.now() - t0 > ms) throw new Error('stepper work did not settle');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A fresh store and services, then boot; resolves when the explorer is ready. */
export async function bootFresh(o: Parameters<typeof fakeServices>[0] & { before?: (sv: FakeServices) => void } = {}): Promise<FakeServices> {
  host.drop();
  useStore.setState(initialState(), true);
  const sv = fakeServices(o);
  o.before?.(sv);
  provideServices(sv);
  await boot();
  await until((s) => s.compaction.ready || s.boot.phase === 'error', 120_000, 'the explorer to be ready');
  return sv;
}
