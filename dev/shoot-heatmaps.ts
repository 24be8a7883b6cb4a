/**
 * Screenshots of the heatmap gallery (dev/heatmaps.html) in Chromium:
 *   npx tsx dev/shoot-heatmaps.ts [--dpr 2] [--filter gray|deutan|protan] [--only code-l1,profile-l1]
 * Starts a vite dev server on the repo, opens the page, waits for it to
 * finish, prints its timings and writes dev/shots/*.png (not committed).
 */
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'vite';
import { launchOptions } from '../e2e/browser-launch';

const root = join(import.meta.dirname, '..');
const outDir = join(import.meta.dirname, 'shots');
mkdirSync(outDir, { recursive: true });

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const dpr = Number(arg('dpr') ?? 1);
const filter = arg('filter');
const only = arg('only')?.split(',');

const server = await createServer({
  root,
  configFile: join(root, 'vite.config.ts'),
  logLevel: 'warn',
  server: { port: 5191, strictPort: false, host: '127.0.0.1', hmr: false },
});
await server.listen();
const base = server.resolvedUrls?.local[0] ?? 'http://127.0.0.1:5191/';
const browser = await chromium.launch(launchOptions);
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, deviceScaleFactor: dpr });
  page.on('console', (m) => {
    if (m.type() === 'error') {
      failed = true;
      console.error('console error:', m.text());
    }
  });
  page.on('pageerror', (e) => {
    failed = true;
    console.error('page error:', e.message);
  });
  const url = new URL('dev/heatmaps.html', base);
  if (filter) url.searchParams.set('filter', filter);
  await page.goto(url.href);
  await page.waitForFunction(() => document.body.dataset.ready !== undefined, null, { timeout: 180_000 });
  console.log(await page.locator('#status').textContent());
  if ((await page.evaluate(() => document.body.dataset.ready)) !== '1') failed = true;

  const suffix = `${dpr !== 1 ? `@${dpr}x` : ''}${filter ? `-${filter}` : ''}`;
  const panels = await page.locator('section.panel').all();
  for (const [k, panel] of panels.entries()) {
    const firstCanvas = await panel.locator('canvas').first().getAttribute('data-testid');
    if (only && !only.includes(firstCanvas ?? '')) continue;
    const file = join(outDir, `${String(k + 1).padStart(2, '0')}-${firstCanvas}${suffix}.png`);
    await panel.screenshot({ path: file });
    console.log('wrote', file);
  }
  if (!only) {
    // The tooltip over the selected neuron of the main view, to see hit-testing at work.
    const main = page.locator('canvas[data-testid="code-l1"]');
    await page.evaluate(() => window.scrollTo(0, 0));
    const box = await main.boundingBox();
    if (box) {
      await page.mouse.move(box.x + 300, box.y + 120);
      await page.locator('#tip').waitFor({ state: 'visible' });
      await page.locator('section.panel').first().screenshot({ path: join(outDir, `00-hover${suffix}.png`) });
    }
  }
} finally {
  await browser.close();
  await server.close();
}
if (failed) process.exitCode = 1;
