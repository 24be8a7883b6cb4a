/** The line chart's legend: rows that fit the width, right-aligned, in series order. */
import { describe, expect, it } from 'vitest';
import { legendEntryWidth, legendRows } from './line-chart';

const NAMES = ['pairwise unification', 'least-squares unification', 'random', 'magnitude', 'APoZ', 'Srinivas & Babu', 'Neuron Merging', 'redo', 'your steps', 'now'];

describe('legendRows', () => {
  it.each([240, 330, 560, 1200])('every entry lies inside %i px and no two entries of a row overlap', (avail) => {
    const right = avail - 20;
    const placed = legendRows(NAMES, right, avail);
    placed.forEach((p, i) => {
      expect(p.x).toBeGreaterThanOrEqual(right - avail - 1e-9);
      expect(p.x + legendEntryWidth(NAMES[i])).toBeLessThanOrEqual(right + 1e-9);
    });
    for (let i = 0; i + 1 < NAMES.length; i++) {
      if (placed[i].row === placed[i + 1].row) expect(placed[i].x + legendEntryWidth(NAMES[i])).toBeLessThanOrEqual(placed[i + 1].x);
    }
    // Series order reads left to right, bottom row last: rows never increase along the list.
    for (let i = 0; i + 1 < NAMES.length; i++) expect(placed[i].row).toBeGreaterThanOrEqual(placed[i + 1].row);
  });

  it('uses one row when everything fits, and more rows only when it must', () => {
    const total = NAMES.reduce((a, n) => a + legendEntryWidth(n), 0) + 12 * (NAMES.length - 1);
    expect(new Set(legendRows(NAMES, 0, total).map((p) => p.row))).toEqual(new Set([0]));
    expect(Math.max(...legendRows(NAMES, 0, total - 1).map((p) => p.row))).toBe(1);
  });
});
