import { describe, expect, it } from 'vitest';
import { FLOW_MAX_WIDTH, FLOW_MIN_WIDTH, flowWidth } from './animate';

describe('hand-over line widths', () => {
  it('keeps a small coefficient visible: never thinner than the minimum width', () => {
    // A pairwise step's single heir with a tiny coefficient.
    expect(flowWidth(0.004, 0.004)).toBeGreaterThanOrEqual(FLOW_MIN_WIDTH);
    expect(flowWidth(0, 1)).toBeCloseTo(FLOW_MIN_WIDTH);
    expect(FLOW_MIN_WIDTH).toBeGreaterThanOrEqual(2);
  });

  it('grows with |coefficient| up to the maximum, whatever the sign', () => {
    const ws = [0.01, 0.1, 0.4, 1, 3].map((c) => flowWidth(c, 3));
    for (let i = 1; i < ws.length; i++) expect(ws[i]).toBeGreaterThan(ws[i - 1]);
    expect(flowWidth(-0.4, 3)).toBe(flowWidth(0.4, 3));
    expect(flowWidth(5, 3)).toBeCloseTo(FLOW_MAX_WIDTH);
  });

  it('thickens with the size scale (presenter mode)', () => {
    expect(flowWidth(0.05, 1, 1.7)).toBeCloseTo(1.7 * flowWidth(0.05, 1, 1));
  });
});
