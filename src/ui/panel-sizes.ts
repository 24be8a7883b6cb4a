/**
 * How large each drawing is for the width its panel gives it (CSS px) and
 * the renderers' size scale: pure arithmetic, so that every panel grows with
 * its column (wide screens, presenter mode) and shrinks on a phone without
 * pushing the page sideways.
 */

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/** Below this width a panel is on a phone: drawings get taller rather than wider. */
export const NARROW = 440;

/**
 * The network view. It never gets narrower than `minWidth` (on a phone it
 * then scrolls sideways inside its panel); taller on a narrow panel, so
 * that its neurons' cells stay large enough to tap; room for larger text at
 * a larger scale.
 */
export function networkSize(width: number, scale = 1): { width: number; height: number; minWidth: number } {
  const minWidth = Math.round(300 * scale);
  const w = Math.max(minWidth, width);
  const h = w < NARROW ? clamp(w * 1.1, 300, 440) : clamp(w * 0.5, 330, 520);
  return { width: w, height: Math.round(h + (scale - 1) * 58), minWidth };
}

/** The similarity graph: about square on a narrow panel, at least 400 px tall. */
export function graphSize(width: number, scale = 1): { width: number; height: number } {
  const w = Math.max(260, width);
  return { width: w, height: Math.round(clamp(w * 1.05, 400, 620) + (scale - 1) * 56) };
}

/** The compaction chart: as wide as its panel, a little taller on wide panels. */
export function compactionChartSize(width: number, scale = 1): { width: number; height: number } {
  const w = Math.max(240, width);
  return { width: w, height: Math.round(clamp(w * 0.6, 250, 460) + (scale - 1) * 66) };
}

/** Two learning-curve charts: side by side when both fit at `min` px, else one above the other at full width. */
export function learningChartWidth(width: number, gap: number, scale = 1): number {
  const min = 260 * scale;
  return width >= 2 * min + gap ? Math.floor((width - gap) / 2) : Math.max(220, width);
}

/**
 * The code heatmap and the class profiles beside it. On a narrow panel the
 * profiles go under the codes (`stacked`), each drawing as wide as the
 * panel; otherwise they share the row, never wider together than the panel.
 */
export function heatmapSizes(width: number, gap: number, scale = 1): { code: number; profile: number; height: number; stacked: boolean } {
  const profile = Math.round(clamp(width * 0.18, 150 * scale, 260 * scale));
  const stacked = width - profile - gap < 300 * scale;
  const height = Math.round(330 * Math.max(1, scale * 0.8));
  if (stacked) return { code: Math.max(200, width), profile: Math.max(200, width), height, stacked };
  return { code: width - profile - gap, profile, height, stacked };
}
