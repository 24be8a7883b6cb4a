/**
 * Drawing the network view into its SVG: the input block, the output
 * column, the column titles and weight bands, the neurons (alive, or ghosts)
 * and the focus rings. Positions come from layout.ts.
 */
import * as d3 from 'd3';
import { classColor, classStroke } from '../class-colors';
import { appendRingLayer, drawFocusRings, NETWORK_RINGS, type FocusRingMark } from '../focus-ring';
import { INK, MUTED } from '../palette';
import { FONT, fontPx } from '../sizes';
import type { CellPosition, NetworkGeometry } from './layout';
import { bandPath, columnTitles, weightBands } from './layout';
import type { NetworkViewSpec } from './spec';

type G = d3.Selection<SVGGElement, unknown, null, undefined>;

/** Fill when the layer's preferred classes were not given (dead neurons, class -1, use NO_CLASS_COLOR). */
const NEUTRAL_FILL = '#7b8794';
const GHOST_STROKE = '#c3cad3';
const BAND_FILL = '#eef1f5';

/** A neuron's mark and its state. */
export interface Cell extends CellPosition {
  alive: boolean;
  /** 0-9 a class, -1 no preferred class (dead, as in the similarity graph), -2 not given. */
  cls: number;
  el: SVGCircleElement | null;
  /** What was last painted into el ('' = nothing yet). */
  painted: string;
}

export interface NetworkScene {
  svg: d3.Selection<SVGSVGElement, unknown, null, undefined>;
  root: G;
  bandG: G;
  titleG: G;
  inputG: G;
  cellG: G;
  outG: G;
  ringG: G;
  flowG: G;
}

export function createScene(svgEl: SVGSVGElement): NetworkScene {
  const svg = d3.select(svgEl);
  svg.classed('network-view-svg', true).attr('data-animating', 'false');
  const root = svg.append('g').attr('class', 'nv-root');
  const layer = (cls: string, events = false) => {
    const g = root.append('g').attr('class', cls);
    return events ? g : g.attr('pointer-events', 'none');
  };
  const bandG = layer('nv-bands');
  const titleG = layer('nv-titles');
  const inputG = layer('nv-input');
  const cellG = layer('nv-cells', true);
  const outG = layer('nv-output');
  const ringG = appendRingLayer(root, 'nv-rings');
  const flowG = layer('nv-flow');
  return { svg, root, bandG, titleG, inputG, cellG, outG, ringG, flowG };
}

export function removeScene(scene: NetworkScene): void {
  scene.root.selectAll('*').interrupt();
  scene.root.remove();
  scene.svg.attr('data-animating', null).classed('network-view-svg', false);
}

export function cellFill(c: Cell): string {
  return c.cls === -2 ? NEUTRAL_FILL : classColor(c.cls);
}

/** The input as one block with a faint grid, labelled with its shape and size. */
export function drawInput(scene: NetworkScene, g: NetworkGeometry, s: NetworkViewSpec): void {
  const [rows, cols] = s.inputShape ?? [28, 28];
  const n = s.inputSize ?? rows * cols;
  const side = g.inSide;
  const lines: number[] = d3.range(1, 7).map((q) => (q * side) / 7);
  scene.inputG
    .selectAll<SVGRectElement, null>('rect.nv-input-block')
    .data([null])
    .join('rect')
    .attr('class', 'nv-input-block')
    .attr('x', g.inX)
    .attr('y', g.inY)
    .attr('width', side)
    .attr('height', side)
    .attr('rx', 3 * g.scale)
    .attr('fill', '#f4f6f9')
    .attr('stroke', '#9aa5b1')
    .attr('stroke-width', g.scale);
  scene.inputG
    .selectAll<SVGPathElement, null>('path.nv-input-grid')
    .data([null])
    .join('path')
    .attr('class', 'nv-input-grid')
    .attr('stroke', '#d5dbe2')
    .attr('stroke-width', 0.8 * g.scale)
    .attr('d', lines.map((v) => `M${g.inX + v},${g.inY}v${side}M${g.inX},${g.inY + v}h${side}`).join(''));
  scene.inputG
    .selectAll<SVGTextElement, string>('text.nv-input-label')
    .data([`${rows}×${cols}`, `${n} pixels`])
    .join('text')
    .attr('class', 'nv-input-label')
    // Centred under the block, but never cut off at the left edge (about 6.1 px per character at scale 1).
    .attr('x', (d) => Math.max(g.inX + side / 2, (d.length * 6.1 * g.scale) / 2 + 1))
    .attr('y', (_d, q) => g.inY + side + (13 + q * 12.5) * g.scale)
    .attr('text-anchor', 'middle')
    .attr('font-size', fontPx(FONT.small, g.scale))
    .attr('fill', MUTED)
    .text((d) => d);
}

/** The output column: one labelled circle per class. */
export function drawOutput(scene: NetworkScene, g: NetworkGeometry, s: NetworkViewSpec): void {
  const labels = s.outputLabels ?? d3.range(10).map(String);
  const items = scene.outG
    .selectAll<SVGGElement, string>('g.nv-out')
    .data(labels)
    .join((enter) => {
      const it = enter.append('g').attr('class', 'nv-out');
      it.append('circle');
      it.append('text');
      return it;
    })
    .attr('transform', (_d, k) => `translate(${g.outX},${g.outYs[k]})`);
  items.select('circle').attr('r', g.outR).attr('fill', '#fff').attr('stroke', INK).attr('stroke-width', 1.2 * g.scale);
  items
    .select('text')
    .attr('x', g.outR + 4 * g.scale)
    .attr('dy', '0.35em')
    .attr('font-size', fontPx(FONT.small, g.scale))
    .attr('fill', INK)
    .text((d) => d);
}

