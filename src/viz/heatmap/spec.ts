/**
 * The heatmaps of neurons (rows) by columns: the types they share.
 *
 * NeuronHeatmapBase is what every such heatmap is given (values, row order,
 * ids, normalisation, highlights, size); HeatmapGridSpec adds the columns
 * and their grouping, and is what the renderer draws. The code heatmap is a
 * grid of probe samples grouped by class; the class-profile heatmap is a grid
 * with one column per class, built from the same base (../profile-heatmap.ts).
 */
import type { ClassBand } from '../../core/explore/probe-by-class';
import type { Normalization } from '../../core/explore/normalization';

/**
 * How values become colours:
 * - 'neuron': every row is stretched to its own range (of what is drawn: the
 *   means over the samples each pixel covers), so each neuron's pattern is
 *   visible however weakly or rarely it fires (compare shapes, not strengths);
 *   a row with no variation (a dead neuron) is drawn in FLAT_COLOR, a grey
 *   that is on neither scale, and the footer says so;
 * - 'layer': one range for all displayed rows (compare strengths within the layer);
 * - 'global': the caller's globalRange, shared by every layer.
 * Signed values use a range symmetric around 0 (max |x|), so 0 is always the
 * diverging scale's neutral middle; unsigned ones run from min to max.
 */

/** A row to point out: the selected neuron, the next candidate pair. */
export interface RowHighlight {
  /** Source row index (into values), not the display position. */
  row: number;
  /** A CSS colour dark enough for text on white (for instance Okabe-Ito blue or vermillion). */
  color: string;
  /** Short text drawn in the left margin, for instance "#17" or "#17 keep". */
  label: string;
}

export interface HeatmapMargin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/**
 * Default margins (CSS px). The profile heatmap uses the same top and bottom,
 * so the two line up row for row when drawn side by side at the same height.
 */
export const HEATMAP_MARGIN: HeatmapMargin = { top: 22, right: 8, bottom: 36, left: 66 };

/** What every heatmap of neurons is given. */
export interface NeuronHeatmapBase {
  /** Row-major rows x columns: values[r * columns + c] is source row r's value in source column c. */
  values: ArrayLike<number>;
  /** Source rows in values (the layer's neurons). */
  rows: number;
  /**
   * Display order: display row k shows source row rowOrder[k]. May list a
   * subset (for instance only the neurons still alive); only these are drawn
   * and only these set the range in 'layer' normalisation.
   */
  rowOrder: ArrayLike<number>;
  /** Stable neuron id of each source row (length rows), reported by hit-testing. */
  rowIds: ArrayLike<number>;
  normalize: Normalization;
  /** [lo, hi] for normalize 'global' (required then, ignored otherwise). */
  globalRange?: readonly [number, number];
  /** True for tanh layers (diverging scale around 0); false for relu / sigmoid (sequential). */
  signed: boolean;
  /**
   * Rows to mark: lines above and below the row (the row stays visible), a
   * marker at the left edge (and at the right edge when margin.right >= 10)
   * and a label in the left margin.
   */
  highlights?: readonly RowHighlight[];
  /** Canvas size in CSS px. */
  width: number;
  height: number;
  /** Device pixel ratio (default window.devicePixelRatio). */
  dpr?: number;
  /** Overrides of HEATMAP_MARGIN. */
  margin?: Partial<HeatmapMargin>;
  /** Draw the highlight labels (default true; markers and outlines are always drawn). */
  highlightLabels?: boolean;
  /** Legend title. */
  valueLabel?: string;
  /** Text in the left margin beside the column bands, for instance "digit". */
  bandTitle?: string;
  /** Size scale of the default margins, text, bands and highlight marks (default 1; larger in presenter mode). */
  scale?: number;
}

/** A heatmap as the renderer draws it: the base plus its columns. */
export interface HeatmapGridSpec extends NeuronHeatmapBase {
  /** Source columns in values. */
  cols: number;
  /**
   * Display column k shows source column colOrder[k]. Omit it when values'
   * columns are already grouped by class; pass the engine's class order to
   * use neuron-major codes in probe order without copying them.
   */
  colOrder?: ArrayLike<number>;
  /** Display-column ranges per class, ascending and not overlapping. Empty: one unlabelled block. */
  classBands: readonly ClassBand[];
  /** Text at the bottom left, for instance "2,000 probe images, grouped by class". */
  caption?: string;
  /** Gap between class blocks in CSS px (default 2; 0 when the blocks would be narrower than 8 px). */
  bandGap?: number;
  /**
   * Optional token that changes whenever the contents of `values` change (for
   * instance the engine's codes object). With it, each row's column means are
   * kept between calls, so redrawing after a step only re-colours the rows.
   */
  valuesToken?: object;
}

export interface BandSegment {
  label: string | null;
  /** Display columns [start, end). */
  start: number;
  end: number;
  /** Horizontal extent in CSS px. */
  x0: number;
  x1: number;
}

export interface HeatmapLayout {
  width: number;
  height: number;
  margin: HeatmapMargin;
  /** The plot area in CSS px. */
  plot: { x: number; y: number; w: number; h: number };
  segments: BandSegment[];
  /** Number of displayed rows (rowOrder.length) and columns. */
  displayRows: number;
  displayCols: number;
  /** The size scale of its margins, text and marks. */
  scale: number;
}

export interface HeatmapRenderInfo {
  layout: HeatmapLayout;
  /** The colour range used ([lo, hi]; symmetric when signed), or null for per-neuron normalisation. */
  range: [number, number] | null;
  /** Rows drawn grey ('neuron' normalisation, no variation: dead neurons). */
  flatRows: number;
  /** Time spent drawing, in ms. */
  ms: number;
}

export interface HeatmapHit {
  /** Source row (index into values). */
  row: number;
  /** Position in the display order. */
  displayRow: number;
  /** Stable neuron id. */
  id: number;
  /** Display column (class-grouped order). */
  col: number;
  /** Source column (index into values' columns: colOrder[col], or col). */
  sample: number;
  classLabel: string | null;
  /** The neuron's value there. */
  value: number;
}
