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
import { FONT, fontPx, sizeScale } from './sizes';
import { textWidth, wrapWords } from './text-fit';

export interface ConfusionSpec {
  title: string;
  numClasses: number;
  /** values[t * numClasses + p] (counts, or differences). */
  values: ArrayLike<number>;
  kind: 'counts' | 'difference';
  /** The count or |difference| that gets the darkest colour (shared by matrices drawn side by side). */
  max: number;
  /** Cell side in px (default: the smallest that fits the widest number, see confusionCell). */
  cell?: number;
  /** The widest the drawing may be, in px (its title wraps to fit; default: no limit). */
  maxWidth?: number;
  /** Size scale of text, margins and lines (default 1; larger in presenter mode). */
  scale?: number;
}

/** Type sizes, margins and padding of a matrix at a size scale (px). */
export function confusionMetrics(numClasses: number, scale = 1) {
  const k = sizeScale(scale);
  const title = fontPx(FONT.label, k);
  const axis = fontPx(FONT.small, k);
  const tick = fontPx(FONT.small, k);
  const num = fontPx(FONT.small, k);
  // "true ↓" runs down the left edge (its glyphs toward the matrix), then the row numbers.
  const axisX = 2 * k + 0.25 * axis;
  const rowEnd = axisX + 0.8 * axis + 5 * k + textWidth(String(Math.max(0, numClasses - 1)), tick);
  const left = Math.ceil(rowEnd + 5 * k);
  return { k, title, axis, tick, num, axisX, rowEnd, left, right: 4 * k, pad: 2.5 * k };
}

/** The smallest cell side (px) that shows `widest` (the longest number of the matrices) at full size: 24 px at scale 1 or more. */
export function confusionCell(numClasses: number, widest: string, scale = 1): number {
  const m = confusionMetrics(numClasses, scale);
  return Math.ceil(Math.max(24 * m.k, textWidth(widest, m.num) + 2 * m.pad + 1));
}

/** How far cells grow beyond the smallest when there is room. */
const GROW = 1.35;

/**
 * Cell side, matrices per row and size scale for `count` matrices in a row
 * of `width` px, `gap` px apart: as many per row as fit at the smallest cell
 * that shows the widest number whole (cells grow a little when there is
 * room). On a panel too narrow even for one, the drawing's scale comes down
 * (never below 1, or below `scale` if that is smaller) until one fits; if
 * none does, one per row with cells that fit (the numbers then shrink).
 */
