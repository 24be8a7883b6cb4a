/**
 * Click targets of the similarity graph's edges, pure geometry.
 *
 * Every drawn edge gets a target: a short, wide, invisible line (a "pill")
 * lying on the edge, centred on the edge's target point. The pills sit
 * above the edges' full-length hit lines and below the nodes (a pair's own
 * neurons stay clickable). In a crowd an edge's midpoint is often under a
 * node or under another edge, so placeHitTargets chooses, for every edge, a
 * target point and a stacking order of the pills so that as many target
 * points as possible are on top:
 *
 * - candidate points along the edge: the true midpoint first, then points
 *   nudged outwards in small steps; points under a node, or under a fixed
 *   blocker (the special edges' targets), are out;
 * - first pass, shortest edges first (they have the fewest places to go;
 *   ties by index): the first candidate that no pill placed so far covers,
 *   and whose pill covers no target point placed so far. These pills never
 *   cover one another's points;
 * - second pass, for the edges left: the first candidate that no pill placed
 *   so far covers; each such pill goes below all the pills before it (so it
 *   covers none of their points);
 * - an edge left after both passes keeps its midpoint and goes to the bottom
 *   (it cannot be reached at a point of its own; `free` says so);
 * - the edges left over go first in another round, kept if it reaches more.
 *
 * hitAt models the browser's hit test over the same geometry (topmost first:
 * circles, blockers, pills from the top of the stack down), so tests can
 * check what a pointer at a point reaches.
 */

export interface Segment {
  x1: number;
  y1: number;
  x2: number;
  y2: number;
}

export interface Circle {
  x: number;
  y: number;
  /** Radius of its hit area (fill plus half the stroke). */
  r: number;
}

export interface Blocker extends Segment {
  halfWidth: number;
  /** Index of the segment this blocker stands for (the same pair), which it therefore does not block; -1 for none. */
  owner: number;
}

export interface HitPlacementInput {
  /** The edges, from end to end. */
  segments: readonly Segment[];
  /** Above every pill (the nodes). */
  circles: readonly Circle[];
  /** Fixed targets above every pill and below the circles. */
  blockers?: readonly Blocker[];
  /** Half a pill's stroke width. */
  halfWidth: number;
  /** A pill's length (shorter on a shorter edge). */
  pillLength: number;
  /** Safety distance (px) for rounding and anti-aliasing. */
  margin?: number;
}

export interface HitPlacement {
  /** Segment indices from the bottom of the stack of pills to the top. */
  order: Int32Array;
  /** Per segment: the target's parameter along it (0.5 = midpoint) and its position. */
  t: Float64Array;
  x: Float64Array;
  y: Float64Array;
  /** Per segment: its pill, as x1, y1, x2, y2 at [4e, 4e + 4). */
  pills: Float64Array;
  /** Per segment: 1 when its target point is on top of everything (reachable), else 0. */
  free: Uint8Array;
  freeCount: number;
}

/** Candidate parameters along an edge: the midpoint, then alternately further out, up to 0.1 and 0.9. */
export const HIT_CANDIDATES: readonly number[] = [0.5, ...Array.from({ length: 10 }, (_, m) => [0.5 - 0.04 * (m + 1), 0.5 + 0.04 * (m + 1)]).flat()];

/** Distance from (px, py) to a segment, or Infinity when the point projects beyond an end by more than `margin` (butt caps). */
export function distToSegment(x1: number, y1: number, x2: number, y2: number, px: number, py: number, margin: number): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const len2 = dx * dx + dy * dy;
  if (len2 === 0) return Infinity;
  const len = Math.sqrt(len2);
  const along = ((px - x1) * dx + (py - y1) * dy) / len;
  if (along < -margin || along > len + margin) return Infinity;
  return Math.abs((px - x1) * dy - (py - y1) * dx) / len;
}

