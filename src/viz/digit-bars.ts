/**
 * A small bar chart with one bar per digit (d3 on SVG): for instance a
 * neuron's mean output per digit. Bars take the digits' colours (outlined,
 * so light ones show on white); one digit can be marked (a thicker outline
 * and its value written above). Values may be negative (tanh): bars then
 * grow down from a zero line. Draws what it is given; computes nothing.
 *
 * Marks: rect.db-bar[data-digit][data-value]. The SVG gets role="img" and an
 * aria-label that sums the chart up (the caller offers the numbers as a table).
 */
import * as d3 from 'd3';
import { classColor, classStroke } from './class-colors';
import { INK, MUTED } from './palette';
import { FONT, fontPx, sizeScale } from './sizes';

export interface DigitBarsSpec {
  /** One value per digit. */
  values: readonly number[];
  /** Digit labels (default "0".."9"). */
  labels?: readonly string[];
  /** The digit to mark (for instance the neuron's preferred one), or null. */
  marked?: number | null;
  width: number;
  height: number;
  /** What the values are, for the summary ("mean output"). */
  valueName?: string;
  scale?: number;
}

const fmt = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(2) : v.toPrecision(2));

/** "mean output per digit: highest for 3 (0.82), lowest for 1 (0.02)". */
export function digitBarsSummary(spec: Pick<DigitBarsSpec, 'values' | 'labels' | 'valueName'>): string {
  const { values } = spec;
  const labels = spec.labels ?? values.map((_, k) => String(k));
  if (values.length === 0) return `${spec.valueName ?? 'value'} per digit: no data`;
  let hi = 0;
  let lo = 0;
  values.forEach((v, k) => {
    if (v > values[hi]) hi = k;
    if (v < values[lo]) lo = k;
  });
  return `${spec.valueName ?? 'value'} per digit: highest for ${labels[hi]} (${fmt(values[hi])}), lowest for ${labels[lo]} (${fmt(values[lo])})`;
}

export function renderDigitBars(svgEl: SVGSVGElement, spec: DigitBarsSpec): void {
  const k = sizeScale(spec.scale);
  const { width, height, values } = spec;
  const labels = spec.labels ?? values.map((_, d) => String(d));
  const svg = d3.select(svgEl).attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height).attr('role', 'img');
  svg.attr('aria-label', digitBarsSummary(spec));
  const m = { top: 16 * k, right: 6 * k, bottom: 18 * k, left: 36 * k };
  const x = d3
    .scaleBand<number>()
    .domain(d3.range(values.length))
    .range([m.left, width - m.right])
    .padding(0.18);
  const lo = Math.min(0, d3.min(values) ?? 0);
  const hi = Math.max(0, d3.max(values) ?? 0);
  const y = d3
    .scaleLinear()
    .domain(lo === hi ? [0, 1] : [lo, hi])
    .nice(3)
    .range([height - m.bottom, m.top]);

  const axis = svg
    .selectAll<SVGGElement, null>('g.db-axis')
    .data([null])
    .join('g')
    .attr('class', 'db-axis')
    .attr('transform', `translate(${m.left},0)`)
    .call(d3.axisLeft(y).ticks(3).tickSize(3 * k).tickFormat((v) => fmt(Number(v))));
  axis.select('.domain').attr('stroke', MUTED);
  axis.selectAll('line').attr('stroke', MUTED);
  axis.selectAll('text').attr('font-size', fontPx(FONT.small, k)).attr('fill', MUTED);

  svg
    .selectAll<SVGLineElement, null>('line.db-zero')
    .data([null])
    .join('line')
    .attr('class', 'db-zero')
    .attr('x1', m.left)
    .attr('x2', width - m.right)
    .attr('y1', y(0))
    .attr('y2', y(0))
    .attr('stroke', INK)
    .attr('stroke-width', k);

  svg
    .selectAll<SVGRectElement, number>('rect.db-bar')
    .data(values)
    .join('rect')
    .attr('class', 'db-bar')
    .attr('data-digit', (_v, d) => labels[d])
    .attr('data-value', (v) => v)
    .attr('x', (_v, d) => x(d)!)
    .attr('width', x.bandwidth())
    .attr('y', (v) => Math.min(y(v), y(0)))
    .attr('height', (v) => Math.abs(y(v) - y(0)))
    .attr('fill', (_v, d) => classColor(d))
    .attr('stroke', (_v, d) => (d === spec.marked ? INK : classStroke(d)))
    .attr('stroke-width', (_v, d) => (d === spec.marked ? 2 * k : 0.8 * k));

  svg
    .selectAll<SVGTextElement, string>('text.db-label')
    .data(labels)
    .join('text')
    .attr('class', 'db-label')
    .attr('x', (_l, d) => x(d)! + x.bandwidth() / 2)
    .attr('y', height - 4 * k)
    .attr('text-anchor', 'middle')
    .attr('font-size', fontPx(FONT.small, k))
    .attr('font-weight', (_l, d) => (d === spec.marked ? 700 : 400))
    .attr('fill', INK)
    .text((l) => l);

  const marked = spec.marked !== null && spec.marked !== undefined && spec.marked >= 0 && spec.marked < values.length ? [spec.marked] : [];
  svg
    .selectAll<SVGTextElement, number>('text.db-value')
    .data(marked)
    .join('text')
    .attr('class', 'db-value')
    .attr('x', (d) => Math.min(width - m.right - 14 * k, Math.max(m.left + 14 * k, x(d)! + x.bandwidth() / 2)))
    .attr('y', (d) => Math.max(fontPx(FONT.small, k), Math.min(y(values[d]), y(0)) - 3 * k))
    .attr('text-anchor', 'middle')
    .attr('font-size', fontPx(FONT.small, k))
    .attr('fill', INK)
    .text((d) => fmt(values[d]));
}
