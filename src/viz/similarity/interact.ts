/**
 * The similarity graph's interaction: pointer handlers on nodes, edge click
 * targets, special edges, their captions and the class legend, and the state
 * they change (hovered node, hovered edge, hovered legend class). Handlers
 * report to the caller's callbacks and ask the view to redraw; keyboard
 * handlers (a roving focus over nodes and edges) belong here too.
 */
import type * as d3 from 'd3';
import type { GraphLink } from './draw';
import type { PlacedCaption, Special } from './overlay';
import type { SimilarityGraphCallbacks } from './spec';

export interface GraphRedraw {
  /** The hovered node changed: restyle and redraw edges and overlay. */
  focus(): void;
  /** The hovered edge changed: restyle only. */
  edge(): void;
  /** The hovered legend class changed. */
  legend(): void;
}

export interface GraphInteraction {
  readonly hoverId: number | null;
  readonly hoverEdge: string | null;
  readonly legendClass: number | null;
  bindNodes<D extends { id: number }>(enter: d3.Selection<SVGCircleElement, D, SVGGElement, unknown>): void;
  /** Nodes on their way out: no longer targets. */
  unbindNodes<D>(exit: d3.Selection<SVGCircleElement, D, SVGGElement, unknown>): void;
  bindHits(enter: d3.Selection<SVGLineElement, GraphLink, SVGGElement, unknown>): void;
  bindSpecialHits(enter: d3.Selection<SVGLineElement, Special, SVGGElement, unknown>): void;
  bindCaptions(enter: d3.Selection<SVGGElement, PlacedCaption, SVGGElement, unknown>): void;
  /** For the class legend's onHover. */
  hoverLegend(k: number | null): void;
  /** Forgets a hovered node or edge that is no longer drawn; says whether the hovered node was dropped. */
  forgetMissing(hasNode: (id: number) => boolean, hasEdge: (key: string) => boolean): boolean;
}

export function createInteraction(callbacks: SimilarityGraphCallbacks, redraw: GraphRedraw): GraphInteraction {
  let hoverId: number | null = null;
  let hoverEdge: string | null = null;
  let legendClass: number | null = null;

  return {
    get hoverId() {
      return hoverId;
    },
    get hoverEdge() {
      return hoverEdge;
    },
    get legendClass() {
      return legendClass;
    },
    bindNodes(enter) {
      enter
        .style('cursor', 'pointer')
        .on('click', (e: MouseEvent, d) => {
          e.stopPropagation();
          callbacks.onNodeClick(d.id);
        })
        .on('pointerenter', (_e, d) => {
          hoverId = d.id;
          callbacks.onHover(d.id);
          redraw.focus();
        })
        .on('pointerleave', () => {
          hoverId = null;
          callbacks.onHover(null);
          redraw.focus();
        });
    },
    unbindNodes(exit) {
      exit.on('click', null).on('pointerenter', null).on('pointerleave', null).attr('pointer-events', 'none');
    },
    bindHits(enter) {
      enter
        .on('click', (e: MouseEvent, l) => {
          e.stopPropagation();
          callbacks.onEdgeClick(l.source.id, l.target.id);
        })
        .on('pointerenter', (_e, l) => {
          hoverEdge = l.key;
          redraw.edge();
        })
        .on('pointerleave', () => {
          hoverEdge = null;
          redraw.edge();
        });
    },
    bindSpecialHits(enter) {
      enter.on('click', (e: MouseEvent, s) => {
        e.stopPropagation();
        callbacks.onEdgeClick(s.a.id, s.b.id);
      });
    },
    bindCaptions(enter) {
      enter.on('click', (e: MouseEvent, p) => {
        e.stopPropagation();
        callbacks.onEdgeClick(p.s.a.id, p.s.b.id);
      });
    },
    hoverLegend(k) {
      legendClass = k;
      redraw.legend();
    },
    forgetMissing(hasNode, hasEdge) {
      if (hoverEdge !== null && !hasEdge(hoverEdge)) hoverEdge = null;
      if (hoverId !== null && !hasNode(hoverId)) {
        hoverId = null;
        callbacks.onHover(null);
        return true;
      }
      return false;
    },
  };
}
