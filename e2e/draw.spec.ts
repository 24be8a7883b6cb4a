import type { Locator, Page } from '@playwright/test';
import { expect, test } from './fixtures';

async function ready(page: Page) {
  await page.goto('./');
  await expect(page.getByTestId('step')).toBeEnabled();
}

/** A "7" across the pad, as fractions of its size. */
const SEVEN: [number, number][] = [
  [0.25, 0.22],
  [0.5, 0.2],
  [0.75, 0.22],
  [0.62, 0.45],
  [0.5, 0.65],
  [0.42, 0.82],
];

async function padPoints(pad: Locator): Promise<[number, number][]> {
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  return SEVEN.map(([fx, fy]) => [box.x + fx * box.width, box.y + fy * box.height]);
}

async function expectBothPredictions(page: Page) {
  const pred = page.getByTestId('draw-prediction');
  await expect(pred).toHaveAttribute('data-state', 'shown');
  await expect(pred.locator('[data-network="original"] strong')).toHaveText(/^\d$/);
  await expect(pred.locator('[data-network="current"] strong')).toHaveText(/^\d$/);
  // Ten rows of probabilities per network, each a percentage; each network's add up to 100%.
  const rows = await pred.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll('td'), (td) => parseFloat(td.textContent!))));
  expect(rows).toHaveLength(10);
  for (const col of [0, 1]) expect(rows.reduce((a, r) => a + r[col], 0)).toBeGreaterThan(99.4);
}

test('a stroke drawn with the mouse gets both networks’ predictions and lights the network view', async ({ page }) => {
  await ready(page);
  const pad = page.getByTestId('draw-pad');
  await expect(page.getByTestId('draw-prediction')).toHaveAttribute('data-state', 'empty');
  const pts = await padPoints(pad);
  await page.mouse.move(...pts[0]);
  await page.mouse.down();
  for (const p of pts.slice(1)) await page.mouse.move(...p, { steps: 6 });
  await page.mouse.up();
  await expectBothPredictions(page);
  // What the networks see: ink centred in the 28 x 28 field.
  const centre = await page.getByTestId('draw-input-preview').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, 28, 28).data;
    let m = 0;
    let sx = 0;
    let sy = 0;
    for (let i = 0; i < 784; i++) {
      const ink = 1 - d[4 * i] / 255;
      m += ink;
      sx += ink * ((i % 28) + 0.5);
      sy += ink * (Math.floor(i / 28) + 0.5);
    }
    return [sx / m, sy / m];
  });
  expect(Math.abs(centre[0] - 14)).toBeLessThan(1);
  expect(Math.abs(centre[1] - 14)).toBeLessThan(1);
  const net = page.getByTestId('network-view');
  await net.scrollIntoViewIfNeeded();
  await expect(net).toHaveAttribute('data-lit', 'true');
  await expect(net.locator('circle.nv-act')).toHaveCount(400);
  await expect(page.getByTestId('network-lit')).toContainText('your drawing');
  // Clear takes it away again.
  await page.getByTestId('draw-clear').click();
  await expect(page.getByTestId('draw-prediction')).toHaveAttribute('data-state', 'empty');
  await expect(net).toHaveAttribute('data-lit', 'false');
  await expect(net.locator('circle.nv-act')).toHaveCount(0);
});

test.describe('on a touch screen', () => {
  test.use({ hasTouch: true });

  test('a stroke drawn with a finger gets both networks’ predictions', async ({ page }) => {
    await ready(page);
    const pts = await padPoints(page.getByTestId('draw-pad'));
    // Real touch events through the DevTools protocol: the page sees pointer events of type "touch".
    const types: string[] = [];
    await page.exposeFunction('notePointer', (t: string) => types.push(t));
    await page.getByTestId('draw-pad').evaluate((c) => c.addEventListener('pointerdown', (e) => (window as unknown as { notePointer(t: string): void }).notePointer((e as PointerEvent).pointerType)));
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: pts[0][0], y: pts[0][1] }] });
    for (const [x, y] of pts.slice(1)) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expectBothPredictions(page);
    expect(types).toEqual(['touch']);
  });
});

test('a test digit is picked and the pad cleared with the keyboard alone', async ({ page }) => {
  await ready(page);
  const pad = page.getByTestId('draw-pad');
  await pad.focus();
  // T on the pad picks a test digit.
  await page.keyboard.press('t');
  await expectBothPredictions(page);
  const first = await page.getByTestId('test-digit-index').inputValue();
  expect(Number(first)).toBeGreaterThanOrEqual(0);
  await expect(page.getByTestId('network-lit')).toContainText(`test digit #${first}`);
  // Delete clears it.
  await pad.focus();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('draw-prediction')).toHaveAttribute('data-state', 'empty');
  // Tab from the pad reaches "Pick a test digit" (Clear is disabled with nothing to clear); Enter picks another.
  await pad.focus();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('pick-test-digit')).toBeFocused();
  await page.keyboard.press('Enter');
  await expectBothPredictions(page);
  const second = await page.getByTestId('test-digit-index').inputValue();
  expect(second).not.toBe('');
  // A digit by its number: type it and press Enter.
  await page.getByTestId('test-digit-index').fill('42');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('network-lit')).toContainText('test digit #42');
});
