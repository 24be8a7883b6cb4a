/**
 * The heatmaps' keyboard interaction, pure: one display row is the active
 * one (moved with the arrow keys, see ../roving.ts); where it is drawn, so
 * that the caller can point at it, and which display row shows a source row.
 */
import { heatmapLayout, rowExtent, type LayoutInput } from './layout';

/** The display row that shows source row `row`, or -1. */
export function displayRowOf(rowOrder: ArrayLike<number>, row: number): number {
  for (let k = 0; k < rowOrder.length; k++) if (rowOrder[k] === row) return k;
  return -1;
}

/** Where display row k is drawn (CSS px in the heatmap's own coordinates): the plot's left edge and the row's vertical centre. */
export function rowAnchor(spec: LayoutInput, k: number): { x: number; y: number } {
  const layout = heatmapLayout(spec);
  const [y0, y1] = rowExtent(layout, Math.max(0, Math.min(layout.displayRows - 1, k)));
  return { x: layout.plot.x, y: (y0 + y1) / 2 };
}
