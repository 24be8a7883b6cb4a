import { useEffect, useMemo, useRef } from 'react';
import { watchReadings } from '../../state/actions/inspect';
import { selectNeuron } from '../../state/actions/compaction';
import { useStore } from '../../state/store';
import { renderCodeHeatmap, type CodeHeatmapSpec } from '../../viz/code-heatmap';
import { digitBarsSummary, renderDigitBars } from '../../viz/digit-bars';
import { renderWeightImage } from '../../viz/weight-image';
import { currentWidth, useVizScale, useWidth } from '../hooks';
import { waitingWords } from '../pairs/PairList';
import { PairPreviewCard } from '../pairs/PairPreviewCard';
import { ShowData } from '../ShowData';
import { Connections, History, SimilarNeurons, WhatUnificationDoes } from './InspectorParts';
import { fmt, pct } from './numbers';
import './inspector.css';

/** Everything about the selected neuron: what it outputs, its weights, its look-alikes, what unification would do with it, its history. */
export function NeuronInspector() {
  const inspection = useStore((s) => s.explorer.inspection);
  const selected = useStore((s) => s.explorer.selected);
  const view = useStore((s) => s.explorer.view);
  const bands = useStore((s) => s.explorer.bands);
  const activation = useStore((s) => s.model?.mlp.spec.activation ?? 'relu');
  const waiting = useStore((s) => waitingWords(s.compaction.ready, s.training.status));
  const [wrap, width] = useWidth<HTMLDivElement>(560);
  const scale = useVizScale();
  const codeRef = useRef<HTMLCanvasElement>(null);
  const barsRef = useRef<SVGSVGElement>(null);
  const weightRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => watchReadings(), []);

  // The inspection of the neuron selected now, and the layer view it was read from.
  const info = inspection && selected && inspection.layer === selected.layer && inspection.id === selected.id && view?.layer === inspection.layer ? inspection : null;
  const p = info?.position ?? -1;
  const two = width >= 520 * scale;
  const colWidth = Math.max(200, Math.floor(two ? (width - 16 * scale) / 2 : width));

  const codeSpec = useMemo<CodeHeatmapSpec | null>(() => {
    if (!view || p < 0 || view.ids[p] === undefined) return null;
    return {
      values: view.codes.values,
      valuesToken: view.codes,
      rows: view.codes.width,
      cols: view.codes.count,
      rowOrder: Int32Array.of(p),
      rowIds: view.ids,
      classBands: bands,
      normalize: 'neuron',
      globalRange: view.range,
      signed: activation === 'tanh',
      width,
      height: Math.round(92 * scale),
      scale,
      margin: { left: 8 * scale },
      caption: `#${view.ids[p]} on ${view.codes.count.toLocaleString('en-US')} probes`,
    };
  }, [view, p, bands, activation, width, scale]);

  useEffect(() => {
    if (!codeSpec || !codeRef.current) return;
    const now = currentWidth(wrap.current, codeSpec.width);
    renderCodeHeatmap(codeRef.current, now === codeSpec.width ? codeSpec : { ...codeSpec, width: now });
  }, [codeSpec, wrap]);
  useEffect(() => {
    if (!info || !barsRef.current) return;
    renderDigitBars(barsRef.current, {
      values: info.digits.map((d) => d.mean),
      labels: info.digits.map((d) => d.label),
      marked: info.preferredClass,
      width: Math.min(colWidth, Math.round(380 * scale)),
      height: Math.round(130 * scale),
      valueName: `#${info.id}'s mean output`,
      scale,
    });
  }, [info, colWidth, scale]);
  const weightSide = Math.round(Math.min(colWidth, 200 * scale));
  useEffect(() => {
    if (!info || info.layer !== 0 || !view?.incoming || !weightRef.current) return;
    renderWeightImage(weightRef.current, {
      weights: view.incoming.W,
      offset: info.position,
      stride: view.incoming.outSize,
      width: weightSide,
      height: Math.round(weightSide * 1.18),
      scale,
      title: `#${info.id}: incoming weights`,
    });
  }, [info, view, weightSide, scale]);

  return (
    <section className="panel inspector-panel" aria-labelledby="inspector-title" data-testid="neuron-inspector" data-layer={info?.layer} data-id={info?.id}>
      <div className="panel-head">
        <h2 id="inspector-title">Neuron inspector</h2>
        {selected && (
          <button type="button" className="inspector-clear" onClick={() => selectNeuron(selected.layer, null)}>
            Clear selection
          </button>
        )}
      </div>
      <div ref={wrap}>
        {waiting ? (
          <p className="explain" data-testid="inspector-waiting">
            {waiting}
          </p>
        ) : !selected ? (
          <p className="explain" data-testid="inspector-empty">
            Select a neuron to inspect it: click or tap it in the network view, a row of the codes or a node of the graph. With the keyboard, Tab into the network view (or
            the codes), move with the arrow keys and press Enter.
          </p>
        ) : !info ? (
          <p className="explain" aria-busy="true">
            Reading #{selected.id} of hidden layer {selected.layer + 1}…
          </p>
        ) : (
          <>
            <p className="inspector-lede" data-testid="inspector-summary">
              <strong>#{info.id}</strong>, hidden layer {info.layer + 1}: prefers digit <strong>{info.preferredClass}</strong>, fires on {pct(info.firingRate)} of the probe images,
              mean output {fmt(info.mean)}
              {info.constant ? ' (always the same: a dead or constant neuron)' : ''}; outgoing weight norm {fmt(info.outNorm)}.
            </p>
            <div className={two ? 'inspector-grid two' : 'inspector-grid'}>
              <div className="inspector-block">
                <h3>What it outputs</h3>
                <canvas ref={codeRef} className="inspector-code" data-testid="inspector-code" aria-label={`#${info.id}'s code: its output on each probe image, grouped by digit`} />
                <svg ref={barsRef} className="chart" data-testid="inspector-bars" aria-label={digitBarsSummary({ values: info.digits.map((d) => d.mean), valueName: 'mean output' })} />
                <ShowData what={`#${info.id}'s output per digit`} testid="inspector-show-data">
                  {() => (
                    <table className="data-table">
                      <caption>#{info.id}&apos;s output on the probe images of each digit</caption>
                      <thead>
                        <tr>
                          <th scope="col">digit</th>
                          <th scope="col">images</th>
                          <th scope="col">mean</th>
                          <th scope="col">min</th>
                          <th scope="col">max</th>
                          <th scope="col">fires on</th>
                        </tr>
                      </thead>
                      <tbody>
                        {info.digits.map((d) => (
                          <tr key={d.label}>
                            <th scope="row">{d.label}</th>
                            <td>{d.count}</td>
                            <td>{fmt(d.mean)}</td>
                            <td>{fmt(d.min)}</td>
                            <td>{fmt(d.max)}</td>
                            <td>{pct(d.firing)}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </ShowData>
              </div>
              <div className="inspector-block">
                <h3>Its weights</h3>
                {info.layer === 0 && view?.incoming && (
                  <canvas ref={weightRef} data-testid="weight-image" aria-label={`Incoming weights of #${info.id} as a 28 by 28 image: red excites it, blue inhibits it`} />
                )}
                <Connections info={info} />
              </div>
              <div className="inspector-block">
                <h3>Neurons like it</h3>
                <SimilarNeurons info={info} />
              </div>
              <div className="inspector-block">
                <h3>If it were removed</h3>
                <WhatUnificationDoes info={info} />
              </div>
              <div className="inspector-block">
                <h3>Its history in this session</h3>
                <History info={info} />
              </div>
            </div>
            <PairPreviewCard testid="inspector-pair-preview" applyTestid="inspector-apply-pair" only={{ layer: info.layer, id: info.id }} />
          </>
        )}
      </div>
    </section>
  );
}
