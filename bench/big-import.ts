/**
 * Long main-thread tasks while a big model is imported through the UI and
 * explored right after: for each size of hidden layers, a seeded random
 * model is written to files on disk (set on the file input by path, so the
 * browser reads them itself: no task of the test harness in the page), and
 * the tasks over 50 ms are printed for the import, then for Step, ×10 and
 * undo (each until the stepper is idle again).
 *
 *   npx vite build && npx vite preview --port 4194
 *   npx tsx bench/big-import.ts http://localhost:4194/ 300-100 512-256 1024 1024-1024 1024-1024-1024-1024
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from '@playwright/test';
import { launchOptions } from '../e2e/browser-launch';
import { initMlp } from '../src/core/model/mlp';
import { writeLayersModel } from '../src/core/io/write-layers-model';

const url = process.argv[2];
const sizes = process.argv.slice(3).map((s) => s.split('-').map(Number));
const dir = mkdtempSync(join(tmpdir(), 'big-import-'));

async function tasks(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __lt: number[] }).__lt.splice(0).map(Math.round));
}

const fmt = (t: number[]) => `n=${t.length} max=${Math.max(0, ...t)} [${[...t].sort((a, b) => b - a).slice(0, 5)}]`;

async function idle(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const b = document.querySelector('[data-testid="step"]') as HTMLButtonElement | null;
    const card = document.querySelector('[data-testid="step-card"]');
    return b && !b.disabled && card?.getAttribute('aria-busy') !== 'true';
  }, null, { timeout: 600_000 });
  await page.waitForTimeout(1500);
}

const browser = await chromium.launch(launchOptions);
for (const hidden of sizes) {
  const name = hidden.join('-');
  const m = await writeLayersModel(initMlp({ inputSize: 784, hidden, numClasses: 10, activation: 'relu' }, 3));
  const sub = join(dir, name);
  const json = join(dir, `${name}.json`);
  writeFileSync(json, m.modelJson);
  const weights = join(dir, m.weightsFileName);
  writeFileSync(weights, m.weights);
  void sub;
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.addInitScript(() => {
    const w = window as unknown as { __lt: number[] };
    w.__lt = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) w.__lt.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(url);
  await idle(page);
  await tasks(page);
  const t0 = Date.now();
  await page.getByTestId('import-files').setInputFiles([json, weights]);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="notice-info"]')].some((n) => /Imported a/.test(n.textContent ?? '')), null, { timeout: 600_000 });
  await idle(page);
  const importMs = Date.now() - t0 - 1500;
  const out = [`${name}: import ${importMs} ms, tasks ${fmt(await tasks(page))}`];
  for (const [label, id] of [['step', 'step'], ['x10', 'step-10'], ['undo', 'undo']] as const) {
    const t1 = Date.now();
    await page.getByTestId(id).click();
    await idle(page);
    out.push(`${label} ${Date.now() - t1 - 1500} ms, tasks ${fmt(await tasks(page))}`);
  }
  console.log(out.join('; '));
  await page.close();
}
await browser.close();
