/**
 * A confusion matrix (d3 on SVG): rows are the true digit, columns the
 * predicted one, a number in every non-empty cell.
 *
 * - Counts: a sequential blue ramp on the square root of count / largest count
 *   (so the few confusions stay visible next to the ~200 correct digits of the
 *   diagonal); white numbers on the dark cells.
 * - Difference (compacted minus original): ColorBrewer's PuOr, orange for
 *   more digits than the original network put there, purple for fewer;
 *   colour-blind safe (its arms differ in the blue-yellow channel and
 *   both darken away from a white zero). Signed numbers (+3, −2).
 *
 * Marks: rect.cm-cell[data-t][data-p][data-value]; the SVG has data-nonzero
 * (cells that are not 0).
 */
import * as d3 from 'd3';
import { INK, MUTED } from './palette';

export interface ConfusionSpec {
  title: string;
  numClasses: number;
  /** values[t * numClasses + p] (counts, or differences). */
  values: ArrayLike<number>;
  kind: 'counts' | 'difference';
  /** The count or |difference| that gets the darkest colour (shared by matrices drawn side by side). */
  max: number;
  /** Cell side in px (default 22). */
  cell?: number;
}

const MINUS = '\u2212';

/**
 * A cell's fill and the ink that reads on it. Each ramp skips its middle
 * tones, where neither dark nor white numbers reach 4.5:1: the lower half of
 * the values gets the light half of the ramp (dark numbers), the upper half
 * the dark end (white numbers). Lightness still rises with the value.
 */
export function confusionColors(v: number, kind: ConfusionSpec['kind'], max: number): { fill: string; ink: string } {
  if (v === 0) return { fill: '#ffffff', ink: INK };
  const dark = (t: number) => t >= 0.5;
  if (kind === 'counts') {
    const t = Math.sqrt(Math.min(1, v / Math.max(1, max)));
    return { fill: d3.interpolateBlues(dark(t) ? 0.76 + 0.48 * (t - 0.5) : 0.05 + 0.9 * t), ink: dark(t) ? '#ffffff' : INK };
  }
  // PuOr runs purple (0) to orange (1) through white (0.5): more digits -> orange, fewer -> purple.
  const t = Math.min(1, Math.abs(v) / Math.max(1, max));
  const f = dark(t) ? 0.8 + 0.4 * (t - 0.5) : 0.15 + 0.7 * t;
  return { fill: d3.interpolatePuOr(0.5 + (v > 0 ? 0.5 : -0.5) * f), ink: dark(t) ? '#ffffff' : INK };
}

export function formatDifference(v: number): string {
  return v > 0 ? `+${v}` : v < 0 ? `${MINUS}${-v}` : '0';
}

export function renderConfusion(svgEl: SVGSVGElement, spec: ConfusionSpec): void {
  const n = spec.numClasses;
  const s = spec.cell ?? 22;
  const left = 34;
  const top = 40;
  // Wide enough for the title too (about 7 px a character at 12 px, bold).
  const width = Math.max(left + n * s + 4, left + 7 * spec.title.length);
  const height = top + n * s + 6;
  const svg = d3.select(svgEl).attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
  const cells = d3.range(n * n).map((i) => ({ t: Math.floor(i / n), p: i % n, v: spec.values[i] }));
  svg.attr('data-nonzero', cells.filter((c) => c.v !== 0).length);

  svg
    .selectAll('text.cm-title')
    .data([spec.title])
    .join('text')
    .attr('class', 'cm-title')
    .attr('x', left)
    .attr('y', 12)
    .attr('font-size', 12)
    .attr('font-weight', 600)
    .attr('fill', INK)
    .text((d) => d);
  svg
    .selectAll('text.cm-axis')
    .data([
      { text: 'predicted →', x: left, y: 25, rotate: false },
      { text: 'true ↓', x: 9, y: top + 22, rotate: true },
    ])
    .join('text')
    .attr('class', 'cm-axis')
    .attr('font-size', 10)
    .attr('fill', MUTED)
    .attr('transform', (d) => (d.rotate ? `translate(${d.x},${d.y}) rotate(90)` : `translate(${d.x},${d.y})`))
    .text((d) => d.text);
  svg
    .selectAll<SVGTextElement, number>('text.cm-col')
    .data(d3.range(n))
    .join('text')
    .attr('class', 'cm-col')
    .attr('x', (p) => left + p * s + s / 2)
    .attr('y', top - 4)
    .attr('text-anchor', 'middle')
    .attr('font-size', 10.5)
    .attr('fill', INK)
    .text((p) => p);
  svg
    .selectAll<SVGTextElement, number>('text.cm-row')
    .data(d3.range(n))
    .join('text')
    .attr('class', 'cm-row')
    .attr('x', left - 5)
    .attr('y', (t) => top + t * s + s / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .attr('font-size', 10.5)
    .attr('fill', INK)
    .text((t) => t);

  const g = svg
    .selectAll<SVGGElement, (typeof cells)[number]>('g.cm-g')
    .data(cells)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'cm-g');
      e.append('rect').attr('class', 'cm-cell');
      e.append('text').attr('class', 'cm-num');
      e.append('title');
      return e;
    })
    .attr('transform', (c) => `translate(${left + c.p * s},${top + c.t * s})`);
  g.select('rect.cm-cell')
    .attr('data-t', (c) => c.t)
    .attr('data-p', (c) => c.p)
    .attr('data-value', (c) => c.v)
    .attr('width', s - 1)
    .attr('height', s - 1)
    .attr('fill', (c) => confusionColors(c.v, spec.kind, spec.max).fill)
    .attr('stroke', (c) => (c.t === c.p ? '#9aa5b1' : '#e6e9ee'))
    .attr('stroke-width', 0.8);
  const digits = (v: number) => String(Math.abs(v)).length + (spec.kind === 'difference' ? 1 : 0);
  g.select('text.cm-num')
    .attr('x', (s - 1) / 2)
    .attr('y', (s - 1) / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'middle')
    .attr('font-size', (c) => (digits(c.v) >= 3 ? 9 : 10.5))
    .attr('fill', (c) => confusionColors(c.v, spec.kind, spec.max).ink)
    .style('font-variant-numeric', 'tabular-nums')
    .text((c) => (c.v === 0 ? '' : spec.kind === 'difference' ? formatDifference(c.v) : String(c.v)));
  g.select('title').text((c) =>
    spec.kind === 'difference'
      ? `true ${c.t}, predicted ${c.p}: ${formatDifference(c.v)} digits against the original network`
      : `true ${c.t}, predicted ${c.p}: ${c.v} digits`,
  );
}
