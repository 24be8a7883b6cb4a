import { useMemo, useState } from 'react';
import type { DigitTrace } from '../../core/explore/draw-digit';
import { selectNeuron } from '../../state/actions/compaction';
import type { ProbeInput } from '../../state/compaction-types';
import { clearProbeInput } from '../../state/actions/probe-input';
import { useStore } from '../../state/store';
import { createNetworkView, type NetworkViewSpec } from '../../viz/network-view';
import { useVizScale, useWidth } from '../hooks';
import { networkSize } from '../panel-sizes';
import { tooltipPosition } from '../tooltip-position';
import type { NetworkActivations } from '../../viz/network/activation-overlay';
import { NetworkTable } from '../inspector/NetworkTable';
import { ShowData } from '../ShowData';
import { useViz } from './useViz';

interface Hover {
  layer: number;
  id: number;
  x: number;
  y: number;
}

/** What the network view lights its neurons with: the compacted network's activations (ghosts: the original's) and class probabilities. */
function activationsOf(trace: DigitTrace, input: ProbeInput, activation: NetworkActivations['activation']): NetworkActivations {
  return {
    layers: trace.layers.map((L) => ({ ids: L.ids, alive: L.alive, values: L.current })),
    activation,
    input: { pixels: input.pixels, rows: input.rows, cols: input.cols },
    output: trace.current.probabilities,
  };
}

/** The network as columns of neurons; removals hand their behaviour to the heirs. */
export function NetworkPanel() {
  const c = useStore((s) => s.compaction);
  const explorer = useStore((s) => s.explorer);
  const [wrap, width] = useWidth<HTMLDivElement>(560);
  const scale = useVizScale();
  const size = networkSize(width, scale);
  const [hover, setHover] = useState<Hover | null>(null);
  const view = explorer.view;

  const spec = useMemo<NetworkViewSpec | null>(() => {
    if (!c.ready) return null;
    // Every layer coloured by preferred digit (by position, as originalIds lists the neurons).
    const layers = c.originalIds.map((originalIds, l) => ({ originalIds, aliveIds: c.aliveIds[l] ?? [], preferredClass: explorer.preferredClasses[l] ?? undefined }));
    const r = c.lastChange?.record;
    return {
      width: size.width,
      height: size.height,
      scale,
      layers,
      selected: explorer.selected,
      lastStep: r && r.kind !== 'finetune' ? { layer: r.layer, removedId: r.removedId, heirs: r.heirs } : null,
      stepSerial: c.serial,
      direction: c.lastChange?.kind === 'undo' ? 'undo' : 'step',
    };
  }, [c.ready, c.originalIds, c.aliveIds, c.lastChange, c.serial, explorer.selected, explorer.preferredClasses, size.width, size.height, scale]);

  // An input to light the neurons with (a drawn or a test digit): both networks' activations.
  const trace = useStore((s) => s.probeTrace);
  const input = useStore((s) => s.probeInput);
  const activation = useStore((s) => s.model?.mlp.spec.activation ?? 'relu');
  const lit = useMemo<NetworkViewSpec | null>(() => (spec && trace && input ? { ...spec, activations: activationsOf(trace, input, activation) } : spec), [spec, trace, input, activation]);

  const ref = useViz<SVGSVGElement, NetworkViewSpec, ReturnType<typeof createNetworkView>>(
    (el) =>
      createNetworkView(el, {
        onNeuronClick: (layer, id) => selectNeuron(layer, id),
        onNeuronHover: (layer, id, x, y) => setHover({ layer, id, x, y }),
        onNeuronLeave: () => setHover(null),
      }),
    lit,
  );

  let tip: string[] = [];
  if (hover) {
    tip = [`Hidden layer ${hover.layer + 1}, neuron #${hover.id}`];
    const p = view && view.layer === hover.layer ? (Array.prototype.indexOf.call(view.ids, hover.id) as number) : -1;
    const a = view && p >= 0 ? view.alive.indexOf(p) : -1;
    if (view && p >= 0) {
      tip.push(
        `prefers digit ${view.preferredClass[p]}`,
        `mean output ${view.stats.mean[p].toFixed(3)}, fires on ${(100 * view.firingRate[p]).toFixed(0)}% of probes`,
        a >= 0 ? `outgoing weight norm ${view.outNorm[a].toFixed(3)}` : 'removed',
      );
    } else tip.push('click to select this layer and neuron');
    const L = trace?.layers[hover.layer];
    const q = L ? L.ids.indexOf(hover.id) : -1;
    if (L && q >= 0) tip.push(`activation ${L.current[q].toFixed(3)} for the ${input?.source === 'test' ? 'test digit' : 'drawing'}${L.alive[q] ? '' : ' (original network)'}`);
  }

  return (
    <section className="panel network-panel" aria-labelledby="network-title">
      <h2 id="network-title">The network</h2>
      <p className="explain">
        Every dot is a hidden neuron, coloured by the digit it responds to most. When a neuron is removed, its outgoing weights flow to
        its heirs. Click or tap a neuron to inspect it everywhere.
      </p>
      <div ref={wrap} className="viz-wrap scroll-x">
        <svg ref={ref} data-testid="network-view" role="group" aria-label="Network view: layers as columns of neurons" className="chart" />
        {hover && (
          <div className="tooltip" style={tooltipPosition(hover.x, hover.y)} role="tooltip">
            {tip.map((t, k) => (
              <div key={k} className={k === 0 ? 'tooltip-title' : ''}>
                {t}
              </div>
            ))}
          </div>
        )}
      </div>
      {trace && input && (
        <p className="explain" data-testid="network-lit">
          Lit by {input.source === 'test' ? `test digit #${input.testIndex} (a ${input.label})` : 'your drawing'}: each neuron's activation (
          {activation === 'tanh' ? 'blue negative, white zero, red positive' : activation === 'sigmoid' ? 'dark 0, yellow 1' : 'dark silent, yellow the strongest in its layer'}
          ; dashed: removed, at its activation in the original network). The original network says {trace.original.predicted}, the compacted one{' '}
          {trace.current.predicted}.{' '}
          <button type="button" onClick={clearProbeInput}>
            Usual colours
          </button>
        </p>
      )}
      <ShowData what="the network view">{() => <NetworkTable />}</ShowData>
    </section>
  );
}
