/**
 * The compaction chart's comparisons: a method's curve after one epoch of
 * fine-tuning beside its curve without, each point's 95% interval on request,
 * the big figure's interval, and the chart's numbers as a table.
 */
import { expect, test } from './fixtures';

test('a method with 1 epoch of fine-tuning, intervals and the data table', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('./');
  await expect(page.getByTestId('step')).toBeEnabled();
  const chart = page.locator('[data-testid="compaction-chart"]');

  await page.getByTestId('baseline-magnitude').check();
  await page.getByTestId('baseline-magnitude-ft').check();
  const plain = chart.locator('path.series[data-series="magnitude"]');
  const tuned = chart.locator('path.series[data-series="magnitude, fine-tuned 1 epoch"]');
  await expect(plain).toHaveCount(1, { timeout: 120_000 });
  await expect(tuned).toHaveCount(1, { timeout: 240_000 });
  // One point per share (100, 70, 50, 30, 20, 10% of the parameters).
  await expect(tuned).toHaveAttribute('data-points', '6');
  const pts = await page.evaluate(() => {
    const s = (window as unknown as { neurounify: { snapshot(): { compaction: { baselines: string[] } } } }).neurounify.snapshot();
    return s.compaction.baselines;
  });
  expect(pts).toEqual(['magnitude', 'magnitude+ft']);

  // Intervals on request: a band per curve.
  await expect(chart.locator('path.band')).toHaveCount(0);
  await page.getByTestId('chart-intervals').check();
  await expect(chart.locator('path.band[data-series="your steps"]')).toHaveCount(1);
  await expect(chart.locator('path.band[data-series="magnitude"]')).toHaveCount(1);

  // The big figure's interval, a tap away.
  const interval = page.locator('.compaction-panel [data-testid="interval-test"]');
  await interval.locator('summary').click();
  await expect(interval).toContainText(/95% interval \d+\.\d%–\d+\.\d%: [\d,]+ of 2,000 test digits/);

  // The numbers as a table.
  await page.getByTestId('compaction-data').click();
  await expect(page.locator('.compaction-panel table.data-table')).toContainText('magnitude, fine-tuned 1 epoch');
});
