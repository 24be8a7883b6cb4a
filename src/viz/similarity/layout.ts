/**
 * The similarity graph's layout: pure (d3-force, no DOM), parametrised by the
 * box it must fill and a size scale, and deterministic for a given seed.
 *
 * - plotBox: where the plot goes inside the SVG (a legend band above, a note
 *   band below).
 * - reconcileNodes: the nodes of a new spec, reusing the survivors' positions;
 *   a neuron that comes back (undo) reappears where it was.
 * - seedPositions: a deterministic start (classes on an ellipse, a phyllotaxis
 *   inside each class), so a fresh layout need not start at full heat.
 * - createForceLayout: links, charge, collision and centring forces tuned to
 *   the box; ticks that keep every circle inside it; a collision-only
 *   relaxation that removes the overlaps left at the end; settle() runs it
 *   all synchronously (tests, headless use).
 */
import * as d3 from 'd3';

/** The plot area inside an SVG of width x height (CSS px, scaled by `scale`). */
export interface PlotBox {
  width: number;
  height: number;
  scale: number;
  /** Half the plot's width and height: node centres stay within [-halfW, halfW] x [-halfH, halfH]. */
  halfW: number;
  halfH: number;
  /** The plot's centre in SVG coordinates (the plot group's translation). */
  cx: number;
  cy: number;
  pad: number;
  /** Height of the class legend above the plot, and of the captions and note below it. */
  legendBand: number;
  noteBand: number;
}

const LEGEND_BAND = 22;
const NOTE_BAND = 34; // two rows: the special edges' captions, then the note
const PAD = 6;

export function plotBox(width: number, height: number, scale = 1): PlotBox {
  const pad = PAD * scale;
  const legendBand = LEGEND_BAND * scale;
  const noteBand = NOTE_BAND * scale;
  const halfW = Math.max(20, (width - 2 * pad) / 2);
  const halfH = Math.max(20, (height - legendBand - noteBand - 2 * pad) / 2);
  return { width, height, scale, halfW, halfH, cx: width / 2, cy: legendBand + pad + halfH, pad, legendBand, noteBand };
}

export interface LayoutNode extends d3.SimulationNodeDatum {
  id: number;
  /** Preferred class (0-9; anything else: none). */
  cls: number;
  size: number;
  /** Radius in px. */
  r: number;
  /** Index in the spec's nodes (row of the correlation matrix). */
  k: number;
  x: number;
  y: number;
}

export interface LayoutLink<N extends LayoutNode> extends d3.SimulationLinkDatum<N> {
  source: N;
  target: N;
  r: number;
  /** Strength in [0, 1] relative to the threshold. */
  w: number;
  key: string;
}

/** Typical distance between nodes when n of them share the box evenly. */
export function nodeSpacing(box: PlotBox, n: number): number {
  return Math.sqrt((4 * box.halfW * box.halfH) / Math.max(1, n));
}

/** Radius by outgoing weight norm: area proportional to size, the largest about a fifth of the spacing. */
export function radiusScale(box: PlotBox, n: number, maxSize: number): (size: number) => number {
  const rMax = Math.max(3.5 * box.scale, Math.min(10 * box.scale, nodeSpacing(box, n) * 0.22));
  const s = d3.scaleSqrt().domain([0, maxSize > 0 ? maxSize : 1]).range([1.8, rMax]).clamp(true);
  return (size) => s(Number.isFinite(size) ? size : 0);
}

/** Keeps a node's circle inside the box (stopping it where it hits the edge). */
export function clampNode(d: LayoutNode, box: PlotBox): void {
  const mx = Math.max(0, box.halfW - d.r - 1);
  const my = Math.max(0, box.halfH - d.r - 1);
  if (d.x < -mx || d.x > mx) {
    d.x = Math.max(-mx, Math.min(mx, d.x));
    d.vx = 0;
  }
  if (d.y < -my || d.y > my) {
    d.y = Math.max(-my, Math.min(my, d.y));
    d.vy = 0;
  }
}

