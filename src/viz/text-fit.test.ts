/** Text widths (estimated outside a browser), word wrapping and rows of items. */
import { describe, expect, it } from 'vitest';
import { flowRows, textWidth, wrapWords } from './text-fit';

describe('text-fit', () => {
  it('estimates wider for longer text, larger type and bold', () => {
    expect(textWidth('100.0', 11)).toBeGreaterThan(textWidth('99', 11));
    expect(textWidth('100.0', 18.7)).toBeGreaterThan(textWidth('100.0', 11));
    expect(textWidth('Change', 12, true)).toBeGreaterThan(textWidth('Change', 12));
  });

  it('wraps words into lines that fit, keeping every word in order', () => {
    const text = 'Along the session (20 steps; rule: this step)';
    for (const width of [80, 150, 250, 1000]) {
      const lines = wrapWords(text, width, 18.7);
      expect(lines.join(' ')).toBe(text);
      for (const l of lines) if (l.includes(' ')) expect(textWidth(l, 18.7), `${l} in ${width}`).toBeLessThanOrEqual(width);
    }
    expect(wrapWords(text, 1000, 11)).toHaveLength(1);
    expect(wrapWords(text, 150, 18.7).length).toBeGreaterThan(2);
  });

  it('flows items into rows no wider than the room', () => {
    const { rows, at } = flowRows([50, 50, 50, 50], 120, 10);
    expect(rows).toBe(2);
    expect(at).toEqual([
      { row: 0, x: 0 },
      { row: 0, x: 60 },
      { row: 1, x: 0 },
      { row: 1, x: 60 },
    ]);
    expect(flowRows([], 100, 5).rows).toBe(0);
  });
});
