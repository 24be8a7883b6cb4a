import { useMemo, useState } from 'react';
import { METHOD_LABELS, METHODS, type Method } from '../../core/compaction';
import { toggleBaseline } from '../../state/actions/compaction';
import { exportCurvesCsv, exportCurvesJson } from '../../state/actions/export';
import { compactionCurves, type Curve } from '../../state/compaction-curves';
import { tunedKey, type BaselineKey } from '../../state/compaction-types';
import { fineTuneMarks, type FineTuneMark } from '../../state/finetune-marks';
import { wilsonInterval } from '../../core/stats';
import { AccuracyInterval } from '../AccuracyInterval';
import { ShowData } from '../ShowData';
import { CurvesTable } from './CurvesTable';
import { useStore } from '../../state/store';
import type { LineChartSpec, Series } from '../../viz/line-chart';
import { TOL_WINE } from '../../viz/class-colors';
import { OKABE_ITO } from '../../viz/palette';
import { formatInt, formatPercent } from '../format';
import { useVizScale, useWidth } from '../hooks';
import { compactionChartSize } from '../panel-sizes';
import { LineChartView } from '../LineChartView';
import './compaction-panel.css';
import { useExplorerBusy, why } from '../why-disabled';

/** Each comparison run's colour (dashed lines); none is the colour of "your steps". */
const METHOD_COLOR: Record<Method, string> = {
  pair: OKABE_ITO.blue,
  ls: OKABE_ITO.vermillion,
  random: OKABE_ITO.green,
  magnitude: OKABE_ITO.orange,
  apoz: OKABE_ITO.purple,
  srinivas: OKABE_ITO.sky,
  merging: TOL_WINE,
};
/** "Your steps": black, solid, thicker, with square marks, whatever the method. */
const YOURS_COLOR = '#000000';
const REDO_COLOR = '#9aa5b1';

/** A fine-tune's vertical move on the chart: reddish purple (the timeline's fine-tune mark). */
const FINETUNE_COLOR = OKABE_ITO.purple;

function seriesOf(c: Curve, testDigits: number, withBands: boolean): Series {
  const points = c.points.map((p) => [p.params, p.accuracy] as [number, number]);
  // The 95% Wilson interval of each point's test accuracy (counts on the test digits).
  const band = withBands && testDigits ? c.points.map((p) => wilsonInterval(Math.round(p.accuracy * testDigits), testDigits)) : undefined;
  if (c.kind === 'comparison' && c.tuned) return { name: c.name, color: METHOD_COLOR[c.method!], dash: '1 3', lineWidth: 2.5, markers: true, points, band };
  if (c.kind === 'comparison') return { name: c.name, color: METHOD_COLOR[c.method!], dashed: true, points, band };
  if (c.kind === 'redo') return { name: c.name, color: REDO_COLOR, dashed: true, points };
  return { name: c.name, color: YOURS_COLOR, lineWidth: 2.5, mark: 'square', points, band };
}

/** Every fine-tune of the history as a vertical segment at its parameter count (applied ones; redoable ones faded). */
function fineTuneSeries(marks: FineTuneMark[]): Series[] {
  const segments = (ms: FineTuneMark[]) =>
    ms.flatMap((m): [number, number][] => (m.before === null || m.after === null ? [] : [[m.params, m.before], [m.params, m.after], [m.params, NaN]]));
  const applied = segments(marks.filter((m) => m.applied));
  const redo = segments(marks.filter((m) => !m.applied));
  const out: Series[] = [];
  if (applied.length) out.push({ name: 'fine-tune', color: FINETUNE_COLOR, lineWidth: 3.5, markers: true, points: applied });
  if (redo.length) out.push({ name: 'fine-tune (redo)', color: '#d9a6c4', lineWidth: 3, dashed: true, points: redo });
  return out;
}

function baselineState(c: { baselines: Partial<Record<BaselineKey, unknown>>; baselineBusy: BaselineKey | null; baselineQueue: BaselineKey[] }, m: BaselineKey): 'shown' | 'computing' | 'queued' | 'off' {
  return c.baselines[m] ? 'shown' : c.baselineBusy === m ? 'computing' : c.baselineQueue.includes(m) ? 'queued' : 'off';
}

function signed(v: number, digits: number, unit = ''): string {
  const s = v.toFixed(digits);
  return `${v > 0 ? '+' : v < 0 ? '' : '±'}${s}${unit}`;
}

