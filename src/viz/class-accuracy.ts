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
 * Everything is sized by the spec's `scale`, and laid out to fit `width`:
 * the legend wraps, the digits go on two rows (or more) when ten side by side
 * would leave no room for their values, and the small multiples go five or
 * fewer to a row when ten would leave no room for their labels. A panel too
 * narrow for the digits on two rows at the given scale gets the chart at a
 * smaller one (classAccuracyScale).
 *
 * Marks: g.ca-digit[data-digit][data-original][data-before][data-now] (in %),
 * path.ca-trail[data-digit][data-points]. The SVG has data-changed (classes
 * whose accuracy now differs from the original's).
 */
import * as d3 from 'd3';
import { GRID, INK, MUTED, OKABE_ITO } from './palette';
import { FONT, fontPx, sizeScale } from './sizes';
import { flowRows, textWidth, wrapWords } from './text-fit';

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
  /** Size scale of text, margins, marks and lines (default 1; larger in presenter mode). */
  scale?: number;
}

const NOW = OKABE_ITO.blue;
const BEFORE = '#8a94a0';

const frac = (c: number, n: number) => (n > 0 ? c / n : 0);
const pct = (v: number) => (100 * v).toFixed(1);

/** The lower end of the accuracy axis: a tenth below the lowest value, at most 0.9, at least 0. */
export function accuracyFloor(values: readonly number[]): number {
  const lo = Math.min(1, ...values);
  return Math.max(0, Math.min(0.9, Math.floor((lo - 0.02) * 20) / 20));
}

/** The first count of items per row (K, then half of K, ...) at which each item gets at least `need` px of `avail`. */
function perRowFor(K: number, avail: number, need: number): number {
  for (let rows = 1; rows <= K; rows++) {
    const per = Math.ceil(K / rows);
    if (avail / per >= need) return per;
  }
  return 1;
}

/** The plot's side margins at a size scale (the left one holds the axis's "100%"). */
function sideMargins(k: number): { left: number; right: number } {
  return { left: Math.ceil(textWidth('100%', fontPx(FONT.small, k)) + 12 * k), right: 10 * k };
}

/** Digits side by side in the plot at a size scale: as many as leave room for their values ("100.0"). */
export function digitsPerRow(K: number, width: number, k: number): number {
  const { left, right } = sideMargins(k);
  return perRowFor(K, width - left - right, textWidth('100.0', fontPx(FONT.small, k)) + 4 * k);
}

/**
 * The size scale the chart is drawn at for `K` digits in `width` px: the
 * given scale, unless the digits would then need more than two rows; then
 * the largest scale (never below 1, or below the given scale if that is
 * smaller) at which two rows do.
 */
export function classAccuracyScale(K: number, width: number, scale?: number): number {
  const full = sizeScale(scale);
  const floor = Math.min(1, full);
  const rows = (k: number) => Math.ceil(K / digitsPerRow(K, width, k));
  // Down in steps of 0.05 (rounded, so that the floor itself is reached).
  let k = full;
  for (let next = Math.round((full - 0.05) * 100) / 100; rows(k) > 2 && next >= floor; next = Math.round((next - 0.05) * 100) / 100) k = next;
  return k;
}

