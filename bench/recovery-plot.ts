/**
 * docs/recovery-plot.svg: test accuracy against epochs of fine-tuning, one
 * column per fraction removed, every method's mean over the runs with a ± 1 sd
 * band, and least-squares unification's accuracy without fine-tuning as a
 * reference line. The top row shows the whole range, the bottom row zooms in
 * on the top of it (where the methods end up).
 */
import { METHOD_LABELS, METHODS } from '../src/core/compaction';
import type { RecoveryData } from './bench-data';
import type { LegendItem, Series } from './svg-plot';
import { legend, METHOD_STYLE, panel, svgDocument } from './svg-plot';
import { recoveryCurve } from './summaries';

export function recoveryPlotSvg(r: RecoveryData): string {
  const runs = r.modelSeeds.length * r.probeSeeds.length;
  const epochs = r.settings.epochs;
  const body: string[] = [];
  body.push(
    `<text x="20" y="22" font-size="15" font-weight="bold">Fine-tuning after compaction: test accuracy against epochs (mean ± 1 sd over ${runs} runs: ${r.modelSeeds.length} models x ${r.probeSeeds.length} probe sets)</text>`,
  );
  body.push(
    `<text x="20" y="40" fill="#444">Adam lr ${r.settings.learningRate}, batch ${r.settings.batchSize}, the ${r.sizes.train.toLocaleString('en-US')} training digits, fine-tune seed ${r.settings.seed}; epoch 0 = as the method left the network. Dotted: least-squares unification without fine-tuning.</text>`,
  );
  const cols = r.fractions.length;
  const w = 200;
  const h = 210;
  const gap = 62;
  const left0 = 62;
  const curves = r.fractions.map((f) => ({ f, byMethod: METHODS.map((m) => ({ m, curve: recoveryCurve(r, m, f) })) }));
  const top = Math.max(...curves.flatMap((c) => c.byMethod.flatMap((x) => x.curve.map((s) => s.mean + s.sd))));
  const zoomHi = Math.min(100, Math.ceil(top + 0.5)) / 100;
  const zoomLo = Math.max(0, Math.floor((zoomHi - 0.18) * 50) / 50); // a whole even percentage, so the 2-point ticks fall on even numbers
  const rowsSpec = [
    { top: 82, domain: [0, 1] as [number, number], ticks: [0, 0.2, 0.4, 0.6, 0.8, 1], label: '' },
    { top: 82 + h + 86, domain: [zoomLo, zoomHi] as [number, number], ticks: Array.from({ length: 10 }, (_, i) => Math.round(100 * zoomLo) / 100 + 0.02 * i).filter((t) => t <= zoomHi + 1e-9), label: ' (zoomed)' },
  ];
  rowsSpec.forEach((row, ri) => {
    curves.forEach(({ f, byMethod }, k) => {
      const series: Series[] = byMethod.map(({ m, curve }) => ({
        label: METHOD_LABELS[m],
        color: METHOD_STYLE[m].color,
        marker: METHOD_STYLE[m].marker,
        points: curve.map((s, e) => ({ x: e, mean: s.mean / 100, sd: s.sd / 100, title: `${METHOD_LABELS[m]}, ${Math.round(100 * f)}% removed, ${e} epochs: ${s.mean.toFixed(1)}% ± ${s.sd.toFixed(1)}` })),
      }));
      const ls0 = byMethod.find((x) => x.m === 'ls')!.curve[0].mean / 100;
      body.push(
        ...panel({
          left: left0 + k * (w + gap),
          top: row.top,
          width: w,
          height: h,
          title: `${Math.round(100 * f)}% removed${row.label}`,
          xLabel: 'epochs of fine-tuning',
          yLabel: k === 0 ? `test accuracy (%), ${r.sizes.test.toLocaleString('en-US')} digits` : '',
          xDomain: [0, epochs],
          xTicks: Array.from({ length: epochs + 1 }, (_, e) => e),
          xFormat: (x) => String(x),
          yDomain: row.domain,
          yTicks: row.ticks,
          yFormat: (y) => String(Math.round(100 * y)),
          series,
          refs: [{ y: ls0, label: `least-squares unification, no fine-tuning: ${(100 * ls0).toFixed(1)}%`, color: METHOD_STYLE.ls.color, dash: '2 3' }],
          clipId: `clip-${ri}-${k}`,
        }),
      );
    });
  });
  const legendTop = rowsSpec[1].top + h + 60;
  const items: LegendItem[] = [
    ...METHODS.map((m) => ({ label: METHOD_LABELS[m], color: METHOD_STYLE[m].color, marker: METHOD_STYLE[m].marker })),
    { label: 'least-squares unification, no fine-tuning', color: METHOD_STYLE.ls.color, dash: '2 3' },
  ];
  body.push(...legend(items, left0, legendTop, 4, 235));
  return svgDocument(left0 + cols * (w + gap), legendTop + 2 * 20 + 10, body);
}
