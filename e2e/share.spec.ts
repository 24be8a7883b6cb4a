import type { Page } from '@playwright/test';
import { DEFAULT_LINK_STATE, encodeLinkState } from '../src/core/share/link-state';
import { expect, test } from './fixtures';

async function ready(page: Page, url = './') {
  await page.goto(url);
  await expect(page.getByTestId('compaction-params')).not.toHaveText('—');
  await expect(page.getByTestId('step')).toBeEnabled();
}

const figures = async (page: Page) => ({
  params: await page.getByTestId('compaction-params').textContent(),
  accuracy: await page.getByTestId('compaction-accuracy').textContent(),
  step: await page.getByTestId('timeline').inputValue(),
});

test('a copied link reopens the same state in a new page', async ({ page, context }) => {
  await ready(page);
  await page.getByTestId('method').selectOption('pair');
  await page.getByTestId('step-10').click();
  await page.getByTestId('method').selectOption('ls');
  await page.getByTestId('step-10').click();
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('timeline')).toHaveValue('19');
  const before = await figures(page);
  await page.getByTestId('share-link').click();
  await expect(page).toHaveURL(/#s2\./);
  const url = page.url();
  const other = await context.browser()!.newContext();
  const page2 = await other.newPage();
  await ready(page2, url);
  await expect(page2.getByTestId('timeline')).toHaveValue('19');
  expect(await figures(page2)).toEqual(before);
  // The redoable step travelled too.
  await page2.getByTestId('redo').click();
  await page.getByTestId('redo').click();
  await expect(page2.getByTestId('timeline')).toHaveValue('20');
  await expect(page.getByTestId('timeline')).toHaveValue('20');
  expect(await figures(page2)).toEqual(await figures(page));
  await other.close();
});

test('the session survives a reload, and New session clears it', async ({ page }) => {
  await ready(page);
  await page.getByTestId('method').selectOption('magnitude');
  await page.getByTestId('step-10').click();
  await expect(page.getByTestId('timeline')).toHaveValue('10');
  const before = await figures(page);
  await page.waitForTimeout(800); // the autosave is debounced
  await page.reload();
  await ready(page);
  await expect(page.getByTestId('timeline')).toHaveValue('10');
  expect(await figures(page)).toEqual(before);
  await expect(page.getByTestId('method')).toHaveValue('magnitude');
  await page.getByTestId('new-session').click();
  await expect(page.getByTestId('compaction-params')).toHaveText('266,610');
  await page.waitForTimeout(800);
  await page.reload();
  await ready(page);
  await expect(page.getByTestId('timeline')).toHaveValue('0');
});

for (const [name, hash] of [
  ['garbled', '#s2.%%%not-base64%%%'],
  ['damaged in copying', '#s2.AAAAAAAAAAAAAAAA'],
  ['made by an earlier version', '#s1.AAAA'],
  ['too long', `#s2.${'A'.repeat(20_000)}`],
  ['unknown format', '#hello-world'],
]) {
  test(`a ${name} link hash gives a clear message and the defaults`, async ({ page }) => {
    await ready(page, `./${hash}`);
    await expect(page.getByTestId('notice-error')).toContainText('This link could not be opened');
    await expect(page.getByTestId('compaction-params')).toHaveText('266,610');
    await expect(page.getByTestId('timeline')).toHaveValue('0');
  });
}

test('a classroom link hides the chosen controls', async ({ page }) => {
  const hash = encodeLinkState({ ...DEFAULT_LINK_STATE, hide: ['training', 'baselines', 'similarity'] });
  await ready(page, `./#${hash}`);
  await expect(page.locator('.training-section')).toBeHidden();
  await expect(page.locator('.similarity-panel')).toBeHidden();
  await expect(page.locator('.baselines')).toBeHidden();
  await expect(page.getByTestId('code-heatmap')).toBeVisible();
});

test('a tour link opens the guided tour, which works on the live model', async ({ page }) => {
  await ready(page, `./#${encodeLinkState({ ...DEFAULT_LINK_STATE, tour: true })}`);
  const tour = page.getByTestId('tour');
  await expect(tour).toContainText('A trained network');
  for (let k = 0; k < 3; k++) await page.getByTestId('tour-next').click();
  await expect(tour).toContainText('Neuro-Unification');
  // The tour took one pairwise step on the model.
  await expect(page.getByTestId('timeline')).toHaveValue('1');
  await page.getByTestId('tour-next').click();
  await page.getByTestId('tour-next').click();
  await page.getByTestId('tour-next').click();
  await expect(tour).toBeHidden();
});

test('a model trained in the browser survives a reload, and its link retrains it to the same state', async ({ page, context }) => {
  await ready(page, './?hidden=16&epochs=1');
  await page.getByTestId('train').click();
  await expect(page.getByTestId('progress')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  await expect(page.getByTestId('step')).toBeEnabled();
  await page.getByTestId('method').selectOption('ls');
  await page.getByTestId('step-10').click();
  await expect(page.getByTestId('timeline')).toHaveValue('10');
  const before = await figures(page);
  expect(before.params).toBe((784 * 6 + 6 + 6 * 10 + 10).toLocaleString('en-US'));
  await page.waitForTimeout(800);
  await page.reload();
  await ready(page);
  expect(await figures(page)).toEqual(before);
  await page.getByTestId('share-link').click();
  await expect(page).toHaveURL(/#s2\./);
  const other = await context.browser()!.newContext();
  const page2 = await other.newPage();
  await page2.goto(page.url());
  await expect(page2.getByTestId('timeline')).toHaveValue('10', { timeout: 60_000 });
  expect(await figures(page2)).toEqual(before);
  await other.close();
});

test('trained models are saved by name and reopened', async ({ page }) => {
  await ready(page, './?hidden=12&epochs=1');
  await expect(page.getByTestId('save-model')).toBeDisabled();
  await page.getByTestId('train').click();
  await expect(page.getByTestId('progress')).toHaveAttribute('data-status', 'done', { timeout: 60_000 });
  const trained = await page.getByTestId('params-value').textContent();
  await page.getByTestId('save-model-name').fill('tiny <b>net</b>');
  await page.getByTestId('save-model').click();
  await expect(page.getByTestId('saved-models')).toContainText('tiny <b>net</b>');
  await page.getByTestId('new-session').click();
  await expect(page.getByTestId('params-value')).toHaveText('266,610');
  await page.reload();
  await ready(page);
  await page.getByRole('button', { name: 'Open tiny <b>net</b>' }).click();
  await expect(page.getByTestId('params-value')).toHaveText(trained!);
  await expect(page.getByTestId('compaction-params')).toHaveText(trained!);
});
