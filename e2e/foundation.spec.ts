import { expect, test } from './fixtures';

test('shows the bundled model, its accuracy and parameter count, and the backend', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('params-value')).toHaveText('266,610');
  await expect(page.getByTestId('accuracy-value')).toHaveText(/^9[5-9]\.\d\d%$/);
  await expect(page.getByTestId('backend-name')).toHaveText(/^(webgl|wasm|cpu)$/);
  // SwiftShader is a software renderer: the app must prefer wasm here.
  await expect(page.getByTestId('backend-name')).toHaveText('wasm');
});

test('?backend=cpu overrides the choice', async ({ page }) => {
  await page.goto('./?backend=cpu');
  await expect(page.getByTestId('backend-name')).toHaveText('cpu');
  await expect(page.getByTestId('params-value')).toHaveText('266,610');
});

test('?backend=webgl runs on WebGL (SwiftShader here) under the Content-Security-Policy', async ({ page }) => {
  await page.goto('./?backend=webgl');
  await expect(page.getByTestId('backend-name')).toHaveText('webgl');
  await expect(page.getByTestId('accuracy-value')).toHaveText(/^9[5-9]\.\d\d%$/);
});

test('trains a small model for one epoch through the UI and the curves update', async ({ page }) => {
  await page.goto('./?hidden=32&epochs=1&batch=128');
  await expect(page.getByTestId('params-value')).toHaveText('266,610');
  const loss = page.locator('[data-testid="loss-chart"] path.series');
  await expect(loss).toHaveAttribute('data-points', '0');
  await page.getByTestId('train').click();
  // 784-32-10 has 784*32+32 + 32*10+10 parameters.
  await expect(page.getByTestId('params-value')).toHaveText((784 * 32 + 32 + 32 * 10 + 10).toLocaleString('en-US'));
  await expect(page.getByTestId('progress')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  // One loss point per batch of the 7,000 training digits.
  expect(Number(await loss.getAttribute('data-points'))).toBe(Math.ceil(7000 / 128));
  const test = page.locator('[data-testid="accuracy-chart"] path.series[data-series="test"]');
  await expect(test).toHaveAttribute('data-points', '1');
  const acc = await page.getByTestId('accuracy-value').textContent();
  expect(parseFloat(acc ?? '0')).toBeGreaterThan(80);
});

test('pause, resume and reset', async ({ page }) => {
  await page.goto('./?hidden=16&epochs=50');
  await expect(page.getByTestId('params-value')).toHaveText('266,610');
  await page.getByTestId('train').click();
  await expect.poll(async () => Number(await page.getByTestId('progress').getAttribute('data-steps'))).toBeGreaterThan(5);
  await page.getByTestId('pause').click();
  await expect(page.getByTestId('progress')).toHaveAttribute('data-status', 'paused');
  const paused = await page.getByTestId('progress').getAttribute('data-steps');
  await page.waitForTimeout(500);
  await expect(page.getByTestId('progress')).toHaveAttribute('data-steps', paused!);
  await page.getByTestId('train').click();
  await expect.poll(async () => Number(await page.getByTestId('progress').getAttribute('data-steps'))).toBeGreaterThan(Number(paused));
  await page.getByTestId('reset').click();
  await expect(page.getByTestId('progress')).toHaveAttribute('data-status', 'idle');
  await expect(page.getByTestId('params-value')).toHaveText('266,610');
  await expect(page.locator('[data-testid="loss-chart"] path.series')).toHaveAttribute('data-points', '0');
});
