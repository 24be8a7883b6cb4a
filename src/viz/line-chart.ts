/**
 * A small d3 line chart on SVG: axes, grid, any number of series, an inline
 * legend, optional point markers. Called again with new data it updates in place.
 */
import * as d3 from 'd3';
import { GRID, INK, MUTED } from './palette';
import { FONT, fontPx, sizeScale } from './sizes';

export interface Series {
  name: string;
  color: string;
  points: [number, number][];
  dashed?: boolean;
  /** Draw a dot at every point (for sparse series such as per-epoch accuracy). */
  markers?: boolean;
  /** Draw a square at every point instead (a series' own mark, also shown in its legend entry). */
  mark?: 'square';
  /** Line width at scale 1 (default 2). */
  lineWidth?: number;
  /** A dash pattern at scale 1 other than the `dashed` one, e.g. '1 3' for dots. */
  dash?: string;
  /** A band around the line: the low and high value at each point (drawn faintly, under the lines). */
  band?: [number, number][];
}

export interface LineChartSpec {
  width: number;
  height: number;
  series: Series[];
  xLabel: string;
  yLabel: string;
  xDomain?: [number, number];
  yDomain?: [number, number];
  yFormat?: (v: number) => string;
  xFormat?: (v: number) => string;
  /** Only whole numbers on the x axis (epochs, steps). */
  xIntegers?: boolean;
  /** The x axis counts things (parameters): ticks only at whole numbers, whatever the domain. */
  xCounts?: boolean;
  /** Text shown in the plot area when there is nothing to draw. */
  emptyText?: string;
  /** Size scale of text, margins, lines and markers (default 1; larger in presenter mode). */
  scale?: number;
}

/** Margins at scale 1 (CSS px). */
const M = { top: 28, right: 16, bottom: 38, left: 52 };

/** Height of a legend row at scale 1. */
const LEGEND_ROW = 16;

/** The chart's margins at a size scale, with room above the plot for `legendRows` rows of legend. */
export function chartMargins(scale = 1, legendRows = 1): typeof M {
  return { top: (M.top + Math.max(0, legendRows - 1) * LEGEND_ROW) * scale, right: M.right * scale, bottom: M.bottom * scale, left: M.left * scale };
}

/** Approximate width of a legend entry (swatch, gap, name at the small font size) at a scale. */
export function legendEntryWidth(name: string, scale = 1): number {
  return (30 + 6.5 * name.length) * scale;
}

/**
 * The legend's entries in rows no wider than `avail` px, in series order,
 * each row right-aligned at x = `right`: every entry's row and left edge.
 */
export function placeLegend(names: readonly string[], right: number, avail: number, scale = 1): { rows: number; entries: { row: number; x: number }[] } {
  const gap = 12 * scale;
  const widths = names.map((n) => legendEntryWidth(n, scale));
  const rowOf: number[] = [];
  let row = 0;
  let used = 0;
  widths.forEach((w, i) => {
    if (used > 0 && used + gap + w > avail) {
      row++;
      used = 0;
    }
    used += (used > 0 ? gap : 0) + w;
    rowOf[i] = row;
  });
  const entries = widths.map((_, i) => {
    // Entries after this one in its row push it left.
    let after = 0;
    for (let j = i + 1; j < widths.length && rowOf[j] === rowOf[i]; j++) after += gap + widths[j];
    return { row: rowOf[i], x: right - after - widths[i] };
  });
  return { rows: names.length ? row + 1 : 0, entries };
}

