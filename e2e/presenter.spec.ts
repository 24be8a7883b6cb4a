import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * Presenter mode on a 1920 x 1080 projector: no visible text under 18 CSS px
 * (HTML, SVG text at its on-screen scale, and the fonts the canvases draw
 * with, at the canvas's CSS size), and the compaction chart at least 40% of
 * the viewport's width.
 */

test.use({ viewport: { width: 1920, height: 1080 } });

// Records every fillText on a 2D canvas: the font size it used in CSS px, however the canvas is scaled.
const recordCanvasText = () => {
  type Entry = { canvas: HTMLCanvasElement; px: number; text: string; at: number };
  const entries: Entry[] = [];
  (window as unknown as { __canvasText: Entry[] }).__canvasText = entries;
  const proto = CanvasRenderingContext2D.prototype;
  const fillText = proto.fillText;
  proto.fillText = function (this: CanvasRenderingContext2D, text: string, x: number, y: number, maxWidth?: number) {
    const m = /(\d+(?:\.\d+)?)px/.exec(this.font);
    const t = this.getTransform();
    // Drawing units to backing pixels, then backing pixels to CSS px.
    const rect = this.canvas.getBoundingClientRect();
    let px = (m ? Number(m[1]) : NaN) * Math.hypot(t.a, t.b) * (rect.width / Math.max(1, this.canvas.width));
    // A maxWidth narrower than the text squeezes it.
    if (maxWidth !== undefined) px *= Math.min(1, maxWidth / Math.max(1e-9, this.measureText(text).width));
    entries.push({ canvas: this.canvas, px, text: String(text), at: performance.now() });
    return fillText.call(this, text, x, y, maxWidth);
  };
};

interface TextSize {
  px: number;
  text: string;
  where: string;
}

/** Every visible piece of text on the page (not only in the viewport) with its rendered font size; canvases drawn since `since` (page clock). */
function visibleTextSizes(page: Page, since: number): Promise<{ texts: TextSize[]; stale: string[] }> {
  return page.evaluate((since) => {
    const texts: TextSize[] = [];
    const where = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${(el.getAttribute('class') ?? '').split(' ').join('.')} in ${el.closest('section')?.className ?? el.closest('header,footer,main')?.tagName ?? '?'}`;
    const visible = (el: Element) => el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim();
      const el = n.parentElement;
      if (!text || !el || !visible(el)) continue;
      const range = document.createRange();
      range.selectNodeContents(n);
      if (![...range.getClientRects()].some((r) => r.width > 0 && r.height > 0)) continue;
      let px = parseFloat(getComputedStyle(el).fontSize);
      // SVG text as drawn on screen: its font size through the SVG's viewBox and transforms.
      if (el instanceof SVGGraphicsElement) {
        const m = el.getScreenCTM();
        if (m) px *= Math.hypot(m.a, m.b);
      }
      texts.push({ px, text: text.slice(0, 50), where: where(el) });
    }
    // What form controls show (their values and chosen options).
    for (const el of document.querySelectorAll('input:not([type="checkbox"]):not([type="radio"]):not([type="range"]), select, textarea')) {
      if (!visible(el) || el.getBoundingClientRect().width === 0) continue;
      texts.push({ px: parseFloat(getComputedStyle(el).fontSize), text: (el as HTMLInputElement).value.slice(0, 50), where: where(el) });
    }
    // Canvases: the fonts of their latest drawing; a canvas that has text but was not redrawn since `since` is stale.
    const entries = (window as unknown as { __canvasText: { canvas: HTMLCanvasElement; px: number; text: string; at: number }[] }).__canvasText;
    const stale: string[] = [];
    for (const canvas of document.querySelectorAll('canvas')) {
      if (!visible(canvas) || canvas.getBoundingClientRect().width === 0) continue;
      const mine = entries.filter((e) => e.canvas === canvas);
      const recent = mine.filter((e) => e.at >= since);
      if (mine.length && !recent.length) stale.push(where(canvas));
      for (const e of recent) texts.push({ px: e.px, text: e.text, where: `canvas ${where(canvas)}` });
    }
    return { texts, stale };
  }, since);
}

/** Scrolls through the whole page, so that every view draws (off-screen views draw when they come into view). */
async function scrollThrough(page: Page) {
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y < height; y += 500) {
    await page.evaluate((y) => window.scrollTo(0, y), y);
    await page.waitForTimeout(120);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(300);
}

const smallest = (texts: TextSize[]) => texts.reduce((a, b) => (b.px < a.px ? b : a));

test('presenter mode: no visible text under 18 px, and the compaction chart takes at least 40% of the width', async ({ page }) => {
  await page.addInitScript(recordCanvasText);
  await page.goto('./');
  await expect(page.getByTestId('step')).toBeEnabled();
  // Some state to show: a pairwise step, and a first-layer neuron selected (its weight image appears).
  await page.getByTestId('method').selectOption('pair');
  await page.getByTestId('step').click();
  await expect(page.getByTestId('timeline')).toHaveValue('1');
  await page.locator('[data-testid="network-view"] circle.nv-neuron[data-layer="0"][data-alive="true"]').nth(40).dispatchEvent('click');
  await expect(page.getByTestId('weight-image')).toBeVisible();
  await scrollThrough(page);

  // Without presenter mode the page has smaller text (the measurement sees it).
  const before = await visibleTextSizes(page, 0);
  expect(before.texts.length).toBeGreaterThan(100);
  expect(smallest(before.texts).px).toBeLessThan(18);
  const chart = page.getByTestId('compaction-chart');
  expect((await chart.boundingBox())!.width).toBeLessThan(0.4 * 1920);

  const toggle = page.getByTestId('present-mode');
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  const since = await page.evaluate(() => performance.now());
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveClass(/presenter/);
  await page.waitForTimeout(500);
  await scrollThrough(page);

  const after = await visibleTextSizes(page, since);
  expect(after.stale, 'canvases not redrawn for presenter mode').toEqual([]);
  // SVG, HTML and canvas text were all measured.
  expect(after.texts.some((t) => t.where.startsWith('text'))).toBe(true);
  expect(after.texts.some((t) => t.where.startsWith('canvas'))).toBe(true);
  const tooSmall = after.texts.filter((t) => t.px < 18);
  expect(tooSmall, 'text smaller than 18 px in presenter mode').toEqual([]);
  console.log(`presenter mode: ${after.texts.length} texts, the smallest ${smallest(after.texts).px.toFixed(1)} px ("${smallest(after.texts).text}", ${smallest(after.texts).where})`);

  const box = (await chart.boundingBox())!;
  console.log(`compaction chart: ${box.width.toFixed(0)} px wide, ${((100 * box.width) / 1920).toFixed(1)}% of 1920`);
  expect(box.width).toBeGreaterThanOrEqual(0.4 * 1920);
  // The page still never scrolls sideways.
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1920);

  // Off again: back to the normal sizes.
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await expect(page.locator('html')).not.toHaveClass(/presenter/);
  await expect.poll(async () => (await chart.boundingBox())!.width).toBeLessThan(0.4 * 1920);
});
