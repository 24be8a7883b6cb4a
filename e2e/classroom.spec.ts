/**
 * A classroom link made in the Share panel: it hides exactly what was chosen,
 * starts the tour, and "Show all controls" brings everything back, for that
 * tab only.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function ready(page: Page, url = './') {
  await page.goto(url);
  await expect(page.getByTestId('compaction-params')).not.toHaveText('—');
  await expect(page.getByTestId('step')).toBeEnabled();
}

test('a classroom link made in the UI hides the method picker and starts the tour; Show all controls brings it back', async ({ page, context }) => {
  await ready(page);
  await page.getByTestId('method').selectOption('pair');
  await page.getByTestId('step-10').click();
  await expect(page.getByTestId('timeline')).toHaveValue('10');
  await page.getByTestId('method').selectOption('ls');

  await page.getByTestId('classroom-builder').click();
  await page.getByTestId('classroom-hide-method').check();
  await page.getByTestId('classroom-tour').check();
  await expect(page.getByTestId('classroom-present')).not.toBeChecked();
  await page.getByTestId('classroom-start-original').check();
  const field = page.getByTestId('classroom-url');
  await expect(field).toHaveValue(/#s2\./);
  await expect(field).toHaveAttribute('readonly', '');
  const url = await field.inputValue();
  expect(new URL(url).origin).toBe(new URL(page.url()).origin);
  // Copy, and the preview is a new tab on the same link.
  await page.getByTestId('classroom-link').click();
  await expect(page.getByTestId('notice-info').last()).toContainText(/classroom link copied|did not allow copying/i);
  const preview = page.getByTestId('classroom-preview');
  await expect(preview).toHaveAttribute('href', url);
  await expect(preview).toHaveAttribute('target', '_blank');
  await expect(preview).toHaveAttribute('rel', /noopener/);
  // This tab stays as it was: its address is not the classroom link, and it hides nothing.
  expect(page.url()).not.toBe(url);
  await expect(page.getByTestId('method')).toBeVisible();
  await expect(page.getByTestId('show-all-controls')).toHaveCount(0);

  // A student opens it in a fresh browser.
  const other = await context.browser()!.newContext();
  const student = await other.newPage();
  const errors: string[] = [];
  student.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  student.on('pageerror', (e) => errors.push(e.message));
  await ready(student, url);
  // Exactly the method picker is hidden.
  await expect(student.getByTestId('method')).toBeHidden();
  for (const id of ['step', 'timeline', 'run-to-target', 'share-link', 'code-heatmap', 'similarity-graph']) await expect(student.getByTestId(id)).toBeVisible();
  await expect(student.locator('.training-section')).toBeVisible();
  await expect(student.locator('.baselines')).toBeVisible();
  // From the uncompressed model, with the method the teacher had.
  await expect(student.getByTestId('timeline')).toHaveValue('0');
  await expect(student.getByTestId('compaction-params')).toHaveText('266,610');
  // The tour runs, and says which method is in use though its picker is hidden.
  const tour = student.getByTestId('tour');
  await expect(tour).toContainText('A trained network');
  for (let k = 0; k < 3; k++) await student.getByTestId('tour-next').click();
  await expect(tour).toContainText('Neuro-Unification');
  await expect(student.getByTestId('timeline')).toHaveValue('1');
  await expect(tour).toContainText('still least-squares unification');
  await student.getByTestId('tour-close').click();
  await expect(tour).toBeHidden();
  await expect(student.getByTestId('timeline')).toHaveValue('0');
  // The way out: everything comes back, in this tab.
  const showAll = student.getByTestId('show-all-controls');
  await expect(showAll).toBeVisible();
  await showAll.click();
  await expect(student.getByTestId('method')).toBeVisible();
  await expect(student.getByTestId('method')).toHaveValue('ls');
  await expect(showAll).toHaveCount(0);
  // Only in that tab: the link opened again still hides the picker.
  const again = await other.newPage();
  await ready(again, url);
  await expect(again.getByTestId('method')).toBeHidden();
  await expect(again.getByTestId('show-all-controls')).toBeVisible();
  await page.locator('.share-panel').screenshot({ path: 'test-results/classroom-builder.png' });
  await other.close();
  expect(errors).toEqual([]);
});
