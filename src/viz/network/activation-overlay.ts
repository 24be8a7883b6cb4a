/**
 * An overlay on the network view that lights every neuron by its activation
 * for one input (a drawn digit, or a test digit): a disc over each neuron,
 * filled on the same scales as the code heatmap (viridis for relu and
 * sigmoid outputs, dark = silent, yellow = strongest; RdBu for tanh). Removed
 * neurons are lit too, as ghosts: their activation in the original network,
 * faint and with a dashed outline. The input block shows the input, and the
 * output column the compacted network's class probabilities (the predicted
 * class ringed).
 *
 * Its outlines scale with the view's size scale (NetworkGeometry.scale);
 * the discs take the neurons' own radius, which the layout already scales.
 *
 * Additive: its own group above the neurons, which takes no pointer events
 * (hover and click still reach the neurons beneath). Marks:
 * circle.nv-act[data-layer][data-id][data-alive][data-value],
 * circle.nv-act-out[data-class][data-prob], image.nv-act-input.
 */
import * as d3 from 'd3';
import { divergingScale, lutCss, sequentialScale } from '../color-scales';
import { INK } from '../palette';
import type { NetworkGeometry } from './layout';

export interface NetworkActivationLayer {
  /** Stable ids of the layer's original neurons. */
  ids: ArrayLike<number>;
  /** 1 where the neuron is still in the compacted network. */
  alive: ArrayLike<number>;
  /** Activation of each neuron in the compacted network; for a removed one, its activation in the original network. */
  values: ArrayLike<number>;
}

export interface NetworkActivations {
  layers: readonly NetworkActivationLayer[];
  /** The hidden layers' activation function: relu (scaled to each layer's largest), sigmoid (0..1) or tanh (-1..1, diverging). */
  activation: 'relu' | 'sigmoid' | 'tanh';
  /** The input (values in [0, 1], 1 = ink), drawn in the input block. */
  input?: { pixels: ArrayLike<number>; rows: number; cols: number };
  /** Class probabilities of the compacted network. */
  output?: ArrayLike<number>;
}

/** Where a neuron sits (the network view's cells). */
interface Spot {
  layer: number;
  id: number;
  x: number;
  y: number;
}

interface Disc {
  key: string;
  layer: number;
  id: number;
  x: number;
  y: number;
  alive: boolean;
  value: number;
  fill: string;
}

const GHOST_STROKE = '#9aa5b1';

/** The colour of an activation, and its position t in [0, 1] on the scale. */
export function activationColor(v: number, activation: NetworkActivations['activation'], layerMax: number): string {
  if (activation === 'tanh') return lutCss(divergingScale(), (Math.max(-1, Math.min(1, v)) + 1) / 2);
  const top = activation === 'sigmoid' ? 1 : layerMax;
  return lutCss(sequentialScale(), top > 0 ? Math.max(0, v) / top : 0);
}

function inputImage(input: NonNullable<NetworkActivations['input']>): string | null {
  if (typeof document === 'undefined') return null;
  const canvas = document.createElement('canvas');
  canvas.width = input.cols;
  canvas.height = input.rows;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  const img = ctx.createImageData(input.cols, input.rows);
  for (let i = 0; i < input.rows * input.cols; i++) {
    // Ink on paper, as the draw pad shows it.
    const g = Math.round(255 * (1 - Math.max(0, Math.min(1, input.pixels[i]))));
    img.data[4 * i] = g;
    img.data[4 * i + 1] = g;
    img.data[4 * i + 2] = g;
    img.data[4 * i + 3] = 255;
  }
  ctx.putImageData(img, 0, 0);
  return canvas.toDataURL();
}

export interface ActivationOverlay {
  update(g: NetworkGeometry, spots: readonly Spot[], acts: NetworkActivations | null): void;
}

/** The overlay's group, placed just below `before` (the focus rings: above the neurons and the output column) in `root`. */
export function createActivationOverlay(root: d3.Selection<SVGGElement, unknown, null, undefined>, before: string): ActivationOverlay {
  const group = root.insert('g', before).attr('class', 'nv-activations').attr('pointer-events', 'none');
  let lastInput: NetworkActivations['input'] | null = null;
  let lastHref: string | null = null;

  function update(g: NetworkGeometry, spots: readonly Spot[], acts: NetworkActivations | null): void {
    // Outlines grow with the view's size scale, as its other lines do.
    const k = g.scale;
    const discs: Disc[] = [];
    if (acts) {
      const byLayer = acts.layers.map((L) => {
        const at = new Map<number, number>();
        for (let p = 0; p < L.ids.length; p++) at.set(L.ids[p], p);
        let max = 0;
        for (let p = 0; p < L.values.length; p++) max = Math.max(max, Math.abs(L.values[p]));
        return { L, at, max };
      });
      for (const s of spots) {
        const b = byLayer[s.layer];
        const p = b?.at.get(s.id);
        if (!b || p === undefined) continue;
        const value = b.L.values[p];
        discs.push({ key: `${s.layer}:${s.id}`, layer: s.layer, id: s.id, x: s.x, y: s.y, alive: b.L.alive[p] === 1, value, fill: activationColor(value, acts.activation, b.max) });
      }
    }
    group
      .selectAll<SVGCircleElement, Disc>('circle.nv-act')
      .data(discs, (d) => d.key)
      .join('circle')
      .attr('class', 'nv-act')
      .attr('data-layer', (d) => d.layer)
      .attr('data-id', (d) => d.id)
      .attr('data-alive', (d) => (d.alive ? 'true' : 'false'))
      .attr('data-value', (d) => d.value.toPrecision(4))
      .attr('cx', (d) => d.x)
      .attr('cy', (d) => d.y)
      .attr('r', g.r)
      .attr('fill', (d) => d.fill)
      .attr('fill-opacity', (d) => (d.alive ? 1 : 0.4))
      .attr('stroke', (d) => (d.alive ? 'none' : GHOST_STROKE))
      .attr('stroke-width', (d) => (d.alive ? 0 : 0.8 * k))
      .attr('stroke-dasharray', (d) => (d.alive ? null : `${1.5 * k} ${1.2 * k}`));

    // The input in the input block (the image is rebuilt only when the input changes).
    const input = acts?.input ?? null;
    if (input !== lastInput) {
      lastInput = input;
      lastHref = input ? inputImage(input) : null;
    }
    group
      .selectAll<SVGImageElement, string>('image.nv-act-input')
      .data(lastHref ? [lastHref] : [])
      .join('image')
      .attr('class', 'nv-act-input')
      .attr('href', (d) => d)
      .attr('x', g.inX)
      .attr('y', g.inY)
      .attr('width', g.inSide)
      .attr('height', g.inSide)
      .attr('preserveAspectRatio', 'none')
      .style('image-rendering', 'pixelated');

    const out = acts?.output ? Array.from(acts.output) : [];
    let best = -1;
    out.forEach((p, c) => {
      if (best < 0 || p > out[best]) best = c;
    });
    group
      .selectAll<SVGCircleElement, number>('circle.nv-act-out')
      .data(out.slice(0, g.outYs.length))
      .join('circle')
      .attr('class', 'nv-act-out')
      .attr('data-class', (_d, c) => c)
      .attr('data-prob', (d) => d.toFixed(4))
      .attr('cx', g.outX)
      .attr('cy', (_d, c) => g.outYs[c])
      .attr('r', g.outR)
      .attr('fill', (d) => lutCss(sequentialScale(), d))
      .attr('stroke', INK)
      .attr('stroke-width', (_d, c) => (c === best ? 2.4 : 1) * k);
  }

  return { update };
}
