/**
 * The network view's interaction: pointer handlers on the neurons (only
 * alive ones respond) and the hovered neuron they track. Keyboard handlers
 * (a roving focus over the neurons) belong here too.
 */
import type * as d3 from 'd3';
import type { Cell } from './draw';
import type { NetworkViewCallbacks } from './spec';

export interface NetworkInteraction {
  readonly hover: Cell | null;
  bindCells(enter: d3.Selection<SVGCircleElement, Cell, SVGGElement, unknown>): void;
  /** After the cells were rebuilt or repainted: follows the hovered neuron to its new cell, and lets go of it once removed. */
  refresh(find: (layer: number, id: number) => Cell | undefined): void;
}

/** `redraw` redraws the rings after the hovered neuron changed. */
export function createInteraction(callbacks: NetworkViewCallbacks, redraw: () => void): NetworkInteraction {
  let hover: Cell | null = null;
  return {
    get hover() {
      return hover;
    },
    bindCells(enter) {
      enter
        .on('click', (e: MouseEvent, c) => {
          if (!c.alive) return;
          e.stopPropagation();
          callbacks.onNeuronClick(c.layer, c.id);
        })
        .on('pointerenter pointermove', (e: PointerEvent, c) => {
          if (!c.alive) return;
          if (hover !== c) {
            hover = c;
            redraw();
          }
          callbacks.onNeuronHover(c.layer, c.id, e.clientX, e.clientY);
        })
        .on('pointerleave', (_e, c) => {
          if (hover === c) {
            hover = null;
            redraw();
            callbacks.onNeuronLeave();
          }
        });
    },
    refresh(find) {
      if (hover) hover = find(hover.layer, hover.id) ?? null;
      if (hover && !hover.alive) {
        hover = null;
        callbacks.onNeuronLeave();
      }
    },
  };
}
