/**
 * Draws a heatmap grid into a canvas: plot, column bands, highlights and
 * footer, all from one layout (the one hit-testing uses).
 */
import { legendLabels, setupCanvas } from '../color-legend';
import { scaleFor } from '../color-scales';
import { drawBands, drawFooter, drawHighlights } from './annotations';
import { sharedRange } from './bins';
import { checkSpec, heatmapLayout } from './layout';
import { paintPlot } from './paint';
import type { HeatmapGridSpec, HeatmapRenderInfo } from './spec';

/** Draws the heatmap into the canvas (resized to width x height CSS px at the device pixel ratio). */
export function renderHeatmap(canvas: HTMLCanvasElement, spec: HeatmapGridSpec, defaultValueLabel = 'output'): HeatmapRenderInfo {
  const t0 = performance.now();
  checkSpec(spec);
  const ctx = setupCanvas(canvas, spec.width, spec.height, spec.dpr);
  const ratio = canvas.width / spec.width;
  const layout = heatmapLayout(spec);
  const lut = scaleFor(spec.signed);
  const range = sharedRange(spec);
  const flatRows = paintPlot(ctx, spec, layout, ratio, lut, range);
  canvas.dataset.rows = String(spec.rowOrder.length); // what is drawn (for tests and tools)
  drawBands(ctx, layout, spec.bandTitle);
  drawHighlights(ctx, layout, spec.rowOrder, spec.highlights ?? [], spec.highlightLabels ?? true, spec.signed ? 'rgba(31,41,51,0.85)' : undefined);
  const labels = range ? legendLabels(range[0], range[1], spec.signed) : legendLabels(0, 0, spec.signed, true);
  drawFooter(ctx, layout, lut, labels, spec.valueLabel ?? defaultValueLabel, spec.caption, flatRows);
  return { layout, range, flatRows, ms: performance.now() - t0 };
}