/** Deterministic start: classes on an ellipse, a phyllotaxis inside each class; nodes without a class around the rim. */
export function seedPositions(fresh: readonly LayoutNode[], box: PlotBox, spacing: number): void {
  const byClass = new Map<number, LayoutNode[]>();
  for (const d of fresh) {
    const c = d.cls >= 0 && d.cls < 10 ? d.cls : -1;
    let list = byClass.get(c);
    if (!list) byClass.set(c, (list = []));
    list.push(d);
  }
  const golden = Math.PI * (3 - Math.sqrt(5));
  for (const [c, list] of byClass) {
    if (c < 0) {
      // No preferred class (dead or constant: no edges either): spread around the rim.
      list.forEach((d, m) => {
        const t = (2 * Math.PI * (m + 0.5)) / list.length + Math.PI / 10;
        d.x = Math.cos(t) * box.halfW * 0.9;
        d.y = Math.sin(t) * box.halfH * 0.9;
        d.vx = d.vy = 0;
      });
      continue;
    }
    const theta = (2 * Math.PI * c) / 10 - Math.PI / 2;
    const ring = 0.55;
    const cx = Math.cos(theta) * box.halfW * ring;
    const cy = Math.sin(theta) * box.halfH * ring;
    list.forEach((d, m) => {
      const rad = spacing * 0.5 * Math.sqrt(m + 0.5);
      d.x = cx + rad * Math.cos(m * golden);
      d.y = cy + rad * Math.sin(m * golden);
      d.vx = 0;
      d.vy = 0;
    });
  }
}

export interface NodeStore<N extends LayoutNode> {
  byId: Map<number, N>;
  /** Last known positions of neurons no longer shown (so undo puts them back). */
  graveyard: Map<number, { x: number; y: number }>;
}

export interface SpecNode {
  id: number;
  preferredClass: number;
  size: number;
}

/**
 * The nodes for a new list of spec nodes: survivors are reused (with their
 * positions), returning neurons come back where they were, new ones are
 * returned in `unplaced` (positioned by the caller, usually seedPositions).
 * Updates the store in place.
 */
export function reconcileNodes<N extends LayoutNode>(
  store: NodeStore<N>,
  specNodes: readonly SpecNode[],
  radius: (size: number) => number,
  make: (s: SpecNode, k: number, x: number, y: number) => N,
): { nodes: N[]; unplaced: N[]; removed: number } {
  const byId = new Map<number, N>();
  const unplaced: N[] = [];
  const nodes = specNodes.map((s, k) => {
    let d = store.byId.get(s.id);
    if (!d) {
      const g = store.graveyard.get(s.id);
      d = make(s, k, g?.x ?? 0, g?.y ?? 0);
      if (!g) unplaced.push(d);
      else store.graveyard.delete(s.id);
    }
    d.cls = s.preferredClass;
    d.size = s.size;
    d.k = k;
    d.r = radius(s.size);
    byId.set(s.id, d);
    return d;
  });
  let removed = 0;
  for (const [id, d] of store.byId) {
    if (byId.has(id)) continue;
    store.graveyard.set(id, { x: d.x, y: d.y });
    removed++;
  }
  store.byId = byId;
  return { nodes, unplaced, removed };
}

const FRESH_TICKS = 220;
const WARM_TICKS = 90;
/** The seeded start already groups classes, so a fresh layout need not start at full heat. */
const FRESH_ALPHA = 0.7;
const FRESH_DECAY = 0.034;
const WARM_ALPHA = 0.1;
const WARM_DECAY = 0.05;
/** Below this speed (px per tick) for three frames in a row, the layout counts as settled. */
export const STILL_PX = 0.03;

export interface ForceLayout<N extends LayoutNode> {
  /** Sets nodes, links and the box; tunes the forces to them. */
  configure(nodes: N[], links: LayoutLink<N>[], box: PlotBox): void;
  /** Heats the layout for a fresh start; returns how many ticks it may take. */
  heatFresh(): number;
  /** Warms it for a gentle relaxation after a small change; returns how many ticks it may take. */
  heatWarm(): number;
  /** One simulation tick, then every node clamped into the box. */
  tick(): void;
  /** Cooled below the simulation's minimum heat. */
  cooled(): boolean;
  /** The fastest node's speed (px per tick). */
  maxSpeed(): number;
  /** Collision-only relaxation: links and charge can squeeze circles together; this settles it. */
  removeOverlaps(): void;
  /** Runs the layout to rest synchronously (headless): at most maxTicks ticks, then removeOverlaps. */
  settle(maxTicks: number): number;
  stop(): void;
}

/** Force strengths, relative to the spacing of the nodes (the defaults suit the explorer). */
export interface ForceTuning {
  /** Pull towards the centre. */
  centre: number;
  /** Repulsion between nodes, times the spacing. */
  charge: number;
  /** Extra distance of a link at |r| = 1, and per unit of (1 - |r|), times the spacing. */
  linkBase: number;
  linkSlope: number;
  /** Collision radius beyond a node's own. */
  collidePad: number;
}

