/**
 * One link, three backends: the engine computes codes and steps in its own
 * JavaScript kernels, so the exported merge records and the figures on screen
 * are identical under cpu, wasm and webgl.
 */
import { readFileSync } from 'node:fs';
import type { Browser } from '@playwright/test';
import { expect, test } from './fixtures';

async function openUnder(browser: Browser, url: string, backend: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  const u = new URL(url);
  u.searchParams.set('backend', backend);
  await page.goto(u.href);
  await expect(page.getByTestId('backend-name')).toHaveText(backend);
  await expect(page.getByTestId('step')).toBeEnabled();
  await expect(page.getByTestId('timeline')).toHaveValue('25');
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-steps-json').click()]);
  const steps = JSON.parse(readFileSync((await d.path())!, 'utf8')).steps;
  const figures = {
    accuracy: await page.getByTestId('compaction-accuracy').textContent(),
    params: await page.getByTestId('compaction-params').textContent(),
  };
  await context.close();
  expect(errors).toEqual([]);
  return { steps, figures };
}

test('a link gives the same merge records and figures under cpu, wasm and webgl', async ({ page, browser }) => {
  test.setTimeout(300_000);
  await page.goto('./');
  await expect(page.getByTestId('step')).toBeEnabled();
  await page.getByTestId('method').selectOption('ls');
  await page.getByTestId('step-10').click();
  await expect(page.getByTestId('timeline')).toHaveValue('10');
  await page.getByTestId('method').selectOption('pair');
  await page.getByTestId('step-10').click();
  await expect(page.getByTestId('timeline')).toHaveValue('20');
  await page.getByTestId('method').selectOption('srinivas');
  for (let k = 0; k < 5; k++) await page.getByTestId('step').click();
  await expect(page.getByTestId('timeline')).toHaveValue('25');
  await page.getByTestId('share-link').click();
  await expect(page).toHaveURL(/#s2\./);
  const url = page.url();

  const cpu = await openUnder(browser, url, 'cpu');
  const wasm = await openUnder(browser, url, 'wasm');
  const webgl = await openUnder(browser, url, 'webgl');
  expect(cpu.steps).toHaveLength(25);
  expect(wasm).toEqual(cpu);
  expect(webgl).toEqual(cpu);
});
