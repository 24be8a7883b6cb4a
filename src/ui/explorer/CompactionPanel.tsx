import { useMemo } from 'react';
import { METHOD_LABELS, METHODS, type Method } from '../../core/compaction';
import { toggleBaseline } from '../../state/actions/compaction';
import { useStore } from '../../state/store';
import type { LineChartSpec, Series } from '../../viz/line-chart';
import { SERIES_COLORS } from '../../viz/palette';
import { formatInt, formatPercent } from '../format';
import { useVizScale, useWidth } from '../hooks';
import { compactionChartSize } from '../panel-sizes';
import { LineChartView } from '../LineChartView';

const METHOD_COLOR = Object.fromEntries(METHODS.map((m, i) => [m, SERIES_COLORS[i]])) as Record<Method, string>;

function signed(v: number, digits: number, unit = ''): string {
  const s = v.toFixed(digits);
  return `${v > 0 ? '+' : v < 0 ? '' : '±'}${s}${unit}`;
}

/** The current accuracy and size, the compaction curve with baseline overlays, and parameters per layer. */
export function CompactionPanel() {
  const c = useStore((s) => s.compaction);
  const [ref, width] = useWidth<HTMLDivElement>(300);
  const scale = useVizScale();
  const size = compactionChartSize(width, scale);
  const spec = useMemo<LineChartSpec>(() => {
    const mine: [number, number][] = [[c.baseParams, c.baseAccuracy ?? 0]];
    for (const r of c.records.slice(0, c.cursor)) if (r.accuracyAfter !== undefined) mine.push([r.paramsAfter, r.accuracyAfter]);
    // The steps after the cursor (redoable), joined to the current point.
    const tail: [number, number][] = [mine[mine.length - 1]];
    for (const r of c.records.slice(c.cursor)) if (r.accuracyAfter !== undefined) tail.push([r.paramsAfter, r.accuracyAfter]);
    const series: Series[] = [];
    for (const m of METHODS) {
      const pts = c.baselines[m];
      if (pts) series.push({ name: METHOD_LABELS[m], color: METHOD_COLOR[m], dashed: true, points: pts.map((p) => [p.params, p.accuracy]) });
    }
    if (c.cursor < c.records.length && tail.length > 1) series.push({ name: 'redo', color: '#9aa5b1', dashed: true, points: tail });
    series.push({ name: 'your steps', color: METHOD_COLOR[c.method], points: mine });
    if (c.accuracy !== null) series.push({ name: 'now', color: '#000000', markers: true, points: [[c.params, c.accuracy]] });
    const lowest = Math.min(...series.flatMap((s) => s.points.map((p) => p[1])));
    return {
      width: size.width,
      height: size.height,
      scale,
      series,
      xLabel: 'parameters left',
      yLabel: 'test accuracy',
      xDomain: [c.baseParams || 1, 0],
      yDomain: [Math.max(0, Math.min(0.8, Math.floor(lowest * 10) / 10)), 1],
      yFormat: (v) => `${Math.round(v * 100)}%`,
    };
  }, [c.records, c.cursor, c.baseParams, c.baseAccuracy, c.baselines, c.method, c.accuracy, c.params, size.width, size.height, scale]);

  const acc = c.accuracy ?? 0;
  const base = c.baseAccuracy ?? 0;
  return (
    <section className="panel compaction-panel" aria-labelledby="compaction-title">
      <h2 id="compaction-title">Accuracy and size</h2>
      <p className="explain">Test accuracy of the compacted network against its parameter count, updated on every step.</p>
      <div className="big-figures">
        <div className="figure">
          <span className="figure-label">Test accuracy</span>
          <span className="figure-value" data-testid="compaction-accuracy">
            {formatPercent(c.accuracy, 2)}
          </span>
          <span className="figure-note">{c.ready ? `${signed(100 * (acc - base), 2, ' pts')} vs uncompressed` : '—'}</span>
        </div>
        <div className="figure">
          <span className="figure-label">Parameters</span>
          <span className="figure-value" data-testid="compaction-params">
            {c.ready ? formatInt(c.params) : '—'}
          </span>
          <span className="figure-note">{c.ready && c.baseParams ? `${signed((100 * (c.params - c.baseParams)) / c.baseParams, 1, '%')} vs uncompressed` : '—'}</span>
        </div>
      </div>
      <div ref={ref} className="chart-wrap">
        <LineChartView spec={spec} testId="compaction-chart" label="Test accuracy against the number of parameters" />
      </div>
      <fieldset className="baselines">
        <legend>Compare with (automatic runs to 10% of the parameters)</legend>
        {METHODS.map((m) => (
          <label key={m} className="check">
            <input
              type="checkbox"
              data-testid={`baseline-${m}`}
              checked={Boolean(c.baselines[m])}
              disabled={!c.ready || (c.baselineBusy !== null && c.baselineBusy !== m)}
              onChange={() => void toggleBaseline(m)}
            />
            <span className="swatch" style={{ background: METHOD_COLOR[m] }} />
            {METHOD_LABELS[m]}
            {c.baselineBusy === m ? ' (computing…)' : ''}
          </label>
        ))}
      </fieldset>
      <LayerWidths />
    </section>
  );
}

function LayerWidths() {
  const widths = useStore((s) => s.compaction.widths);
  const original = useStore((s) => s.compaction.originalWidths);
  if (!widths.length) return null;
  const layers = widths.slice(1);
  const params = layers.map((w, l) => widths[l] * w + w);
  const originalParams = original.slice(1).map((w, l) => original[l] * w + w);
  const max = Math.max(...originalParams);
  return (
    <div className="layer-bars" aria-label="Parameters per layer" data-testid="layer-params">
      <h3>Parameters per layer</h3>
      {params.map((p, l) => (
        <div className="layer-bar" key={l}>
          <span className="layer-name">{l === layers.length - 1 ? 'output' : `hidden ${l + 1}`}</span>
          <span className="layer-track">
            <span className="layer-ghost" style={{ width: `${(100 * originalParams[l]) / max}%` }} />
            <span className="layer-fill" style={{ width: `${(100 * p) / max}%` }} />
          </span>
          <span className="layer-width" title={`${formatInt(p)} of ${formatInt(originalParams[l])}`}>
            {p >= 10000 ? `${Math.round(p / 1000)}k` : formatInt(p)}
          </span>
        </div>
      ))}
    </div>
  );
}
