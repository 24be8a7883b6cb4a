/**
 * The heatmaps' geometry, pure arithmetic shared by drawing and hit-testing
 * (so a hit always names what is drawn under the pointer): the plot area and
 * the column bands, rows, the positions of highlight markers and labels.
 * Also the spec checks and the class bands of sorted labels.
 */
import type { ClassBand } from '../../core/explore/probe-by-class';
import type { BandSegment, HeatmapGridSpec, HeatmapHit, HeatmapLayout, RowHighlight } from './spec';
import { HEATMAP_MARGIN } from './spec';

function displayCols(spec: Pick<HeatmapGridSpec, 'cols' | 'colOrder'>): number {
  return spec.colOrder ? spec.colOrder.length : spec.cols;
}

/** Splits the display columns into segments: the class bands, plus unlabelled runs between or around them. */
function bandRuns(bands: readonly ClassBand[], n: number): { label: string | null; start: number; end: number }[] {
  const runs: { label: string | null; start: number; end: number }[] = [];
  let at = 0;
  for (const b of bands) {
    if (!(b.start >= at && b.end > b.start && b.end <= n)) {
      throw new Error(`class band "${b.label}" [${b.start}, ${b.end}) is out of order, empty or beyond ${n} columns`);
    }
    if (b.start > at) runs.push({ label: null, start: at, end: b.start });
    runs.push({ label: b.label, start: b.start, end: b.end });
    at = b.end;
  }
  if (at < n || runs.length === 0) runs.push({ label: null, start: at, end: n });
  return runs;
}

export type LayoutInput = Pick<HeatmapGridSpec, 'width' | 'height' | 'margin' | 'cols' | 'colOrder' | 'classBands' | 'rowOrder' | 'bandGap' | 'scale'>;

/** The layout of a heatmap in CSS px; `scale` (default: the spec's) sizes the default margins (presenter mode). */
export function heatmapLayout(spec: LayoutInput, scale = spec.scale ?? 1): HeatmapLayout {
  const base = { top: HEATMAP_MARGIN.top * scale, right: HEATMAP_MARGIN.right * scale, bottom: HEATMAP_MARGIN.bottom * scale, left: HEATMAP_MARGIN.left * scale };
  const margin = { ...base, ...spec.margin };
  const n = displayCols(spec);
  const plot = {
    x: margin.left,
    y: margin.top,
    w: Math.max(1, spec.width - margin.left - margin.right),
    h: Math.max(1, spec.height - margin.top - margin.bottom),
  };
  const runs = bandRuns(spec.classBands, n);
  const wanted = spec.bandGap ?? 2;
  const gap = runs.length > 1 && (plot.w - wanted * (runs.length - 1)) / runs.length >= 8 ? wanted : 0;
  const usable = plot.w - gap * (runs.length - 1);
  const segments: BandSegment[] = [];
  let x = plot.x;
  for (const r of runs) {
    const w = n > 0 ? (usable * (r.end - r.start)) / n : usable;
    segments.push({ ...r, x0: x, x1: x + w });
    x += w + gap;
  }
  return { width: spec.width, height: spec.height, margin, plot, segments, displayRows: spec.rowOrder.length, displayCols: n, scale };
}

/** CSS-px vertical extent of display row k. */
export function rowExtent(layout: HeatmapLayout, k: number): [number, number] {
  const rh = layout.plot.h / Math.max(1, layout.displayRows);
  return [layout.plot.y + k * rh, layout.plot.y + (k + 1) * rh];
}

/** Throws on a spec whose indices do not fit its values. */
export function checkSpec(spec: HeatmapGridSpec): void {
  const { rows, cols, values, rowOrder, rowIds } = spec;
  if (values.length < rows * cols) throw new Error(`values has ${values.length} entries, fewer than ${rows} x ${cols}`);
  if (rowIds.length < rows) throw new Error(`rowIds has ${rowIds.length} entries for ${rows} rows`);
  for (let k = 0; k < rowOrder.length; k++) {
    const r = rowOrder[k];
    if (!(r >= 0 && r < rows)) throw new Error(`rowOrder[${k}] = ${r} is not a row (0..${rows - 1})`);
  }
  if (spec.colOrder) {
    for (let k = 0; k < spec.colOrder.length; k++) {
      const c = spec.colOrder[k];
      if (!(c >= 0 && c < cols)) throw new Error(`colOrder[${k}] = ${c} is not a column (0..${cols - 1})`);
    }
  }
  if (spec.normalize === 'global' && !spec.globalRange) throw new Error("normalize 'global' needs a globalRange");
}

