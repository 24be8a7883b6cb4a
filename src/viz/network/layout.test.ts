import { describe, expect, it } from 'vitest';
import { cellAt, columnTitles, curve, layoutNetwork, placeCells, shownHeirs, weightBands } from './layout';

const ids = (n: number, from = 0) => Array.from({ length: n }, (_, i) => from + 3 * i);
const layers = [{ originalIds: ids(300) }, { originalIds: ids(100, 1) }];

describe('layoutNetwork', () => {
  it('keeps every column inside the SVG, in order, and every block the same cell size', () => {
    for (const [w, h] of [
      [560, 330],
      [360, 330],
      [1000, 400],
    ]) {
      const g = layoutNetwork(w, h, [300, 100], 10);
      expect(g.inX).toBeGreaterThanOrEqual(0);
      expect(g.outX + g.outR).toBeLessThanOrEqual(w);
      let x = g.inX + g.inSide;
      for (const b of g.blocks) {
        expect(b.x).toBeGreaterThan(x);
        expect(b.y).toBeGreaterThanOrEqual(g.top - 1e-9);
        expect(b.y + b.h).toBeLessThanOrEqual(g.bottom + 1e-9);
        x = b.x + b.w;
      }
      expect(g.outX - g.outR).toBeGreaterThan(x);
      expect(g.blocks[0].cols * g.rows).toBeGreaterThanOrEqual(300);
      expect(g.blocks[1].cols * g.rows).toBeGreaterThanOrEqual(100);
      // A block's area is its layer's original width in cells.
      expect(g.blocks[0].w / g.blocks[0].cols).toBeCloseTo(g.s, 9);
      expect(g.blocks[1].w / g.blocks[1].cols).toBeCloseTo(g.s, 9);
      for (const y of g.outYs) expect(y - g.outR).toBeGreaterThanOrEqual(g.top - 1e-9);
    }
  });

  it('prefers blocks without a ragged last column among nearly as large cells (300 and 100 at 560 x 360: 20 rows)', () => {
    const g = layoutNetwork(560, 360, [300, 100], 10);
    expect(g.rows).toBe(20);
    expect([g.blocks[0].cols, g.blocks[1].cols]).toEqual([15, 5]);
  });

  it('scales its fixed margins with the size scale', () => {
    expect(layoutNetwork(800, 400, [300, 100], 10, 2).top).toBe(2 * layoutNetwork(800, 400, [300, 100], 10, 1).top);
  });
});

describe('placeCells and cellAt', () => {
  const g = layoutNetwork(560, 330, [300, 100], 10);
  const cells = placeCells(g, layers);

  it('places every original neuron once, column by column, inside its block, none overlapping', () => {
    expect(cells).toHaveLength(400);
    for (const c of cells) {
      const b = g.blocks[c.layer];
      expect(c.x - g.r).toBeGreaterThanOrEqual(b.x);
      expect(c.x + g.r).toBeLessThanOrEqual(b.x + b.w);
      expect(c.y - g.r).toBeGreaterThanOrEqual(b.y);
      expect(c.y + g.r).toBeLessThanOrEqual(b.y + b.h);
    }
    const first = cells.filter((c) => c.layer === 0);
    expect(first[1].x).toBe(first[0].x);
    expect(first[g.rows].x).toBeCloseTo(first[0].x + g.s, 9);
    expect(2 * g.r).toBeLessThan(g.s);
  });

  it('returns the neuron at its drawn position and nothing in the gaps', () => {
    for (const c of cells) expect(cellAt(g, layers, c.x, c.y)).toEqual({ layer: c.layer, id: c.id, k: c.k });
    // The corner between four cells is outside every circle.
    for (const c of cells.slice(0, 50)) expect(cellAt(g, layers, c.x + g.s / 2 - 0.01, c.y + g.s / 2 - 0.01)).toBeNull();
    // Beyond the last neuron of a ragged block, between blocks, above them.
    const b = g.blocks[1];
    expect(cellAt(g, layers, b.x + b.w + 5, b.y + 5)).toBeNull();
    expect(cellAt(g, layers, g.blocks[0].x + 1, g.blocks[0].y - 2)).toBeNull();
    const ragged = layoutNetwork(560, 330, [290, 100], 10);
    const lastCol = ragged.blocks[0];
    const cornerCell = cellAt(ragged, [{ originalIds: ids(290) }, layers[1]], lastCol.x + lastCol.w - ragged.s / 2, lastCol.y + lastCol.h - ragged.s / 2);
    expect(cornerCell).toBeNull();
  });
});

describe('titles and bands', () => {
  it('names the columns with their sizes, shortening the names when they would collide', () => {
    const spec = [
      { originalIds: ids(300), aliveIds: ids(280) },
      { originalIds: ids(100), aliveIds: ids(100) },
    ];
    const wide = columnTitles(layoutNetwork(900, 330, [300, 100], 10), 784, spec, 10);
    expect(wide.map((t) => [t.title, t.sub])).toEqual([
      ['input', '784'],
      ['hidden 1', '280 / 300'],
      ['hidden 2', '100'],
      ['output', '10'],
    ]);
    const narrow = columnTitles(layoutNetwork(240, 330, [300, 100], 10), 784, spec, 10);
    expect(narrow.map((t) => t.title)).toEqual(['in', 'h1', 'h2', 'out']);
    const bands = weightBands(layoutNetwork(900, 330, [300, 100], 10), 784, spec, 10);
    expect(bands.map(({ a, b }) => `${a.n}×${b.n}`)).toEqual(['784×280', '280×100', '100×10']);
  });
});

describe('hand-over geometry', () => {
  it('shows the strongest heirs first, drops negligible and unknown ones, at most maxFlows', () => {
    const heirs = [
      { id: 1, coef: 0.5 },
      { id: 2, coef: -2 },
      { id: 3, coef: 0.01 },
      { id: 4, coef: 0 },
      { id: 5, coef: 1 },
      { id: 6, coef: Number.NaN },
      { id: 7, coef: 3 },
    ];
    const r = shownHeirs(heirs, (id) => id !== 7, 2);
    expect(r.all.map((h) => h.id)).toEqual([2, 5, 1, 3]);
    expect(r.maxAbs).toBe(2);
    expect(r.shown.map((h) => h.id)).toEqual([2, 5]);
  });

  it('draws a curve from its start to its end, bowing to one side, with its sampled length', () => {
    const c = curve(0, 0, 100, 0);
    expect(c.at(0)).toEqual([0, 0]);
    expect(c.at(1)).toEqual([100, 0]);
    expect(c.at(0.5)[1]).toBeCloseTo(12.5, 9); // half of the 25 px bow
    expect(c.length).toBeGreaterThan(100);
    expect(c.length).toBeLessThan(110);
  });
});
