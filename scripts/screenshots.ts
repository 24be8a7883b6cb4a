/**
 * Takes the README's screenshots from the production build in Chromium:
 *   npm run screenshots   (builds first; writes docs/screenshot-*.png)
 */
import { chromium, type Page } from '@playwright/test';
import { preview } from 'vite';
import { join } from 'node:path';
import { launchOptions } from '../e2e/browser-launch';

const root = join(import.meta.dirname, '..');
const out = (name: string) => join(root, 'docs', `screenshot-${name}.png`);
const server = await preview({ root, preview: { port: 4174, strictPort: true, host: '127.0.0.1' } });
const base = 'http://127.0.0.1:4174/';
const browser = await chromium.launch(launchOptions);

async function ready(page: Page, query = '') {
  page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
  await page.goto(`${base}${query}`);
  await page.waitForFunction(() => !(document.querySelector('[data-testid="step"]') as HTMLButtonElement | null)?.disabled, null, { timeout: 60_000 });
}

async function panel(page: Page, selector: string, name: string) {
  // Views off screen draw when they scroll into view: give them a moment.
  await page.locator(selector).first().scrollIntoViewIfNeeded();
  await page.waitForTimeout(250);
  await page.locator(selector).first().screenshot({ path: out(name) });
  console.log(`wrote docs/screenshot-${name}.png`);
}

try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await ready(page);
  await page.screenshot({ path: out('start') });
  console.log('wrote docs/screenshot-start.png');
  // A few pairwise steps, a baseline, then least squares to 30%.
  await page.getByTestId('baseline-magnitude').click();
  await page.getByTestId('baseline-magnitude').waitFor({ state: 'visible' });
  await page.waitForFunction(() => (document.querySelector('[data-testid="baseline-magnitude"]') as HTMLInputElement).checked, null, { timeout: 60_000 });
  await page.getByTestId('target-value').fill('30');
  await page.getByTestId('run-to-target').click();
  await page.getByTestId('learned-widths').waitFor({ timeout: 60_000 });
  await page.getByTestId('method').selectOption('pair');
  await page.getByTestId('step').click();
  await page.locator('[data-testid="network-view"] circle.nv-neuron[data-layer="0"][data-alive="true"]').nth(40).dispatchEvent('click');
  await page.waitForTimeout(1500);
  await page.screenshot({ path: out('explorer') });
  console.log('wrote docs/screenshot-explorer.png');
  await panel(page, '.stepper', 'stepper');
  await panel(page, '.compaction-panel', 'compaction');
  await panel(page, '.network-panel', 'network');
  await panel(page, '.codes-panel', 'codes');
  await panel(page, '.similarity-panel', 'similarity');

  const train = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await ready(train, '?hidden=64-32&epochs=3');
  await train.getByTestId('train').click();
  await train.waitForFunction(() => document.querySelector('[data-testid="progress"]')?.getAttribute('data-status') === 'done', null, { timeout: 120_000 });
  await panel(train, '.training-section', 'training');
} finally {
  await browser.close();
  await new Promise<void>((r) => server.httpServer.close(() => r()));
}
