/**
 * Seeded randomness for the engine. Built on d3-random's linear congruential
 * generator, so every sequence is reproducible on any machine and backend.
 */
import { randomLcg } from 'd3';

export type Rng = () => number;

/** A uniform [0, 1) generator from an integer seed. */
export function makeRng(seed: number): Rng {
  // d3's LCG takes integers >= 1 as the state itself; keep the seed a 32-bit integer.
  return randomLcg((Math.abs(Math.trunc(seed)) % 2147483647) + 1);
}

/** Fisher-Yates shuffle in place, driven by `rng`. */
export function shuffleInPlace<T extends { length: number; [i: number]: unknown }>(a: T, rng: Rng): T {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
  return a;
}

/** A standard normal sample (Box-Muller) from `rng`. */
export function normal(rng: Rng): number {
  let u = 0;
  while (u === 0) u = rng();
  const v = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}
