/**
 * Colour scales for the dense heatmaps, as 256-entry lookup tables that an
 * ImageData loop can index directly (no d3 call and no string parsing per pixel).
 *
 * Both scales are colour-blind safe:
 *
 * - Sequential (relu and sigmoid outputs, which are >= 0): viridis. Its
 *   lightness rises monotonically from dark purple to light yellow, so it
 *   reads correctly in grayscale, and its hue path (purple, blue, green,
 *   yellow) runs mostly along the blue-yellow axis that protanopes and
 *   deuteranopes keep; they see a dark-blue-to-yellow ramp with the same order.
 *
 * - Diverging (tanh outputs and weights, signed around 0): ColorBrewer's RdBu,
 *   turned so that negative is blue and positive is red. ColorBrewer rates it
 *   colour-blind safe: its two arms differ along the blue-yellow opponent
 *   channel (red is seen as a brownish orange by deuteranopes, never as blue)
 *   and both darken symmetrically away from a near-white zero. PuOr would do
 *   as well; red-green scales such as RdYlGn would not. In grayscale the sign
 *   is lost but |value| survives (both ends are dark), which the legend's
 *   labels make up for.
 */
import * as d3 from 'd3';

export type ScaleKind = 'sequential' | 'diverging';

/** A 256-entry colour table. Index 0 is the low end, 255 the high end (diverging: 127.5 is zero). */
export interface ColorLut {
  readonly kind: ScaleKind;
  readonly name: string;
  /** r, g, b for entry k at [3k, 3k + 1, 3k + 2]. */
  readonly rgb: Uint8Array;
  /**
   * Each entry as one 32-bit RGBA pixel in the platform's byte order (alpha 255),
   * ready to be stored through a Uint32Array view of ImageData.data.
   */
  readonly packed: Uint32Array;
  /** The interpolator the table was sampled from (t in [0, 1]), for smooth ramps. */
  readonly interpolate: (t: number) => string;
}

const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([0x01020304]).buffer)[0] === 0x04;

/** One RGBA pixel as a 32-bit word whose bytes lie in memory as r, g, b, a. */
export function packRgba(r: number, g: number, b: number, a = 255): number {
  return LITTLE_ENDIAN ? ((a << 24) | (b << 16) | (g << 8) | r) >>> 0 : ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;
}

/** Samples an interpolator at 256 evenly spaced points. */
export function makeLut(kind: ScaleKind, name: string, interpolate: (t: number) => string): ColorLut {
  const rgb = new Uint8Array(256 * 3);
  const packed = new Uint32Array(256);
  for (let k = 0; k < 256; k++) {
    const c = d3.rgb(interpolate(k / 255));
    const r = Math.round(c.r);
    const g = Math.round(c.g);
    const b = Math.round(c.b);
    rgb[3 * k] = r;
    rgb[3 * k + 1] = g;
    rgb[3 * k + 2] = b;
    packed[k] = packRgba(r, g, b);
  }
  return { kind, name, rgb, packed, interpolate };
}

/** RdBu with blue for negative and red for positive. */
const rdBuNegBlue = (t: number): string => d3.interpolateRdBu(1 - t);

let sequentialLut: ColorLut | null = null;
let divergingLut: ColorLut | null = null;

/** Viridis (built once, on first use). */
export function sequentialScale(): ColorLut {
  return (sequentialLut ??= makeLut('sequential', 'viridis', d3.interpolateViridis));
}

/** RdBu, negative blue, zero near-white, positive red (built once, on first use). */
export function divergingScale(): ColorLut {
  return (divergingLut ??= makeLut('diverging', 'RdBu', rdBuNegBlue));
}

/** The scale for signed (tanh, weights) or non-negative (relu, sigmoid) values. */
export function scaleFor(signed: boolean): ColorLut {
  return signed ? divergingScale() : sequentialScale();
}

/** The LUT index of t in [0, 1] (clamped; NaN maps to 0). */
export function lutIndex(t: number): number {
  const k = Math.round(t * 255);
  return k > 255 ? 255 : k >= 0 ? k : 0;
}

/** The CSS colour of t in [0, 1] on a table (for text and strokes drawn next to the heatmap). */
export function lutCss(lut: ColorLut, t: number): string {
  const k = 3 * lutIndex(t);
  return `rgb(${lut.rgb[k]},${lut.rgb[k + 1]},${lut.rgb[k + 2]})`;
}