export function renderClassAccuracy(svgEl: SVGSVGElement, spec: ClassAccuracySpec): void {
  const K = spec.counts.length;
  const width = Math.max(200, spec.width);
  const k = classAccuracyScale(K, width, spec.scale);
  const small = fontPx(FONT.small, k);
  const label = fontPx(FONT.label, k);
  const { left, right } = sideMargins(k);
  const plotW = width - left - right;

  // The title doubles as the legend (each mark in its own colour), in as many rows as it needs.
  const legend = [
    { t: 'By digit:', c: INK },
    { t: '○ originally', c: INK },
    { t: '◆ before this step', c: BEFORE },
    { t: '● now', c: NOW },
  ];
  const legendRowH = 1.3 * small;
  const placed = flowRows(
    legend.map((e) => textWidth(e.t, small)),
    width - left,
    0.9 * small,
  );
  const titleY = Math.round(1.2 * small);
  const top = titleY + (placed.rows - 1) * legendRowH + 26 * k;

  // By digit: as many to a row as leave room for their values.
  const perRow = digitsPerRow(K, width, k);
  const digitRows = Math.ceil(K / perRow);
  const plotH = (digitRows > 1 ? 120 : 150) * k;
  const bottom = 26 * k;
  const rowGap = 26 * k;
  const rowTop = (r: number) => top + r * (plotH + bottom + rowGap);
  const digitsBottom = rowTop(digitRows - 1) + plotH + bottom;

  // Along the session: small multiples, as many to a row as leave room for their labels ("9: 100.0%").
  const showTrail = spec.trail !== null && spec.length > 0;
  const cellsPerRow = perRowFor(K, width, textWidth(`${Math.max(0, K - 1)}: 100.0%`, small) + 8 * k);
  const cellW = width / cellsPerRow;
  // A little taller when wide (up to 80 px at scale 1), so that the lines do not flatten.
  const cellH = Math.max(52 * k, small + 40 * k, Math.min(80 * k, 0.3 * cellW));
  const cellGap = 8 * k;
  const trailTitle = showTrail ? wrapWords(`Along the session (${spec.length} step${spec.length === 1 ? '' : 's'}; rule: this step)`, width, small) : [];
  const trailTitleY = digitsBottom + 6 * k + small;
  const trailTop = trailTitleY + 1.25 * small * Math.max(0, trailTitle.length - 1) + 8 * k;
  const height = Math.ceil(showTrail ? trailTop + Math.ceil(K / cellsPerRow) * (cellH + cellGap) + 4 * k : digitsBottom);
  const svg = d3.select(svgEl).attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);

  const acc = (c: readonly number[] | null) => (c ? c.map((v, d) => frac(v, spec.counts[d])) : null);
  const orig = acc(spec.original)!;
  const now = acc(spec.now)!;
  const before = acc(spec.before);
  const trail = spec.trail?.map((row) => acc(row)!) ?? [];
  const lo = accuracyFloor([...orig, ...now, ...(before ?? []), ...trail.flat()]);
  svg.attr('data-changed', spec.now.filter((c, d) => c !== spec.original[d]).length);

  const x = d3
    .scaleBand<number>()
    .domain(d3.range(perRow))
    .range([left, width - right])
    .padding(0.1);
  const yAt = (r: number) => d3.scaleLinear().domain([lo, 1]).range([rowTop(r) + plotH, rowTop(r)]);
  const ys = d3.range(digitRows).map(yAt);
  const rowOf = (d: number) => Math.floor(d / perRow);
  const yOf = (d: number, v: number) => ys[rowOf(d)](v);

  svg
    .selectAll<SVGGElement, number>('g.ca-axis')
    .data(d3.range(digitRows))
    .join('g')
    .attr('class', 'ca-axis')
    .attr('transform', `translate(${left},0)`)
    .each(function (r) {
      d3.select(this)
        .call(
          d3
            .axisLeft(ys[r])
            .ticks(4)
            .tickSize(-plotW)
            .tickPadding(4 * k)
            .tickFormat((v) => `${Math.round(100 * +v)}%`),
        )
        .call((g) => g.select('.domain').remove())
        .call((g) => g.selectAll('line').attr('stroke', GRID).attr('stroke-width', k))
        .call((g) => g.selectAll('text').attr('fill', MUTED).attr('font-size', small));
    });

  svg
    .selectAll('text.ca-title')
    .data([null])
    .join('text')
    .attr('class', 'ca-title')
    .attr('font-size', small)
    .attr('fill', INK)
    .selectAll('tspan')
    .data(legend)
    .join('tspan')
    .attr('x', (_d, i) => left + placed.at[i].x)
    .attr('y', (_d, i) => titleY + placed.at[i].row * legendRowH)
    .attr('fill', (d) => d.c)
    .text((d) => d.t);

  const valueRoom = x.step() - 2 * k;
  const valuePx = (t: string) => Math.min(small, Math.floor((10 * small * valueRoom) / Math.max(1, textWidth(t, small))) / 10);
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
    .attr('data-digit', (d) => d)
    .attr('data-original', (d) => pct(orig[d]))
    .attr('data-before', (d) => (before ? pct(before[d]) : null))
    .attr('data-now', (d) => pct(now[d]))
    .attr('transform', (d) => `translate(${x(d % perRow)! + x.bandwidth() / 2},0)`);
  digits
    .select('line.ca-stem')
    .attr('y1', (d) => yOf(d, orig[d]))
    .attr('y2', (d) => yOf(d, now[d]))
    .attr('stroke', MUTED)
    .attr('stroke-width', 1.5 * k);
  digits
    .select('circle.ca-original')
    .attr('cy', (d) => yOf(d, orig[d]))
    .attr('r', 4.5 * k)
    .attr('fill', '#fff')
    .attr('stroke', INK)
    .attr('stroke-width', 1.3 * k);
  digits
    .select('path.ca-before')
    .attr('d', () => (before ? d3.symbol(d3.symbolDiamond, 30 * k * k)() : null))
    .attr('transform', (d) => (before ? `translate(0,${yOf(d, before[d])})` : null))
    .attr('fill', BEFORE);
  digits
    .select('circle.ca-now')
    .attr('cy', (d) => yOf(d, now[d]))
    .attr('r', 3.5 * k)
    .attr('fill', NOW);
  digits
    .select('text.ca-value')
    .attr('y', (d) => yOf(d, Math.max(orig[d], now[d], before?.[d] ?? 0)) - 8 * k)
    .attr('text-anchor', 'middle')
    .attr('font-size', (d) => valuePx(pct(now[d])))
    .attr('fill', INK)
    .style('font-variant-numeric', 'tabular-nums')
    .text((d) => pct(now[d]));
  digits
    .select('text.ca-label')
    .attr('y', (d) => rowTop(rowOf(d)) + plotH + 16 * k)
    .attr('text-anchor', 'middle')
    .attr('font-size', label)
    .attr('font-weight', 600)
    .attr('fill', INK)
    .text((d) => d);
  digits.select('title').text((d) => {
    const parts = [`digit ${d}: ${pct(now[d])}% now (${spec.now[d]} of ${spec.counts[d]})`, `${pct(orig[d])}% originally`];
    if (before) parts.push(`${pct(before[d])}% before this step`);
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
    .attr('transform', (d) => `translate(${(d % cellsPerRow) * cellW},${trailTop + Math.floor(d / cellsPerRow) * (cellH + cellGap)})`);
  svg
    .selectAll('text.ca-trail-title')
    .data(trailTitle)
    .join('text')
    .attr('class', 'ca-trail-title')
    .attr('x', 0)
    .attr('y', (_d, i) => trailTitleY + 1.25 * small * i)
    .attr('font-size', small)
    .attr('fill', INK)
    .text((d) => d);
  const labelY = small + k;
  const sx = d3
    .scaleLinear()
    .domain([0, Math.max(1, spec.length)])
    .range([3 * k, cellW - 6 * k]);
  const sy = d3
    .scaleLinear()
    .domain([lo, 1])
    .range([cellH - 4 * k, labelY + 4 * k]);
  const line = (pts: [number, number][]) => d3.line()(pts.map(([t, v]) => [sx(t), sy(v)]));
  cells
    .select('rect.ca-frame')
    .attr('width', cellW - 3 * k)
    .attr('height', cellH)
    .attr('fill', '#fafbfc')
    .attr('stroke', GRID)
    .attr('stroke-width', k);
  cells
    .select('path.ca-trail')
    .attr('data-digit', (d) => d)
    .attr('data-points', () => Math.min(trail.length, spec.cursor + 1))
    .attr('d', (d) => line(trail.slice(0, spec.cursor + 1).map((r, t) => [t, r[d]])))
    .attr('fill', 'none')
    .attr('stroke', NOW)
    .attr('stroke-width', 1.5 * k);
  cells
    .select('path.ca-redo')
    .attr('d', (d) => (trail.length > spec.cursor + 1 ? line(trail.slice(spec.cursor).map((r, t) => [spec.cursor + t, r[d]])) : null))
    .attr('fill', 'none')
    .attr('stroke', BEFORE)
    .attr('stroke-width', k)
    .attr('stroke-dasharray', `${2 * k} ${2 * k}`);
  cells
    .select('line.ca-cursor')
    .attr('x1', sx(spec.cursor))
    .attr('x2', sx(spec.cursor))
    .attr('y1', labelY + 2 * k)
    .attr('y2', cellH)
    .attr('stroke', INK)
    .attr('stroke-width', k);
  cells
    .select('text.ca-cell-label')
    .attr('x', 4 * k)
    .attr('y', labelY)
    .attr('font-size', small)
    .attr('fill', INK)
    .text((d) => `${d}: ${pct(now[d])}%`);
}
