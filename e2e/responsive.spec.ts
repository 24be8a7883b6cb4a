import type { Browser, Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Phones, tablets and wide screens: the page never scrolls sideways, every
 * control can be reached and (on touch screens) is at least 44 x 44 CSS px,
 * and a tap does everything a click does: stepping, undoing, sharing a link,
 * selecting a neuron in the network view or a row of the code heatmap,
 * previewing a pair from an edge of the similarity graph.
 */

const WIDTHS = [360, 390, 768, 1024, 1280, 1920, 2560];

interface Snapshot {
  explorer: { selected: { layer: number; id: number } | null; pairPreview: unknown };
  compaction: { cursor: number };
}
const snapshot = (page: Page) => page.evaluate(() => (window as unknown as { neurounify: { snapshot(): Snapshot } }).neurounify.snapshot());

async function ready(page: Page, url = './') {
  await page.goto(url);
  await expect(page.getByTestId('compaction-params')).not.toHaveText('—');
  await expect(page.getByTestId('step')).toBeEnabled();
}

/** The page's width beyond its viewport (with isMobile the layout viewport widens to the content, so compare with the width set). */
const scrollWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth);

/** Scrolls through the page so that every view draws (views off screen draw when they come into view). */
async function scrollThrough(page: Page) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  const step = page.viewportSize()!.height * 0.8;
  for (let y = 0; y < height; y += step) {
    await page.evaluate((y) => window.scrollTo(0, y), y);
    await page.waitForTimeout(80);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
}

test('the page never scrolls sideways at any of the seven widths', async ({ browser }) => {
  for (const width of WIDTHS) {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    await ready(page);
    await scrollThrough(page);
    expect(await scrollWidth(page), `scrollWidth at ${width} px`).toBeLessThanOrEqual(width);
    // Every panel is inside the page's width.
    const overflowing = await page.evaluate(
      (width) => [...document.querySelectorAll('.panel, header, footer')].filter((el) => el.getBoundingClientRect().right > width + 0.5).map((el) => el.className),
      width,
    );
    expect(overflowing, `panels beyond ${width} px`).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }
});

/** Visible controls smaller than 44 x 44 CSS px (a checkbox or radio counts with the label that wraps it). */
function smallTargets(page: Page) {
  return page.evaluate(() => {
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href]')) {
      if (!el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      const own = el.getBoundingClientRect();
      if (own.width === 0 && own.height === 0) continue;
      const target = (el instanceof HTMLInputElement && (el.type === 'checkbox' || el.type === 'radio') && el.closest('label')) || el;
      const r = target.getBoundingClientRect();
      if (r.width < 44 - 0.01 || r.height < 44 - 0.01) out.push(`${el.tagName.toLowerCase()}[${el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 20)}] ${r.width.toFixed(0)}x${r.height.toFixed(0)}`);
    }
    return out;
  });
}

/** The ring the network view draws around the selected neuron, and where that neuron is. */
async function networkSelection(page: Page) {
  return page.evaluate(() => {
    const svg = document.querySelector('[data-testid="network-view"]')!;
    const rings = [...svg.querySelectorAll('g.nv-rings circle')].map((c) => [Number(c.getAttribute('cx')), Number(c.getAttribute('cy'))]);
    return rings;
  });
}

