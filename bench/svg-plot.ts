/**
 * A small SVG plotting kit for the bench reports: panels with axes, mean
 * lines with ± sd bands and markers, reference lines, and a legend. Colours
 * are the Okabe-Ito palette (distinguishable with the common colour-vision
 * deficiencies); every method also has its own marker shape, so the plots
 * read in grey too.
 */
import type { Method } from '../src/core/compaction';

export type Marker = 'circle' | 'square' | 'triangle' | 'diamond' | 'down' | 'cross' | 'plus';

export const METHOD_STYLE: Record<Method, { color: string; marker: Marker }> = {
  ls: { color: '#0072B2', marker: 'circle' },
  pair: { color: '#009E73', marker: 'square' },
  srinivas: { color: '#CC79A7', marker: 'diamond' },
  merging: { color: '#E69F00', marker: 'triangle' },
  magnitude: { color: '#D55E00', marker: 'down' },
  apoz: { color: '#56B4E9', marker: 'plus' },
  random: { color: '#000000', marker: 'cross' },
};

export interface BandPoint {
  x: number;
  mean: number;
  sd: number;
  title?: string;
}

export interface Series {
  label: string;
  color: string;
  marker: Marker;
  dash?: string;
  /** Markers drawn hollow (white fill). */
  hollow?: boolean;
  points: BandPoint[];
}

export interface RefLine {
  y: number;
  label: string;
  color: string;
  dash: string;
}

export interface PanelSpec {
  left: number;
  top: number;
  width: number;
  height: number;
  title: string;
  xLabel: string;
  yLabel: string;
  xDomain: [number, number];
  xTicks: number[];
  xFormat: (x: number) => string;
  yDomain: [number, number];
  yTicks: number[];
  yFormat: (y: number) => string;
  series: Series[];
  refs?: RefLine[];
  /** Clip the bands, lines and markers to the frame (for a zoomed y range); needs an id unique in the document. */
  clipId?: string;
}

export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const f1 = (v: number) => v.toFixed(1);

export function markerSvg(kind: Marker, cx: number, cy: number, color: string, hollow: boolean, title = ''): string {
  const fill = hollow ? 'white' : color;
  const t = title ? `<title>${esc(title)}</title>` : '';
  const r = 3.6;
  const attrs = `fill="${fill}" stroke="${color}" stroke-width="1.6"`;
  switch (kind) {
    case 'circle':
      return `<circle cx="${f1(cx)}" cy="${f1(cy)}" r="${r}" ${attrs}>${t}</circle>`;
    case 'square':
      return `<rect x="${f1(cx - r)}" y="${f1(cy - r)}" width="${2 * r}" height="${2 * r}" ${attrs}>${t}</rect>`;
    case 'triangle':
      return `<path d="M${f1(cx)},${f1(cy - r - 1)} L${f1(cx + r + 0.5)},${f1(cy + r)} L${f1(cx - r - 0.5)},${f1(cy + r)} Z" ${attrs}>${t}</path>`;
    case 'down':
      return `<path d="M${f1(cx)},${f1(cy + r + 1)} L${f1(cx + r + 0.5)},${f1(cy - r)} L${f1(cx - r - 0.5)},${f1(cy - r)} Z" ${attrs}>${t}</path>`;
    case 'diamond':
      return `<path d="M${f1(cx)},${f1(cy - r - 1)} L${f1(cx + r + 1)},${f1(cy)} L${f1(cx)},${f1(cy + r + 1)} L${f1(cx - r - 1)},${f1(cy)} Z" ${attrs}>${t}</path>`;
    case 'cross':
      return `<path d="M${f1(cx - r)},${f1(cy - r)} L${f1(cx + r)},${f1(cy + r)} M${f1(cx - r)},${f1(cy + r)} L${f1(cx + r)},${f1(cy - r)}" fill="none" stroke="${color}" stroke-width="2">${t}</path>`;
    case 'plus':
      return `<path d="M${f1(cx - r - 1)},${f1(cy)} L${f1(cx + r + 1)},${f1(cy)} M${f1(cx)},${f1(cy - r - 1)} L${f1(cx)},${f1(cy + r + 1)}" fill="none" stroke="${color}" stroke-width="2">${t}</path>`;
  }
}

