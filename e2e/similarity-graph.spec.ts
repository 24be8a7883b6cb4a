import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Every edge of the similarity graph can be clicked. Each drawn edge has a
 * target point (data-hit-x, data-hit-y): its midpoint, or, where a node or
 * another edge covers the midpoint, the nearest free point along the edge
 * (data-hit-t says where, 0.5 being the midpoint). The browser's own hit
 * test (elementFromPoint) must find that edge there.
 */

async function settledGraph(page: Page): Promise<Locator> {
  await page.goto('./');
  await expect(page.getByTestId('step')).toBeEnabled();
  const graph = page.getByTestId('similarity-graph');
  await graph.scrollIntoViewIfNeeded();
  // The graph draws once it is on screen; then its layout runs and comes to rest.
  await expect(graph.locator('circle.sg-node').first()).toBeAttached();
  await expect(graph).toHaveAttribute('data-layout', 'settled');
  await expect(graph).toHaveAttribute('data-targets', 'placed');
  return graph;
}

interface EdgeCheck {
  a: string;
  b: string;
  x: number;
  y: number;
  t: number;
  hit: boolean;
}

/** For every drawn edge: its target point in viewport coordinates, and whether elementFromPoint finds that edge there. */
function checkEdges(graph: Locator): Promise<{ layout: string | null; targets: string | null; edges: EdgeCheck[] }> {
  return graph.evaluate((svg) => {
    const pairOf = (el: Element | null) => (el ? [el.getAttribute('data-a'), el.getAttribute('data-b')].sort().join(' ') : '');
    const edges = [...svg.querySelectorAll<SVGLineElement>('line.sg-target, line.sg-hit-special')].map((line) => {
      const p = new DOMPoint(Number(line.getAttribute('data-hit-x')), Number(line.getAttribute('data-hit-y'))).matrixTransform(line.getScreenCTM()!);
      const found = document.elementFromPoint(p.x, p.y);
      return {
        a: line.getAttribute('data-a')!,
        b: line.getAttribute('data-b')!,
        x: p.x,
        y: p.y,
        t: Number(line.getAttribute('data-hit-t') ?? 0.5),
        // The element found must be one of this edge's own targets (same pair of neurons).
        hit: found !== null && found.tagName === 'line' && svg.contains(found) && pairOf(found) === pairOf(line),
      };
    });
    return { layout: svg.getAttribute('data-layout'), targets: svg.getAttribute('data-targets'), edges };
  });
}

test('at the default threshold, at least 95% of the drawn edges can be hit at their target point', async ({ page }) => {
  const graph = await settledGraph(page);
  await expect(page.getByTestId('threshold')).toHaveValue('0.6');
  const { layout, targets, edges } = await checkEdges(graph);
  expect([layout, targets]).toEqual(['settled', 'placed']);
  // Each neuron keeps its strongest few pairs: hundreds of edges, not every pair above the threshold.
  expect(edges.length).toBeGreaterThan(100);
  const hit = edges.filter((e) => e.hit);
  const atMidpoint = hit.filter((e) => e.t === 0.5);
  console.log(`similarity graph: ${hit.length} of ${edges.length} edges hit at their target point, ${atMidpoint.length} of them at the midpoint`);
  expect(hit.length / edges.length).toBeGreaterThanOrEqual(0.95);
  // The targets are on the screen where the graph is.
  const box = (await graph.boundingBox())!;
  for (const e of edges) {
    expect(e.x).toBeGreaterThan(box.x);
    expect(e.x).toBeLessThan(box.x + box.width);
    expect(e.y).toBeGreaterThan(box.y);
    expect(e.y).toBeLessThan(box.y + box.height);
  }
});

test('hovering an edge at its target point highlights it; clicking previews the pair', async ({ page }) => {
  const graph = await settledGraph(page);
  const { edges } = await checkEdges(graph);
  const edge = edges.find((e) => e.hit)!;
  await page.mouse.move(edge.x, edge.y);
  const hover = graph.locator('line.sg-hover-edge');
  await expect(hover).toHaveCount(1);
  await page.mouse.click(edge.x, edge.y);
  const card = page.getByTestId('pair-preview');
  await expect(card).toBeVisible();
  await expect(card).toContainText(`#${edge.a}`);
  await expect(card).toContainText(`#${edge.b}`);
  // The previewed pair is drawn as a special edge between the two neurons.
  const special = graph.locator('line.sg-hit-special[data-kind="preview"]');
  await expect(special).toHaveCount(1);
  expect([await special.getAttribute('data-a'), await special.getAttribute('data-b')].sort()).toEqual([edge.a, edge.b].sort());
});
