import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const BASE_PARAMS = '266,610';

async function ready(page: Page) {
  await page.goto('./');
  await expect(page.getByTestId('compaction-params')).toHaveText(BASE_PARAMS);
  await expect(page.getByTestId('step')).toBeEnabled();
}

const params = async (page: Page) => Number((await page.getByTestId('compaction-params').textContent())!.replace(/,/g, ''));
const accuracy = (page: Page) => page.getByTestId('compaction-accuracy').textContent();

test('stepping changes accuracy and parameters; undo and redo restore them exactly', async ({ page }) => {
  await ready(page);
  const acc0 = await accuracy(page);
  await page.getByTestId('method').selectOption('random');
  await page.getByTestId('step-10').click();
  await expect(page.getByTestId('timeline')).toHaveValue('10');
  const p10 = await params(page);
  const acc10 = await accuracy(page);
  expect(p10).toBeLessThan(266610);
  expect(acc10).not.toBe(acc0);
  for (let i = 0; i < 10; i++) await page.getByTestId('undo').click();
  await expect(page.getByTestId('compaction-params')).toHaveText(BASE_PARAMS);
  expect(await accuracy(page)).toBe(acc0);
  await expect(page.getByTestId('undo')).toBeDisabled();
  for (let i = 0; i < 10; i++) await page.getByTestId('redo').click();
  await expect(page.getByTestId('timeline')).toHaveValue('10');
  expect(await params(page)).toBe(p10);
  expect(await accuracy(page)).toBe(acc10);
  // Scrubbing the timeline back and forth lands on the same states.
  await page.getByTestId('timeline').fill('0');
  await expect(page.getByTestId('compaction-params')).toHaveText(BASE_PARAMS);
  await page.getByTestId('timeline').fill('10');
  await expect(page.getByTestId('compaction-params')).not.toHaveText(BASE_PARAMS);
  expect(await params(page)).toBe(p10);
  // The compaction curve grew with the steps.
  const mine = page.locator('[data-testid="compaction-chart"] path.series[data-series="your steps"]');
  await expect(mine).toHaveAttribute('data-points', '11');
});

test('play runs and stops at the parameter target', async ({ page }) => {
  await ready(page);
  await page.getByTestId('target-value').fill('99');
  await page.getByTestId('play').click();
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false', { timeout: 30_000 });
  // The figures show the last step a moment after it is taken.
  await expect.poll(() => params(page)).toBeLessThanOrEqual(0.99 * 266610);
  const p = await params(page);
  // It stopped at the first step past the target, not later: one more first-layer removal is 885 parameters.
  expect(p).toBeGreaterThan(0.99 * 266610 - 885 - 1);
});

test('run to target learns a structure with least-squares unification', async ({ page }) => {
  await ready(page);
  await page.getByTestId('target-value').fill('20');
  await page.getByTestId('run-to-target').click();
  await expect(page.getByTestId('learned-widths')).toBeVisible({ timeout: 60_000 });
  expect(await params(page)).toBeLessThanOrEqual(0.2 * 266610);
  const acc = parseFloat((await accuracy(page))!);
  expect(acc).toBeGreaterThan(90);
  await expect(page.getByTestId('learned-widths')).toHaveText(/Learned structure: 784-\d+-\d+-10/);
});

test('a manual merge chosen in the similarity graph', async ({ page }) => {
  await ready(page);
  const graph = page.getByTestId('similarity-graph');
  const edge = graph.locator('line.sg-hit').first();
  await expect(edge).toBeAttached();
  const a = await edge.getAttribute('data-a');
  const b = await edge.getAttribute('data-b');
  await edge.dispatchEvent('click');
  const card = page.getByTestId('pair-preview');
  await expect(card).toBeVisible();
  await expect(card).toContainText(`#${a}`);
  await expect(card).toContainText(`#${b}`);
  await page.getByTestId('apply-pair').click();
  await expect(page.getByTestId('timeline')).toHaveValue('1');
  expect(await params(page)).toBe(266610 - 885);
  await expect(card).toBeHidden();
});

test('the baseline overlay appears on the compaction chart', async ({ page }) => {
  await ready(page);
  // The box ticks once the engine has computed the curve.
  await page.getByTestId('baseline-magnitude').click();
  await expect(page.getByTestId('baseline-magnitude')).toBeChecked({ timeout: 60_000 });
  const curve = page.locator('[data-testid="compaction-chart"] path.series[data-series="magnitude"]');
  await expect(curve).toBeAttached({ timeout: 60_000 });
  expect(Number(await curve.getAttribute('data-points'))).toBeGreaterThan(100);
});

test('keyboard shortcuts step, play, undo and redo', async ({ page }) => {
  await ready(page);
  await page.locator('body').click({ position: { x: 5, y: 300 } });
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('timeline')).toHaveValue('1');
  await page.keyboard.press('Shift+ArrowRight');
  await expect(page.getByTestId('timeline')).toHaveValue('11');
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('timeline')).toHaveValue('10');
  await page.keyboard.press('Control+Shift+Z');
  await expect(page.getByTestId('timeline')).toHaveValue('11');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
});

test('selecting a neuron in the network view shows its incoming weights', async ({ page }) => {
  await ready(page);
  const neuron = page.locator('[data-testid="network-view"] circle.nv-neuron[data-layer="0"][data-alive="true"]').first();
  await neuron.dispatchEvent('click');
  await expect(page.getByTestId('weight-image')).toBeVisible();
});

test('views below the fold catch up with steps taken while they were off screen', async ({ page }) => {
  await ready(page);
  await page.getByTestId('method').selectOption('magnitude');
  for (let i = 0; i < 3; i++) await page.getByTestId('step-10').click();
  await expect(page.getByTestId('timeline')).toHaveValue('30');
  const label = (await page.getByTestId('network-view').getAttribute('aria-label'))!;
  const firstHidden = label.match(/hidden (\d+)-/)![1];
  expect(Number(firstHidden)).toBeLessThan(300);
  const heatmap = page.getByTestId('code-heatmap');
  await heatmap.scrollIntoViewIfNeeded();
  await expect(heatmap).toHaveAttribute('data-rows', firstHidden);
});


test('clicks during a running ×10 wait their turn and then all take effect', async ({ page }) => {
  await ready(page);
  // Least squares on LeNet-300-100: a ×10 takes more than one burst, so these land while it runs.
  await page.evaluate(() => {
    const click = (id: string) => (document.querySelector(`[data-testid="${id}"]`) as HTMLButtonElement).click();
    click('step-10');
    click('step');
    click('step-10');
  });
  await page.keyboard.press('Control+z'); // the Undo button itself is still disabled at this moment
  await expect(page.getByTestId('timeline')).toHaveValue('20', { timeout: 20_000 });
  await expect(page.getByTestId('timeline')).toHaveAttribute('max', '21');
});
