/**
 * docs/compaction-plot.svg: test accuracy against parameters, the mean over
 * every (model, probe) run with a ± 1 sd band. Left: every method removing
 * the same fraction of each hidden layer. Right: the automatic mode against
 * the uniform one for the two unification methods, at equal parameter counts.
 */
import type { Method } from '../src/core/compaction';
import { METHOD_LABELS, METHODS } from '../src/core/compaction';
import type { CompactionData } from './bench-data';
import type { Kind } from './compaction-runs';
import { AUTO_METHODS } from './compaction-runs';
import { wilsonInterval } from '../src/core/stats';
import { mean } from './stats';
import type { LegendItem, RefLine, Series } from './svg-plot';
import { legend, METHOD_STYLE, panel, svgDocument } from './svg-plot';
import { rowsOf, testSpread } from './summaries';

function series(c: CompactionData, method: Method, kind: Kind): Series {
  const st = METHOD_STYLE[method];
  const label = kind === 'auto' ? `automatic, ${METHOD_LABELS[method]}` : METHOD_LABELS[method];
  return {
    label,
    color: st.color,
    marker: st.marker,
    dash: kind === 'auto' ? '6 4' : undefined,
    hollow: kind === 'auto',
    points: c.fractions.map((f) => {
      const s = testSpread(c, method, kind, f);
      const params = mean(rowsOf(c, method, kind, f).map((r) => r.params));
      return { x: params, mean: s.mean / 100, sd: s.sd / 100, title: `${label}, ${Math.round(100 * f)}% ${kind === 'auto' ? 'parameter count' : 'removed per layer'}: ${s.mean.toFixed(1)}% ± ${s.sd.toFixed(1)} (n = ${s.values.length})` };
    }),
  };
}

export function compactionPlotSvg(c: CompactionData): string {
  const runs = c.modelSeeds.length * c.probeSeeds.length;
  const base = mean(c.models.map((m) => m.test / c.sizes.test));
  const xMax = Math.ceil((c.originalParams * 0.72) / 20000) * 20000;
  const xTicks = Array.from({ length: Math.floor(xMax / 20000) + 1 }, (_, i) => i * 20000);
  const common = {
    top: 62,
    width: 400,
    height: 330,
    xLabel: `parameters (original ${c.originalParams.toLocaleString('en-US')})`,
    yLabel: `test accuracy (%), ${c.sizes.test.toLocaleString('en-US')} test digits`,
    xDomain: [0, xMax] as [number, number],
    xTicks,
    xFormat: (x: number) => `${x / 1000}k`,
    yDomain: [0, 1] as [number, number],
    yTicks: [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
    yFormat: (y: number) => String(Math.round(100 * y)),
  };
  const refs: RefLine[] = [{ y: base, label: `original models, mean ${(100 * base).toFixed(1)}%`, color: '#555', dash: '2 3' }];
  const body: string[] = [];
  body.push(
    `<text x="20" y="22" font-size="15" font-weight="bold">LeNet-300-100 on MNIST: test accuracy after compaction, no retraining (mean ± 1 sd over ${runs} runs: ${c.modelSeeds.length} models x ${c.probeSeeds.length} probe sets)</text>`,
  );
  body.push(...panel({ ...common, left: 70, title: 'Every method: the same fraction of each hidden layer removed', series: METHODS.map((m) => series(c, m, 'uniform')), refs }));
  const right = AUTO_METHODS.flatMap((m) => [series(c, m, 'uniform'), series(c, m, 'auto')]);
  const rightTop = Math.min(...right.flatMap((s) => s.points.map((p) => p.mean - p.sd)));
  const yLo = Math.max(0, Math.floor(rightTop * 10) / 10 - 0.1);
  const yTicks = common.yTicks.filter((t) => t >= yLo - 1e-9);
  body.push(...panel({ ...common, left: 560, yDomain: [yLo, 1], yTicks, title: 'Automatic (global schedule) vs uniform, equal parameter counts', series: right, refs }));
  const items: LegendItem[] = [
    ...METHODS.map((m) => ({ label: METHOD_LABELS[m], color: METHOD_STYLE[m].color, marker: METHOD_STYLE[m].marker })),
    ...AUTO_METHODS.map((m) => ({ label: `automatic, ${METHOD_LABELS[m]}`, color: METHOD_STYLE[m].color, marker: METHOD_STYLE[m].marker, dash: '6 4', hollow: true })),
    { label: refs[0].label, color: '#555', dash: '2 3' },
  ];
  body.push(...legend(items, 70, 452, 4, 225));
  const half = (p: number) => {
    const [lo, hi] = wilsonInterval(Math.round(p * c.sizes.test), c.sizes.test);
    return (50 * (hi - lo)).toFixed(1);
  };
  body.push(
    `<text x="70" y="${452 + 3 * 20 + 8}" fill="#444">Bands: ± 1 sd over the runs. For comparison, one run's 95% Wilson interval on ${c.sizes.test.toLocaleString('en-US')} test digits is about ± ${half(0.95)} points at 95%, ± ${half(0.8)} at 80%, ± ${half(0.5)} at 50%.</text>`,
  );
  return svgDocument(1000, 452 + 3 * 20 + 24, body);
}
