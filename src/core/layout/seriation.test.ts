import { describe, expect, it } from 'vitest';
import { makeRng, shuffleInPlace } from '../random';
import { adjacencyScore, seriate } from './seriation';

/**
 * A block-structured correlation matrix: neurons are dealt (shuffled) into
 * blocks; r is high inside a block, near 0 between blocks, with seeded noise.
 */
function blockMatrix(sizes: number[], seed: number, within = 0.8, noise = 0.1): { corr: Float32Array; n: number; block: Int32Array } {
  const n = sizes.reduce((a, b) => a + b, 0);
  const rng = makeRng(seed);
  const ids = shuffleInPlace(Int32Array.from({ length: n }, (_, i) => i), rng);
  const block = new Int32Array(n);
  let o = 0;
  sizes.forEach((s, b) => {
    for (let j = 0; j < s; j++) block[ids[o++]] = b;
  });
  const corr = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    corr[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      const base = block[i] === block[j] ? within : 0;
      const r = base + (rng() - 0.5) * 2 * noise;
      corr[i * n + j] = r;
      corr[j * n + i] = r;
    }
  }
  return { corr, n, block };
}

function isPermutationOf(order: ArrayLike<number>, items: number[]): boolean {
  return order.length === items.length && [...Array.from(order)].sort((a, b) => a - b).every((v, i) => v === [...items].sort((a, b) => a - b)[i]);
}

/** Every block's members occupy one contiguous run of the order. */
function blocksContiguous(order: ArrayLike<number>, block: Int32Array): boolean {
  const seen = new Set<number>();
  for (let a = 0; a < order.length; a++) {
    const b = block[order[a]];
    if (a > 0 && block[order[a - 1]] === b) continue;
    if (seen.has(b)) return false;
    seen.add(b);
  }
  return true;
}

describe('seriate', () => {
  it('puts each block of a block-structured matrix in one contiguous run', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { corr, n, block } = blockMatrix([5, 12, 3, 9, 1, 20], seed);
      const order = seriate(corr, n);
      expect(isPermutationOf(order, Array.from({ length: n }, (_, i) => i))).toBe(true);
      expect(blocksContiguous(order, block)).toBe(true);
    }
  });

  it('orders a graded structure better than the input order', () => {
    // Neurons on a line: r falls with distance, indices shuffled.
    const n = 60;
    const pos = shuffleInPlace(Int32Array.from({ length: n }, (_, i) => i), makeRng(9));
    const corr = new Float32Array(n * n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) corr[i * n + j] = Math.exp(-Math.abs(pos[i] - pos[j]) / 4);
    const order = seriate(corr, n);
    const identity = Int32Array.from({ length: n }, (_, i) => i);
    expect(adjacencyScore(corr, n, order)).toBeGreaterThan(adjacencyScore(corr, n, identity) + 10);
    // Neighbours in the order are neighbours on the line, nearly everywhere.
    let close = 0;
    for (let a = 1; a < n; a++) if (Math.abs(pos[order[a]] - pos[order[a - 1]]) <= 2) close++;
    expect(close).toBeGreaterThanOrEqual(n - 4);
  });

  it('is deterministic, and breaks ties by index', () => {
    const { corr, n } = blockMatrix([7, 7, 7], 11);
    expect(Array.from(seriate(corr, n))).toEqual(Array.from(seriate(corr.slice(), n)));
    // All pairs equally (un)related: every choice is a tie, and ties keep index order.
    const flat = new Float32Array(25);
    expect(Array.from(seriate(flat, 5))).toEqual([0, 1, 2, 3, 4]);
    const ones = new Float32Array(36).fill(1);
    expect(Array.from(seriate(ones, 6))).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('orders a subset, whatever order the subset is given in', () => {
    const { corr, n, block } = blockMatrix([6, 6, 6, 6], 3);
    const subset = Array.from({ length: n }, (_, i) => i).filter((i) => i % 3 !== 0);
    const order = seriate(corr, n, { subset });
    expect(isPermutationOf(order, subset)).toBe(true);
    expect(blocksContiguous(order, block)).toBe(true);
    expect(Array.from(seriate(corr, n, { subset: subset.slice().reverse() }))).toEqual(Array.from(order));
  });

  it('handles tiny inputs, NaN entries and bad arguments', () => {
    expect(Array.from(seriate(new Float32Array(0), 0))).toEqual([]);
    expect(Array.from(seriate(new Float32Array([1]), 1))).toEqual([0]);
    expect(Array.from(seriate(new Float32Array(4), 2))).toEqual([0, 1]);
    const withNaN = new Float32Array(16).fill(NaN);
    expect(isPermutationOf(seriate(withNaN, 4), [0, 1, 2, 3])).toBe(true);
    expect(() => seriate(new Float32Array(3), 2)).toThrow();
    expect(() => seriate(new Float32Array(9), 3, { subset: [0, 0] })).toThrow();
    expect(() => seriate(new Float32Array(9), 3, { subset: [5] })).toThrow();
  });

  it('with absolute, puts anti-correlated neurons together', () => {
    // Two pairs: (0, 2) anti-correlated, (1, 3) anti-correlated, little else.
    const n = 4;
    const corr = new Float32Array(n * n);
    const set = (i: number, j: number, r: number) => ((corr[i * n + j] = r), (corr[j * n + i] = r));
    for (let i = 0; i < n; i++) corr[i * n + i] = 1;
    set(0, 2, -0.9);
    set(1, 3, -0.9);
    set(0, 1, 0.1);
    const order = Array.from(seriate(corr, n, { absolute: true }));
    const at = (i: number) => order.indexOf(i);
    expect(Math.abs(at(0) - at(2))).toBe(1);
    expect(Math.abs(at(1) - at(3))).toBe(1);
  });

  it('orders 300 neurons in well under 50 ms', () => {
    const { corr, n, block } = blockMatrix([40, 60, 25, 75, 100], 7, 0.5, 0.4);
    let best = Infinity;
    let order: Int32Array = new Int32Array(0);
    for (let rep = 0; rep < 3; rep++) {
      const t0 = performance.now();
      order = seriate(corr, n);
      best = Math.min(best, performance.now() - t0);
    }
    expect(n).toBe(300);
    expect(isPermutationOf(order, Array.from({ length: n }, (_, i) => i))).toBe(true);
    expect(blocksContiguous(order, block)).toBe(true);
    expect(best).toBeLessThan(50);
  });
});
