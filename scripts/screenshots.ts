/**
 * Takes the README's screenshots from the production build in Chromium:
 *   npm run screenshots   (builds first; writes docs/screenshot-*.png)
 *   npm run screenshots -- widths   (only the layouts: every width, and presenter mode)
 * SCREENSHOT_PORT sets the preview server's port (default 4174).
 */
import { chromium, type BrowserContextOptions, type Page } from '@playwright/test';
import { preview } from 'vite';
import { join } from 'node:path';
import { launchOptions } from '../e2e/browser-launch';

const root = join(import.meta.dirname, '..');
const out = (name: string) => join(root, 'docs', `screenshot-${name}.png`);
const port = Number(process.env.SCREENSHOT_PORT || 4174);
const only = process.argv[2];
const server = await preview({ root, preview: { port, strictPort: true, host: '127.0.0.1' } });
const base = `http://127.0.0.1:${port}/`;
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

/** The widths the layout is tested at; phones and the tablet as touch devices. */
const WIDTHS: { width: number; height: number; touch: boolean }[] = [
  { width: 360, height: 780, touch: true },
  { width: 390, height: 844, touch: true },
  { width: 768, height: 1024, touch: true },
  { width: 1024, height: 768, touch: false },
  { width: 1280, height: 800, touch: false },
  { width: 1920, height: 1080, touch: false },
  { width: 2560, height: 1440, touch: false },
];

/** The same state at every width: ten pairwise steps, a first-layer neuron selected. */
async function layoutPage(options: BrowserContextOptions, presenter = false): Promise<Page> {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  await ready(page);
  if (presenter) await page.getByTestId('present-mode').click();
  await page.getByTestId('method').selectOption('pair');
  await page.getByTestId('step-10').click();
  await page.waitForFunction(() => (document.querySelector('[data-testid="timeline"]') as HTMLInputElement).value === '10');
  await page.locator('[data-testid="network-view"] circle.nv-neuron[data-layer="0"][data-alive="true"]').nth(40).dispatchEvent('click');
  // Every view draws once it has been on screen.
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  for (let y = 0; y < height; y += 400) {
    await page.evaluate((y) => window.scrollTo(0, y), y);
    await page.waitForTimeout(60);
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.waitForTimeout(1200);
  return page;
}

/**
 * The whole page in one picture. Not Playwright's fullPage: in Chromium it
 * drops the touch emulation while it captures (no (pointer: coarse) styles),
 * so the viewport is made as tall as the page instead.
 */
async function wholePage(page: Page, path: string) {
  const { width } = page.viewportSize()!;
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width, height });
  await page.mouse.move(0, 0);
  await page.waitForTimeout(500);
  await page.screenshot({ path });
}

async function layouts() {
  for (const { width, height, touch } of WIDTHS) {
    const page = await layoutPage({ viewport: { width, height }, isMobile: touch, hasTouch: touch });
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (scrollWidth > width) console.error(`at ${width} px the page is ${scrollWidth} px wide`);
    await wholePage(page, out(`width-${width}`));
    console.log(`wrote docs/screenshot-width-${width}.png`);
    await page.context().close();
  }
  const page = await layoutPage({ viewport: { width: 1920, height: 1080 } }, true);
  await wholePage(page, out('presenter'));
  console.log('wrote docs/screenshot-presenter.png');
  await page.context().close();
}

async function panels() {
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
}

try {
  await layouts();
  if (only !== 'widths') await panels();
} finally {
  await browser.close();
  await new Promise<void>((r) => server.httpServer.close(() => r()));
}
