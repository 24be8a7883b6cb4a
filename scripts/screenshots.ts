/**
 * Takes the README's screenshots from the production build in Chromium:
 *   npm run screenshots   (builds first; writes docs/*.png)
 */
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { join } from 'node:path';
import { launchOptions } from '../e2e/browser-launch';

const root = join(import.meta.dirname, '..');
const server = await preview({ root, preview: { port: 4174, strictPort: true, host: '127.0.0.1' } });
const base = 'http://127.0.0.1:4174/';
const browser = await chromium.launch(launchOptions);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('console', (m) => m.type() === 'error' && console.error('console:', m.text()));
  await page.goto(`${base}?hidden=64-32&epochs=3`);
  await page.getByTestId('params-value').waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="boot-status"]') === null);
  await page.getByTestId('train').click();
  await page.waitForFunction(() => document.querySelector('[data-testid="progress"]')?.getAttribute('data-status') === 'done', null, { timeout: 120_000 });
  await page.screenshot({ path: join(root, 'docs', 'screenshot-training.png') });
  console.log('wrote docs/screenshot-training.png');
} finally {
  await browser.close();
  await new Promise<void>((r) => server.httpServer.close(() => r()));
}
