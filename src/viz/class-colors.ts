/**
 * The ten digit classes' colours, shared by every view that colours by class
 * (similarity graph, network view, heatmap bands), and a small SVG legend.
 *
 * Why this palette: no ten-colour set is safe under every colour-vision
 * deficiency, so we start from Okabe-Ito (all eight, black included) and add
 * Paul Tol's indigo (#332288) and wine (#882255), which differ from those
 * eight mostly in lightness. Simulated with Machado et al. (2009) at full
 * severity and compared with CIEDE2000, the worst pair of the ten is
 * dE00 = 10.9 (protan, deutan and tritan alike; 21.7 with normal vision),
 * while d3.schemeTableau10 drops to 0.7 (deutan: green vs teal) and
 * d3.schemeCategory10 to 1.3 (protan). The ten colours were then assigned to
 * digits by exhaustive search so that the digit pairs MNIST confuses most
 * (4-9, 3-5, 7-9, 2-7, 3-8, 5-8, 8-9, 1-7, 5-6, 0-6, 2-8, 4-7) are at least
 * dE00 = 36 apart under every simulation: neurons that prefer look-alike
 * digits also look different. Colour is never the only channel: the legend
 * names the classes and tooltips state the preferred class.
 *
 * Light colours (yellow for 9, sky for 5) need an outline on white; use
 * classStroke() for it.
 */
import * as d3 from 'd3';
import { MUTED, OKABE_ITO } from './palette';

export const TOL_INDIGO = '#332288';
export const TOL_WINE = '#882255';

/** CLASS_COLORS[d] is the colour of digit d. */
export const CLASS_COLORS: readonly string[] = [
  OKABE_ITO.orange, // 0
  OKABE_ITO.purple, // 1 (Okabe-Ito's reddish purple)
  OKABE_ITO.green, // 2
  OKABE_ITO.vermillion, // 3
  OKABE_ITO.blue, // 4
  OKABE_ITO.sky, // 5
  TOL_WINE, // 6
  OKABE_ITO.black, // 7
  TOL_INDIGO, // 8
  OKABE_ITO.yellow, // 9
];

/** Neutral fill for a neuron without a preferred class (dead, or unknown). */
export const NO_CLASS_COLOR = '#b8c0ca';

export function classColor(k: number | null | undefined): string {
  if (k === null || k === undefined || !(k >= 0 && k < CLASS_COLORS.length)) return NO_CLASS_COLOR;
  return CLASS_COLORS[k | 0];
}

const strokeCache = new Map<string, string>();
/** A darker outline of a class colour, so light fills stay visible on white. */
export function classStroke(k: number | null | undefined): string {
  const fill = classColor(k);
  let s = strokeCache.get(fill);
  if (!s) {
    const c = d3.hsl(fill);
    // Black stays black; light colours get a clearly darker edge.
    s = c.l < 0.2 ? fill : d3.hsl(c.h, c.s, Math.max(0, c.l * 0.62)).formatHex();
    strokeCache.set(fill, s);
  }
  return s;
}

export interface ClassLegendOptions {
  /** Text before the swatches, e.g. "preferred class". */
  title?: string;
  /** Colours to show (defaults to CLASS_COLORS). */
  colors?: readonly string[];
  /** Swatch radius in px (default 5). */
  radius?: number;
  /** Horizontal space per class in px (default 22). */
  step?: number;
  fontSize?: number;
  /** Text colour. */
  ink?: string;
  /** Hovering a swatch calls this with its class; leaving it with null. */
  onHover?: (k: number | null) => void;
}

/**
 * Draws (or redraws in place) a one-line class legend into `g`: an optional
 * title followed by a dot and the digit for every class. Returns the width
 * it used, so callers can right-align or centre it.
 */
export function renderClassLegend(g: SVGGElement, opts: ClassLegendOptions = {}): number {
  const colors = opts.colors ?? CLASS_COLORS;
  const r = opts.radius ?? 5;
  const step = opts.step ?? 22;
  const fontSize = opts.fontSize ?? 11;
  const ink = opts.ink ?? '#1f2933';
  const sel = d3.select(g).classed('class-legend', true);
  sel.attr('font-size', fontSize).attr('role', 'list').attr('aria-label', `${opts.title ?? 'class'} colours`);
  let x = 0;
  const title = sel
    .selectAll<SVGTextElement, string>('text.legend-title')
    .data(opts.title ? [opts.title] : [])
    .join('text')
    .attr('class', 'legend-title')
    .attr('x', 0)
    .attr('y', 0)
    .attr('dy', '0.35em')
    .attr('fill', MUTED)
    .text((d) => d);
  const tn = title.node();
  if (tn) {
    // getComputedTextLength needs layout; fall back to an estimate when detached.
    let w: number;
    try {
      w = tn.getComputedTextLength();
    } catch {
      w = 0;
    }
    x = (w > 0 ? w : opts.title!.length * fontSize * 0.55) + 8;
  }
  const items = sel
    .selectAll<SVGGElement, number>('g.legend-item')
    .data(d3.range(colors.length))
    .join((enter) => {
      const it = enter.append('g').attr('class', 'legend-item').attr('role', 'listitem');
      it.append('circle');
      it.append('text');
      return it;
    })
    .attr('transform', (k) => `translate(${x + k * step + r},0)`)
    .attr('data-class', (k) => k)
    .attr('aria-label', (k) => `class ${k}`);
  items
    .select('circle')
    .attr('r', r)
    .attr('fill', (k) => colors[k])
    .attr('stroke', (k) => classStroke(k))
    .attr('stroke-width', 1);
  items
    .select('text')
    .attr('x', r + 3)
    .attr('dy', '0.35em')
    .attr('fill', ink)
    .text((k) => String(k));
  if (opts.onHover) {
    const cb = opts.onHover;
    items.style('cursor', 'default').on('pointerenter', (_e, k) => cb(k)).on('pointerleave', () => cb(null));
  } else {
    items.on('pointerenter', null).on('pointerleave', null);
  }
  return x + colors.length * step;
}