/** Column titles with their sizes, and the weight bands between columns labelled in x out. */
export function drawTitlesAndBands(scene: NetworkScene, g: NetworkGeometry, s: NetworkViewSpec): void {
  const inSize = s.inputSize ?? 784;
  const nOut = (s.outputLabels ?? d3.range(10)).length;
  const titles = columnTitles(g, inSize, s.layers, nOut);
  const t = scene.titleG
    .selectAll<SVGGElement, (typeof titles)[number]>('g.nv-title')
    .data(titles)
    .join((enter) => {
      const it = enter.append('g').attr('class', 'nv-title');
      it.append('text').attr('class', 'nv-title-main');
      it.append('text').attr('class', 'nv-title-sub');
      return it;
    })
    .attr('transform', (d) => `translate(${d.x},0)`);
  const k = g.scale;
  t.select('text.nv-title-main')
    .attr('y', 13 * k)
    .attr('text-anchor', 'middle')
    .attr('font-size', fontPx(FONT.label, k))
    .attr('font-weight', 600)
    .attr('fill', INK)
    .text((d) => d.title);
  t.select('text.nv-title-sub')
    .attr('y', 27 * k)
    .attr('text-anchor', 'middle')
    .attr('font-size', fontPx(FONT.small, k))
    .attr('fill', MUTED)
    .style('font-variant-numeric', 'tabular-nums')
    .text((d) => d.sub);
  const bands = weightBands(g, inSize, s.layers, nOut);
  scene.bandG.selectAll<SVGPathElement, (typeof bands)[number]>('path.nv-band').data(bands).join('path').attr('class', 'nv-band').attr('fill', BAND_FILL).attr('d', bandPath);
  scene.bandG
    .selectAll<SVGTextElement, (typeof bands)[number]>('text.nv-band-label')
    .data(bands)
    .join('text')
    .attr('class', 'nv-band-label')
    .attr('x', ({ a, b }) => (a.x1 + b.x0) / 2)
    .attr('y', g.bottom + 15 * k)
    .attr('text-anchor', 'middle')
    .attr('font-size', fontPx(FONT.small, k))
    .attr('fill', MUTED)
    .style('font-variant-numeric', 'tabular-nums')
    .text(({ a, b }) => `${a.n}×${b.n}`);
}

/** The sub-title (size) of hidden layer `layer`'s column. */
export function titleSub(scene: NetworkScene, layer: number): d3.Selection<SVGTextElement, unknown, SVGGElement, unknown> {
  return scene.titleG.selectAll<SVGTextElement, unknown>('text.nv-title-sub').filter((_d, q) => q === layer + 1);
}

/** Creates the circles, one per cell, keyed by layer and id; `bind` attaches the pointer handlers to new ones. */
export function joinCells(scene: NetworkScene, g: NetworkGeometry, cells: readonly Cell[], bind: (enter: d3.Selection<SVGCircleElement, Cell, SVGGElement, unknown>) => void): void {
  scene.cellG
    .selectAll<SVGCircleElement, Cell>('circle.nv-neuron')
    .data(cells, (c) => cellKey(c.layer, c.id))
    .join((enter) => {
      const circles = enter.append('circle').attr('class', 'nv-neuron');
      bind(circles);
      return circles;
    })
    .attr('data-layer', (c) => c.layer)
    .attr('data-id', (c) => c.id)
    .attr('cx', (c) => c.x)
    .attr('cy', (c) => c.y)
    .attr('r', g.r)
    .each(function (c) {
      c.el = this;
      c.painted = '';
    });
}

export const cellKey = (layer: number, id: number): string => `${layer}:${id}`;

/** Paints alive neurons and ghosts; touches only the circles whose state changed. The neuron `heldBack` (layer:id) is drawn empty (an undo fills it in). */
export function paintCells(cells: readonly Cell[], heldBack: string | null, scale = 1): void {
  for (const c of cells) {
    const el = c.el;
    if (!el) continue;
    const shown = c.alive && cellKey(c.layer, c.id) !== heldBack;
    const state = `${shown ? `a${c.cls}` : c.alive ? 'held' : 'ghost'}@${scale}`;
    if (state === c.painted) continue;
    c.painted = state;
    el.setAttribute('data-alive', c.alive ? 'true' : 'false');
    el.setAttribute('fill', shown ? cellFill(c) : 'none');
    el.setAttribute('stroke', shown ? (c.cls === -2 ? 'none' : classStroke(c.cls)) : GHOST_STROKE);
    el.setAttribute('stroke-width', String((shown ? 0.6 : 0.8) * scale));
    el.setAttribute('pointer-events', c.alive ? 'all' : 'none');
    el.style.cursor = c.alive ? 'pointer' : '';
  }
}

/** Rings around the selected and the hovered neuron (dashed on a ghost). */
export function drawRings(scene: NetworkScene, g: NetworkGeometry, selected: Cell | undefined, hover: Cell | null, scale = g.scale): void {
  const marks: FocusRingMark[] = [];
  if (selected) marks.push({ key: 'sel', x: selected.x, y: selected.y, r: g.r, kind: 'selected', dashed: !selected.alive });
  if (hover && hover !== selected) marks.push({ key: 'hover', x: hover.x, y: hover.y, r: g.r, kind: 'hover', dashed: !hover.alive });
  drawFocusRings(scene.ringG, marks, NETWORK_RINGS, scale);
}
