/**
 * The class-profile heatmap: neurons (rows, in the code heatmap's order)
 * by classes (columns): each neuron's mean output per class, as the engine's
 * classProfiles computes it. It is the code heatmap with one column per class,
 * so it shares its layout: drawn at the same height with the same top and
 * bottom margins, its rows line up with the code heatmap's.
 */
import type { HeatmapLayout, HeatmapMargin, HeatmapRenderInfo, Normalize, RowHighlight } from './code-heatmap';
import { codeHeatmapLayout, heatmapHit, renderCodeHeatmap } from './code-heatmap';
import type { CodeHeatmapSpec } from './code-heatmap';

export interface ProfileHeatmapSpec {
  /** Row-major rows x classes: values[r * classes + k] is row r's mean output on class k. */
  values: ArrayLike<number>;
  rows: number;
  classes: number;
  /** Column labels (default "0", "1", ...). */
  classLabels?: readonly string[];
  /** Display order (source rows, may be a subset), as in the code heatmap. */
  rowOrder: ArrayLike<number>;
  /** Stable neuron id of each source row. */
  rowIds: ArrayLike<number>;
  /** 'neuron' scales each row to its own range: the row shows which class the neuron prefers. */
  normalize: Normalize;
  globalRange?: readonly [number, number];
  signed: boolean;
  highlights?: readonly RowHighlight[];
  width: number;
  height: number;
  dpr?: number;
  /** Overrides of HEATMAP_MARGIN (a small left margin with highlightLabels false suits a panel beside the code heatmap). */
  margin?: Partial<HeatmapMargin>;
  /** Draw the highlight labels (default true). */
  highlightLabels?: boolean;
  /** Legend title, default "mean output". */
  valueLabel?: string;
  /** Text beside the column labels, for instance "digit". */
  bandTitle?: string;
}

export interface ProfileHit {
  row: number;
  displayRow: number;
  id: number;
  classIndex: number;
  classLabel: string;
  value: number;
}

function asCodeSpec(spec: ProfileHeatmapSpec): CodeHeatmapSpec {
  const labels = spec.classLabels ?? Array.from({ length: spec.classes }, (_, k) => String(k));
  if (labels.length !== spec.classes) throw new Error(`${labels.length} class labels for ${spec.classes} classes`);
  return {
    values: spec.values,
    rows: spec.rows,
    cols: spec.classes,
    rowOrder: spec.rowOrder,
    rowIds: spec.rowIds,
    classBands: labels.map((label, k) => ({ label, start: k, end: k + 1 })),
    normalize: spec.normalize,
    globalRange: spec.globalRange,
    signed: spec.signed,
    highlights: spec.highlights,
    width: spec.width,
    height: spec.height,
    dpr: spec.dpr,
    margin: spec.margin,
    highlightLabels: spec.highlightLabels,
    valueLabel: spec.valueLabel ?? 'mean output',
    bandTitle: spec.bandTitle,
    bandGap: 1,
  };
}

export function renderProfileHeatmap(canvas: HTMLCanvasElement, spec: ProfileHeatmapSpec): HeatmapRenderInfo {
  return renderCodeHeatmap(canvas, asCodeSpec(spec));
}

export function profileHeatmapLayout(spec: ProfileHeatmapSpec): HeatmapLayout {
  return codeHeatmapLayout(asCodeSpec(spec));
}

/** The neuron and class under (x, y) in CSS px, or null. */
export function profileHit(spec: ProfileHeatmapSpec, x: number, y: number): ProfileHit | null {
  const h = heatmapHit(asCodeSpec(spec), x, y);
  if (!h) return null;
  return { row: h.row, displayRow: h.displayRow, id: h.id, classIndex: h.col, classLabel: h.classLabel ?? String(h.col), value: h.value };
}
