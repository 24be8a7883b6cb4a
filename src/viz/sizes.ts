/**
 * Type sizes shared by the renderers, in CSS px at size scale 1. Every
 * renderer takes a size scale (`scale`, default 1) and multiplies these and
 * its own margins and stroke widths by it, so that one number makes a
 * drawing larger for a projector (presenter mode) or for a reader who set a
 * larger default font.
 *
 * The smallest size is 11 px: at the presenter scale (see src/ui/hooks.ts)
 * it becomes 18.7 px, readable from the back of a room.
 */
export const FONT = {
  /** Tick labels, legends, notes, band labels. */
  small: 11,
  /** Axis titles, column titles. */
  label: 12,
  /** Text shown in an empty plot. */
  note: 13,
} as const;

/** A font size at a scale, rounded to a tenth of a pixel. */
export function fontPx(size: number, scale = 1): number {
  return Math.round(size * scale * 10) / 10;
}

/** A size scale that is a finite positive number (1 otherwise). */
export function sizeScale(scale: number | undefined): number {
  return scale !== undefined && Number.isFinite(scale) && scale > 0 ? scale : 1;
}
