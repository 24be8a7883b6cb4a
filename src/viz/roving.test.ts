import { describe, expect, it } from 'vitest';
import { displayRowOf, rowAnchor } from './heatmap/keyboard';
import { nextIndex } from './roving';

describe('nextIndex', () => {
  it('moves by one, by a page and to the ends, clamped; other keys do not move', () => {
    expect(nextIndex('ArrowDown', 3, 10)).toBe(4);
    expect(nextIndex('ArrowDown', 9, 10)).toBe(9);
    expect(nextIndex('ArrowUp', 0, 10)).toBe(0);
    expect(nextIndex('ArrowUp', 5, 10)).toBe(4);
    expect(nextIndex('PageDown', 5, 10)).toBe(9);
    expect(nextIndex('PageUp', 12, 30, 5)).toBe(7);
    expect(nextIndex('Home', 7, 10)).toBe(0);
    expect(nextIndex('End', 2, 10)).toBe(9);
    expect(nextIndex('ArrowDown', 40, 10)).toBe(9); // an index beyond the list (it shrank) is clamped first
    expect(nextIndex('Enter', 3, 10)).toBeNull();
    expect(nextIndex('ArrowDown', 0, 0)).toBeNull();
  });
});

describe('heatmap rows for the keyboard', () => {
  const spec = { width: 300, height: 222, cols: 10, classBands: [], rowOrder: [4, 2, 0, 1], margin: { top: 22, right: 8, bottom: 0, left: 66 } };
  it('finds the display row of a source row, and where it is drawn', () => {
    expect(displayRowOf(spec.rowOrder, 0)).toBe(2);
    expect(displayRowOf(spec.rowOrder, 3)).toBe(-1);
    // 200 px of plot for 4 rows: 50 px each, from y = 22.
    expect(rowAnchor(spec, 0)).toEqual({ x: 66, y: 47 });
    expect(rowAnchor(spec, 3)).toEqual({ x: 66, y: 197 });
    expect(rowAnchor(spec, 9)).toEqual({ x: 66, y: 197 });
  });
});
