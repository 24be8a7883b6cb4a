/**
 * The code heatmap: one hidden layer's neurons (rows) by probe samples
 * (columns, grouped by class), on a canvas. It draws what it is given and
 * computes nothing the engine computes: the caller passes the codes, the row
 * order (seriation), the class grouping and the highlighted neurons.
 *
 * There are usually more samples (2,000) than pixel columns, so each device
 * pixel column shows the mean of the samples it covers; with more rows than
 * device pixel rows, a pixel row shows the mean of its rows. Both are drawn
 * straight into ImageData through a 256-entry colour table.
 *
 * Layout (CSS px): class bands along the top, labelled; a narrow gap
 * separates the classes in the plot; the left margin carries the highlight
 * labels; the bottom strip a caption and the colour legend. The same layout
 * drives heatmapHit, so hit-testing matches the picture exactly.
 *
 * The parts live in ./heatmap: spec.ts (types, shared with the profile
 * heatmap), layout.ts (geometry and hit-testing), bins.ts (values to colour
 * positions), paint.ts (pixels), annotations.ts (bands, highlights, footer),
 * render.ts (all of it in order).
 */
import { heatmapLayout, type LayoutInput } from './heatmap/layout';
import { renderHeatmap } from './heatmap/render';
import type { HeatmapGridSpec, HeatmapLayout, HeatmapRenderInfo } from './heatmap/spec';

export type {
  BandSegment,
  HeatmapHit,
  HeatmapLayout,
  HeatmapMargin,
  HeatmapRenderInfo,
  NeuronHeatmapBase,
  RowHighlight,
} from './heatmap/spec';
export { HEATMAP_MARGIN } from './heatmap/spec';
export { heatmapHit } from './heatmap/layout';
export { drawFooter, drawHighlights, fitText } from './heatmap/annotations';
export { FLAT_COLOR } from './heatmap/paint';

/**
 * The code heatmap's spec: the shared heatmap grid (values are the codes,
 * rows x probe samples; classBands group the samples by class). Its legend
 * title defaults to "output".
 */
export type CodeHeatmapSpec = HeatmapGridSpec;

/** The layout of a code heatmap (CSS px); pure arithmetic, shared by rendering and hit-testing. */
export function codeHeatmapLayout(spec: LayoutInput): HeatmapLayout {
  return heatmapLayout(spec);
}

/** Draws the heatmap into the canvas (resized to width x height CSS px at the device pixel ratio). */
export function renderCodeHeatmap(canvas: HTMLCanvasElement, spec: CodeHeatmapSpec): HeatmapRenderInfo {
  return renderHeatmap(canvas, spec, 'output');
}
