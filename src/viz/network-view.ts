/**
 * The network view (d3 on SVG): the MLP as columns, input to output.
 *
 * - The input is one compact block (28 x 28 pixels), not 784 dots.
 * - Each hidden layer is a block of small circles, one per neuron of the
 *   ORIGINAL layer, filled column by column; every layer uses the same cell
 *   size and the same number of rows, so a block's area is its original width.
 *   Removed neurons stay as faint ghosts at their place; survivors never move.
 * - The output is a column of ten labelled neurons.
 * - Between blocks a faint band stands for the dense weights, labelled with
 *   the current matrix size (in x out), which shrinks as neurons go.
 *
 * When `stepSerial` changes and `lastStep` is given, the hand-over plays
 * (about 550 ms): the removed neuron's mark flows along curves to its heirs,
 * each curve as wide as |coefficient|, the heirs flash, the mark fades to a
 * ghost. An undo (serial going down, or direction 'undo') plays it backwards:
 * the heirs hand the behaviour back and the neuron fills in again. With
 * prefers-reduced-motion the new state is shown at once.
 *
 * With `activations` (one input's activation of every neuron, see
 * network/activation-overlay.ts) the neurons are lit by it; data-lit="true".
 *
 * Pure rendering: hovering and clicking call back; tooltips are the UI's job.
 * Marks: circle.nv-neuron[data-layer][data-id][data-alive]; the SVG has
 * data-animating="true" while a hand-over plays.
 *
 * The parts live in ./network: layout.ts (geometry, cell positions,
 * hit-testing, titles, bands, curves; pure), draw.ts, animate.ts (the
 * hand-over), interact.ts (pointer handlers).
 */
import * as d3 from 'd3';
import { motionPacer } from './motion';
import { sizeScale } from './sizes';
import { createHandOver } from './network/animate';
import type { Cell } from './network/draw';
import { cellKey, createScene, drawInput, drawOutput, drawRings, drawTitlesAndBands, joinCells, paintCells, removeScene } from './network/draw';
import { createInteraction } from './network/interact';
import type { NetworkGeometry } from './network/layout';
import { createActivationOverlay } from './network/activation-overlay';
import { layoutNetwork, placeCells } from './network/layout';
import type { NetworkView, NetworkViewCallbacks, NetworkViewSpec } from './network/spec';

export type { NetworkHeir, NetworkLayerSpec, NetworkStep, NetworkView, NetworkViewCallbacks, NetworkViewSpec } from './network/spec';
export { cellAt, layoutNetwork, placeCells } from './network/layout';

function sameIds(a: readonly number[], b: readonly number[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function createNetworkView(svgEl: SVGSVGElement, callbacks: NetworkViewCallbacks): NetworkView {
  const scene = createScene(svgEl);
  let spec: NetworkViewSpec | null = null;
  let geoSig = '';
  let prevLayers: (readonly number[])[] | null = null;
  let geo: NetworkGeometry | null = null;
  let cells: Cell[] = [];
  let cellIndex = new Map<string, Cell>();
  let prevSerial: number | null = null;
  let destroyed = false;
  const pace = motionPacer();
  const handOver = createHandOver(scene, () => (geo ? { g: geo, cells, cellIndex } : null));
  const interaction = createInteraction(callbacks, () => rings(), () => (geo ? { geo, cells, selected: spec?.selected ?? null } : null));
  const lights = createActivationOverlay(scene.root, '.nv-rings');

  function rings(): void {
    if (!geo) return;
    const sel = spec?.selected ? cellIndex.get(cellKey(spec.selected.layer, spec.selected.id)) : undefined;
    drawRings(scene, geo, sel, interaction.hover);
  }

  /** Places every original neuron; called when the geometry or the neuron lists change. */
  function buildCells(g: NetworkGeometry, s: NetworkViewSpec): void {
    cells = placeCells(g, s.layers).map((p) => ({ ...p, alive: true, cls: -1, el: null, painted: '' }));
    cellIndex = new Map(cells.map((c) => [cellKey(c.layer, c.id), c]));
  }

  /** Alive flags and classes from the spec (cheap; no DOM). */
  function refreshCells(s: NetworkViewSpec): void {
    s.layers.forEach((layer, l) => {
      const alive = new Set(layer.aliveIds);
      layer.originalIds.forEach((id, k) => {
        const c = cellIndex.get(cellKey(l, id))!;
        c.alive = alive.has(id);
        const cls = layer.preferredClass ? Number(layer.preferredClass[k]) : -2;
        c.cls = cls === -2 ? -2 : cls >= 0 && cls < 10 ? cls : -1;
      });
    });
  }

  function update(next: NetworkViewSpec): void {
    if (destroyed) return;
    const { width, height } = next;
    scene.svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    const nOut = (next.outputLabels ?? d3.range(10)).length;
    const widths = next.layers.map((l) => l.originalIds.length);
    const serialChanged = prevSerial !== null && next.stepSerial !== prevSerial;
    const undo = next.direction ? next.direction === 'undo' : prevSerial !== null && next.stepSerial < prevSerial;
    prevSerial = next.stepSerial;
    spec = next;
    if (serialChanged) handOver.stop();
    const scale = sizeScale(next.scale);
    const sig = `${width}x${height}@${scale}|${nOut}|${next.inputSize ?? 784}|${widths.join(',')}`;
    const idsSame = prevLayers !== null && prevLayers.length === next.layers.length && next.layers.every((l, q) => sameIds(l.originalIds, prevLayers![q]));
    const relayout = sig !== geoSig || !idsSame || !geo;
    prevLayers = next.layers.map((l) => l.originalIds);
    if (relayout) {
      geoSig = sig;
      geo = layoutNetwork(width, height, widths, nOut, scale);
      buildCells(geo, next);
      joinCells(scene, geo, cells, interaction.bindCells);
      drawInput(scene, geo, next);
      drawOutput(scene, geo, next);
    }
    const g = geo!;
    refreshCells(next);
    interaction.refresh((layer, id) => cellIndex.get(cellKey(layer, id)));
    drawTitlesAndBands(scene, g, next);
    paintCells(cells, handOver.heldBack, g.scale);
    rings();
    const totalAlive = d3.sum(next.layers, (l) => l.aliveIds.length);
    const totalOrig = d3.sum(next.layers, (l) => l.originalIds.length);
    scene.svg.attr(
      'aria-label',
      `Network: input ${next.inputSize ?? 784}, hidden ${next.layers.map((l) => l.aliveIds.length).join('-')} (of ${totalOrig}, ${totalAlive} alive), output ${nOut}`,
    );
    lights.update(g, cells, next.activations ?? null);
    scene.svg.attr('data-lit', next.activations ? 'true' : 'false');
    if (serialChanged && pace() && next.lastStep) handOver.play(next.lastStep, undo);
  }

  function destroy(): void {
    destroyed = true;
    handOver.dispose();
    removeScene(scene);
  }

  return { update, destroy };
}
