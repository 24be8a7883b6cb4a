import { describe, expect, it } from 'vitest';
import { chartMargins, legendEntryWidth, placeLegend } from './line-chart';

describe('line chart legend and margins', () => {
  const names = ['pairwise unification', 'least-squares unification', 'random', 'your steps', 'now'];

  it('keeps one row when the entries fit, right-aligned at the plot edge', () => {
    const { rows, entries } = placeLegend(['your steps', 'now'], 300, 1000);
    expect(rows).toBe(1);
    const last = entries[1];
    expect(last.x + legendEntryWidth('now')).toBeCloseTo(300);
    // The first entry sits left of the second with a gap between them.
    expect(entries[0].x + legendEntryWidth('your steps')).toBeLessThan(last.x);
  });

  it('wraps onto more rows when the entries would overflow the width, every row within it', () => {
    const avail = 320;
    const right = 260;
    const { rows, entries } = placeLegend(names, right, avail);
    expect(rows).toBeGreaterThan(1);
    for (let i = 0; i < names.length; i++) {
      const e = entries[i];
      // Within [right - avail, right].
      expect(e.x).toBeGreaterThanOrEqual(right - avail - 1e-9);
      expect(e.x + legendEntryWidth(names[i])).toBeLessThanOrEqual(right + 1e-9);
      // Series order is kept: rows never go back.
      if (i > 0) expect(e.row).toBeGreaterThanOrEqual(entries[i - 1].row);
    }
  });

  it('grows the top margin by one legend row per extra row, and everything with the size scale', () => {
    expect(chartMargins(1, 3).top - chartMargins(1, 1).top).toBe(32);
    const a = chartMargins(1, 2);
    const b = chartMargins(1.7, 2);
    expect(b.top).toBeCloseTo(1.7 * a.top);
    expect(b.left).toBeCloseTo(1.7 * a.left);
    // A wider scale needs more room for the same legend.
    expect(placeLegend(names, 500, 520, 1.7).rows).toBeGreaterThan(placeLegend(names, 500, 520, 1).rows);
  });
});
