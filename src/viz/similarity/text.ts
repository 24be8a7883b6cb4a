/**
 * The similarity graph's words: the note under the plot, the captions of the
 * special edges and the SVG's accessible label. Pure; each picks the longest
 * wording that fits the width it is given.
 */
import * as d3 from 'd3';
import type { PlotBox } from './layout';

const fmtThreshold = d3.format('.2f');
const fmtR = d3.format('+.2f');

/** About 5.9 px per character at 11 px. */
const NOTE_CHAR_PX = 5.9;

export interface NoteFacts {
  /** Nodes shown. */
  nodes: number;
  /** Edges drawn. */
  drawn: number;
  /** Pairs with |r| >= threshold. */
  qualifying: number;
  threshold: number;
  /** Edges kept per node (Infinity: all). */
  perNode: number;
  maxEdges: number;
}

/** Wordings of the note, longest first. */
export function noteVariants(f: NoteFacts): string[] {
  const thr = fmtThreshold(f.threshold);
  const total = f.qualifying.toLocaleString('en-US');
  const drawn = f.drawn.toLocaleString('en-US');
  if (f.nodes === 0) return [''];
  if (f.qualifying === 0) return [`no pair reaches |r| ≥ ${thr}: lower the threshold`, `no pair with |r| ≥ ${thr}`];
  if (f.drawn >= f.qualifying) return [`${total} pairs with |r| ≥ ${thr} · dashed: r < 0`, `${total} pairs, |r| ≥ ${thr} · dashed: r<0`];
  if (Number.isFinite(f.perNode)) {
    const k = f.perNode;
    return [
      `${drawn} of ${total} pairs with |r| ≥ ${thr}: each neuron's strongest ${k} · dashed: r < 0`,
      `${drawn} of ${total} pairs with |r| ≥ ${thr}, each neuron's strongest ${k} · dashed: r<0`,
      `${drawn} of ${total} pairs, |r| ≥ ${thr}, each neuron's top ${k} · dashed: r<0`,
      `${drawn} of ${total} pairs, |r| ≥ ${thr}, top ${k} each · dashed: r<0`,
      `${drawn} of ${total} pairs, |r| ≥ ${thr}, top ${k} each`,
    ];
  }
  return [
    `${total} pairs with |r| ≥ ${thr}; only the strongest ${f.maxEdges} drawn · dashed: r < 0`,
    `strongest ${f.maxEdges} of ${total} pairs with |r| ≥ ${thr} · dashed: r < 0`,
    `${f.maxEdges} of ${total} pairs, |r| ≥ ${thr} · dashed: r<0`,
  ];
}

/** The longest of `variants` that fits `width` px at the note's size, or the shortest. */
export function fitNote(variants: readonly string[], width: number, pad: number, scale = 1): string {
  const fitChars = (width - 2 * pad) / (NOTE_CHAR_PX * scale);
  return variants.find((v) => v.length <= fitChars) ?? variants[variants.length - 1];
}

/** Caption wordings for a special edge, longest first. */
export const captionWordings: readonly ((label: string, r: number) => string)[] = [
  (label, r) => `${label}  (r = ${fmtR(r)})`,
  (label) => label,
  (label) => label.replace('next merge', 'next').replace('preview · ', ''),
];

/** Whether caption chips ending at x (before the trailing gap) fit the row. */
export function fitsRow(x: number, box: PlotBox): boolean {
  return x - 14 * box.scale <= box.width - box.pad;
}

export function graphAriaLabel(f: NoteFacts, candidate: readonly [number, number] | null): string {
  const thr = fmtThreshold(f.threshold);
  const which = f.drawn < f.qualifying && Number.isFinite(f.perNode) ? ` (each neuron's strongest ${f.perNode})` : '';
  return (
    `Similarity graph: ${f.nodes} neurons, ${f.drawn} edges with |r| ≥ ${thr}${which}` +
    (candidate ? `; next merge #${candidate[0]} and #${candidate[1]}` : '')
  );
}
