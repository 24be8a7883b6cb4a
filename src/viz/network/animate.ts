/**
 * The network view's hand-over animation (about 550 ms): the removed
 * neuron's mark flows along curves to its heirs, each curve as wide as
 * |coefficient|, the heirs flash, the mark fades to a ghost. An undo plays it
 * backwards: the heirs hand the behaviour back and the neuron fills in again
 * (its circle is held back, empty, until then). The SVG has
 * data-animating="true" while it plays.
 */
import * as d3 from 'd3';
import { INK, OKABE_ITO } from '../palette';
import { FONT, fontPx } from '../sizes';
import type { Cell, NetworkScene } from './draw';
import { cellFill, cellKey, paintCells, titleSub } from './draw';
import type { NetworkGeometry } from './layout';
import { curve, shownHeirs } from './layout';
import type { NetworkStep } from './spec';

const FLOW_POS = OKABE_ITO.blue;
const FLOW_NEG = OKABE_ITO.vermillion;
const MAX_FLOWS = 12;
const DURATION = 560;
/**
 * Widths of the hand-over curves at scale 1 (CSS px): the thinnest, for
 * the smallest coefficient shown, stays clearly visible (a pairwise step's
 * single heir often has a small coefficient); the thickest, for |coef| >= 1.
 */
export const FLOW_MIN_WIDTH = 2.2;
export const FLOW_MAX_WIDTH = 6;

/** The stroke width of a hand-over curve for |coefficient| `abs` (maxAbs: the largest shown), at a size scale. */
export function flowWidth(abs: number, maxAbs: number, scale = 1): number {
  const w = d3.scaleSqrt().domain([0, Math.max(1, maxAbs)]).range([FLOW_MIN_WIDTH, FLOW_MAX_WIDTH]).clamp(true);
  return w(Math.abs(abs)) * scale;
}

export interface HandOver {
  play(step: NetworkStep, undo: boolean): void;
  /** Ends a hand-over at once (the new state shows). */
  stop(): void;
  /** The neuron (layer:id) whose fill is held back while an undo plays. */
  readonly heldBack: string | null;
  dispose(): void;
}

