/**
 * Fine-tuning from the stepper in the built app: one epoch after magnitude
 * pruning changes the figures, shows its own mark on the timeline and its
 * curves in the Learning curves panel; undo restores the figures exactly and
 * redo brings the fine-tuned ones back; a cancelled fine-tune changes nothing;
 * and a copied link reproduces the fine-tuned state in a fresh context (the
 * fine-tune trained again on the same backend).
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function ready(page: Page, url = './') {
  await page.goto(url);
  await expect(page.getByTestId('compaction-params')).not.toHaveText('—');
  await expect(page.getByTestId('step')).toBeEnabled();
}

interface Engine {
  cursor: number;
  accuracy: number | null;
  params: number;
  records: { kind?: string; paramsAfter: number; accuracyAfter?: number }[];
}

/** The figures on screen and the store's exact ones. */
async function figures(page: Page) {
  const c = await page.evaluate(() => (window as unknown as { neurounify: { snapshot(): { compaction: Engine; backend: string } } }).neurounify.snapshot());
  return {
    params: await page.getByTestId('compaction-params').textContent(),
    accuracy: await page.getByTestId('compaction-accuracy').textContent(),
    step: await page.getByTestId('timeline').inputValue(),
    exact: { cursor: c.compaction.cursor, accuracy: c.compaction.accuracy, params: c.compaction.params },
    backend: c.backend,
  };
}

test('fine-tune one epoch: the figures change, the timeline marks it, undo restores them exactly, and a link reproduces it', async ({ page, context }) => {
  test.setTimeout(300_000);
  await ready(page);
  await page.getByTestId('method').selectOption('magnitude');
  await page.getByTestId('target-value').fill('40');
  await page.getByTestId('run-to-target').click();
  await expect(page.getByTestId('run-to-target')).toHaveText('Run to target', { timeout: 60_000 });
  await expect(page.getByTestId('step')).toBeEnabled();
  const before = await figures(page);
  const steps = Number(before.step);
  expect(steps).toBeGreaterThan(50);
  await expect(page.getByTestId('finetune-mark')).toHaveCount(0);

  await expect(page.getByTestId('finetune-epochs')).toHaveValue('1');
  await expect(page.getByTestId('finetune-lr')).toHaveValue('0.001');
  await expect(page.getByTestId('finetune-seed')).toHaveValue('1');
  await page.getByTestId('finetune').click();
  // While it trains the stepper is busy and Cancel is offered.
  await expect(page.getByTestId('finetune-cancel')).toBeVisible();
  await expect(page.getByTestId('step')).toBeDisabled();
  await expect(page.getByTestId('timeline')).toHaveValue(String(steps + 1), { timeout: 240_000 });
  await expect(page.getByTestId('finetune-cancel')).toHaveCount(0);
  await expect(page.getByTestId('step')).toBeEnabled();
  const after = await figures(page);
  expect(after.params).toBe(before.params);
  expect(after.accuracy).not.toBe(before.accuracy);
  expect(after.exact.accuracy!).toBeGreaterThan(before.exact.accuracy!);
  await expect(page.getByTestId('finetune-mark')).toHaveCount(1);
  await expect(page.getByTestId('finetune-mark')).toHaveAttribute('aria-label', `Step ${steps + 1}: fine-tune, 1 epoch, learning rate 0.001, seed 1`);
  // The compaction chart shows it as a vertical move: two points at the same parameter count.
  const move = page.locator('[data-testid="compaction-chart"] path.series[data-series="fine-tune"]');
  await expect(move).toHaveAttribute('data-points', '3');
  await expect(page.getByTestId('finetune-marks')).toContainText('vertical move');
  await expect(page.getByTestId('curves-finetune')).toContainText('Fine-tune, 1 epoch');
  await expect(page.locator('#curves-title')).toHaveText('Learning curves · fine-tune');

  await page.getByTestId('undo').click();
  await expect(page.getByTestId('timeline')).toHaveValue(String(steps));
  expect(await figures(page)).toEqual(before);
  await page.getByTestId('redo').click();
  await expect(page.getByTestId('timeline')).toHaveValue(String(steps + 1));
  expect(await figures(page)).toEqual(after);

  // A cancelled fine-tune changes nothing.
  await page.getByTestId('finetune-epochs').fill('5');
  await page.getByTestId('finetune').click();
  await expect(page.getByTestId('finetune-progress')).toContainText(/batch [1-9]/, { timeout: 60_000 });
  await page.getByTestId('finetune-cancel').click();
  await expect(page.getByTestId('notice-info').filter({ hasText: 'Fine-tune cancelled' })).toBeVisible();
  await expect(page.getByTestId('step')).toBeEnabled();
  expect(await figures(page)).toEqual(after);
  await expect(page.getByTestId('finetune-mark')).toHaveCount(1);

  // The link holds the fine-tune by its settings: a fresh context trains it again, to the same figures.
  await page.getByTestId('share-link').click();
  await expect(page).toHaveURL(/#s2\./);
  const url = page.url();
  const other = await context.browser()!.newContext();
  const page2 = await other.newPage();
  await page2.goto(url);
  await expect(page2.getByTestId('timeline')).toHaveValue(String(steps + 1), { timeout: 240_000 });
  await expect(page2.getByTestId('step')).toBeEnabled();
  const again = await figures(page2);
  expect(again.backend).toBe(after.backend);
  expect(again).toEqual(after);
  await expect(page2.getByTestId('finetune-mark')).toHaveCount(1);
  await page2.getByTestId('undo').click();
  await expect(page2.getByTestId('timeline')).toHaveValue(String(steps));
  expect(await figures(page2)).toEqual(before);
  await other.close();
});
