/**
 * Messages for people: refusals say in plain words what is wrong and what to
 * do; no validator or JavaScript error text is on screen (it waits behind
 * Details, collapsed).
 */
import type { Page } from '@playwright/test';
import { strToU8 } from 'fflate';
import { expect, test } from './fixtures';

const RAW = /Too (small|big)|Invalid (input|option)|expected (number|string|object|int)|Cannot use|TypeError|SyntaxError|undefined|NaN|\[object /;

const file = (name: string, text: string | Uint8Array) => ({ name, mimeType: 'application/octet-stream', buffer: Buffer.from(typeof text === 'string' ? strToU8(text) : text) });

async function visibleNoticeTexts(page: Page): Promise<string[]> {
  return page.locator('.notice-text').allInnerTexts();
}

test('refusals speak plainly, with the technical detail behind a toggle', async ({ page }) => {
  await page.goto('./?lr=5&hidden=0');
  await expect(page.getByTestId('step')).toBeEnabled();
  const bad: [string, ReturnType<typeof file>[]][] = [
    ['a number', [file('model.json', '123')]],
    ['a model without topology details', [file('model.json', '{"modelTopology": {"class_name": 5}}'), file('model.weights.bin', new Uint8Array(8))]],
    ['a session of the wrong shape', [file('s.json', '{"format": "neurounify-session", "version": 1, "steps": "x"}')]],
    ['a damaged gzip', [file('train-images-idx3-ubyte.gz', Uint8Array.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4, 5]))]],
  ];
  for (const [, files] of bad) await page.getByTestId('import-files').setInputFiles(files);
  await expect(page.getByTestId('notice-error')).toHaveCount(4);
  const texts = await visibleNoticeTexts(page);
  expect(texts.length).toBeGreaterThanOrEqual(5);
  for (const t of texts) expect(t, t).not.toMatch(RAW);
  // The detail is there for whoever wants it, collapsed.
  const details = page.locator('.notice-detail').first();
  await expect(details).not.toHaveAttribute('open', '');
  await details.locator('summary').click();
  await expect(details.locator('code')).toBeVisible();
});

test('a link with values this version does not accept says so plainly', async ({ page }) => {
  await page.goto('./#s2.AAAAAAAAAAAAAAAAAAAA');
  await expect(page.getByTestId('step')).toBeEnabled();
  const texts = await visibleNoticeTexts(page);
  expect(texts.some((t) => /damaged/.test(t) && /defaults/.test(t))).toBe(true);
  for (const t of texts) expect(t).not.toMatch(RAW);
});

test('a 10,000-character file name neither widens the page nor pushes the notice off screen', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('step')).toBeEnabled();
  const name = `${'a'.repeat(10_000)}.txt`;
  await page.getByTestId('import-files').setInputFiles([file(name, 'hello')]);
  const notice = page.getByTestId('notice-error').last();
  await expect(notice).toContainText('Import refused, nothing changed');
  expect((await notice.locator('.notice-text').innerText()).length).toBeLessThan(400);
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
  expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
  const box = (await notice.getByRole('button', { name: 'Dismiss' }).boundingBox())!;
  expect(box.x + box.width).toBeLessThanOrEqual(widths.inner);
  expect(box.x).toBeGreaterThanOrEqual(0);
  await notice.getByRole('button', { name: 'Dismiss' }).click();
  await expect(page.getByTestId('notice-error')).toHaveCount(0);
});
