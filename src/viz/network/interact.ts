/**
 * The network view's interaction: pointer handlers on the neurons (only
 * alive ones respond), the hovered neuron they track, and the keyboard.
 *
 * Keyboard: the view is one tab stop (a roving tabindex: one alive neuron
 * has tabindex 0, the others -1); the arrow keys, Home and End move between
 * neurons (see keyboard.ts), Enter selects (onNeuronClick); Escape is the
 * page's (it clears the selection). The focused neuron is treated like a
 * hovered one: it gets the hover ring and the tooltip. A click never takes
 * the keyboard focus (→ still steps after clicking a neuron), but Tab then
 * comes back to the neuron clicked or selected last. Every alive neuron is a
 * button named after its id and layer; ghosts are hidden from screen readers.
 * The SVG is marked data-arrow-keys, so the page's shortcuts leave the arrows
 * to it.
 */
import type * as d3 from 'd3';
import type { Cell } from './draw';
import { cellKey } from './draw';
import { firstCell, moveCell, type KeyGrid } from './keyboard';
import type { NetworkGeometry } from './layout';
import type { NetworkViewCallbacks } from './spec';

export interface NetworkInteraction {
  readonly hover: Cell | null;
  bindCells(enter: d3.Selection<SVGCircleElement, Cell, SVGGElement, unknown>): void;
  /**
   * After the cells were rebuilt or repainted: follows the hovered neuron to its new cell, and lets go of it
   * once removed; keeps the keyboard's neuron on an alive one (moving the focus along if it had it).
   */
  refresh(find: (layer: number, id: number) => Cell | undefined): void;
}

/** What the view holds now: its geometry, its cells (in placeCells order) and the selected neuron. */
export interface NetworkWorld {
  geo: NetworkGeometry;
  cells: readonly Cell[];
  selected: { layer: number; id: number } | null;
}

const NAV_KEYS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', 'Home', 'End']);

