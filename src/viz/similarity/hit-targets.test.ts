import { describe, expect, it } from 'vitest';
import type { Circle, Segment } from './hit-targets';
import { hitAt, placeHitTargets } from './hit-targets';
import { settledScene, testLayer } from './test-graphs';

const HW = 4.5;
const PILL = 8;

function sceneGeometry(layerSize: number, seed: number, width: number, height: number, perNode = 3) {
  const { nodes, links } = settledScene(testLayer(layerSize, seed), width, height, { perNode });
  const segments: Segment[] = links.map((l) => ({ x1: l.source.x, y1: l.source.y, x2: l.target.x, y2: l.target.y }));
  const circles: Circle[] = nodes.map((d) => ({ x: d.x, y: d.y, r: d.r + 0.5 }));
  return { nodes, links, segments, circles };
}

describe('hitAt', () => {
  it('returns the neuron at its drawn position and nothing in the gaps', () => {
    const { nodes, circles, segments } = sceneGeometry(120, 2, 400, 400);
    const placement = placeHitTargets({ segments, circles, halfWidth: HW, pillLength: PILL });
    const scene = { circles, placement, halfWidth: HW };
    nodes.forEach((d, q) => expect(hitAt(d.x, d.y, scene)).toEqual({ kind: 'circle', index: q }));
    // Points far from every circle and every pill hit nothing.
    let gaps = 0;
    for (let x = -190; x <= 190; x += 7) {
      for (let y = -150; y <= 150; y += 7) {
        const inCircle = circles.some((c) => Math.hypot(x - c.x, y - c.y) <= c.r);
        const h = hitAt(x, y, scene);
        if (inCircle) expect(h?.kind).toBe('circle');
        else if (h === null) gaps++;
        else expect(h.kind).toBe('pill');
      }
    }
    expect(gaps).toBeGreaterThan(100);
  });
});

describe('placeHitTargets', () => {
  it('uses the midpoint of an edge when nothing covers it', () => {
    const p = placeHitTargets({ segments: [{ x1: 0, y1: 0, x2: 100, y2: 0 }], circles: [], halfWidth: HW, pillLength: PILL });
    expect([p.t[0], p.x[0], p.y[0], p.free[0]]).toEqual([0.5, 50, 0, 1]);
    expect(Array.from(p.pills)).toEqual([46, 0, 54, 0]);
  });

  it('nudges the target to the nearest point along the edge that no node covers', () => {
    // A node of radius 5 sits on the midpoint; with the 1 px margin, 0.46 and 0.54 are still under it.
    const segments = [{ x1: 0, y1: 0, x2: 100, y2: 0 }];
    const p = placeHitTargets({ segments, circles: [{ x: 50, y: 0, r: 5 }], halfWidth: HW, pillLength: PILL });
    expect(p.t[0]).toBeCloseTo(0.42, 9);
    expect(p.x[0]).toBeCloseTo(42, 9);
    expect(p.free[0]).toBe(1);
    expect(hitAt(p.x[0], p.y[0], { circles: [{ x: 50, y: 0, r: 5 }], placement: p, halfWidth: HW })).toEqual({ kind: 'pill', index: 0 });
  });

  it('makes both of two edges crossing at their midpoints reachable, one of them at its midpoint', () => {
    const segments = [
      { x1: -40, y1: 0, x2: 40, y2: 0 },
      { x1: 0, y1: -40, x2: 0, y2: 40 },
    ];
    const p = placeHitTargets({ segments, circles: [], halfWidth: HW, pillLength: PILL });
    expect(p.freeCount).toBe(2);
    expect([p.t[0], p.t[1]].filter((t) => t === 0.5)).toHaveLength(1);
    for (const e of [0, 1]) expect(hitAt(p.x[e], p.y[e], { circles: [], placement: p, halfWidth: HW })).toEqual({ kind: 'pill', index: e });
  });

  it("keeps targets off a blocker, except the blocker standing for the edge's own pair", () => {
    const segments = [{ x1: 0, y1: 0, x2: 100, y2: 0 }];
    const blocker = { x1: 50, y1: -40, x2: 50, y2: 40, halfWidth: 6 };
    const other = placeHitTargets({ segments, circles: [], blockers: [{ ...blocker, owner: -1 }], halfWidth: HW, pillLength: PILL });
    expect(Math.abs(other.x[0] - 50)).toBeGreaterThanOrEqual(7);
    const own = placeHitTargets({ segments, circles: [], blockers: [{ ...blocker, owner: 0 }], halfWidth: HW, pillLength: PILL });
    expect(own.t[0]).toBe(0.5);
  });

  it("reaches at least 95% of a crowded graph's edges, each at a point where the pointer finds that edge", () => {
    for (const [n, seed, w, h] of [
      [300, 1, 345, 400],
      [300, 2, 520, 400],
      [100, 3, 345, 400],
    ]) {
      const { segments, circles } = sceneGeometry(n, seed, w, h);
      const placement = placeHitTargets({ segments, circles, halfWidth: HW, pillLength: PILL });
      expect(placement.freeCount / segments.length).toBeGreaterThanOrEqual(0.95);
      let reached = 0;
      for (let e = 0; e < segments.length; e++) {
        const hit = hitAt(placement.x[e], placement.y[e], { circles, placement, halfWidth: HW });
        const mine = hit?.kind === 'pill' && hit.index === e;
        if (placement.free[e]) expect(mine).toBe(true);
        if (mine) reached++;
        // The target point lies on the edge, within the part the candidates cover.
        expect(placement.t[e]).toBeGreaterThanOrEqual(0.1 - 1e-9);
        expect(placement.t[e]).toBeLessThanOrEqual(0.9 + 1e-9);
      }
      expect(reached).toBeGreaterThanOrEqual(placement.freeCount);
      // Every edge is in the stack exactly once.
      expect([...placement.order].sort((a, b) => a - b)).toEqual(segments.map((_s, e) => e));
    }
  });

  it('prefers midpoints: most free targets in a sparse graph are at the midpoint', () => {
    const { segments, circles } = sceneGeometry(60, 4, 500, 400, 2);
    const p = placeHitTargets({ segments, circles, halfWidth: HW, pillLength: PILL });
    let mid = 0;
    for (let e = 0; e < segments.length; e++) if (p.free[e] && p.t[e] === 0.5) mid++;
    expect(mid / segments.length).toBeGreaterThan(0.5);
  });

  it('is deterministic', () => {
    const { segments, circles } = sceneGeometry(150, 6, 345, 400);
    const a = placeHitTargets({ segments, circles, halfWidth: HW, pillLength: PILL });
    const b = placeHitTargets({ segments: segments.map((s) => ({ ...s })), circles, halfWidth: HW, pillLength: PILL });
    expect(b).toEqual(a);
  });
});
