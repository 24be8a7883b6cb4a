/**
 * Moving through the network view's neurons with the arrow keys, pure. A
 * hidden layer's block is filled column by column (see layout.ts): ↑/↓ move
 * within a column (and on into the next or previous one), ←/→ move a column
 * sideways and, past a block's edge, on to the nearest row of the next or
 * previous layer; Home/End go to the first and last neuron of the layer.
 * Removed neurons (ghosts) are skipped: a move lands on the nearest alive
 * neuron in its direction.
 */
export interface KeyCell {
  layer: number;
  /** Index in the layer's original neurons (cell k of the block). */
  k: number;
}

export interface KeyGrid {
  /** Rows per block (the same for every layer). */
  rows: number;
  /** Original neurons per hidden layer. */
  widths: readonly number[];
  alive(layer: number, k: number): boolean;
}

/** The first alive cell of a layer at or after index `from` (step +1) or at or before it (step -1), or -1. */
function scan(grid: KeyGrid, layer: number, from: number, step: 1 | -1): number {
  for (let k = from; k >= 0 && k < grid.widths[layer]; k += step) if (grid.alive(layer, k)) return k;
  return -1;
}

/** The first alive cell of the first layer that has one, or null. */
export function firstCell(grid: KeyGrid): KeyCell | null {
  for (let l = 0; l < grid.widths.length; l++) {
    const k = scan(grid, l, 0, 1);
    if (k >= 0) return { layer: l, k };
  }
  return null;
}

/** The cell a key moves to from `at` (at itself when there is nowhere to go), or null for a key that does not move. */
export function moveCell(grid: KeyGrid, at: KeyCell, key: string): KeyCell | null {
  const { rows } = grid;
  const n = grid.widths[at.layer];
  const row = at.k % rows;
  const col = Math.floor(at.k / rows);
  const stay = (k: number): KeyCell => (k >= 0 ? { layer: at.layer, k } : at);
  switch (key) {
    case 'ArrowDown':
      return stay(scan(grid, at.layer, at.k + 1, 1));
    case 'ArrowUp':
      return stay(scan(grid, at.layer, at.k - 1, -1));
    case 'Home':
      return stay(scan(grid, at.layer, 0, 1));
    case 'End':
      return stay(scan(grid, at.layer, n - 1, -1));
    case 'ArrowRight':
    case 'ArrowLeft': {
      const dir = key === 'ArrowRight' ? 1 : -1;
      const cols = Math.ceil(n / rows);
      // Sideways within the block, column by column, nearest alive row first.
      for (let c = col + dir; c >= 0 && c < cols; c += dir) {
        const k = nearestInColumn(grid, at.layer, c, row);
        if (k >= 0) return { layer: at.layer, k };
      }
      // On to the next (previous) layer with an alive neuron: its column nearest to the edge we come from, nearest row.
      for (let l = at.layer + dir; l >= 0 && l < grid.widths.length; l += dir) {
        const lc = Math.ceil(grid.widths[l] / rows);
        for (let c = dir > 0 ? 0 : lc - 1; c >= 0 && c < lc; c += dir) {
          const k = nearestInColumn(grid, l, c, row);
          if (k >= 0) return { layer: l, k };
        }
      }
      return at;
    }
    default:
      return null;
  }
}

/** The alive cell of column `c` nearest to row `row` (ties to the upper one), or -1. */
function nearestInColumn(grid: KeyGrid, layer: number, c: number, row: number): number {
  const n = grid.widths[layer];
  for (let d = 0; d < grid.rows; d++) {
    for (const r of d === 0 ? [row] : [row - d, row + d]) {
      if (r < 0 || r >= grid.rows) continue;
      const k = c * grid.rows + r;
      if (k < n && grid.alive(layer, k)) return k;
    }
  }
  return -1;
}
