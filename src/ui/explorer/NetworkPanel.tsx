import { useMemo, useState } from 'react';
import { selectNeuron } from '../../state/actions/compaction';
import { useStore } from '../../state/store';
import { createNetworkView, type NetworkViewSpec } from '../../viz/network-view';
import { useVizScale, useWidth } from '../hooks';
import { networkSize } from '../panel-sizes';
import { tooltipPosition } from '../tooltip-position';
import { useViz } from './useViz';

interface Hover {
  layer: number;
  id: number;
  x: number;
  y: number;
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

  const ref = useViz<SVGSVGElement, NetworkViewSpec, ReturnType<typeof createNetworkView>>(
    (el) =>
      createNetworkView(el, {
        onNeuronClick: (layer, id) => selectNeuron(layer, id),
        onNeuronHover: (layer, id, x, y) => setHover({ layer, id, x, y }),
        onNeuronLeave: () => setHover(null),
      }),
    spec,
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
    </section>
  );
}
