/** The confusion matrix's colours: numbers readable on every cell (WCAG 4.5:1), lightness ordered by value. */
import * as d3 from 'd3';
import { describe, expect, it } from 'vitest';
import { confusionColors, formatDifference } from './confusion';

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
