import { useMemo } from 'react';
import { bestPartners } from '../../core/explore/pair-candidates';
import type { LayerView } from '../../core/explore/layer-view';
import { previewPair, selectNeuron, setThreshold } from '../../state/actions/compaction';
import { useStore } from '../../state/store';
import { createSimilarityGraph, type SimilarityGraphSpec } from '../../viz/similarity-graph';
import { useVizScale, useWidth } from '../hooks';
import { PairPreviewCard } from '../pairs/PairPreviewCard';
import { graphSize } from '../panel-sizes';
import { ShowData } from '../ShowData';
import { useViz } from './useViz';

/** Neurons of the selected layer as a graph: edges join pairs whose codes correlate strongly. */
export function SimilarityPanel() {
  const view = useStore((s) => s.explorer.view);
  const threshold = useStore((s) => s.explorer.threshold);
  const selected = useStore((s) => s.explorer.selected);
  const pair = useStore((s) => s.explorer.pairPreview);
  const preview = useStore((s) => s.compaction.preview);
  const [wrap, width] = useWidth<HTMLDivElement>(400);
  const scale = useVizScale();
  const size = graphSize(width, scale);

  const spec = useMemo<SimilarityGraphSpec | null>(() => {
    if (!view) return null;
    const nodes = Array.from(view.alive, (p, a) => ({ id: view.ids[p], preferredClass: view.preferredClass[p], size: view.outNorm[a] }));
    const single = preview && preview.layer === view.layer && preview.heirs.length === 1 ? preview : null;
    return {
      width: size.width,
      height: size.height,
      scale,
      nodes,
      correlation: view.correlation,
      threshold,
      candidate: single ? [single.removedId, single.heirs[0].id] : null,
      candidateRemovedId: single?.removedId ?? null,
      selectedId: selected && selected.layer === view.layer ? selected.id : null,
      previewEdge: pair && pair.layer === view.layer ? [pair.removedId, pair.heirId] : null,
      layoutKey: view.layer,
    };
  }, [view, threshold, selected, pair, preview, size.width, size.height, scale]);

  const ref = useViz<SVGSVGElement, SimilarityGraphSpec, ReturnType<typeof createSimilarityGraph>>(
    (el) =>
      createSimilarityGraph(el, {
        onNodeClick: (id) => {
          const l = useStore.getState().explorer.view?.layer;
          if (l !== undefined) selectNeuron(l, id);
        },
        onEdgeClick: (a, b) => {
          const l = useStore.getState().explorer.view?.layer;
          if (l !== undefined) previewPair(l, a, b);
        },
        onHover: () => undefined,
      }),
    spec,
  );

  return (
    <section className="panel similarity-panel" aria-labelledby="similarity-title">
      <h2 id="similarity-title">Similar neurons</h2>
      <p className="explain">
        One node per neuron of the selected layer (colour: preferred digit; size: outgoing weight norm). Lines join each neuron to the (at most
        three) neurons whose codes correlate with its own most strongly, at least as strongly as the threshold (dashed: negatively). Click or tap a line to preview unifying that pair; the list of candidate merges offers the same pairs by keyboard.
      </p>
      <label className="threshold">
        |correlation| ≥ {threshold.toFixed(2)}
        <input
          type="range"
          data-testid="threshold"
          min={0.3}
          max={0.99}
          step={0.01}
          value={threshold}
          onChange={(e) => setThreshold(Number(e.target.value))}
          aria-label="Correlation threshold"
        />
      </label>
      <div ref={wrap} className="viz-wrap">
        <svg ref={ref} data-testid="similarity-graph" role="group" aria-label="Similarity graph of the layer's neurons" className="chart" />
      </div>
      {view && (
        <ShowData what="the similarity graph" testid="similarity-show-data">
          {() => <GraphTable view={view} />}
        </ShowData>
      )}
      <PairPreviewCard testid="pair-preview" applyTestid="apply-pair" />
    </section>
  );
}

/** The graph's data as a table: every neuron with its preferred digit, its outgoing weight norm and its most correlated partner. */
function GraphTable({ view }: { view: LayerView }) {
  const m = view.alive.length;
  const partner = bestPartners(view.correlation, m);
  return (
    <table className="data-table">
      <caption>
        Hidden layer {view.layer + 1}: {m} neurons
      </caption>
      <thead>
        <tr>
          <th scope="col">neuron</th>
          <th scope="col">prefers</th>
          <th scope="col">outgoing norm</th>
          <th scope="col">most like</th>
          <th scope="col">r</th>
        </tr>
      </thead>
      <tbody>
        {Array.from(view.alive, (p, a) => (
          <tr key={p}>
            <th scope="row">#{view.ids[p]}</th>
            <td>{view.preferredClass[p]}</td>
            <td>{view.outNorm[a].toFixed(3)}</td>
            <td>{partner[a] >= 0 ? `#${view.ids[view.alive[partner[a]]]}` : '—'}</td>
            <td>{partner[a] >= 0 ? view.correlation[a * m + partner[a]].toFixed(3) : '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
