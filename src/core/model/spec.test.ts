import { describe, expect, it } from 'vitest';
import { initMlp, mlpParamCount } from './mlp';
import { LENET_300_100, paramCount } from './spec';

describe('parameter count', () => {
  it('counts weights and biases of every dense layer', () => {
    expect(paramCount([784, 300, 100, 10])).toBe(784 * 300 + 300 + 300 * 100 + 100 + 100 * 10 + 10);
    expect(paramCount([784, 300, 100, 10])).toBe(266610);
    expect(paramCount([4, 3, 2])).toBe(4 * 3 + 3 + 3 * 2 + 2);
  });
  it('matches the arrays of an initialised model', () => {
    const m = initMlp(LENET_300_100, 3);
    const stored = m.layers.reduce((a, l) => a + l.W.length + l.b.length, 0);
    expect(mlpParamCount(m)).toBe(stored);
  });
  it('initialises deterministically from the seed (Glorot-uniform bounds)', () => {
    const a = initMlp(LENET_300_100, 3);
    const b = initMlp(LENET_300_100, 3);
    const c = initMlp(LENET_300_100, 4);
    expect(a.layers[0].W).toEqual(b.layers[0].W);
    expect(a.layers[0].W).not.toEqual(c.layers[0].W);
    const limit = Math.sqrt(6 / (784 + 300));
    const maxAbs = a.layers[0].W.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    expect(maxAbs).toBeLessThanOrEqual(limit);
    expect(maxAbs).toBeGreaterThan(0.95 * limit);
  });
});
