/**
 * Records always match the state: after 500 fast, seeded random actions
 * (steps, ×10, undo, redo, scrubs, method changes), the exported steps equal
 * what a fresh replay of the same link computes, record by record.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { makeRng } from '../src/core/random';
import { expect, test } from './fixtures';

async function ready(page: Page, url = './') {
  await page.goto(url);
  await expect(page.getByTestId('compaction-params')).not.toHaveText('—');
  await expect(page.getByTestId('step')).toBeEnabled();
}

async function exportedSteps(page: Page): Promise<unknown[]> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-steps-json').click()]);
  return JSON.parse(readFileSync((await d.path())!, 'utf8')).steps;
}

/** Waits until the stepper has nothing left to do (no ×10 under way, the store caught up). */
async function quiet(page: Page) {
  await expect(page.getByTestId('step')).toBeEnabled();
  let last = '';
  for (let same = 0; same < 3; ) {
    await page.waitForTimeout(150);
    const now = JSON.stringify(await page.evaluate(() => (window as unknown as { neurounify: { snapshot(): { compaction: unknown } } }).neurounify.snapshot().compaction));
    same = now === last ? same + 1 : 0;
    last = now;
  }
}

test('after 500 random actions the exported steps equal a fresh replay of the link', async ({ page, browser }) => {
  test.setTimeout(600_000);
  await ready(page);
  const rng = makeRng(20261128);
  const methods = ['ls', 'pair', 'magnitude', 'srinivas', 'ls', 'pair'];
  for (let k = 0; k < 500; k++) {
    const r = rng();
    const step = page.getByTestId('step');
    if (r < 0.45) {
      if (await step.isEnabled()) await step.click();
    } else if (r < 0.55) {
      const b = page.getByTestId('step-10');
      if (await b.isEnabled()) await b.click();
    } else if (r < 0.72) {
      const b = page.getByTestId('undo');
      if (await b.isEnabled()) await b.click();
    } else if (r < 0.85) {
      const b = page.getByTestId('redo');
      if (await b.isEnabled()) await b.click();
    } else if (r < 0.95) {
      const t = page.getByTestId('timeline');
      if (await t.isEnabled()) {
        const max = Number(await t.getAttribute('max'));
        await t.fill(String(Math.floor(rng() * (max + 1))));
      }
    } else {
      const m = page.getByTestId('method');
      if (await m.isEnabled()) await m.selectOption(methods[Math.floor(rng() * methods.length)]);
    }
  }
  await quiet(page);
  const live = await exportedSteps(page);
  expect(live.length).toBeGreaterThan(10);
  await page.getByTestId('share-link').click();
  await expect(page).toHaveURL(/#s2\./);
  const url = page.url();

  const fresh = await browser.newContext();
  const replay = await fresh.newPage();
  await ready(replay, url);
  await quiet(replay);
  const replayed = await exportedSteps(replay);
  expect(replayed.length).toBe(live.length);
  for (let k = 0; k < live.length; k++) expect(live[k], `record ${k + 1}`).toEqual(replayed[k]);
  await fresh.close();
});
