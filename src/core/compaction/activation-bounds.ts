/** The engine's arithmetic stays finite only on activations within a bound (core/io/limits: MAX_ABS_ACTIVATION). */
import type { Activations } from '../coding/codes';
import { MAX_ABS_ACTIVATION } from '../io/limits';

/** Throws when a pre-activation of `a` is not finite or beyond ±MAX_ABS_ACTIVATION (`what`: which digits, for the message). */
export function checkActivations(a: Activations, what: string): void {
  a.pre.forEach((z, k) => {
    const bad = largestMagnitude(z);
    if (!(bad <= MAX_ABS_ACTIVATION)) {
      throw new Error(`layer ${k + 1}'s pre-activations on the ${what} digits reach ${bad}, beyond the ±${MAX_ABS_ACTIVATION} the engine can compute with`);
    }
  });
}

/** The largest |x| in `z` (NaN when any value is NaN). */
function largestMagnitude(z: Float32Array): number {
  let m = 0;
  for (let i = 0; i < z.length; i++) {
    const a = Math.abs(z[i]);
    if (Number.isNaN(a)) return NaN;
    if (a > m) m = a;
  }
  return m;
}
