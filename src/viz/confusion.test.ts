/** The confusion matrix's colours (numbers readable on every cell, WCAG 4.5:1; lightness ordered by value) and its layout at every width and size scale. */
import * as d3 from 'd3';
import { describe, expect, it } from 'vitest';
import { confusionCell, confusionColors, confusionLayout, confusionMetrics, formatDifference, widestNumber } from './confusion';

function luminance(c: string): number {
  const { r, g, b } = d3.rgb(c);
  const f = (v: number) => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
}
const contrast = (a: string, b: string) => {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
};

describe('confusionColors', () => {
  it('every count and every difference gets a number colour with at least 4.5:1 contrast', () => {
    for (let v = 0; v <= 200; v++) {
      const c = confusionColors(v, 'counts', 200);
      expect(contrast(c.fill, c.ink), `count ${v}`).toBeGreaterThanOrEqual(4.5);
    }
    for (let v = -40; v <= 40; v++) {
      const c = confusionColors(v, 'difference', 40);
      expect(contrast(c.fill, c.ink), `difference ${v}`).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('darker for larger counts and larger differences; more and fewer on opposite hues', () => {
    const L = (v: number, kind: 'counts' | 'difference') => d3.lab(confusionColors(v, kind, 100).fill).l;
    for (let v = 1; v < 100; v++) {
      expect(L(v + 1, 'counts')).toBeLessThanOrEqual(L(v, 'counts'));
      expect(L(v + 1, 'difference')).toBeLessThanOrEqual(L(v, 'difference'));
      expect(L(-v - 1, 'difference')).toBeLessThanOrEqual(L(-v, 'difference'));
    }
    const more = d3.hsl(confusionColors(50, 'difference', 100).fill).h;
    const fewer = d3.hsl(confusionColors(-50, 'difference', 100).fill).h;
    expect(more).toBeGreaterThan(15);
    expect(more).toBeLessThan(50); // orange
    expect(fewer).toBeGreaterThan(240);
    expect(fewer).toBeLessThan(300); // purple
  });

  it('writes differences with their sign and a real minus', () => {
    expect([formatDifference(3), formatDifference(-2), formatDifference(0)]).toEqual(['+3', '\u22122', '0']);
  });
});

describe('confusionLayout: matrices that fit their panel, cells that fit their numbers', () => {
  const widthOf = (cell: number, scale: number) => {
    const m = confusionMetrics(10, scale);
    return m.left + 10 * cell + m.right;
  };

  it('puts the three matrices side by side on a projector, with larger cells in presenter mode', () => {
    const normal = confusionLayout({ numClasses: 10, widest: '199', scale: 1, width: 1830, gap: 14, count: 3 });
    const presenter = confusionLayout({ numClasses: 10, widest: '199', scale: 1.7, width: 1830, gap: 24, count: 3 });
    expect(normal.perRow).toBe(3);
    expect(presenter.perRow).toBe(3);
    expect(presenter.scale).toBe(1.7);
    expect(presenter.cell).toBeGreaterThan(normal.cell);
    expect(presenter.cell).toBeGreaterThanOrEqual(confusionCell(10, '199', 1.7));
  });

  it('never makes a row of matrices wider than the panel, and keeps numbers whole when the panel allows', () => {
    for (const scale of [0.9, 1, 1.25, 1.7]) {
      for (const width of [140, 300, 338, 500, 700, 1200, 1830]) {
        for (const widest of ['9', '199', '\u2212150']) {
          const gap = Math.round(14 * scale);
          const l = confusionLayout({ numClasses: 10, widest, scale, width, gap, count: 3 });
          const where = `${widest} at ${width} px, scale ${scale}`;
          expect(l.perRow * widthOf(l.cell, l.scale) + (l.perRow - 1) * gap, where).toBeLessThanOrEqual(width);
          // The drawing's scale comes down only as far as it must, never under 1 (or the given scale).
          expect(l.scale, where).toBeLessThanOrEqual(scale);
          expect(l.scale, where).toBeGreaterThanOrEqual(Math.min(1, scale));
          if (widthOf(confusionCell(10, widest, Math.min(1, scale)), Math.min(1, scale)) <= width) {
            expect(l.cell, where).toBeGreaterThanOrEqual(confusionCell(10, widest, l.scale));
          }
        }
      }
    }
  });

  it('brings the scale down on a phone in presenter mode rather than shrinking the numbers', () => {
    const l = confusionLayout({ numClasses: 10, widest: '199', scale: 1.7, width: 330, gap: 24, count: 3 });
    expect(l.perRow).toBe(1);
    expect(l.scale).toBeLessThan(1.7);
    expect(l.scale).toBeGreaterThanOrEqual(1);
    expect(l.cell).toBeGreaterThanOrEqual(confusionCell(10, '199', l.scale));
  });

  it('sizes cells by the widest number of all the matrices', () => {
    expect(widestNumber({ values: [1, 200, 0], kind: 'counts' }, { values: [-150, 3, 0], kind: 'difference' })).toBe('\u2212150');
    expect(confusionCell(10, '\u2212150', 1.7)).toBeGreaterThan(confusionCell(10, '12', 1.7));
    expect(confusionCell(10, '9', 1)).toBe(24);
  });
});