for (const device of [
  { name: 'phone', width: 390, height: 844 },
  { name: 'tablet', width: 768, height: 1024 },
]) {
  test.describe(`${device.name} ${device.width}x${device.height}, touch`, () => {
    test.use({ viewport: { width: device.width, height: device.height }, isMobile: true, hasTouch: true });

    test('no sideways scrolling; every control at least 44 x 44; step, undo and share by tap', async ({ page, browser }) => {
      await ready(page);
      expect(await page.evaluate(() => matchMedia('(pointer: coarse)').matches)).toBe(true);
      await scrollThrough(page);
      expect(await scrollWidth(page)).toBeLessThanOrEqual(device.width);
      expect(await smallTargets(page)).toEqual([]);

      await page.getByTestId('method').selectOption('pair');
      await page.getByTestId('step').tap();
      await expect(page.getByTestId('timeline')).toHaveValue('1');
      await page.getByTestId('step').tap();
      await expect(page.getByTestId('timeline')).toHaveValue('2');
      await page.getByTestId('undo').tap();
      await expect(page.getByTestId('timeline')).toHaveValue('1');
      expect((await snapshot(page)).compaction.cursor).toBe(1);
      // Still no sideways scrolling with a step taken (step card, hand-over label, notices).
      expect(await scrollWidth(page)).toBeLessThanOrEqual(device.width);

      await page.getByTestId('share-link').tap();
      await expect(page).toHaveURL(/#s2\./);
      const params = await page.getByTestId('compaction-params').textContent();
      await reopens(browser, page.url(), device, params!);
    });

    test('tapping selects a heatmap row and a neuron, and previews a pair from a graph edge', async ({ page }) => {
      await ready(page);
      expect((await snapshot(page)).explorer.selected).toBeNull();

      // A row of the code heatmap (hidden layer 1, the layer shown first).
      const heatmap = page.getByTestId('code-heatmap');
      await heatmap.scrollIntoViewIfNeeded();
      // It draws (and takes its size) once on screen.
      await expect(heatmap).toHaveAttribute('data-rows', /\d+/);
      const hb = (await heatmap.boundingBox())!;
      await page.touchscreen.tap(hb.x + hb.width * 0.6, hb.y + hb.height * 0.4);
      await expect.poll(async () => (await snapshot(page)).explorer.selected?.layer).toBe(0);
      const fromRow = (await snapshot(page)).explorer.selected!;
      await expect(page.getByTestId('weight-image')).toBeVisible();

      // A neuron of the network view: it becomes the selection, and the view rings it.
      const neuron = page.locator(`[data-testid="network-view"] circle.nv-neuron[data-layer="0"][data-alive="true"]:not([data-id="${fromRow.id}"])`).nth(25);
      const id = Number(await neuron.getAttribute('data-id'));
      await neuron.scrollIntoViewIfNeeded();
      await neuron.tap();
      await expect.poll(async () => (await snapshot(page)).explorer.selected).toEqual({ layer: 0, id });
      const at = [Number(await neuron.getAttribute('cx')), Number(await neuron.getAttribute('cy'))];
      await expect.poll(() => networkSelection(page)).toEqual([at]);

      // An edge of the similarity graph, tapped at its target point. A finger covers more than a point (the
      // browser then picks among the targets it touches): with a high threshold (fewer edges), take the edge
      // whose target point has the most room around it, free of other edges' targets and of nodes.
      const graph = page.getByTestId('similarity-graph');
      await page.getByTestId('threshold').fill('0.7');
      await graph.scrollIntoViewIfNeeded();
      await expect(graph).toHaveAttribute('aria-label', /≥ 0\.70/);
      await expect(graph).toHaveAttribute('data-layout', 'settled');
      await expect(graph).toHaveAttribute('data-targets', 'placed');
      const edge = await graph.evaluate((svg) => {
        const pair = (el: Element) => [el.getAttribute('data-a'), el.getAttribute('data-b')].sort().join(' ');
        let best: { x: number; y: number; a: string; b: string; room: number } | null = null;
        for (const line of svg.querySelectorAll<SVGLineElement>('line.sg-target')) {
          const p = new DOMPoint(Number(line.getAttribute('data-hit-x')), Number(line.getAttribute('data-hit-y'))).matrixTransform(line.getScreenCTM()!);
          if (p.y < 60 || p.y > innerHeight - 60) continue;
          const found = document.elementFromPoint(p.x, p.y);
          if (!found || found.tagName !== 'line' || found.closest('svg') !== svg || pair(found) !== pair(line)) continue;
          // The largest radius (px) around the point with nothing else to touch.
          let room = 0;
          for (const r of [2, 4, 6, 8, 10, 12]) {
            const around = Array.from({ length: 8 }, (_, k) => document.elementsFromPoint(p.x + r * Math.cos((k * Math.PI) / 4), p.y + r * Math.sin((k * Math.PI) / 4)));
            const clear = around.flat().every((el) => !svg.contains(el) || !['line', 'circle'].includes(el.tagName) || pair(el) === pair(line));
            if (!clear) break;
            room = r;
          }
          if (!best || room > best.room) best = { x: p.x, y: p.y, a: line.getAttribute('data-a')!, b: line.getAttribute('data-b')!, room };
        }
        return best;
      });
      expect(edge!.room).toBeGreaterThanOrEqual(4);
      expect(edge).not.toBeNull();
      await page.touchscreen.tap(edge!.x, edge!.y);
      const card = page.getByTestId('pair-preview');
      await expect(card).toBeVisible();
      await expect(card).toContainText(`#${edge!.a}`);
      await expect(card).toContainText(`#${edge!.b}`);
      await page.getByTestId('apply-pair').tap();
      await expect(page.getByTestId('timeline')).toHaveValue('1');
      expect(await scrollWidth(page)).toBeLessThanOrEqual(device.width);
    });
  });
}

/** Opens the link on the same kind of device, fresh: the same parameter count, still no sideways scrolling. */
async function reopens(browser: Browser, url: string, device: { width: number; height: number }, params: string) {
  const context = await browser.newContext({ viewport: { width: device.width, height: device.height }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await ready(page, url);
  await expect(page.getByTestId('timeline')).toHaveValue('1');
  await expect(page.getByTestId('compaction-params')).toHaveText(params);
  expect(await scrollWidth(page)).toBeLessThanOrEqual(device.width);
  await context.close();
}
