/**
 * What the heatmaps draw around their plot, on the canvas: the column bands
 * with their labels, the highlighted rows (outlines, markers, labels) and
 * the footer (caption, "no variation" swatch, colour legend). Shared by the
 * code heatmap and the class-profile heatmap.
 */
import type { ColorLut } from '../color-scales';
import { drawColorLegend, FONT_FAMILY, legendTitleWidth } from '../color-legend';
import { INK, MUTED } from '../palette';
import { FONT, fontPx } from '../sizes';
import { placeHighlights } from './layout';
import { FLAT_COLOR } from './paint';
import type { HeatmapLayout, RowHighlight } from './spec';

/** The text, cut short with an ellipsis if it is wider than maxWidth in the context's current font. */
export function fitText(ctx: CanvasRenderingContext2D, text: string, maxWidth: number): string {
  if (ctx.measureText(text).width <= maxWidth) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ctx.measureText(text.slice(0, mid) + '\u2026').width <= maxWidth) lo = mid;
    else hi = mid - 1;
  }
  return lo > 0 ? text.slice(0, lo).trimEnd() + '\u2026' : '';
}

/** The column bands above the plot, shaded alternately and labelled where the label fits; the title to their left. */
export function drawBands(ctx: CanvasRenderingContext2D, layout: HeatmapLayout, bandTitle: string | undefined): void {
  const { plot, segments } = layout;
  const k = layout.scale;
  const bh = 16 * k;
  const y = plot.y - bh - 3 * k;
  ctx.save();
  ctx.font = `600 ${fontPx(FONT.small, k)}px ${FONT_FAMILY}`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  let shade = 0;
  for (const s of segments) {
    if (s.label === null) continue;
    const w = s.x1 - s.x0;
    ctx.fillStyle = shade++ % 2 === 0 ? '#e3e8ee' : '#f1f3f6';
    ctx.fillRect(s.x0, y, w, bh);
    const tw = ctx.measureText(s.label).width;
    if (tw <= w - 2) {
      ctx.fillStyle = INK;
      ctx.fillText(s.label, s.x0 + w / 2, y + bh / 2 + 0.5 * k);
    }
  }
  if (bandTitle) {
    ctx.font = `${fontPx(FONT.small, k)}px ${FONT_FAMILY}`;
    ctx.fillStyle = MUTED;
    ctx.textAlign = 'right';
    ctx.fillText(bandTitle, plot.x - 6 * k, y + bh / 2 + 0.5 * k);
  }
  ctx.restore();
}

/**
 * Highlighted rows: a line above and below each (a run of adjacent highlighted
 * rows, such as a candidate pair that seriation put side by side, gets one
 * pair of lines, coloured by its first and last row), leaving the row itself
 * visible; a marker at each edge of the plot; and labels in the left margin.
 * Markers and labels are pushed apart so that neighbouring rows stay
 * readable, with a leader line to the row when they had to move.
 */
