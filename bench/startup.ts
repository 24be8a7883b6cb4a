/**
 * Time to first screen: opens the production build in headless Chromium several
 * times and reports when the bundled model's accuracy and parameter count were
 * on screen (performance.now() at that moment, i.e. ms since navigation start).
 *
 *   npm run bench:startup   (builds first)
 */
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { join } from 'node:path';
import { launchOptions } from '../e2e/browser-launch';

const runs = Number(process.env.RUNS || 5);
const root = join(import.meta.dirname, '..');
const server = await preview({ root, preview: { port: 4175, strictPort: true, host: '127.0.0.1' } });
const browser = await chromium.launch(launchOptions);
const times: number[] = [];
try {
  for (let i = 0; i < runs; i++) {
    const context = await browser.newContext(); // cold cache every run
    const page = await context.newPage();
    await page.goto('http://127.0.0.1:4175/');
    const el = page.getByTestId('first-screen-ms');
    await el.waitFor({ timeout: 30_000 });
    const ms = Number(await el.getAttribute('data-ms'));
    const backend = await page.getByTestId('backend-name').textContent();
    times.push(ms);
    const marks = await page.evaluate(() => [
      ...performance.getEntriesByType('navigation').map((e) => `domContentLoaded ${Math.round((e as PerformanceNavigationTiming).domContentLoadedEventEnd)}`),
      ...performance.getEntriesByType('mark').filter((m) => m.name.startsWith('neurounify:')).map((m) => `${m.name.slice(11)} ${Math.round(m.startTime)}`),
    ]);
    console.log(`  ${marks.join(', ')}`);
    console.log(`run ${i + 1}: ${ms} ms to first screen (backend ${backend})`);
    await context.close();
  }
} finally {
  await browser.close();
  await new Promise<void>((r) => server.httpServer.close(() => r()));
}
const sorted = [...times].sort((a, b) => a - b);
console.log(`first screen: median ${sorted[Math.floor(sorted.length / 2)]} ms, min ${sorted[0]} ms, max ${sorted[sorted.length - 1]} ms over ${runs} cold loads`);