/**
 * What is under (x, y), in CSS px relative to the canvas: the neuron and
 * column of the cell, or null outside the plot and in the gaps between classes.
 */
export function heatmapHit(spec: HeatmapGridSpec, x: number, y: number, layout: HeatmapLayout = heatmapLayout(spec)): HeatmapHit | null {
  const { plot } = layout;
  if (layout.displayRows === 0 || y < plot.y || y >= plot.y + plot.h || x < plot.x || x >= plot.x + plot.w) return null;
  const seg = layout.segments.find((s) => x >= s.x0 && x < s.x1);
  if (!seg || seg.end <= seg.start) return null;
  const n = seg.end - seg.start;
  const col = Math.min(seg.end - 1, seg.start + Math.floor(((x - seg.x0) / (seg.x1 - seg.x0)) * n));
  const displayRow = Math.min(layout.displayRows - 1, Math.floor(((y - plot.y) / plot.h) * layout.displayRows));
  const row = spec.rowOrder[displayRow];
  const sample = spec.colOrder ? spec.colOrder[col] : col;
  return { row, displayRow, id: spec.rowIds[row], col, sample, classLabel: seg.label, value: spec.values[row * spec.cols + sample] };
}


export interface HighlightMark {
  h: RowHighlight;
  /** Display row. */
  k: number;
  /** The row's extent and centre. */
  y0: number;
  y1: number;
  yc: number;
  /** Where its marker and label go (moved off the centre when neighbours crowd it). */
  ly: number;
}

/** A run of adjacent highlighted rows: outlined once, above and below. */
export interface HighlightRun {
  first: HighlightMark;
  last: HighlightMark;
}

/**
 * Highlighted rows, top to bottom (one per displayed row: the first
 * highlight of a row wins), with marker positions at least `gap` apart
 * (13 px with labels, 9 without) and kept within the plot's height, and the
 * runs of adjacent rows.
 */
export function placeHighlights(
  layout: HeatmapLayout,
  rowOrder: ArrayLike<number>,
  highlights: readonly RowHighlight[],
  withLabels: boolean,
  scale = 1,
): { marks: HighlightMark[]; runs: HighlightRun[]; gap: number } {
  const { plot, margin } = layout;
  const posOf = new Map<number, number>();
  for (let k = 0; k < rowOrder.length; k++) posOf.set(rowOrder[k], k);
  const byRow = new Map<number, RowHighlight>();
  for (const h of highlights) {
    const k = posOf.get(h.row);
    if (k !== undefined && !byRow.has(k)) byRow.set(k, h);
  }
  const marks = [...byRow]
    .sort((a, b) => a[0] - b[0])
    .map(([k, h]) => {
      const [y0, y1] = rowExtent(layout, k);
      return { h, k, y0, y1, yc: (y0 + y1) / 2, ly: (y0 + y1) / 2 };
    });
  const gap = (withLabels ? 13 : 9) * scale;
  const runs: HighlightRun[] = [];
  for (let i = 0; i < marks.length; ) {
    let j = i;
    while (j + 1 < marks.length && marks[j + 1].k === marks[j].k + 1) j++;
    runs.push({ first: marks[i], last: marks[j] });
    i = j + 1;
  }
  if (marks.length === 0) return { marks, runs, gap };
  const minY = plot.y + 4;
  const maxY = plot.y + plot.h + Math.min(8, margin.bottom / 3);
  for (let i = 0; i < marks.length; i++) marks[i].ly = Math.max(marks[i].yc, i > 0 ? marks[i - 1].ly + gap : minY, minY);
  const over = marks[marks.length - 1].ly - maxY;
  if (over > 0) {
    marks[marks.length - 1].ly -= over;
    for (let i = marks.length - 2; i >= 0; i--) marks[i].ly = Math.min(marks[i].ly, marks[i + 1].ly - gap);
  }
  return { marks, runs, gap };
}
