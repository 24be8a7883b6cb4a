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

/** Runs `steps` on a freshly loaded page in a CSP-bypassing context, then checks that no console error came. */
async function onPage(browser: Browser, steps: (page: Page) => Promise<void>) {
  const { context, page, errors } = await openPage(browser, './');
  await ready(page);
  await steps(page);
  expect(errors).toEqual([]);
  await context.close();
}

test('at start and after a step', async ({ browser }) => {
  await onPage(browser, async (page) => {
    expect(await seriousViolations(page), 'start').toEqual([]);
    await page.getByTestId('step').click();
    await expect(page.getByTestId('timeline')).toHaveValue('1');
    expect(await seriousViolations(page), 'stepped').toEqual([]);
  });
});

test('with a neuron selected by keyboard, its inspector filled and its data shown', async ({ browser }) => {
  await onPage(browser, async (page) => {
    // The focus stays in the network view (its roving focus and ring are part of what is checked).
    const neuron = page.locator('[data-testid="network-view"] circle.nv-neuron[data-layer="0"][data-alive="true"]').nth(5);
    await neuron.focus();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await snapshot(page)).explorer.selected).not.toBeNull();
    await expect(page.getByTestId('inspector-summary')).toBeVisible();
    await page.getByTestId('inspector-show-data').click();
    expect(await seriousViolations(page), 'neuron selected').toEqual([]);
  });
});

test('with the data tables of the codes and the graph shown', async ({ browser }) => {
  await onPage(browser, async (page) => {
    await page.getByTestId('codes-show-data').click();
    await page.getByTestId('similarity-show-data').click();
    await expect(page.locator('.show-data-body table')).toHaveCount(2);
    expect(await seriousViolations(page), 'data tables').toEqual([]);
  });
});

test('with a pair previewed from the graph, from the inspector and from the pair list', async ({ browser }) => {
  await onPage(browser, async (page) => {
    const edge = page.locator('[data-testid="similarity-graph"] line.sg-hit').first();
    await expect(edge).toBeAttached();
    await edge.dispatchEvent('click');
    await expect(page.getByTestId('pair-preview')).toBeVisible();
    expect(await seriousViolations(page), 'pair preview').toEqual([]);
    await page.locator('[data-testid="network-view"] circle.nv-neuron[data-layer="1"][data-alive="true"]').nth(2).dispatchEvent('click');
    await page.getByTestId('inspector-unify-into').click();
    await expect(page.getByTestId('inspector-pair-preview')).toBeVisible();
    await page.locator('[data-testid="pair-list"] [role="option"]').nth(1).focus();
    await expect.poll(async () => (await snapshot(page)).explorer.pairPreview).not.toBeNull();
    expect(await seriousViolations(page), 'pair preview from the inspector and the list').toEqual([]);
  });
});

test('with the tour open', async ({ browser }) => {
  await onPage(browser, async (page) => {
    await page.getByTestId('start-tour').click();
    await expect(page.getByTestId('tour')).toBeVisible();
    expect(await seriousViolations(page), 'tour open').toEqual([]);
  });
});

test('while a small model trains', async ({ browser }) => {
  // A small network, but enough epochs of small batches to be checked mid-run (one epoch of 16 hidden neurons takes well under a second).
  const { context, page, errors } = await openPage(browser, './?hidden=16&epochs=30&batch=16');
  await ready(page);
  await page.getByTestId('train').click();
  await expect(page.getByTestId('progress')).toHaveAttribute('data-status', 'running');
  await expect.poll(async () => Number(await page.getByTestId('progress').getAttribute('data-steps'))).toBeGreaterThan(2);
  expect(await seriousViolations(page), 'training').toEqual([]);
  // The check saw the page while it trained.
  await expect(page.getByTestId('progress')).toHaveAttribute('data-status', 'running');
  expect(errors).toEqual([]);
  await context.close();
});

test('at a phone’s width, with and without a neuron selected', async ({ browser }) => {
  const { context, page, errors } = await openPage(browser, './', { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  await ready(page);
  expect(await seriousViolations(page), 'phone').toEqual([]);
  await page.locator('[data-testid="network-view"] circle.nv-neuron[data-layer="1"][data-alive="true"]').nth(3).dispatchEvent('click');
  await expect(page.getByTestId('inspector-summary')).toBeVisible();
  expect(await seriousViolations(page), 'phone, neuron selected').toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});