export function drawHighlights(
  ctx: CanvasRenderingContext2D,
  layout: HeatmapLayout,
  rowOrder: ArrayLike<number>,
  highlights: readonly RowHighlight[],
  withLabels: boolean,
  halo = 'rgba(255,255,255,0.9)',
): void {
  const { plot, margin } = layout;
  const k = layout.scale;
  const { marks, runs } = placeHighlights(layout, rowOrder, highlights, withLabels, k);
  if (marks.length === 0) return;
  ctx.save();
  // Lines above and below each run of adjacent rows: a halo outside (white on
  // the dark-ended sequential scale, dark on the white-centred diverging one), colour inside.
  const hline = (y: number, color: string, dir: -1 | 1) => {
    ctx.lineWidth = 2 * k;
    ctx.strokeStyle = halo;
    ctx.beginPath();
    ctx.moveTo(plot.x, y + dir * 2.25 * k);
    ctx.lineTo(plot.x + plot.w, y + dir * 2.25 * k);
    ctx.stroke();
    ctx.lineWidth = 1.5 * k;
    ctx.strokeStyle = color;
    ctx.beginPath();
    ctx.moveTo(plot.x, y + dir * 0.9 * k);
    ctx.lineTo(plot.x + plot.w, y + dir * 0.9 * k);
    ctx.stroke();
  };
  for (const run of runs) {
    hline(run.first.y0 - 0.5, run.first.h.color, -1);
    hline(run.last.y1 + 0.5, run.last.h.color, 1);
  }
  const tri = 6 * k;
  const stub = 4 * k;
  const marker = (edge: number, side: -1 | 1, it: (typeof marks)[number]) => {
    // side -1: left of the plot, pointing right; side 1: right of it, pointing left.
    const tip = edge + side * stub;
    ctx.strokeStyle = it.h.color;
    ctx.lineWidth = 1.25 * k;
    ctx.beginPath();
    ctx.moveTo(tip, it.ly);
    ctx.lineTo(edge, it.yc);
    ctx.stroke();
    ctx.fillStyle = it.h.color;
    ctx.beginPath();
    ctx.moveTo(tip, it.ly);
    ctx.lineTo(tip + side * tri, it.ly - tri * 0.7);
    ctx.lineTo(tip + side * tri, it.ly + tri * 0.7);
    ctx.closePath();
    ctx.fill();
  };
  for (const it of marks) {
    marker(plot.x, -1, it);
    if (margin.right >= stub + tri) marker(plot.x + plot.w, 1, it);
  }
  if (withLabels) {
    ctx.font = `600 ${fontPx(FONT.small, k)}px ${FONT_FAMILY}`;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    const tx = plot.x - stub - tri - 3 * k;
    for (const it of marks) {
      ctx.fillStyle = it.h.color;
      ctx.fillText(fitText(ctx, it.h.label, tx - 2), tx, it.ly + 0.5 * k);
    }
  }
  ctx.restore();
}

/**
 * Caption at the bottom left, legend at the bottom right, and (when some rows
 * are flat) a grey swatch "no variation" between them, if there is room.
 */
export function drawFooter(
  ctx: CanvasRenderingContext2D,
  layout: HeatmapLayout,
  lut: ColorLut,
  labels: readonly [string, string, string],
  title: string,
  caption: string | undefined,
  flatRows = 0,
): void {
  const { plot } = layout;
  const k = layout.scale;
  const y = plot.y + plot.h + 8 * k;
  const tw = legendTitleWidth(ctx, title, k);
  const rampW = Math.max(40 * k, Math.min(170 * k, caption ? plot.w * 0.4 : plot.w, plot.w - tw - 4 * k));
  const rampX = plot.x + plot.w - rampW;
  drawColorLegend(ctx, rampX, y, rampW, { lut, labels, title, scale: k });
  let room = rampX - tw - 12 * k - plot.x;
  const font = `${fontPx(FONT.small, k)}px ${FONT_FAMILY}`;
  if (flatRows > 0) {
    ctx.save();
    ctx.font = font;
    const text = 'no variation';
    const need = ctx.measureText(text).width + 16 * k;
    if (room >= need) {
      const sx = rampX - tw - 12 * k - need;
      ctx.fillStyle = FLAT_COLOR;
      ctx.fillRect(sx, y, 10 * k, 8 * k);
      ctx.fillStyle = MUTED;
      ctx.textAlign = 'left';
      ctx.textBaseline = 'middle';
      ctx.fillText(text, sx + 14 * k, y + 4 * k);
      room -= need + 8 * k;
    }
    ctx.restore();
  }
  if (caption && room > 40 * k) {
    ctx.save();
    ctx.font = font;
    ctx.fillStyle = MUTED;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'middle';
    ctx.fillText(fitText(ctx, caption, room), plot.x, y + 4 * k);
    ctx.restore();
  }
}