/** One panel: frame, grid, ticks, labels, bands, lines, markers and reference lines. */
export function panel(p: PanelSpec): string[] {
  const { left, top, width, height } = p;
  const x = (v: number) => left + ((v - p.xDomain[0]) / (p.xDomain[1] - p.xDomain[0])) * width;
  const y = (v: number) => top + (1 - (v - p.yDomain[0]) / (p.yDomain[1] - p.yDomain[0])) * height;
  const clampY = (v: number) => Math.min(p.yDomain[1], Math.max(p.yDomain[0], v));
  const out: string[] = [];
  out.push(`<text x="${left}" y="${top - 10}" font-size="13" font-weight="bold">${esc(p.title)}</text>`);
  for (const t of p.yTicks) {
    out.push(`<line x1="${left}" x2="${left + width}" y1="${f1(y(t))}" y2="${f1(y(t))}" stroke="#e6e6e6"/>`);
    out.push(`<text x="${left - 6}" y="${f1(y(t) + 4)}" text-anchor="end">${esc(p.yFormat(t))}</text>`);
  }
  for (const t of p.xTicks) {
    out.push(`<line x1="${f1(x(t))}" x2="${f1(x(t))}" y1="${top}" y2="${top + height}" stroke="#f0f0f0"/>`);
    out.push(`<text x="${f1(x(t))}" y="${top + height + 16}" text-anchor="middle">${esc(p.xFormat(t))}</text>`);
  }
  out.push(`<rect x="${left}" y="${top}" width="${width}" height="${height}" fill="none" stroke="#888"/>`);
  out.push(`<text x="${left + width / 2}" y="${top + height + 36}" text-anchor="middle">${esc(p.xLabel)}</text>`);
  out.push(`<text transform="translate(${left - 42} ${top + height / 2}) rotate(-90)" text-anchor="middle">${esc(p.yLabel)}</text>`);
  if (p.clipId) {
    out.push(`<clipPath id="${p.clipId}"><rect x="${left}" y="${top}" width="${width}" height="${height}"/></clipPath>`);
    out.push(`<g clip-path="url(#${p.clipId})">`);
  }
  for (const s of p.series) {
    const pts = s.points.slice().sort((a, b) => a.x - b.x);
    if (pts.length > 1) {
      const upper = pts.map((q) => `${f1(x(q.x))},${f1(y(clampY(q.mean + q.sd)))}`);
      const lower = pts.map((q) => `${f1(x(q.x))},${f1(y(clampY(q.mean - q.sd)))}`).reverse();
      out.push(`<path d="M${upper.join(' L')} L${lower.join(' L')} Z" fill="${s.color}" fill-opacity="0.13" stroke="none"/>`);
    }
  }
  for (const r of p.refs ?? []) {
    out.push(`<line x1="${left}" x2="${left + width}" y1="${f1(y(r.y))}" y2="${f1(y(r.y))}" stroke="${r.color}" stroke-width="1.2" stroke-dasharray="${r.dash}"><title>${esc(r.label)}</title></line>`);
  }
  for (const s of p.series) {
    const pts = s.points.slice().sort((a, b) => a.x - b.x);
    const d = pts.map((q, i) => `${i ? 'L' : 'M'}${f1(x(q.x))},${f1(y(q.mean))}`).join(' ');
    out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.8"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`);
    for (const q of pts) out.push(markerSvg(s.marker, x(q.x), y(q.mean), s.color, s.hollow ?? false, q.title ?? `${s.label}: ${p.yFormat(q.mean)} ± ${p.yFormat(q.sd)}`));
  }
  if (p.clipId) out.push('</g>');
  return out;
}

export interface LegendItem {
  label: string;
  color: string;
  marker?: Marker;
  dash?: string;
  hollow?: boolean;
}

/** A legend in rows of `columns` items, each `colWidth` wide. */
export function legend(items: LegendItem[], left: number, top: number, columns: number, colWidth: number): string[] {
  const out: string[] = [];
  items.forEach((it, k) => {
    const lx = left + (k % columns) * colWidth;
    const ly = top + Math.floor(k / columns) * 20;
    out.push(`<line x1="${lx}" x2="${lx + 28}" y1="${ly}" y2="${ly}" stroke="${it.color}" stroke-width="1.8"${it.dash ? ` stroke-dasharray="${it.dash}"` : ''}/>`);
    if (it.marker) out.push(markerSvg(it.marker, lx + 14, ly, it.color, it.hollow ?? false));
    out.push(`<text x="${lx + 34}" y="${ly + 4}">${esc(it.label)}</text>`);
  });
  return out;
}

export function svgDocument(width: number, height: number, body: string[]): string {
  return (
    [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
      `<rect width="${width}" height="${height}" fill="white"/>`,
      ...body,
      '</svg>',
    ].join('\n') + '\n'
  );
}
