import { describe, expect, it } from 'vitest';
import { centredGram, centredGramSliced, codeStats } from './coding';
import { spdInverse, spdInverseSliced } from './compaction/linalg';
import { makeRng } from './random';
import { runSliced, runSync } from './sliced';

function randomCodes(width: number, count: number, seed: number) {
  const rng = makeRng(seed);
  const values = Float32Array.from({ length: width * count }, () => Math.max(0, rng() * 2 - 0.5));
  return { width, count, values };
}

describe('sliced computations', () => {
  it('give bit-identical results run at once or in slices with the event loop turning in between', async () => {
    const codes = randomCodes(37, 300, 5);
    const stats = codeStats(codes);
    const whole = centredGram(codes, stats);
    let turns = 0;
    const ticker = setInterval(() => turns++, 0);
    const sliced = await runSliced(centredGramSliced(codes, stats), { budgetMs: 0 });
    clearInterval(ticker);
    expect(Array.from(sliced.S)).toEqual(Array.from(whole.S));
    expect(turns).toBeGreaterThan(0);

    const A = new Float64Array(whole.S);
    for (let i = 0; i < whole.k; i++) A[i * whole.k + i] += 1;
    const inv = spdInverse(A, whole.k)!;
    expect(Array.from((await runSliced(spdInverseSliced(A, whole.k), { budgetMs: 0 }))!)).toEqual(Array.from(inv));
    expect(Array.from(runSync(spdInverseSliced(A, whole.k))!)).toEqual(Array.from(inv));
  });

  it('stop at the next slice boundary once aborted, without finishing the work', async () => {
    const codes = randomCodes(64, 2000, 6);
    const ctl = new AbortController();
    let slices = 0;
    function* counted() {
      const g = centredGramSliced(codes, codeStats(codes));
      for (;;) {
        const r = g.next();
        if (r.done) return r.value;
        slices++;
        if (slices === 3) ctl.abort();
        yield;
      }
    }
    await expect(runSliced(counted(), { budgetMs: 0, signal: ctl.signal })).rejects.toThrow();
    expect(slices).toBe(3);
  });
});
