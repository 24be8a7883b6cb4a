/** Disabled controls say why (a tooltip and a screen-reader description), at start and while a network trains. */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function disabledWithoutReason(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLButtonElement | HTMLInputElement | HTMLSelectElement>('button:disabled, input:disabled, select:disabled')]
      .filter((el) => el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden')
      .filter((el) => !(el.getAttribute('title') || el.getAttribute('aria-description') || el.closest('[title]')?.getAttribute('title')))
      .map((el) => `${el.tagName.toLowerCase()} ${el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? el.textContent?.trim().slice(0, 30)}`),
  );
}

test('every disabled control says why, at start and during training', async ({ page }) => {
  await page.goto('./?hidden=16&epochs=30&batch=16');
  await expect(page.getByTestId('step')).toBeEnabled();
  expect(await disabledWithoutReason(page)).toEqual([]);
  await expect(page.getByTestId('undo')).toHaveAttribute('aria-description', /Nothing to undo/);

  await page.getByTestId('train').click();
  await expect(page.getByTestId('progress')).toHaveAttribute('data-status', 'running');
  await expect(page.getByTestId('step')).toBeDisabled();
  expect(await disabledWithoutReason(page)).toEqual([]);
  await expect(page.getByTestId('method')).toHaveAttribute('aria-description', /training/);
  await page.getByTestId('reset').click();
});
