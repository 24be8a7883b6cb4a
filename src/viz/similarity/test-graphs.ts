/**
 * Test fixtures (imported by the tests only): a layer-like correlation
 * matrix with class structure, and a settled layout of it, as the graph
 * builds them.
 */
import { randomLcg } from 'd3';
import { selectEdges } from './edges';
import type { LayoutLink, LayoutNode, PlotBox } from './layout';
import { createForceLayout, nodeSpacing, plotBox, radiusScale, seedPositions } from './layout';

export interface TestLayer {
  n: number;
  cls: Int32Array;
  size: Float64Array;
  correlation: Float32Array;
}

/**
 * n neurons dealt to ten classes; r is high within a class and lower
 * between classes, with seeded noise; sizes vary.
 */
export function testLayer(n: number, seed: number): TestLayer {
  const rng = randomLcg(seed);
  const cls = Int32Array.from({ length: n }, () => Math.floor(rng() * 10));
  const size = Float64Array.from({ length: n }, () => 0.2 + rng());
  const correlation = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    correlation[i * n + i] = 1;
    for (let j = i + 1; j < n; j++) {
      const base = cls[i] === cls[j] ? 0.55 : 0.1;
      const r = Math.max(-1, Math.min(1, base + (rng() - 0.5) * 0.7));
      correlation[i * n + j] = correlation[j * n + i] = r;
    }
  }
  return { n, cls, size, correlation };
}

export interface TestScene {
  box: PlotBox;
  nodes: LayoutNode[];
  links: LayoutLink<LayoutNode>[];
}

/** The layer's graph laid out and settled in a width x height SVG. */
export function settledScene(layer: TestLayer, width: number, height: number, opts: { seed?: number; perNode?: number; threshold?: number } = {}): TestScene {
  const box = plotBox(width, height);
  const radius = radiusScale(box, layer.n, Math.max(...layer.size));
  const nodes: LayoutNode[] = Array.from({ length: layer.n }, (_, i) => ({ id: 100 + i, cls: layer.cls[i], size: layer.size[i], r: radius(layer.size[i]), k: i, x: 0, y: 0 }));
  seedPositions(nodes, box, nodeSpacing(box, layer.n));
  const sel = selectEdges(layer.correlation, layer.n, { threshold: opts.threshold ?? 0.6, perNode: opts.perNode ?? 3, maxEdges: 600 });
  const links = sel.edges.map((e) => ({ source: nodes[e.i], target: nodes[e.j], r: e.r, w: e.w, key: `${e.i}:${e.j}` }));
  const layout = createForceLayout<LayoutNode>(opts.seed ?? 7);
  layout.configure(nodes, links, box);
  layout.settle(layout.heatFresh());
  return { box, nodes, links };
}
