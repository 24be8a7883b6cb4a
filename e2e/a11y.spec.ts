/**
 * Accessibility: axe-core finds no serious or critical violation in any of
 * the states a user meets: at start, after a step, with a neuron selected,
 * with a pair previewed, with the tour open, while a model trains, and at a
 * phone's width. The page's Content-Security-Policy allows only its own
 * scripts, so the tests run in a context that bypasses it (axe is injected).
 */
import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContextOptions, Page } from '@playwright/test';
import { expect, test } from './fixtures';

interface Snapshot {
  explorer: { selected: { layer: number; id: number } | null; pairPreview: unknown };
  compaction: { cursor: number };
  training: { status: string };
}
const snapshot = (page: Page) => page.evaluate(() => (window as unknown as { neurounify: { snapshot(): Snapshot } }).neurounify.snapshot());

/** A page in a context of its own that bypasses the CSP (so axe can be injected), failing on console errors like the fixtures do. */
async function openPage(browser: Browser, url: string, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 800 }, ...options });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  await page.goto(url);
  return { context, page, errors };
}

async function ready(page: Page) {
  await expect(page.getByTestId('compaction-params')).not.toHaveText('—');
  await expect(page.getByTestId('step')).toBeEnabled();
}

/** Serious or critical violations, one line each (rule, impact, the first few elements and the first message). */
async function seriousViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.length}× ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')} — ${v.nodes[0]?.failureSummary?.split('\n')[1]?.trim() ?? v.help}`);
}

test('no serious or critical violation at start, stepped, with a neuron selected, a pair previewed and the tour open', async ({ browser }) => {
  const { context, page, errors } = await openPage(browser, './');
  await ready(page);
  expect(await seriousViolations(page), 'start').toEqual([]);

  await page.getByTestId('step').click();
  await expect(page.getByTestId('timeline')).toHaveValue('1');
  expect(await seriousViolations(page), 'stepped').toEqual([]);

  const neuron = page.locator('[data-testid="network-view"] circle.nv-neuron[data-layer="0"][data-alive="true"]').first();
  await neuron.dispatchEvent('click');
  await expect.poll(async () => (await snapshot(page)).explorer.selected).not.toBeNull();
  expect(await seriousViolations(page), 'neuron selected').toEqual([]);

  const edge = page.locator('[data-testid="similarity-graph"] line.sg-hit').first();
  await expect(edge).toBeAttached();
  await edge.dispatchEvent('click');
  await expect(page.getByTestId('pair-preview')).toBeVisible();
  expect(await seriousViolations(page), 'pair preview').toEqual([]);

  await page.getByTestId('start-tour').click();
  await expect(page.getByTestId('tour')).toBeVisible();
  expect(await seriousViolations(page), 'tour open').toEqual([]);

  expect(errors).toEqual([]);
  await context.close();
});

test('no serious or critical violation while a small model trains', async ({ browser }) => {
  const { context, page, errors } = await openPage(browser, './?hidden=16&epochs=1');
  await ready(page);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('progress')).toHaveAttribute('data-status', 'running');
  await expect.poll(async () => Number(await page.getByTestId('progress').getAttribute('data-steps'))).toBeGreaterThan(2);
  expect(await seriousViolations(page), 'training').toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test('no serious or critical violation at a phone’s width', async ({ browser }) => {
  const { context, page, errors } = await openPage(browser, './', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await ready(page);
  expect(await seriousViolations(page), 'phone').toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});
