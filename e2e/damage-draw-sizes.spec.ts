import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/**
 * The per-digit damage panel and the draw panel at phone, tablet, laptop and
 * projector widths, in normal and presenter mode, with something in every
 * part (broken digits, the per-step trail, a test digit's predictions):
 * every drawing fits its panel at its own size (never squeezed by the
 * browser), every SVG text lies inside its drawing, neighbouring values of
 * the per-digit chart do not overlap, and the page never scrolls sideways.
 * In presenter mode at 1920 px no text of either panel is under 18 CSS px.
 */

interface Report {
  problems: string[];
  small: string[];
  cells: number;
}

function measure(page: Page): Promise<Report> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const small: string[] = [];
    const name = (el: Element) => `${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').replace(/ /g, '.')}${el.textContent ? ` "${el.textContent.trim().slice(0, 24)}"` : ''}`;
    if (document.documentElement.scrollWidth > window.innerWidth) problems.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${window.innerWidth}`);
    for (const panel of document.querySelectorAll<HTMLElement>('section.damage-panel, section.draw-panel')) {
      const pr = panel.getBoundingClientRect();
      const cs = getComputedStyle(panel);
      const inner = { left: pr.left + parseFloat(cs.paddingLeft) - 0.5, right: pr.right - parseFloat(cs.paddingRight) + 0.5 };
      for (const el of panel.querySelectorAll('*')) {
        const r = el.getBoundingClientRect();
        if (r.width === 0 || el.closest('.sr-only, title')) continue;
        if (r.left < inner.left || r.right > inner.right) problems.push(`${name(el)} outside its panel: ${r.left.toFixed(0)}..${r.right.toFixed(0)} of ${inner.left.toFixed(0)}..${inner.right.toFixed(0)}`);
      }
      for (const svg of panel.querySelectorAll<SVGSVGElement>('svg.chart')) {
        const r = svg.getBoundingClientRect();
        const drawn = Number(svg.getAttribute('width'));
        if (Math.abs(r.width - drawn) > 1) problems.push(`${name(svg)} squeezed: drawn ${drawn} px wide, shown ${r.width.toFixed(1)}`);
        for (const t of svg.querySelectorAll('text')) {
          const b = t.getBoundingClientRect();
          if (b.width === 0) continue;
          if (b.left < r.left - 1 || b.right > r.right + 1 || b.top < r.top - 1 || b.bottom > r.bottom + 1) problems.push(`${name(t)} outside its drawing`);
        }
      }
      // The per-digit chart: values side by side never overlap; each small multiple's label fits its frame.
      const values = [...panel.querySelectorAll('text.ca-value')].map((t) => t.getBoundingClientRect()).filter((b) => b.width > 0);
      for (let i = 0; i + 1 < values.length; i++) {
        const [a, b] = [values[i], values[i + 1]];
        if (Math.abs(a.top - b.top) < a.height && a.right > b.left + 0.5 && b.right > a.left) problems.push(`values ${i} and ${i + 1} overlap`);
      }
      for (const cell of panel.querySelectorAll('g.ca-cell')) {
        const f = cell.querySelector('rect.ca-frame')!.getBoundingClientRect();
        const l = cell.querySelector('text.ca-cell-label')!.getBoundingClientRect();
        if (l.right > f.right + 0.5) problems.push(`label "${cell.querySelector('text.ca-cell-label')!.textContent}" wider than its frame`);
      }
      // Text sizes, as drawn (SVG text through its drawing's scale).
      const walker = document.createTreeWalker(panel, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        const el = n.parentElement;
        if (!n.textContent?.trim() || !el || !el.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) || el.closest('.sr-only, title')) continue;
        let px = parseFloat(getComputedStyle(el).fontSize);
        if (el instanceof SVGGraphicsElement) {
          const m = el.getScreenCTM();
          if (m) px *= Math.hypot(m.a, m.b);
        }
        if (px < 18) small.push(`${px.toFixed(1)} px: ${name(el)}`);
      }
    }
    for (const input of document.querySelectorAll<HTMLInputElement>('section.draw-panel input')) {
      const px = parseFloat(getComputedStyle(input).fontSize);
      if (px < 18) small.push(`${px.toFixed(1)} px: input`);
    }
    const cell = document.querySelector('svg.confusion rect.cm-cell');
    return { problems, small, cells: cell ? Number(cell.getAttribute('width')) + 1 : 0 };
  });
}

test('the per-digit and draw panels fit at 390, 768, 1280 and 1920 px, normal and presenter; presenter text at 1920 is at least 18 px', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('./');
  await expect(page.getByTestId('step')).toBeEnabled();
  await page.getByTestId('method').selectOption('random');
  await page.getByTestId('step-10').click();
  await page.getByTestId('step-10').click();
  await expect(page.getByTestId('timeline')).toHaveValue('20');
  const gallery = page.getByTestId('broken-digits');
  await expect(gallery).not.toHaveAttribute('data-count', '0');
  await page.getByTestId('pick-test-digit').click();
  await expect(page.getByTestId('draw-prediction')).toHaveAttribute('data-state', 'shown');
  const perDigit = page.getByTestId('class-accuracy');
  await perDigit.scrollIntoViewIfNeeded();
  await expect(perDigit.locator('path.ca-trail[data-digit="0"]')).toHaveAttribute('data-points', '21');

  const cells: Record<string, number> = {};
  for (const presenter of [false, true]) {
    if (presenter) {
      await page.setViewportSize({ width: 1280, height: 900 });
      await page.getByTestId('present-mode').click();
      await expect(page.locator('html')).toHaveClass(/presenter/);
    }
    for (const width of [390, 768, 1280, 1920]) {
      await page.setViewportSize({ width, height: 900 });
      // Every drawing draws when it comes into view.
      for (const part of [page.locator('section.draw-panel'), perDigit, page.getByTestId('confusion-matrix'), gallery]) {
        await part.scrollIntoViewIfNeeded();
        await page.waitForTimeout(150);
      }
      await expect.poll(async () => (await measure(page)).problems, { message: `${presenter ? 'presenter' : 'normal'} at ${width} px` }).toEqual([]);
      const report = await measure(page);
      cells[`${presenter ? 'presenter' : 'normal'} ${width}`] = report.cells;
      if (presenter && width === 1920) expect(report.small, 'text under 18 px in presenter mode at 1920').toEqual([]);
    }
  }
  console.log(`confusion cells (px): ${JSON.stringify(cells)}`);
  // Cells grow with the presenter scale where the panel has room.
  expect(cells['presenter 1920']).toBeGreaterThan(cells['normal 1920']);
});