/** Items bucketed by the square grid cells their widened bounding box touches. */
class Grid {
  private readonly cells = new Map<number, number[]>();
  constructor(private readonly size: number) {}
  private key(c: number, r: number): number {
    return (r + 32768) * 65536 + (c + 32768);
  }
  add(q: number, x0: number, y0: number, x1: number, y1: number): void {
    const s = this.size;
    for (let r = Math.floor(y0 / s); r <= Math.floor(y1 / s); r++) {
      for (let c = Math.floor(x0 / s); c <= Math.floor(x1 / s); c++) {
        const k = this.key(c, r);
        const list = this.cells.get(k);
        if (list) list.push(q);
        else this.cells.set(k, [q]);
      }
    }
  }
  near(x: number, y: number): readonly number[] {
    return this.cells.get(this.key(Math.floor(x / this.size), Math.floor(y / this.size))) ?? [];
  }
  /** Every item in the cells the box touches, once each. */
  within(x0: number, y0: number, x1: number, y1: number): Set<number> {
    const out = new Set<number>();
    const s = this.size;
    for (let r = Math.floor(y0 / s); r <= Math.floor(y1 / s); r++) {
      for (let c = Math.floor(x0 / s); c <= Math.floor(x1 / s); c++) for (const q of this.cells.get(this.key(c, r)) ?? []) out.add(q);
    }
    return out;
  }
}

export function placeHitTargets(input: HitPlacementInput): HitPlacement {
  const { segments, circles, halfWidth } = input;
  const blockers = input.blockers ?? [];
  const margin = input.margin ?? 1;
  const E = segments.length;
  const pointAt = (e: number, tc: number): [number, number] => {
    const s = segments[e];
    return [s.x1 + (s.x2 - s.x1) * tc, s.y1 + (s.y2 - s.y1) * tc];
  };
  // Candidates that no circle and no blocker covers, per edge.
  const circleGrid = new Grid(24);
  circles.forEach((c, q) => circleGrid.add(q, c.x - c.r - margin, c.y - c.r - margin, c.x + c.r + margin, c.y + c.r + margin));
  const usable = segments.map((_s, e) =>
    HIT_CANDIDATES.filter((tc) => {
      const [px, py] = pointAt(e, tc);
      if (circleGrid.near(px, py).some((q) => Math.hypot(px - circles[q].x, py - circles[q].y) < circles[q].r + margin)) return false;
      return !blockers.some((b) => b.owner !== e && distToSegment(b.x1, b.y1, b.x2, b.y2, px, py, margin) < b.halfWidth + margin);
    }),
  );
  const lengths = segments.map((s) => Math.hypot(s.x2 - s.x1, s.y2 - s.y1));
  const shortestFirst = (a: number, b: number) => lengths[a] - lengths[b] || a - b;
  let priority = Array.from({ length: E }, (_, e) => e).sort(shortestFirst);
  let best = placeInOrder(segments, usable, priority, halfWidth, input.pillLength, margin);
  // The edges left unreachable go first in another round, while that helps.
  for (let round = 0; round < PLACEMENT_ROUNDS && best.freeCount < E; round++) {
    const left = priority.filter((e) => !best.free[e]);
    priority = [...left, ...priority.filter((e) => best.free[e])];
    const next = placeInOrder(segments, usable, priority, halfWidth, input.pillLength, margin);
    if (next.freeCount <= best.freeCount) break;
    best = next;
  }
  return best;
}

/** Extra rounds of placement with the unreachable edges moved to the front. */
const PLACEMENT_ROUNDS = 3;

