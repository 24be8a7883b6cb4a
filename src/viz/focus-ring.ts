/**
 * Focus rings: the ink circles around a mark that is selected, hovered or
 * part of the next merge, shared by the similarity graph and the network
 * view (and, later, by keyboard focus). A ring sits a small gap outside its
 * mark; dashed when the mark is one that goes (the removed end of a merge,
 * or a ghost in the network view).
 *
 * Sizes are in CSS px at scale 1; a view passes its size scale so rings grow
 * with the rest of the drawing (presenter mode).
 */
import type * as d3 from 'd3';
import { INK } from './palette';

export type RingKind = 'selected' | 'hover' | 'candidate';

export interface RingStyle {
  /** Gap between the mark's edge and the ring's centre line. */
  gap: number;
  width: number;
}

export interface RingStyles {
  kinds: Record<RingKind, RingStyle>;
  /** Dash pattern of a dashed ring. */
  dash: string;
}

/** The similarity graph's rings: its nodes are larger and sparser than the network view's. */
export const GRAPH_RINGS: RingStyles = {
  kinds: { selected: { gap: 4, width: 2.2 }, hover: { gap: 2.5, width: 1.6 }, candidate: { gap: 2.5, width: 1.6 } },
  dash: '2.5 2',
};

/** The network view's rings, for its small, densely packed cells. */
export const NETWORK_RINGS: RingStyles = {
  kinds: { selected: { gap: 2.6, width: 2 }, hover: { gap: 2, width: 1.4 }, candidate: { gap: 2, width: 1.4 } },
  dash: '2 1.5',
};

export interface FocusRingMark {
  /** Join key: stays the same while the ring marks the same thing. */
  key: string;
  x: number;
  y: number;
  /** Radius of the mark the ring goes around. */
  r: number;
  kind: RingKind;
  dashed?: boolean;
}

/** Draws (or updates in place) one ring per mark into `group`, which should ignore pointer events. */
export function drawFocusRings(
  group: d3.Selection<SVGGElement, unknown, null, undefined>,
  marks: readonly FocusRingMark[],
  styles: RingStyles,
  scale = 1,
): void {
  group
    .selectAll<SVGCircleElement, FocusRingMark>('circle')
    .data(marks, (m) => m.key)
    .join('circle')
    .attr('cx', (m) => m.x)
    .attr('cy', (m) => m.y)
    .attr('r', (m) => m.r + styles.kinds[m.kind].gap * scale)
    .attr('stroke', INK)
    .attr('stroke-width', (m) => styles.kinds[m.kind].width * scale)
    .attr('stroke-dasharray', (m) => (m.dashed ? styles.dash : null));
}

/** A group for rings: on top of the marks, not a click target, unfilled. */
export function appendRingLayer(
  parent: d3.Selection<SVGGElement, unknown, null, undefined>,
  className: string,
): d3.Selection<SVGGElement, unknown, null, undefined> {
  return parent.append('g').attr('class', className).attr('pointer-events', 'none').attr('fill', 'none');
}