/** The current accuracy and size, the compaction curve with baseline overlays, and parameters per layer. */
export function CompactionPanel() {
  const c = useStore((s) => s.compaction);
  const busy = useExplorerBusy();
  const [ref, width] = useWidth<HTMLDivElement>(300);
  const scale = useVizScale();
  const size = compactionChartSize(width, scale);
  const testDigits = useStore((s) => s.data?.test.count ?? 0);
  const [bands, setBands] = useState(false);
  const curves = useMemo(
    () => compactionCurves({ records: c.records, cursor: c.cursor, baseParams: c.baseParams, baseAccuracy: c.baseAccuracy, baselines: c.baselines }),
    [c.records, c.cursor, c.baseParams, c.baseAccuracy, c.baselines],
  );
  const marks = useMemo(
    () => fineTuneMarks({ records: c.records, cursor: c.cursor, baseAccuracy: c.baseAccuracy }),
    [c.records, c.cursor, c.baseAccuracy],
  );
  const spec = useMemo<LineChartSpec>(() => {
    // The same curves the comparison export writes (state/compaction-curves.ts), and the fine-tunes' moves.
    const series: Series[] = c.ready ? [...curves.map((cv) => seriesOf(cv, testDigits, bands)), ...fineTuneSeries(marks)] : [];
    if (c.ready && c.accuracy !== null) series.push({ name: 'now', color: '#000000', markers: true, points: [[c.params, c.accuracy]] });
    const lowest = Math.min(1, ...series.flatMap((s) => s.points.map((p) => p[1]).filter(Number.isFinite)));
    return {
      width: size.width,
      height: size.height,
      scale,
      series,
      xLabel: 'parameters left',
      yLabel: 'test accuracy',
      xDomain: [c.baseParams || 1, 0],
      xCounts: true,
      emptyText: 'The curve appears when the model is ready',
      yDomain: [Math.max(0, Math.min(0.8, Math.floor(lowest * 10) / 10)), 1],
      yFormat: (v) => `${Math.round(v * 100)}%`,
    };
  }, [c.ready, curves, marks, testDigits, bands, c.baseParams, c.accuracy, c.params, size.width, size.height, scale]);

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
          {c.ready && <AccuracyInterval accuracy={c.accuracy} n={testDigits} set="test" />}
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
      <label className="check chart-option">
        <input type="checkbox" data-testid="chart-intervals" checked={bands} onChange={(e) => setBands(e.target.checked)} />
        Show each point&rsquo;s 95% interval (test digits)
      </label>
      {marks.length > 0 && (
        <p className="explain" data-testid="finetune-marks">
          <span className="swatch" style={{ background: FINETUNE_COLOR }} /> Each fine-tune is a vertical move: the parameters stay, the accuracy changes.
        </p>
      )}
      <ShowData what="the accuracy and size chart" testid="compaction-data">
        {() => <CurvesTable curves={curves} marks={marks} />}
      </ShowData>
      <div className="curves-export">
        <span>Curves</span>
        <button type="button" data-testid="export-curves-csv" disabled={!c.ready} {...why(!c.ready && busy)} onClick={exportCurvesCsv} title="Every curve of the chart, one row per point">
          CSV
        </button>
        <button
          type="button"
          data-testid="export-curves-json"
          disabled={!c.ready} {...why(!c.ready && busy)}
          onClick={exportCurvesJson}
          title="Every curve of the chart, and a summary per method: widths, parameters, test accuracy with its 95% Wilson interval"
        >
          JSON + summary
        </button>
      </div>
      <fieldset className="baselines">
        <legend>Compare with (automatic runs to 10% of the parameters; ticked boxes are computed one after another)</legend>
        {METHODS.map((m) => {
          const state = baselineState(c, m);
          const tuned = baselineState(c, tunedKey(m));
          const note = (st: typeof state) => (st === 'computing' ? ' (computing…)' : st === 'queued' ? ' (queued)' : '');
          return (
            <div key={m} className="baseline-row">
              <label className="check" data-state={state}>
                <input
                  type="checkbox"
                  data-testid={`baseline-${m}`}
                  checked={state !== 'off'}
                  disabled={!c.ready} {...why(!c.ready && busy)}
                  aria-busy={state === 'computing' || state === 'queued'}
                  onChange={() => toggleBaseline(m)}
                />
                <span className="swatch" style={{ background: METHOD_COLOR[m] }} />
                {METHOD_LABELS[m]}
                {note(state)}
              </label>
              <label className="check tuned" data-state={tuned} title="The same run with 1 epoch of fine-tuning at 100, 70, 50, 30, 20 and 10% of the parameters">
                <input
                  type="checkbox"
                  data-testid={`baseline-${m}-ft`}
                  checked={tuned !== 'off'}
                  disabled={!c.ready} {...why(!c.ready && busy)}
                  aria-busy={tuned === 'computing' || tuned === 'queued'}
                  onChange={() => toggleBaseline(tunedKey(m))}
                />
                + 1 epoch<span className="visually-hidden"> of fine-tuning for {METHOD_LABELS[m]}</span>
                {note(tuned)}
              </label>
            </div>
          );
        })}
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
