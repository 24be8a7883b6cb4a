/**
 * Accuracy per digit class (d3 on SVG), in two parts:
 *
 * - By digit: for each class a dumbbell from the original network's accuracy
 *   (hollow ring) to the accuracy now (filled dot), with the accuracy just
 *   before the current step as a small grey diamond, and the value now above
 *   it (the current step's change in points beside it, when it moved). The
 *   axis does not start at zero (accuracies sit near the top), so the marks
 *   are positions, never bars.
 * - Along the session: one small line per class, accuracy after every step of
 *   the history (steps after the current one, which redo would restore, in a
 *   lighter line), the current step marked by a rule.
 *
 * Marks: g.ca-digit[data-digit][data-original][data-before][data-now] (in %),
 * path.ca-trail[data-digit][data-points]. The SVG has data-changed (classes
 * whose accuracy now differs from the original's).
 */
import * as d3 from 'd3';
import { GRID, INK, MUTED, OKABE_ITO } from './palette';

export interface ClassAccuracySpec {
  width: number;
  /** Test digits of each class. */
  counts: readonly number[];
  /** Correct digits per class: of the original network, just before the current step (null at the start, or not known yet), and now. */
  original: readonly number[];
  before: readonly number[] | null;
  now: readonly number[];
  /** Correct digits per class after every step (trail[t][k]), as far as known; null: not shown. */
  trail: readonly (readonly number[])[] | null;
  /** Steps applied, and steps in the history (applied and redoable). */
  cursor: number;
  length: number;
}

const NOW = OKABE_ITO.blue;
const BEFORE = '#8a94a0';
const FONT = 11;

const frac = (c: number, n: number) => (n > 0 ? c / n : 0);
const pct = (v: number) => (100 * v).toFixed(1);

/** The lower end of the accuracy axis: a tenth below the lowest value, at most 0.9, at least 0. */
export function accuracyFloor(values: readonly number[]): number {
  const lo = Math.min(1, ...values);
  return Math.max(0, Math.min(0.9, Math.floor((lo - 0.02) * 20) / 20));
}