/** One placement in the given priority order (see the module comment); `usable` lists each edge's candidates. */
function placeInOrder(segments: readonly Segment[], usable: readonly (readonly number[])[], priority: readonly number[], halfWidth: number, pillLength: number, margin: number): HitPlacement {
  const E = segments.length;
  const reach = halfWidth + margin;
  const t = new Float64Array(E).fill(0.5);
  const x = new Float64Array(E);
  const y = new Float64Array(E);
  const pills = new Float64Array(4 * E);
  const free = new Uint8Array(E);
  const pointAt = (e: number, tc: number): [number, number] => {
    const s = segments[e];
    return [s.x1 + (s.x2 - s.x1) * tc, s.y1 + (s.y2 - s.y1) * tc];
  };
  /** The pill of edge e centred at parameter tc, kept within the edge. */
  const pillAt = (e: number, tc: number): [number, number, number, number] => {
    const s = segments[e];
    const len = Math.hypot(s.x2 - s.x1, s.y2 - s.y1);
    if (len === 0) return [s.x1, s.y1, s.x2, s.y2];
    const h = Math.min(pillLength, len) / (2 * len);
    const a = Math.max(0, Math.min(1 - 2 * h, tc - h));
    const [xa, ya] = pointAt(e, a);
    const [xb, yb] = pointAt(e, a + 2 * h);
    return [xa, ya, xb, yb];
  };
  // Placed pills and placed points, for the coverage tests.
  const pillGrid = new Grid(16);
  const pointGrid = new Grid(16);
  const coveredByPills = (px: number, py: number) =>
    pillGrid.near(px, py).some((f) => distToSegment(pills[4 * f], pills[4 * f + 1], pills[4 * f + 2], pills[4 * f + 3], px, py, margin) < reach);
  const coversPoints = (p: readonly number[]) => {
    for (const f of pointGrid.within(Math.min(p[0], p[2]) - reach, Math.min(p[1], p[3]) - reach, Math.max(p[0], p[2]) + reach, Math.max(p[1], p[3]) + reach)) {
      if (distToSegment(p[0], p[1], p[2], p[3], x[f], y[f], margin) < reach) return true;
    }
    return false;
  };
  const put = (e: number, tc: number) => {
    free[e] = 1;
    t[e] = tc;
    [x[e], y[e]] = pointAt(e, tc);
    const p = pillAt(e, tc);
    pills.set(p, 4 * e);
    pillGrid.add(e, Math.min(p[0], p[2]) - reach, Math.min(p[1], p[3]) - reach, Math.max(p[0], p[2]) + reach, Math.max(p[1], p[3]) + reach);
    pointGrid.add(e, x[e], y[e], x[e], y[e]);
  };
  // Pass 1: pills that cover no point and whose point nothing covers.
  const top: number[] = [];
  for (const e of priority) {
    for (const tc of usable[e]) {
      const [px, py] = pointAt(e, tc);
      if (coveredByPills(px, py) || coversPoints(pillAt(e, tc))) continue;
      put(e, tc);
      top.push(e);
      break;
    }
  }
  // Pass 2: pills whose point nothing placed covers, each below everything placed before it.
  const below: number[] = [];
  for (const e of priority) {
    if (free[e]) continue;
    for (const tc of usable[e]) {
      const [px, py] = pointAt(e, tc);
      if (coveredByPills(px, py)) continue;
      put(e, tc);
      below.push(e);
      break;
    }
  }
  // Left over: the midpoint, at the very bottom.
  const rest: number[] = [];
  for (const e of priority) {
    if (free[e]) continue;
    [x[e], y[e]] = pointAt(e, 0.5);
    pills.set(pillAt(e, 0.5), 4 * e);
    rest.push(e);
  }
  let freeCount = 0;
  for (let e = 0; e < E; e++) freeCount += free[e];
  return { order: Int32Array.from([...rest, ...below.reverse(), ...top]), t, x, y, pills, free, freeCount };
}

export type HitResult = { kind: 'circle'; index: number } | { kind: 'blocker'; index: number } | { kind: 'pill'; index: number } | null;

/** What a pointer at (px, py) reaches: circles on top (later ones higher), then blockers, then pills from the top of `order` down. */
export function hitAt(
  px: number,
  py: number,
  scene: { circles: readonly Circle[]; blockers?: readonly Blocker[]; placement: Pick<HitPlacement, 'order' | 'pills'>; halfWidth: number },
): HitResult {
  for (let q = scene.circles.length - 1; q >= 0; q--) {
    const c = scene.circles[q];
    if (Math.hypot(px - c.x, py - c.y) <= c.r) return { kind: 'circle', index: q };
  }
  const blockers = scene.blockers ?? [];
  for (let q = blockers.length - 1; q >= 0; q--) {
    const b = blockers[q];
    if (distToSegment(b.x1, b.y1, b.x2, b.y2, px, py, 0) <= b.halfWidth) return { kind: 'blocker', index: q };
  }
  const { order, pills } = scene.placement;
  for (let q = order.length - 1; q >= 0; q--) {
    const e = order[q];
    if (distToSegment(pills[4 * e], pills[4 * e + 1], pills[4 * e + 2], pills[4 * e + 3], px, py, 0) <= scene.halfWidth) return { kind: 'pill', index: e };
  }
  return null;
}
