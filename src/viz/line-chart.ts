/**
 * A small d3 line chart on SVG: axes, grid, any number of series, an inline
 * legend, optional point markers. Called again with new data it updates in place.
 */
import * as d3 from 'd3';
import { GRID, INK, MUTED } from './palette';

export interface Series {
  name: string;
  color: string;
  points: [number, number][];
  dashed?: boolean;
  /** Draw a dot at every point (for sparse series such as per-epoch accuracy). */
  markers?: boolean;
  /** Draw a square at every point instead (a series' own mark, also shown in its legend entry). */
  mark?: 'square';
  /** Line width (default 2). */
  lineWidth?: number;
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
}

const M = { top: 28, right: 16, bottom: 38, left: 52 };
const LEGEND_ROW = 15;
const LEGEND_GAP = 12;

/** Approximate width of a legend entry: the swatch, a gap, the name at 11 px. */
export function legendEntryWidth(name: string): number {
  return 30 + 6.5 * name.length;
}

/**
 * Legend rows, right-aligned at x = `right`, at most `avail` wide: the last
 * entries fill row 0 (just above the plot) from the right, and an entry that
 * does not fit starts the next row up. Each entry's left edge and row.
 */
export function legendRows(names: readonly string[], right: number, avail: number): { x: number; row: number }[] {
  const out: { x: number; row: number }[] = new Array(names.length);
  let row = 0;
  let used = 0;
  for (let i = names.length - 1; i >= 0; i--) {
    const w = legendEntryWidth(names[i]);
    if (used > 0 && used + LEGEND_GAP + w > avail) {
      row++;
      used = 0;
    }
    used += (used > 0 ? LEGEND_GAP : 0) + w;
    out[i] = { x: right - used, row };
  }
  return out;
}

export function renderLineChart(svgEl: SVGSVGElement, spec: LineChartSpec): void {
  const { width, height } = spec;
  const svg = d3.select(svgEl).attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
  const iw = width - M.left - M.right;
  const placed = legendRows(spec.series.map((s) => s.name), iw, iw + M.left - 4);
  const top = M.top + LEGEND_ROW * Math.max(0, ...placed.map((p) => p.row));
  const ih = height - top - M.bottom;
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
    .attr('transform', `translate(${M.left},${top})`);

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
        .attr('stroke', GRID),
    );
  root
    .selectAll<SVGGElement, null>('g.x-axis')
    .data([null])
    .join('g')
    .attr('class', 'x-axis')
    .attr('transform', `translate(0,${ih})`)
    .call((g) => {
      const axis = d3.axisBottom(x).tickFormat((v) => (spec.xFormat ?? d3.format('~s'))(+v));
      const wanted = Math.max(2, Math.floor(iw / 70));
      if (spec.xIntegers) {
        const [a, b] = x.domain();
        const stepSize = Math.max(1, Math.ceil((b - a) / wanted));
        axis.tickValues(d3.range(Math.ceil(a), Math.floor(b) + 1, stepSize));
      } else if (spec.xCounts) axis.tickValues(x.ticks(wanted).filter(Number.isInteger));
      else axis.ticks(wanted);
      g.call(axis);
    })
    .call((g) => g.selectAll('text').attr('fill', MUTED))
    .call((g) => g.selectAll('line,path').attr('stroke', MUTED));
  root
    .selectAll<SVGGElement, null>('g.y-axis')
    .data([null])
    .join('g')
    .attr('class', 'y-axis')
    .call(d3.axisLeft(y).ticks(5).tickFormat((v) => (spec.yFormat ?? d3.format('~g'))(+v)))
    .call((g) => g.selectAll('text').attr('fill', MUTED))
    .call((g) => g.selectAll('line,path').attr('stroke', MUTED));

  root
    .selectAll('text.x-label')
    .data([spec.xLabel])
    .join('text')
    .attr('class', 'x-label')
    .attr('x', iw / 2)
    .attr('y', ih + 32)
    .attr('text-anchor', 'middle')
    .attr('fill', INK)
    .attr('font-size', 12)
    .text((d) => d);
  root
    .selectAll('text.y-label')
    .data([spec.yLabel])
    .join('text')
    .attr('class', 'y-label')
    .attr('transform', `translate(-40,${ih / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('fill', INK)
    .attr('font-size', 12)
    .text((d) => d);

  const line = d3
    .line<[number, number]>()
    .x((p) => x(p[0]))
    .y((p) => y(p[1]));
  root
    .selectAll<SVGPathElement, Series>('path.series')
    .data(spec.series, (s) => s.name)
    .join('path')
    .attr('class', 'series')
    .attr('data-series', (s) => s.name)
    .attr('data-points', (s) => s.points.length)
    .attr('fill', 'none')
    .attr('stroke', (s) => s.color)
    .attr('stroke-width', (s) => s.lineWidth ?? 2)
    .attr('stroke-dasharray', (s) => (s.dashed ? '5 4' : null))
    .attr('stroke-linejoin', 'round')
    .attr('d', (s) => line(s.points));
  root
    .selectAll<SVGGElement, Series>('g.markers')
    .data(spec.series.filter((s) => s.markers), (s) => s.name)
    .join('g')
    .attr('class', 'markers')
    .attr('fill', (s) => s.color)
    .selectAll('circle')
    .data((s) => s.points)
    .join('circle')
    .attr('r', 3)
    .attr('cx', (p) => x(p[0]))
    .attr('cy', (p) => y(p[1]));

  const sq = 5;
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

  // Legend: right-aligned rows in the top margin (each entry as wide as its name); an entry that would
  // run past the chart's left edge starts a new row above, so every name stays whole.
  const legend = root
    .selectAll<SVGGElement, Series>('g.legend')
    .data(spec.series, (s) => s.name)
    .join('g')
    .attr('class', 'legend')
    .attr('transform', (_, i) => `translate(${placed[i].x},${-16 - placed[i].row * LEGEND_ROW})`);
  legend
    .selectAll('line')
    .data((s) => [s])
    .join('line')
    .attr('x1', 0)
    .attr('x2', 20)
    .attr('y1', 0)
    .attr('y2', 0)
    .attr('stroke', (s) => s.color)
    .attr('stroke-width', (s) => Math.min(3, s.lineWidth ?? 2))
    .attr('stroke-dasharray', (s) => (s.dashed ? '5 4' : null));
  legend
    .selectAll('text')
    .data((s) => [s])
    .join('text')
    .attr('x', 26)
    .attr('y', 4)
    .attr('text-anchor', 'start')
    .attr('font-size', 11)
    .attr('fill', INK)
    .text((s) => s.name);
  // An entry shows its series' mark on the swatch.
  legend
    .selectAll('circle')
    .data((s) => (s.markers && s.mark !== 'square' ? [s] : []))
    .join('circle')
    .attr('cx', 10)
    .attr('cy', 0)
    .attr('r', 3)
    .attr('fill', (s) => s.color);
  legend
    .selectAll('rect')
    .data((s) => (s.mark === 'square' ? [s] : []))
    .join('rect')
    .attr('x', 10 - sq / 2)
    .attr('y', -sq / 2)
    .attr('width', sq)
    .attr('height', sq)
    .attr('fill', (s) => s.color);

  root
    .selectAll('text.empty')
    .data(all.length ? [] : [spec.emptyText ?? 'No data yet'])
    .join('text')
    .attr('class', 'empty')
    .attr('x', iw / 2)
    .attr('y', ih / 2)
    .attr('text-anchor', 'middle')
    .attr('fill', MUTED)
    .attr('font-size', 13)
    .text((d) => d);
}