export function renderClassAccuracy(svgEl: SVGSVGElement, spec: ClassAccuracySpec): void {
  const K = spec.counts.length;
  const width = Math.max(260, spec.width);
  const m = { top: 40, right: 10, bottom: 26, left: 40 };
  const plotH = 150;
  const showTrail = spec.trail !== null && spec.length > 0;
  const perRow = width >= 560 ? 10 : 5;
  const cellW = (width - m.left - m.right) / perRow;
  const cellH = 52;
  const trailTop = m.top + plotH + m.bottom + 22;
  const height = showTrail ? trailTop + Math.ceil(K / perRow) * (cellH + 8) + 4 : m.top + plotH + m.bottom;
  const svg = d3.select(svgEl).attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);

  const acc = (c: readonly number[] | null) => (c ? c.map((v, k) => frac(v, spec.counts[k])) : null);
  const orig = acc(spec.original)!;
  const now = acc(spec.now)!;
  const before = acc(spec.before);
  const trail = spec.trail?.map((row) => acc(row)!) ?? [];
  const lo = accuracyFloor([...orig, ...now, ...(before ?? []), ...trail.flat()]);
  svg.attr('data-changed', spec.now.filter((c, k) => c !== spec.original[k]).length);

  const x = d3
    .scaleBand<number>()
    .domain(d3.range(K))
    .range([m.left, width - m.right])
    .padding(0.1);
  const y = d3.scaleLinear().domain([lo, 1]).range([m.top + plotH, m.top]);

  const axis = svg.selectAll<SVGGElement, null>('g.ca-axis').data([null]).join('g').attr('class', 'ca-axis');
  axis
    .attr('transform', `translate(${m.left},0)`)
    .call(
      d3
        .axisLeft(y)
        .ticks(4)
        .tickSize(-(width - m.left - m.right))
        .tickFormat((v) => `${Math.round(100 * +v)}%`),
    )
    .call((g) => g.select('.domain').remove())
    .call((g) => g.selectAll('line').attr('stroke', GRID))
    .call((g) => g.selectAll('text').attr('fill', MUTED).attr('font-size', FONT));

  // The title doubles as the legend: each mark in its own colour.
  const title = svg.selectAll('text.ca-title').data([null]).join('text').attr('class', 'ca-title').attr('x', m.left).attr('y', 14).attr('font-size', FONT).attr('fill', INK);
  title
    .selectAll('tspan')
    .data([
      { t: 'By digit: ', c: INK },
      { t: '○ originally  ', c: INK },
      { t: '◆ before this step  ', c: BEFORE },
      { t: '● now', c: NOW },
    ])
    .join('tspan')
    .attr('fill', (d) => d.c)
    .attr('xml:space', 'preserve')
    .text((d) => d.t);

  const digits = svg
    .selectAll<SVGGElement, number>('g.ca-digit')
    .data(d3.range(K))
    .join((enter) => {
      const g = enter.append('g').attr('class', 'ca-digit');
      g.append('line').attr('class', 'ca-stem');
      g.append('circle').attr('class', 'ca-original');
      g.append('path').attr('class', 'ca-before');
      g.append('circle').attr('class', 'ca-now');
      g.append('text').attr('class', 'ca-value');
      g.append('text').attr('class', 'ca-label');
      g.append('title');
      return g;
    })
    .attr('data-digit', (k) => k)
    .attr('data-original', (k) => pct(orig[k]))
    .attr('data-before', (k) => (before ? pct(before[k]) : null))
    .attr('data-now', (k) => pct(now[k]))
    .attr('transform', (k) => `translate(${x(k)! + x.bandwidth() / 2},0)`);
  digits
    .select('line.ca-stem')
    .attr('y1', (k) => y(orig[k]))
    .attr('y2', (k) => y(now[k]))
    .attr('stroke', MUTED)
    .attr('stroke-width', 1.5);
  digits
    .select('circle.ca-original')
    .attr('cy', (k) => y(orig[k]))
    .attr('r', 4.5)
    .attr('fill', '#fff')
    .attr('stroke', INK)
    .attr('stroke-width', 1.3);
  digits
    .select('path.ca-before')
    .attr('d', () => (before ? d3.symbol(d3.symbolDiamond, 30)() : null))
    .attr('transform', (k) => (before ? `translate(0,${y(before[k])})` : null))
    .attr('fill', BEFORE);
  digits
    .select('circle.ca-now')
    .attr('cy', (k) => y(now[k]))
    .attr('r', 3.5)
    .attr('fill', NOW);
  digits
    .select('text.ca-value')
    .attr('y', (k) => y(Math.max(orig[k], now[k], before?.[k] ?? 0)) - 8)
    .attr('text-anchor', 'middle')
    .attr('font-size', 10)
    .attr('fill', INK)
    .style('font-variant-numeric', 'tabular-nums')
    .text((k) => pct(now[k]));
  digits
    .select('text.ca-label')
    .attr('y', m.top + plotH + 16)
    .attr('text-anchor', 'middle')
    .attr('font-size', 12)
    .attr('font-weight', 600)
    .attr('fill', INK)
    .text((k) => k);
  digits.select('title').text((k) => {
    const parts = [`digit ${k}: ${pct(now[k])}% now (${spec.now[k]} of ${spec.counts[k]})`, `${pct(orig[k])}% originally`];
    if (before) parts.push(`${pct(before[k])}% before this step`);
    return parts.join(', ');
  });

  // Along the session: small multiples.
  const cells = svg
    .selectAll<SVGGElement, number>('g.ca-cell')
    .data(showTrail ? d3.range(K) : [])
    .join((enter) => {
      const g = enter.append('g').attr('class', 'ca-cell');
      g.append('rect').attr('class', 'ca-frame');
      g.append('path').attr('class', 'ca-trail');
      g.append('path').attr('class', 'ca-redo');
      g.append('line').attr('class', 'ca-cursor');
      g.append('text').attr('class', 'ca-cell-label');
      return g;
    })
    .attr('transform', (k) => `translate(${m.left + (k % perRow) * cellW},${trailTop + Math.floor(k / perRow) * (cellH + 8)})`);
  svg
    .selectAll('text.ca-trail-title')
    .data(showTrail ? [`Along the session (${spec.length} step${spec.length === 1 ? '' : 's'}; rule: this step)`] : [])
    .join('text')
    .attr('class', 'ca-trail-title')
    .attr('x', m.left)
    .attr('y', trailTop - 8)
    .attr('font-size', FONT)
    .attr('fill', INK)
    .text((d) => d);
  const sx = d3.scaleLinear().domain([0, Math.max(1, spec.length)]).range([3, cellW - 6]);
  const sy = d3.scaleLinear().domain([lo, 1]).range([cellH - 4, 14]);
  const line = (pts: [number, number][]) => d3.line()(pts.map(([t, v]) => [sx(t), sy(v)]));
  cells
    .select('rect.ca-frame')
    .attr('width', cellW - 3)
    .attr('height', cellH)
    .attr('fill', '#fafbfc')
    .attr('stroke', GRID);
  cells
    .select('path.ca-trail')
    .attr('data-digit', (k) => k)
    .attr('data-points', () => Math.min(trail.length, spec.cursor + 1))
    .attr('d', (k) => line(trail.slice(0, spec.cursor + 1).map((r, t) => [t, r[k]])))
    .attr('fill', 'none')
    .attr('stroke', NOW)
    .attr('stroke-width', 1.5);
  cells
    .select('path.ca-redo')
    .attr('d', (k) => (trail.length > spec.cursor + 1 ? line(trail.slice(spec.cursor).map((r, t) => [spec.cursor + t, r[k]])) : null))
    .attr('fill', 'none')
    .attr('stroke', BEFORE)
    .attr('stroke-dasharray', '2 2');
  cells
    .select('line.ca-cursor')
    .attr('x1', sx(spec.cursor))
    .attr('x2', sx(spec.cursor))
    .attr('y1', 12)
    .attr('y2', cellH)
    .attr('stroke', INK)
    .attr('stroke-width', 1);
  cells
    .select('text.ca-cell-label')
    .attr('x', 4)
    .attr('y', 11)
    .attr('font-size', 10)
    .attr('fill', INK)
    .text((k) => `${k}: ${pct(now[k])}%`);
}
