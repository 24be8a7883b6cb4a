/**
 * The similarity graph's public types and defaults (see ../similarity-graph.ts
 * for what the graph shows and how it updates).
 */

export interface SimilarityNode {
  /** Stable neuron id (within its layer). */
  id: number;
  /** Preferred class 0-9 (the class with the highest mean output); anything else draws neutral. */
  preferredClass: number;
  /** Outgoing weight norm ||W[i]||; sets the node's area. */
  size: number;
}

export interface SimilarityGraphSpec {
  width: number;
  height: number;
  nodes: readonly SimilarityNode[];
  /** Pearson correlation, n x n row-major, rows and columns in `nodes` order. */
  correlation: Float32Array;
  /** Edges are drawn only between pairs with |r| >= threshold. */
  threshold: number;
  /**
   * Of those pairs, each node's strongest `edgesPerNode` are drawn (ties by
   * index): an edge is drawn when it is among the strongest of either end.
   * Default DEFAULT_EDGES_PER_NODE; Infinity draws every pair above the
   * threshold (up to maxEdges).
   */
  edgesPerNode?: number;
  /** At most this many edges are drawn, the strongest ones (default DEFAULT_MAX_EDGES). */
  maxEdges?: number;
  /** The next merge [idA, idB]: drawn thick, highlighted and labelled even below the threshold. */
  candidate: readonly [number, number] | null;
  /** Optional: which end of `candidate` is the one removed (the label then reads "#removed → #heir"). */
  candidateRemovedId?: number | null;
  selectedId: number | null;
  /** A pair the user is previewing (clicked edge): drawn highlighted and labelled "preview". */
  previewEdge: readonly [number, number] | null;
  /**
   * Identifies the population of nodes (for instance the layer index). When
   * it changes the layout starts afresh instead of warm; neuron ids of
   * different layers overlap, so pass it whenever the layer can change.
   */
  layoutKey?: string | number;
  /** Seed of the layout's random source (default DEFAULT_LAYOUT_SEED): the same seed and spec give the same picture. */
  seed?: number;
  /** Size scale of text, bands, strokes, node radii and click targets (default 1; larger in presenter mode). */
  scale?: number;
}

export interface SimilarityGraphCallbacks {
  onNodeClick(id: number): void;
  onEdgeClick(idA: number, idB: number): void;
  onHover(id: number | null): void;
}

export interface SimilarityGraph {
  update(spec: SimilarityGraphSpec): void;
  destroy(): void;
}

/** Each node keeps its strongest few edges: enough to see its neighbourhood, few enough to read and to click. */
export const DEFAULT_EDGES_PER_NODE = 3;
export const DEFAULT_MAX_EDGES = 600;
export const DEFAULT_LAYOUT_SEED = 7;

/** Order-independent key of a pair of neuron ids. */
export function pairKey(a: number, b: number): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}