export function confusionLayout(opts: { numClasses: number; widest: string; scale?: number; width: number; gap: number; count: number }): {
  cell: number;
  perRow: number;
  scale: number;
} {
  const n = Math.max(1, opts.numClasses);
  const full = sizeScale(opts.scale);
  const fit = (per: number, k: number) => {
    const m = confusionMetrics(n, k);
    return Math.floor(((opts.width - (per - 1) * opts.gap) / per - m.left - m.right) / n);
  };
  for (let per = Math.max(1, opts.count); per >= 1; per--) {
    const need = confusionCell(n, opts.widest, full);
    if (fit(per, full) >= need) return { cell: Math.min(fit(per, full), Math.floor(need * GROW)), perRow: per, scale: full };
  }
  const floor = Math.min(1, full);
  // Down in steps of 0.05 (rounded, so that the floor itself is reached).
  for (let k = Math.round((full - 0.05) * 100) / 100; k >= floor; k = Math.round((k - 0.05) * 100) / 100) {
    const need = confusionCell(n, opts.widest, k);
    if (fit(1, k) >= need) return { cell: need, perRow: 1, scale: k };
  }
  return { cell: Math.max(6, fit(1, floor)), perRow: 1, scale: floor };
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

/** The text of a cell. */
function cellText(v: number, kind: ConfusionSpec['kind']): string {
  return v === 0 ? '' : kind === 'difference' ? formatDifference(v) : String(v);
}

/** The longest number (as written) of the given matrices: for confusionLayout. */
export function widestNumber(...matrices: { values: ArrayLike<number>; kind: ConfusionSpec['kind'] }[]): string {
  let widest = '';
  for (const mx of matrices) {
    for (let i = 0; i < mx.values.length; i++) {
      const t = cellText(mx.values[i], mx.kind);
      if (t.length > widest.length) widest = t;
    }
  }
  return widest;
}

export function renderConfusion(svgEl: SVGSVGElement, spec: ConfusionSpec): void {
  const n = spec.numClasses;
  const m = confusionMetrics(n, spec.scale);
  const { k } = m;
  const texts = Array.from({ length: n * n }, (_, i) => cellText(spec.values[i], spec.kind));
  const s = spec.cell ?? confusionCell(n, texts.reduce((a, t) => (t.length > a.length ? t : a), ''), k);
  const matrixW = m.left + n * s + m.right;
  // Wide enough for the title on one line when there is room; otherwise the title wraps.
  const maxWidth = Math.max(matrixW, spec.maxWidth ?? Infinity);
  const width = Math.ceil(Math.min(maxWidth, Math.max(matrixW, m.left + textWidth(spec.title, m.title, true) + 2)));
  const titleLines = wrapWords(spec.title, width - m.left, m.title, true);
  const titleBottom = m.title * (0.95 + 1.2 * (titleLines.length - 1));
  const axisY = titleBottom + m.axis * 1.25;
  const colY = axisY + m.tick * 1.15;
  const top = colY + 4 * k;
  const height = Math.ceil(top + n * s + 6 * k);
  const svg = d3.select(svgEl).attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
  const cells = d3.range(n * n).map((i) => ({ t: Math.floor(i / n), p: i % n, v: spec.values[i], text: texts[i] }));
  svg.attr('data-nonzero', cells.filter((c) => c.v !== 0).length);

  svg
    .selectAll('text.cm-title')
    .data(titleLines)
    .join('text')
    .attr('class', 'cm-title')
    .attr('x', m.left)
    .attr('y', (_d, i) => m.title * (0.95 + 1.2 * i))
    .attr('font-size', m.title)
    .attr('font-weight', 600)
    .attr('fill', INK)
    .text((d) => d);
  svg
    .selectAll('text.cm-axis')
    .data([
      { text: 'predicted →', x: m.left, y: axisY, rotate: false },
      { text: 'true ↓', x: m.axisX, y: top + 4 * k, rotate: true },
    ])
    .join('text')
    .attr('class', 'cm-axis')
    .attr('font-size', m.axis)
    .attr('fill', MUTED)
    .attr('transform', (d) => (d.rotate ? `translate(${d.x},${d.y}) rotate(90)` : `translate(${d.x},${d.y})`))
    .text((d) => d.text);
  svg
    .selectAll<SVGTextElement, number>('text.cm-col')
    .data(d3.range(n))
    .join('text')
    .attr('class', 'cm-col')
    .attr('x', (p) => m.left + p * s + s / 2)
    .attr('y', colY)
    .attr('text-anchor', 'middle')
    .attr('font-size', m.tick)
    .attr('fill', INK)
    .text((p) => p);
  svg
    .selectAll<SVGTextElement, number>('text.cm-row')
    .data(d3.range(n))
    .join('text')
    .attr('class', 'cm-row')
    .attr('x', m.rowEnd)
    .attr('y', (t) => top + t * s + s / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'end')
    .attr('font-size', m.tick)
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
    .attr('transform', (c) => `translate(${m.left + c.p * s},${top + c.t * s})`);
  g.select('rect.cm-cell')
    .attr('data-t', (c) => c.t)
    .attr('data-p', (c) => c.p)
    .attr('data-value', (c) => c.v)
    .attr('width', s - 1)
    .attr('height', s - 1)
    .attr('fill', (c) => confusionColors(c.v, spec.kind, spec.max).fill)
    .attr('stroke', (c) => (c.t === c.p ? '#9aa5b1' : '#e6e9ee'))
    .attr('stroke-width', 0.8 * k);
  // Full size when the number fits its cell, smaller only when the cell is too small for it.
  const room = s - 1 - 2 * m.pad;
  const numPx = (t: string) => {
    const w = textWidth(t, m.num);
    return w <= room ? m.num : Math.floor((10 * m.num * room) / w) / 10;
  };
  g.select('text.cm-num')
    .attr('x', (s - 1) / 2)
    .attr('y', (s - 1) / 2)
    .attr('dy', '0.35em')
    .attr('text-anchor', 'middle')
    .attr('font-size', (c) => (c.text ? numPx(c.text) : m.num))
    .attr('fill', (c) => confusionColors(c.v, spec.kind, spec.max).ink)
    .style('font-variant-numeric', 'tabular-nums')
    .text((c) => c.text);
  g.select('title').text((c) =>
    spec.kind === 'difference'
      ? `true ${c.t}, predicted ${c.p}: ${formatDifference(c.v)} digits against the original network`
      : `true ${c.t}, predicted ${c.p}: ${c.v} digits`,
  );
}