export function renderLineChart(svgEl: SVGSVGElement, spec: LineChartSpec): void {
  const { width, height } = spec;
  const k = sizeScale(spec.scale);
  const base = chartMargins(k);
  const iw = width - base.left - base.right;
  // The legend may reach into the left margin; it wraps onto more rows when it must.
  const placed = placeLegend(
    spec.series.map((s) => s.name),
    iw,
    iw + base.left - 4 * k,
    k,
  );
  const M = chartMargins(k, placed.rows);
  const small = fontPx(FONT.small, k);
  const svg = d3.select(svgEl).attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
  const ih = height - M.top - M.bottom;
  const all = spec.series.flatMap((s) => s.points);
  const xExtent = spec.xDomain ?? (all.length ? (d3.extent(all, (p) => p[0]) as [number, number]) : [0, 1]);
  const yExtent = spec.yDomain ?? (all.length ? (d3.extent(all, (p) => p[1]) as [number, number]) : [0, 1]);
  const x = d3.scaleLinear().domain(xExtent[0] === xExtent[1] ? [xExtent[0] - 1, xExtent[1] + 1] : xExtent).range([0, iw]).nice();
  const y = d3.scaleLinear().domain(yExtent[0] === yExtent[1] ? [yExtent[0] - 0.5, yExtent[1] + 0.5] : yExtent).range([ih, 0]).nice();

  const root = svg
    .selectAll<SVGGElement, null>('g.root')
    .data([null])
    .join('g')
    .attr('class', 'root')
    .attr('transform', `translate(${M.left},${M.top})`);

  root
    .selectAll<SVGGElement, null>('g.grid')
    .data([null])
    .join('g')
    .attr('class', 'grid')
    .call((g) =>
      g
        .call(d3.axisLeft(y).ticks(5).tickSize(-iw).tickFormat(() => ''))
        .call((a) => a.select('.domain').remove())
        .selectAll('line')
        .attr('stroke', GRID)
        .attr('stroke-width', k),
    );
  root
    .selectAll<SVGGElement, null>('g.x-axis')
    .data([null])
    .join('g')
    .attr('class', 'x-axis')
    .attr('transform', `translate(0,${ih})`)
    .call((g) => {
      const axis = d3.axisBottom(x).tickFormat((v) => (spec.xFormat ?? d3.format('~s'))(+v));
      const wanted = Math.max(2, Math.floor(iw / (70 * k)));
      if (spec.xIntegers) {
        const [a, b] = x.domain();
        const stepSize = Math.max(1, Math.ceil((b - a) / wanted));
        axis.tickValues(d3.range(Math.ceil(a), Math.floor(b) + 1, stepSize));
      } else if (spec.xCounts) axis.tickValues(x.ticks(wanted).filter(Number.isInteger));
      else axis.ticks(wanted);
      g.call(axis.tickSize(6 * k).tickPadding(3 * k));
    })
    .attr('font-size', small)
    .call((g) => g.selectAll('text').attr('fill', MUTED))
    .call((g) => g.selectAll('line,path').attr('stroke', MUTED).attr('stroke-width', k));
  root
    .selectAll<SVGGElement, null>('g.y-axis')
    .data([null])
    .join('g')
    .attr('class', 'y-axis')
    .call(
      d3
        .axisLeft(y)
        .ticks(5)
        .tickSize(6 * k)
        .tickPadding(3 * k)
        .tickFormat((v) => (spec.yFormat ?? d3.format('~g'))(+v)),
    )
    .attr('font-size', small)
    .call((g) => g.selectAll('text').attr('fill', MUTED))
    .call((g) => g.selectAll('line,path').attr('stroke', MUTED).attr('stroke-width', k));

  root
    .selectAll('text.x-label')
    .data([spec.xLabel])
    .join('text')
    .attr('class', 'x-label')
    .attr('x', iw / 2)
    .attr('y', ih + 32 * k)
    .attr('text-anchor', 'middle')
    .attr('fill', INK)
    .attr('font-size', fontPx(FONT.label, k))
    .text((d) => d);
  root
    .selectAll('text.y-label')
    .data([spec.yLabel])
    .join('text')
    .attr('class', 'y-label')
    .attr('transform', `translate(${-40 * k},${ih / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('fill', INK)
    .attr('font-size', fontPx(FONT.label, k))
    .text((d) => d);

  // A point with a non-finite value breaks the line (a series of separate segments).
  const line = d3
    .line<[number, number]>()
    .defined((p) => Number.isFinite(p[1]))
    .x((p) => x(p[0]))
    .y((p) => y(p[1]));
  const area = d3
    .area<[number, [number, number]]>()
    .x((p) => x(p[0]))
    .y0((p) => y(p[1][0]))
    .y1((p) => y(p[1][1]));
  root
    .selectAll<SVGPathElement, Series>('path.band')
    .data(spec.series.filter((s) => s.band && s.band.length === s.points.length), (s) => s.name)
    .join((enter) => enter.insert('path', ':first-child'))
    .attr('class', 'band')
    .attr('data-series', (s) => s.name)
    .attr('fill', (s) => s.color)
    .attr('fill-opacity', 0.14)
    .attr('stroke', 'none')
    .attr('d', (s) => area(s.points.map((p, i) => [p[0], s.band![i]] as [number, [number, number]])));
  root
    .selectAll<SVGPathElement, Series>('path.series')
    .data(spec.series, (s) => s.name)
    .join('path')
    .attr('class', 'series')
    .attr('data-series', (s) => s.name)
    .attr('data-points', (s) => s.points.length)
    .attr('fill', 'none')
    .attr('stroke', (s) => s.color)
    .attr('stroke-width', (s) => (s.lineWidth ?? 2) * k)
    .attr('stroke-dasharray', (s) => dashOf(s, k))
    .attr('stroke-linejoin', 'round')
    .attr('d', (s) => line(s.points));
  root
    .selectAll<SVGGElement, Series>('g.markers')
    .data(spec.series.filter((s) => s.markers), (s) => s.name)
    .join('g')
    .attr('class', 'markers')
    .attr('fill', (s) => s.color)
    .selectAll('circle')
    .data((s) => s.points.filter((p) => Number.isFinite(p[1])))
    .join('circle')
    .attr('r', 3 * k)
    .attr('cx', (p) => x(p[0]))
    .attr('cy', (p) => y(p[1]));
  const sq = 5 * k;
  root
    .selectAll<SVGGElement, Series>('g.marks-square')
    .data(spec.series.filter((s) => s.mark === 'square'), (s) => s.name)
    .join('g')
    .attr('class', 'marks-square')
    .attr('data-series', (s) => s.name)
    .attr('fill', (s) => s.color)
    .selectAll('rect')
    .data((s) => s.points)
    .join('rect')
    .attr('width', sq)
    .attr('height', sq)
    .attr('x', (p) => x(p[0]) - sq / 2)
    .attr('y', (p) => y(p[1]) - sq / 2);

  // Legend: rows in the top margin, right-aligned, each entry as wide as its name.
  const legendY = (row: number) => -16 * k - (placed.rows - 1 - row) * LEGEND_ROW * k;
  const legend = root
    .selectAll<SVGGElement, Series>('g.legend')
    .data(spec.series, (s) => s.name)
    .join('g')
    .attr('class', 'legend')
    .attr('transform', (_, i) => `translate(${placed.entries[i].x},${legendY(placed.entries[i].row)})`);
  legend
    .selectAll('line')
    .data((s) => [s])
    .join('line')
    .attr('x1', 0)
    .attr('x2', 20 * k)
    .attr('y1', 0)
    .attr('y2', 0)
    .attr('stroke', (s) => s.color)
    .attr('stroke-width', (s) => Math.min(3, s.lineWidth ?? 2) * k)
    .attr('stroke-dasharray', (s) => dashOf(s, k));
  // An entry shows its series' mark on the swatch.
  legend
    .selectAll('circle')
    .data((s) => (s.markers && s.mark !== 'square' ? [s] : []))
    .join('circle')
    .attr('cx', 10 * k)
    .attr('cy', 0)
    .attr('r', 3 * k)
    .attr('fill', (s) => s.color);
  legend
    .selectAll('rect')
    .data((s) => (s.mark === 'square' ? [s] : []))
    .join('rect')
    .attr('x', 10 * k - sq / 2)
    .attr('y', -sq / 2)
    .attr('width', sq)
    .attr('height', sq)
    .attr('fill', (s) => s.color);
  legend
    .selectAll('text')
    .data((s) => [s])
    .join('text')
    .attr('x', 26 * k)
    .attr('y', 4 * k)
    .attr('text-anchor', 'start')
    .attr('font-size', small)
    .attr('fill', INK)
    .text((s) => s.name);

  // The empty plot's message: at the note size if it fits the plot's width, else at the small size.
  const emptyText = spec.emptyText ?? 'No data yet';
  const emptySize = fontPx(FONT.note, k) * emptyText.length * 0.56 <= iw - 8 * k ? fontPx(FONT.note, k) : small;
  root
    .selectAll('text.empty')
    .data(all.length ? [] : [emptyText])
    .join('text')
    .attr('class', 'empty')
    .attr('x', iw / 2)
    .attr('y', ih / 2)
    .attr('text-anchor', 'middle')
    .attr('fill', MUTED)
    .attr('font-size', emptySize)
    .attr('stroke', '#fff')
    .attr('stroke-width', 4 * k)
    .attr('stroke-linejoin', 'round')
    .attr('paint-order', 'stroke')
    .text((d) => d);
}

/** A series' dash pattern at a scale (its own, the usual dashes, or none). */
function dashOf(s: Series, k: number): string | null {
  if (s.dash) return s.dash.split(/\s+/).map((v) => Number(v) * k).join(' ');
  return s.dashed ? `${5 * k} ${4 * k}` : null;
}