/** `context()` gives the current geometry and cells (null before the first layout). */
export function createHandOver(scene: NetworkScene, context: () => { g: NetworkGeometry; cells: readonly Cell[]; cellIndex: ReadonlyMap<string, Cell> } | null): HandOver {
  let timer: ReturnType<typeof setTimeout> | null = null;
  let holdBack: string | null = null;

  function stop(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    scene.flowG.selectAll('*').interrupt().remove();
    scene.titleG.selectAll('text.nv-title-sub').attr('opacity', 1);
    if (holdBack) {
      holdBack = null;
      const ctx = context();
      if (ctx) paintCells(ctx.cells, null, ctx.g.scale);
    }
    scene.svg.attr('data-animating', 'false');
  }

  function play(step: NetworkStep, undo: boolean): void {
    const ctx = context();
    if (!ctx) return;
    const { g, cells, cellIndex } = ctx;
    const from = cellIndex.get(cellKey(step.layer, step.removedId));
    if (!from) return;
    const { all: heirs, shown, maxAbs } = shownHeirs(step.heirs, (id) => cellIndex.has(cellKey(step.layer, id)), MAX_FLOWS);
    const k = g.scale;
    const width = (coef: number) => flowWidth(coef, maxAbs, k);
    scene.svg.attr('data-animating', 'true');
    const T = DURATION;
    const flows = shown.map((h) => {
      const to = cellIndex.get(cellKey(step.layer, h.id))!;
      const c = undo ? curve(to.x, to.y, from.x, from.y) : curve(from.x, from.y, to.x, to.y);
      return { h, to, ...c };
    });
    // Each curve twice: a white casing that lifts it off the coloured neurons, then the colour.
    const flowPaths = (cls: string, casing: boolean) =>
      scene.flowG
        .selectAll<SVGPathElement, (typeof flows)[number]>(`path.${cls}`)
        .data(flows)
        .join('path')
        .attr('class', cls)
        .attr('fill', 'none')
        .attr('stroke', (f) => (casing ? '#fff' : f.h.coef >= 0 ? FLOW_POS : FLOW_NEG))
        .attr('stroke-width', (f) => width(f.h.coef) + (casing ? 3 * k : 0))
        .attr('stroke-linecap', 'round')
        .attr('stroke-opacity', 0.9)
        .attr('d', (f) => f.d);
    flowPaths('nv-flow-casing', true);
    flowPaths('nv-flow-path', false);
    const allPaths = scene.flowG.selectAll<SVGPathElement, (typeof flows)[number]>('path.nv-flow-casing, path.nv-flow-path');
    allPaths.each(function (f) {
      const len = Math.ceil(f.length) + 1;
      this.setAttribute('stroke-dasharray', `${len} ${len}`);
      this.setAttribute('stroke-dashoffset', String(len));
    });
    allPaths
      .transition('draw')
      .delay(undo ? 0 : T * 0.12)
      .duration(T * 0.5)
      .ease(d3.easeCubicInOut)
      .attr('stroke-dashoffset', 0)
      .transition()
      .duration(T * 0.3)
      .attr('stroke-opacity', 0)
      .remove();
    // A dot riding each curve.
    scene.flowG
      .selectAll<SVGCircleElement, (typeof flows)[number]>('circle.nv-flow-dot')
      .data(flows)
      .join('circle')
      .attr('class', 'nv-flow-dot')
      .attr('r', (f) => Math.max(2 * k, width(f.h.coef) * 0.7 + 0.8 * k))
      .attr('fill', (f) => (f.h.coef >= 0 ? FLOW_POS : FLOW_NEG))
      .attr('cx', undo ? -1e4 : from.x)
      .attr('cy', undo ? -1e4 : from.y)
      .transition('ride')
      .delay(undo ? 0 : T * 0.12)
      .duration(T * 0.5)
      .ease(d3.easeCubicInOut)
      .attrTween('transform', function (f) {
        const self = this as SVGCircleElement;
        self.setAttribute('cx', '0');
        self.setAttribute('cy', '0');
        return (t: number) => {
          const [x, y] = f.at(t);
          return `translate(${x.toFixed(1)},${y.toFixed(1)})`;
        };
      })
      .transition()
      .duration(T * 0.15)
      .attr('opacity', 0)
      .remove();
    // The heirs flash as the behaviour arrives (on undo: the neuron they give it back to).
    const targets = undo ? [from] : flows.map((f) => f.to);
    scene.flowG
      .selectAll<SVGCircleElement, Cell>('circle.nv-flash')
      .data(targets)
      .join('circle')
      .attr('class', 'nv-flash')
      .attr('cx', (c) => c.x)
      .attr('cy', (c) => c.y)
      .attr('r', g.r)
      .attr('fill', 'none')
      .attr('stroke', INK)
      .attr('stroke-width', 1.6 * k)
      .attr('opacity', 0)
      .transition('flash')
      .delay(T * 0.55)
      .duration(T * 0.4)
      .attr('opacity', 1)
      .attr('r', g.r + 5 * k)
      .transition()
      .duration(T * 0.15)
      .attr('opacity', 0)
      .remove();
    // The removed neuron's mark: grows, then fades to its ghost (undo: fills in at the end).
    const mark = scene.flowG
      .append('circle')
      .attr('class', 'nv-flow-mark')
      .attr('cx', from.x)
      .attr('cy', from.y)
      .attr('r', g.r)
      .attr('fill', cellFill(from))
      .attr('stroke', INK)
      .attr('stroke-width', 1.5 * k);
    if (undo) {
      holdBack = cellKey(from.layer, from.id);
      paintCells(cells, holdBack, g.scale);
      mark
        .attr('opacity', 0)
        .transition('mark')
        .delay(T * 0.55)
        .duration(T * 0.3)
        .attr('opacity', 1)
        .attr('r', g.r * 1.5)
        .transition()
        .duration(T * 0.15)
        .attr('r', g.r);
    } else {
      mark
        .transition('mark')
        .duration(T * 0.15)
        .attr('r', g.r * 2)
        .transition()
        .duration(T * 0.6)
        .attr('r', g.r)
        .attr('opacity', 0);
    }
    // What happened, in words, in place of the layer's count (not over the neurons).
    const text = heirs.length === 1 ? `#${step.removedId} ${undo ? '←' : '→'} #${heirs[0].id}` : `#${step.removedId} ${undo ? '←' : '→'} ${heirs.length} heirs`;
    const block = g.blocks[step.layer];
    titleSub(scene, step.layer).attr('opacity', 0);
    scene.flowG
      .append('text')
      .attr('class', 'nv-flow-label')
      .attr('x', block.x + block.w / 2)
      .attr('y', 27 * k)
      .attr('text-anchor', 'middle')
      .attr('font-size', fontPx(FONT.small, k))
      .attr('font-weight', 600)
      .attr('fill', INK)
      .text(text);
    timer = setTimeout(stop, T + 60);
  }

  return {
    play,
    stop,
    get heldBack() {
      return holdBack;
    },
    dispose() {
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}
