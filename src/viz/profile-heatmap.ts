/**
 * The class-profile heatmap: neurons (rows, in the code heatmap's order)
 * by classes (columns): each neuron's mean output per class, as the engine's
 * classProfiles computes it. It is a heatmap grid with one column per class,
 * built on the same base as the code heatmap: drawn at the same height with
 * the same top and bottom margins, its rows line up with the code heatmap's.
 */
import { heatmapLayout } from './heatmap/layout';
import { renderHeatmap } from './heatmap/render';
import type { HeatmapGridSpec, HeatmapLayout, HeatmapRenderInfo, NeuronHeatmapBase } from './heatmap/spec';

export interface ProfileHeatmapSpec extends NeuronHeatmapBase {
  /** Row-major rows x classes: values[r * classes + k] is row r's mean output on class k. */
  values: ArrayLike<number>;
  classes: number;
  /** Column labels (default "0", "1", ...). */
  classLabels?: readonly string[];
  /** Legend title, default "mean output". */
  valueLabel?: string;
}

/** The grid drawn: one column (and one labelled band) per class, 1 px between them. */
function profileGrid(spec: ProfileHeatmapSpec): HeatmapGridSpec {
  const labels = spec.classLabels ?? Array.from({ length: spec.classes }, (_, k) => String(k));
  if (labels.length !== spec.classes) throw new Error(`${labels.length} class labels for ${spec.classes} classes`);
  const { classes, classLabels: _labels, ...base } = spec;
  return { ...base, cols: classes, classBands: labels.map((label, k) => ({ label, start: k, end: k + 1 })), bandGap: 1 };
}

export function renderProfileHeatmap(canvas: HTMLCanvasElement, spec: ProfileHeatmapSpec): HeatmapRenderInfo {
  return renderHeatmap(canvas, profileGrid(spec), 'mean output');
}

export function profileHeatmapLayout(spec: ProfileHeatmapSpec): HeatmapLayout {
  return heatmapLayout(profileGrid(spec));
}

