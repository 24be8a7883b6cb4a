import { describe, expect, it } from 'vitest';
import { heatmapHit, heatmapLayout, placeHighlights, rowExtent } from './layout';
import type { HeatmapGridSpec } from './spec';

/** 12 neurons by 100 samples in 4 classes of unequal size; value = 1000 * row + column. */
function grid(over: Partial<HeatmapGridSpec> = {}): HeatmapGridSpec {
  const rows = 12;
  const cols = 100;
  const values = Float32Array.from({ length: rows * cols }, (_, q) => 1000 * Math.floor(q / cols) + (q % cols));
  return {
    values,
    rows,
    cols,
    rowOrder: [3, 1, 4, 0, 5, 9, 2, 6, 8, 7, 11, 10],
    rowIds: Int32Array.from({ length: rows }, (_, r) => 500 + r),
    classBands: [
      { label: 'a', start: 0, end: 10 },
      { label: 'b', start: 10, end: 50 },
      { label: 'c', start: 50, end: 70 },
      { label: 'd', start: 70, end: 100 },
    ],
    normalize: 'neuron',
    signed: false,
    width: 466,
    height: 300,
    ...over,
  };
}

describe('heatmapLayout', () => {
  it('splits the plot into one segment per class, as wide as its share of the columns, with equal gaps', () => {
    const spec = grid();
    const L = heatmapLayout(spec);
    expect(L.plot).toEqual({ x: 66, y: 22, w: 466 - 66 - 8, h: 300 - 22 - 36 });
    expect(L.segments.map((s) => s.label)).toEqual(['a', 'b', 'c', 'd']);
    const usable = L.plot.w - 2 * 3;
    L.segments.forEach((s) => expect(s.x1 - s.x0).toBeCloseTo((usable * (s.end - s.start)) / 100, 9));
    for (let q = 1; q < L.segments.length; q++) expect(L.segments[q].x0 - L.segments[q - 1].x1).toBeCloseTo(2, 9);
    expect(L.segments[0].x0).toBe(L.plot.x);
    expect(L.segments[3].x1).toBeCloseTo(L.plot.x + L.plot.w, 9);
  });

  it('drops the gaps when the blocks would be narrower than 8 px, and scales its default margins', () => {
    const narrow = heatmapLayout(grid({ width: 66 + 8 + 30 }));
    for (let q = 1; q < narrow.segments.length; q++) expect(narrow.segments[q].x0).toBeCloseTo(narrow.segments[q - 1].x1, 9);
    const big = heatmapLayout(grid(), 2);
    expect(big.margin).toEqual({ top: 44, right: 16, bottom: 72, left: 132 });
  });

  it('fills unlabelled runs around and between the bands, and rejects bands out of order', () => {
    const L = heatmapLayout(grid({ classBands: [{ label: 'b', start: 10, end: 50 }] }));
    expect(L.segments.map((s) => [s.label, s.start, s.end])).toEqual([
      [null, 0, 10],
      ['b', 10, 50],
      [null, 50, 100],
    ]);
    expect(() => heatmapLayout(grid({ classBands: [{ label: 'x', start: 20, end: 10 }] }))).toThrow(/out of order/);
  });
});

describe('heatmapHit', () => {
  it('names the neuron and sample drawn under the pointer, and nothing in the gaps or outside', () => {
    const spec = grid();
    const L = heatmapLayout(spec);
    for (let k = 0; k < spec.rowOrder.length; k++) {
      const [y0, y1] = rowExtent(L, k);
      for (const s of L.segments) {
        // The middle of every band, on every row: that row's neuron, a column of that band.
        const hit = heatmapHit(spec, (s.x0 + s.x1) / 2, (y0 + y1) / 2)!;
        const row = spec.rowOrder[k];
        expect(hit).toMatchObject({ row, displayRow: k, id: 500 + row, classLabel: s.label });
        expect(hit.col).toBeGreaterThanOrEqual(s.start);
        expect(hit.col).toBeLessThan(s.end);
        expect(hit.value).toBe(1000 * row + hit.col);
      }
    }
    // The first and last column of a band sit at its edges.
    const b = L.segments[1];
    const yMid = L.plot.y + 1;
    expect(heatmapHit(spec, b.x0 + 0.01, yMid)!.col).toBe(10);
    expect(heatmapHit(spec, b.x1 - 0.01, yMid)!.col).toBe(49);
    // Gaps between bands, margins, and beyond the plot.
    expect(heatmapHit(spec, (L.segments[0].x1 + L.segments[1].x0) / 2, yMid)).toBeNull();
    expect(heatmapHit(spec, L.plot.x - 1, yMid)).toBeNull();
    expect(heatmapHit(spec, L.plot.x + 5, L.plot.y - 1)).toBeNull();
    expect(heatmapHit(spec, L.plot.x + 5, L.plot.y + L.plot.h)).toBeNull();
  });

  it('maps display columns through colOrder to samples', () => {
    const colOrder = Int32Array.from({ length: 100 }, (_, c) => 99 - c);
    const spec = grid({ colOrder });
    const L = heatmapLayout(spec);
    const hit = heatmapHit(spec, L.segments[0].x0 + 0.01, L.plot.y + 1)!;
    expect([hit.col, hit.sample, hit.value]).toEqual([0, 99, 1000 * spec.rowOrder[0] + 99]);
  });
});

describe('placeHighlights', () => {
  it('keeps markers at least a gap apart and within the plot, in row order, and merges adjacent rows into runs', () => {
    const spec = grid({ height: 120 });
    const L = heatmapLayout(spec);
    // Rows 3, 1, 4 are display rows 0, 1, 2 (adjacent); row 10 is the last display row.
    const highlights = [10, 4, 3, 1].map((row) => ({ row, color: '#000', label: `#${row}` }));
    const { marks, runs, gap } = placeHighlights(L, spec.rowOrder, highlights, true);
    expect(marks.map((m) => m.k)).toEqual([0, 1, 2, 11]);
    expect(gap).toBe(13);
    for (let q = 1; q < marks.length; q++) expect(marks[q].ly - marks[q - 1].ly).toBeGreaterThanOrEqual(gap - 1e-9);
    for (const m of marks) {
      expect(m.ly).toBeGreaterThanOrEqual(L.plot.y + 4);
      expect(m.ly).toBeLessThanOrEqual(L.plot.y + L.plot.h + Math.min(8, L.margin.bottom / 3) + 1e-9);
    }
    expect(runs.map((r) => [r.first.k, r.last.k])).toEqual([
      [0, 2],
      [11, 11],
    ]);
  });

  it('ignores highlights of rows that are not displayed, and takes the first highlight of a row', () => {
    const spec = grid({ rowOrder: [0, 1, 2] });
    const { marks } = placeHighlights(heatmapLayout(spec), spec.rowOrder, [
      { row: 7, color: 'red', label: 'gone' },
      { row: 1, color: 'blue', label: 'first' },
      { row: 1, color: 'green', label: 'second' },
    ], false);
    expect(marks.map((m) => m.h.label)).toEqual(['first']);
  });
});
