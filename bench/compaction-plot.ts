/** The comparison as an SVG line plot: test accuracy against parameters, one line per method. */
import type { Method } from '../src/core/compaction';
import { METHOD_LABELS, METHODS } from '../src/core/compaction';

export interface Row {
  method: Method;
  kind: 'uniform' | 'auto';
  fraction: number;
  widths: number[];
  params: number;
  accuracy: number;
}

const COLORS: Record<Method, string> = {
  ls: '#1f77b4',
  pair: '#2ca02c',
  srinivas: '#9467bd',
  merging: '#8c564b',
  magnitude: '#d62728',
  apoz: '#e377c2',
  random: '#7f7f7f',
};

function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
}

export function plotSvg(rows: Row[], fullParams: number, baseAccuracy: number): string {
  const W = 820;
  const H = 460;
  const m = { l: 60, r: 270, t: 30, b: 50 };
  const pw = W - m.l - m.r;
  const ph = H - m.t - m.b;
  const xMax = Math.ceil((Math.max(...rows.map((r) => r.params)) * 1.05) / 10000) * 10000;
  const x = (p: number) => m.l + (p / xMax) * pw;
  const y = (a: number) => m.t + (1 - a) * ph;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${m.l}" y="18" font-size="14" font-weight="bold">LeNet-300-100 on MNIST: test accuracy after compaction (no retraining)</text>`);
  for (let a = 0; a <= 1.0001; a += 0.1) {
    out.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${y(a)}" y2="${y(a)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${m.l - 6}" y="${y(a) + 4}" text-anchor="end">${Math.round(a * 100)}</text>`);
  }
  const step = [10000, 20000, 25000, 50000, 100000, 200000, 500000].find((d) => xMax / d <= 10) ?? 1000000;
  for (let p = 0; p <= xMax; p += step) {
    out.push(`<line x1="${x(p)}" x2="${x(p)}" y1="${m.t}" y2="${m.t + ph}" stroke="#f0f0f0"/>`);
    out.push(`<text x="${x(p)}" y="${m.t + ph + 16}" text-anchor="middle">${p / 1000}k</text>`);
  }
  out.push(`<rect x="${m.l}" y="${m.t}" width="${pw}" height="${ph}" fill="none" stroke="#888"/>`);
  out.push(`<text x="${m.l + pw / 2}" y="${H - 12}" text-anchor="middle">parameters (original: ${fullParams.toLocaleString('en-US')})</text>`);
  out.push(`<text transform="translate(16 ${m.t + ph / 2}) rotate(-90)" text-anchor="middle">test accuracy (%)</text>`);
  out.push(`<line x1="${m.l}" x2="${m.l + pw}" y1="${y(baseAccuracy)}" y2="${y(baseAccuracy)}" stroke="#000" stroke-dasharray="2 3"/>`);
  const series: { label: string; color: string; dash: string; pts: Row[]; marker: 'circle' | 'diamond' }[] = [];
  for (const method of METHODS) {
    const pts = rows.filter((r) => r.method === method && r.kind === 'uniform').sort((a, b) => a.params - b.params);
    if (pts.length) series.push({ label: METHOD_LABELS[method], color: COLORS[method], dash: '', pts, marker: 'circle' });
  }
  for (const method of METHODS) {
    const pts = rows.filter((r) => r.method === method && r.kind === 'auto').sort((a, b) => a.params - b.params);
    if (pts.length) series.push({ label: `automatic, ${METHOD_LABELS[method]}`, color: COLORS[method], dash: '6 4', pts, marker: 'diamond' });
  }
  series.forEach((s, k) => {
    const d = s.pts.map((p, i) => `${i ? 'L' : 'M'}${x(p.params).toFixed(1)},${y(p.accuracy).toFixed(1)}`).join(' ');
    out.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2" ${s.dash ? `stroke-dasharray="${s.dash}"` : ''}/>`);
    for (const p of s.pts) {
      const cx = x(p.params);
      const cy = y(p.accuracy);
      out.push(
        s.marker === 'circle'
          ? `<circle cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="3.5" fill="${s.color}"><title>${esc(s.label)}: ${p.params} parameters, ${(100 * p.accuracy).toFixed(1)}%</title></circle>`
          : `<path d="M${cx.toFixed(1)},${(cy - 5).toFixed(1)} l5,5 l-5,5 l-5,-5 z" fill="white" stroke="${s.color}" stroke-width="2"><title>${esc(s.label)}: widths ${p.widths.slice(1, -1).join('-')}, ${(100 * p.accuracy).toFixed(1)}%</title></path>`,
      );
    }
    const ly = m.t + 10 + k * 20;
    const lx = m.l + pw + 16;
    out.push(`<line x1="${lx}" x2="${lx + 24}" y1="${ly}" y2="${ly}" stroke="${s.color}" stroke-width="2" ${s.dash ? `stroke-dasharray="${s.dash}"` : ''}/>`);
    out.push(`<text x="${lx + 30}" y="${ly + 4}">${esc(s.label)}</text>`);
  });
  const ly = m.t + 10 + series.length * 20;
  out.push(`<line x1="${m.l + pw + 16}" x2="${m.l + pw + 40}" y1="${ly}" y2="${ly}" stroke="#000" stroke-dasharray="2 3"/>`);
  out.push(`<text x="${m.l + pw + 46}" y="${ly + 4}">original (${(100 * baseAccuracy).toFixed(2)}%)</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