/** `redraw` redraws the rings after the hovered neuron changed. */
export function createInteraction(callbacks: NetworkViewCallbacks, redraw: () => void, world: () => NetworkWorld | null = () => null): NetworkInteraction {
  let hover: Cell | null = null;
  /** The neuron with tabindex 0 (layer:id). */
  let rovingKey: string | null = null;
  let lastSelected: string | null = null;
  /** What each circle's accessibility attributes were last set to. */
  const marked = new WeakMap<Element, string>();

  const hasFocus = (c: Cell | undefined | null) => Boolean(c?.el && c.el.ownerDocument.activeElement === c.el);

  /** Cells per layer, by index k. */
  function byLayer(w: NetworkWorld): Cell[][] {
    const out: Cell[][] = [];
    for (const c of w.cells) (out[c.layer] ??= [])[c.k] = c;
    return out;
  }

  function gridOf(w: NetworkWorld, layers: Cell[][]): KeyGrid {
    return { rows: w.geo.rows, widths: layers.map((l) => l.length), alive: (l, k) => layers[l]?.[k]?.alive ?? false };
  }

  function showFocus(c: Cell): void {
    hover = c;
    redraw();
    const r = c.el!.getBoundingClientRect();
    callbacks.onNeuronHover(c.layer, c.id, r.right, r.top + r.height / 2);
  }

  function onKey(e: KeyboardEvent, c: Cell): void {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    if (e.key === 'Enter') {
      e.preventDefault();
      if (c.alive) callbacks.onNeuronClick(c.layer, c.id);
      return;
    }
    if (!NAV_KEYS.has(e.key)) return;
    const w = world();
    if (!w) return;
    e.preventDefault();
    const layers = byLayer(w);
    const to = moveCell(gridOf(w, layers), { layer: c.layer, k: c.k }, e.key);
    const target = to ? layers[to.layer]?.[to.k] : undefined;
    if (target?.el && target !== c) {
      rovingKey = cellKey(target.layer, target.id);
      mark(w);
      target.el.focus();
    }
  }

  /** Sets tabindex, role and names on the circles whose state changed. */
  function mark(w: NetworkWorld): void {
    const selectedKey = w.selected ? cellKey(w.selected.layer, w.selected.id) : null;
    for (const c of w.cells) {
      const el = c.el;
      if (!el) continue;
      const key = cellKey(c.layer, c.id);
      const state = c.alive ? `${key === rovingKey ? 0 : -1}|${key === selectedKey}` : 'ghost';
      if (marked.get(el) === state) continue;
      marked.set(el, state);
      if (c.alive) {
        el.setAttribute('tabindex', key === rovingKey ? '0' : '-1');
        el.setAttribute('role', 'button');
        el.setAttribute('aria-label', `Neuron #${c.id} of hidden layer ${c.layer + 1}`);
        el.setAttribute('aria-pressed', key === selectedKey ? 'true' : 'false');
        el.removeAttribute('aria-hidden');
      } else {
        for (const a of ['tabindex', 'role', 'aria-label', 'aria-pressed']) el.removeAttribute(a);
        el.setAttribute('aria-hidden', 'true');
      }
    }
  }

  /** Keeps the roving neuron on an alive one: the selected neuron when it changes (unless the view has the focus), else the nearest alive one. */
  function keepRoving(w: NetworkWorld): void {
    const layers = byLayer(w);
    const index = new Map(w.cells.map((c) => [cellKey(c.layer, c.id), c]));
    const current = rovingKey ? index.get(rovingKey) : undefined;
    const focused = hasFocus(current);
    const selectedKey = w.selected ? cellKey(w.selected.layer, w.selected.id) : null;
    const selected = selectedKey ? index.get(selectedKey) : undefined;
    if (selectedKey !== lastSelected && selected?.alive && !focused) rovingKey = selectedKey;
    lastSelected = selectedKey;
    let cell = rovingKey ? index.get(rovingKey) : undefined;
    if (!cell?.alive) {
      const grid = gridOf(w, layers);
      const from = cell ?? current;
      const to = from ? (moveCell(grid, from, 'ArrowDown') ?? from) : null;
      const alt = to && grid.alive(to.layer, to.k) ? to : from ? moveCell(grid, from, 'ArrowUp') : null;
      const pick = alt && grid.alive(alt.layer, alt.k) ? alt : firstCell(grid);
      cell = pick ? layers[pick.layer][pick.k] : undefined;
      rovingKey = cell ? cellKey(cell.layer, cell.id) : null;
    }
    mark(w);
    // The focused neuron went (a step removed it): the focus moves to its replacement.
    if (focused && cell && cell !== current && cell.el) cell.el.focus();
  }

  return {
    get hover() {
      return hover;
    },
    bindCells(enter) {
      const svg = enter.node()?.ownerSVGElement;
      svg?.setAttribute('data-arrow-keys', '');
      enter
        .on('click', (e: MouseEvent, c) => {
          if (!c.alive) return;
          e.stopPropagation();
          rovingKey = cellKey(c.layer, c.id);
          callbacks.onNeuronClick(c.layer, c.id);
        })
        // A click does not take the keyboard focus (the page's → still steps).
        .on('mousedown', (e: MouseEvent) => e.preventDefault())
        .on('keydown', (e: KeyboardEvent, c) => onKey(e, c))
        .on('focus', (_e: FocusEvent, c) => {
          if (!c.alive) return;
          rovingKey = cellKey(c.layer, c.id);
          const w = world();
          if (w) mark(w);
          showFocus(c);
        })
        .on('blur', (_e: FocusEvent, c) => {
          if (hover === c) {
            hover = null;
            redraw();
            callbacks.onNeuronLeave();
          }
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
          if (hover === c && !hasFocus(c)) {
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
      const w = world();
      if (w) keepRoving(w);
    },
  };
}