/**
 * Spread out to fill the box, with a few px between circles: the gaps leave
 * room for the edges' target points (an edge's midpoint under a third node
 * cannot be clicked).
 */
export const DEFAULT_TUNING: ForceTuning = { centre: 0.03, charge: 1, linkBase: 0.45, linkSlope: 0.9, collidePad: 4 };

export function createForceLayout<N extends LayoutNode>(seed: number, tuning: ForceTuning = DEFAULT_TUNING): ForceLayout<N> {
  const random = d3.randomLcg(seed);
  const sim = d3.forceSimulation<N>().stop().randomSource(random).alphaDecay(0.028).alphaMin(0.004).velocityDecay(0.42);
  const linkForce = d3.forceLink<N, LayoutLink<N>>([]);
  const chargeForce = d3.forceManyBody<N>().theta(0.95);
  const collideForce = d3.forceCollide<N>().strength(0.9).iterations(2);
  /** Used alone once the layout has cooled, to push apart circles that still overlap. */
  const separate = d3.forceCollide<N>().strength(1).iterations(1);
  const xForce = d3.forceX<N>(0);
  const yForce = d3.forceY<N>(0);
  sim.force('link', linkForce).force('charge', chargeForce).force('collide', collideForce).force('x', xForce).force('y', yForce);
  let nodes: N[] = [];
  let box = plotBox(100, 100);

  function configure(nextNodes: N[], links: LayoutLink<N>[], nextBox: PlotBox): void {
    nodes = nextNodes;
    box = nextBox;
    const spacing = nodeSpacing(box, nodes.length);
    const deg = new Map<N, number>();
    for (const l of links) {
      deg.set(l.source, (deg.get(l.source) ?? 0) + 1);
      deg.set(l.target, (deg.get(l.target) ?? 0) + 1);
    }
    linkForce
      .distance((l) => spacing * (tuning.linkBase + tuning.linkSlope * (1 - Math.abs(l.r))) + l.source.r + l.target.r)
      .strength((l) => (0.25 + 0.75 * l.w) / Math.min(deg.get(l.source) ?? 1, deg.get(l.target) ?? 1));
    chargeForce.strength(-spacing * tuning.charge).distanceMax(spacing * 4);
    collideForce.radius((d) => d.r + tuning.collidePad);
    // Pull towards the centre, stronger vertically in a landscape box so the layout fills it.
    const k = tuning.centre;
    xForce.strength(k * Math.min(1, box.halfH / box.halfW));
    yForce.strength(k * Math.min(1, box.halfW / box.halfH));
    sim.nodes(nodes);
    linkForce.links(links);
  }

  function tick(): void {
    sim.tick();
    for (const d of nodes) clampNode(d, box);
  }

  function maxSpeed(): number {
    let v = 0;
    for (const d of nodes) v = Math.max(v, Math.abs(d.vx ?? 0), Math.abs(d.vy ?? 0));
    return v;
  }

  function removeOverlaps(): void {
    separate.radius((d) => d.r + 1);
    separate.initialize(nodes, random);
    for (let q = 0; q < 24; q++) {
      for (const d of nodes) d.vx = d.vy = 0;
      separate(1);
      let moved = 0;
      for (const d of nodes) {
        moved = Math.max(moved, Math.abs(d.vx!), Math.abs(d.vy!));
        d.x += d.vx!;
        d.y += d.vy!;
        d.vx = d.vy = 0;
        clampNode(d, box);
      }
      if (moved < 0.05) break;
    }
  }

  return {
    configure,
    heatFresh() {
      sim.alpha(FRESH_ALPHA).alphaDecay(FRESH_DECAY);
      return FRESH_TICKS;
    },
    heatWarm() {
      if (sim.alpha() < WARM_ALPHA) sim.alphaDecay(WARM_DECAY);
      sim.alpha(Math.max(sim.alpha(), WARM_ALPHA));
      return WARM_TICKS;
    },
    tick,
    cooled: () => sim.alpha() < sim.alphaMin(),
    maxSpeed,
    removeOverlaps,
    settle(maxTicks) {
      let ticks = 0;
      let still = 0;
      while (ticks < maxTicks && !(sim.alpha() < sim.alphaMin()) && still < 3) {
        tick();
        ticks++;
        still = maxSpeed() < STILL_PX ? still + 1 : 0;
      }
      removeOverlaps();
      return ticks;
    },
    stop() {
      sim.stop();
      sim.nodes([]);
      nodes = [];
    },
  };
}
