import { describe, expect, it } from 'vitest';
import { firstCell, moveCell, type KeyGrid } from './keyboard';

/** Two layers of 10 and 4 neurons in blocks of 3 rows; `dead` lists removed cells as "layer:k". */
function grid(dead: string[] = []): KeyGrid {
  const gone = new Set(dead);
  return { rows: 3, widths: [10, 4], alive: (l, k) => !gone.has(`${l}:${k}`) };
}

describe('moving through the network view with the keyboard', () => {
  it('moves down and up a column, on into the next one, and stops at the ends', () => {
    const g = grid();
    expect(moveCell(g, { layer: 0, k: 0 }, 'ArrowDown')).toEqual({ layer: 0, k: 1 });
    expect(moveCell(g, { layer: 0, k: 2 }, 'ArrowDown')).toEqual({ layer: 0, k: 3 }); // top of the next column
    expect(moveCell(g, { layer: 0, k: 9 }, 'ArrowDown')).toEqual({ layer: 0, k: 9 });
    expect(moveCell(g, { layer: 0, k: 0 }, 'ArrowUp')).toEqual({ layer: 0, k: 0 });
    expect(moveCell(g, { layer: 0, k: 5 }, 'Home')).toEqual({ layer: 0, k: 0 });
    expect(moveCell(g, { layer: 0, k: 5 }, 'End')).toEqual({ layer: 0, k: 9 });
    expect(moveCell(g, { layer: 0, k: 5 }, 'Enter')).toBeNull();
  });

  it('moves sideways by a column, then on to the nearest row of the next or previous layer', () => {
    const g = grid();
    expect(moveCell(g, { layer: 0, k: 1 }, 'ArrowRight')).toEqual({ layer: 0, k: 4 });
    // Column 3 holds only cell 9 (row 0): from row 2 of column 2 the nearest alive row there.
    expect(moveCell(g, { layer: 0, k: 8 }, 'ArrowRight')).toEqual({ layer: 0, k: 9 });
    expect(moveCell(g, { layer: 0, k: 9 }, 'ArrowRight')).toEqual({ layer: 1, k: 0 });
    expect(moveCell(g, { layer: 0, k: 8 }, 'ArrowLeft')).toEqual({ layer: 0, k: 5 });
    // Back from layer 1's first column to layer 0's last column, nearest row.
    expect(moveCell(g, { layer: 1, k: 2 }, 'ArrowLeft')).toEqual({ layer: 0, k: 9 });
    expect(moveCell(g, { layer: 1, k: 3 }, 'ArrowRight')).toEqual({ layer: 1, k: 3 });
    expect(moveCell(g, { layer: 0, k: 0 }, 'ArrowLeft')).toEqual({ layer: 0, k: 0 });
  });

  it('skips removed neurons, and a layer with none left', () => {
    const g = grid(['0:1', '0:2', '0:3', '0:4', '1:0', '1:1', '1:2', '1:3']);
    expect(moveCell(g, { layer: 0, k: 0 }, 'ArrowDown')).toEqual({ layer: 0, k: 5 });
    expect(moveCell(g, { layer: 0, k: 5 }, 'ArrowUp')).toEqual({ layer: 0, k: 0 });
    expect(moveCell(g, { layer: 0, k: 0 }, 'ArrowRight')).toEqual({ layer: 0, k: 5 }); // column 1 has only 5 (row 2)
    expect(moveCell(g, { layer: 0, k: 9 }, 'ArrowRight')).toEqual({ layer: 0, k: 9 }); // layer 1 is empty
    expect(firstCell(grid(['0:0', '0:1']))).toEqual({ layer: 0, k: 2 });
    expect(firstCell(grid([...Array.from({ length: 10 }, (_, k) => `0:${k}`)]))).toEqual({ layer: 1, k: 0 });
  });
});
