import { describe, expect, it } from 'vitest';
import type { LayoutNode, NodeStore } from './layout';
import { plotBox, reconcileNodes, seedPositions } from './layout';
import { settledScene, testLayer } from './test-graphs';

describe('plotBox', () => {
  it('keeps the plot between the legend band and the note band, inside the SVG', () => {
    for (const [w, h, scale] of [
      [345, 400, 1],
      [800, 300, 1],
      [600, 500, 1.5],
    ]) {
      const b = plotBox(w, h, scale);
      expect(b.cx - b.halfW).toBeCloseTo(b.pad, 9);
      expect(b.cx + b.halfW).toBeCloseTo(w - b.pad, 9);
      expect(b.cy - b.halfH).toBeCloseTo(b.legendBand + b.pad, 9);
      expect(b.cy + b.halfH).toBeCloseTo(h - b.noteBand - b.pad, 9);
    }
    // Bands and padding grow with the size scale.
    expect(plotBox(600, 500, 2).legendBand).toBe(2 * plotBox(600, 500, 1).legendBand);
  });
});

describe('force layout', () => {
  it('keeps every circle inside the box it is given', () => {
    const layer = testLayer(200, 3);
    for (const [w, h] of [
      [345, 400],
      [700, 300],
      [280, 420],
    ]) {
      const { box, nodes } = settledScene(layer, w, h);
      for (const d of nodes) {
        expect(Math.abs(d.x) + d.r).toBeLessThanOrEqual(box.halfW);
        expect(Math.abs(d.y) + d.r).toBeLessThanOrEqual(box.halfH);
      }
    }
  });

  it('is deterministic for a seed', () => {
    const layer = testLayer(120, 5);
    const a = settledScene(layer, 400, 400, { seed: 3 });
    const b = settledScene(layer, 400, 400, { seed: 3 });
    expect(b.nodes.map((d) => [d.x, d.y])).toEqual(a.nodes.map((d) => [d.x, d.y]));
  });

  it('leaves no two circles overlapping and fills most of the box', () => {
    const { box, nodes } = settledScene(testLayer(150, 9), 400, 400);
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        expect(Math.hypot(nodes[i].x - nodes[j].x, nodes[i].y - nodes[j].y)).toBeGreaterThan(nodes[i].r + nodes[j].r);
      }
    }
    const xs = nodes.map((d) => d.x);
    const ys = nodes.map((d) => d.y);
    expect(Math.max(...xs) - Math.min(...xs)).toBeGreaterThan(1.5 * box.halfW);
    expect(Math.max(...ys) - Math.min(...ys)).toBeGreaterThan(1.5 * box.halfH);
  });

  it('puts linked neurons closer together than neurons in general', () => {
    const { nodes, links } = settledScene(testLayer(150, 4), 400, 400);
    const dist = (a: LayoutNode, b: LayoutNode) => Math.hypot(a.x - b.x, a.y - b.y);
    const linked = links.reduce((s, l) => s + dist(l.source, l.target), 0) / links.length;
    let all = 0;
    let pairs = 0;
    for (let i = 0; i < nodes.length; i++) {
      for (let j = i + 1; j < nodes.length; j++) {
        all += dist(nodes[i], nodes[j]);
        pairs++;
      }
    }
    expect(linked).toBeLessThan(0.5 * (all / pairs));
  });
});

describe('seedPositions', () => {
  it('starts each class around its own place on an ellipse', () => {
    const box = plotBox(400, 400);
    const nodes: LayoutNode[] = Array.from({ length: 100 }, (_, i) => ({ id: i, cls: i % 10, size: 1, r: 3, k: i, x: 0, y: 0 }));
    seedPositions(nodes, box, 20);
    const centre = (c: number) => {
      const m = nodes.filter((d) => d.cls === c);
      return [m.reduce((s, d) => s + d.x, 0) / m.length, m.reduce((s, d) => s + d.y, 0) / m.length];
    };
    for (const d of nodes) {
      // Nearer its own class's centre than any other class's.
      const own = centre(d.cls);
      const dOwn = Math.hypot(d.x - own[0], d.y - own[1]);
      for (let c = 0; c < 10; c++) if (c !== d.cls) expect(dOwn).toBeLessThan(Math.hypot(d.x - centre(c)[0], d.y - centre(c)[1]));
    }
  });
});

describe('reconcileNodes', () => {
  const make = (s: { id: number; preferredClass: number; size: number }, k: number, x: number, y: number): LayoutNode => ({ id: s.id, cls: s.preferredClass, size: s.size, r: 0, k, x, y });
  const spec = (ids: number[]) => ids.map((id) => ({ id, preferredClass: id % 10, size: id }));

  it('keeps survivors in place, remembers removed neurons and puts a returning one back where it was', () => {
    const store: NodeStore<LayoutNode> = { byId: new Map(), graveyard: new Map() };
    const first = reconcileNodes(store, spec([1, 2, 3]), (s) => s / 10, make);
    expect(first.unplaced.map((d) => d.id)).toEqual([1, 2, 3]);
    first.nodes.forEach((d, q) => ((d.x = 10 * q), (d.y = -5 * q)));
    const second = reconcileNodes(store, spec([1, 3]), (s) => s / 10, make);
    expect(second.removed).toBe(1);
    expect(second.unplaced).toEqual([]);
    expect(second.nodes[1]).toBe(first.nodes[2]);
    expect(second.nodes[1].k).toBe(1);
    const third = reconcileNodes(store, spec([1, 2, 3, 4]), (s) => s / 10, make);
    expect(third.nodes[1]).toMatchObject({ id: 2, x: 10, y: -5, r: 0.2 });
    expect(third.unplaced.map((d) => d.id)).toEqual([4]);
  });
});
