/** Work survives reloads, and saved state can never stop the app from starting. */
import type { Page } from '@playwright/test';
import { DEFAULT_LINK_STATE, encodeLinkState } from '../src/core/share/link-state';
import { expect, test } from './fixtures';

async function ready(page: Page, url = './') {
  await page.goto(url);
  await expect(page.getByTestId('compaction-params')).not.toHaveText('—');
  await expect(page.getByTestId('step')).toBeEnabled();
}

test('a reload right after a ×10 keeps every finished step', async ({ page }) => {
  await ready(page);
  await page.getByTestId('method').selectOption('magnitude');
  await page.getByTestId('step-10').click();
  await expect(page.getByTestId('timeline')).toHaveValue('10');
  const params = await page.getByTestId('compaction-params').textContent();
  await page.reload();
  await expect(page.getByTestId('timeline')).toHaveValue('10');
  await expect(page.getByTestId('compaction-params')).toHaveText(params!);
});

/** Writes a value under the autosave's key in IndexedDB (the store idb-keyval made: database "neurounify", object store "sessions"). */
async function poisonAutosave(page: Page, value: unknown) {
  await page.evaluate(
    (v) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('neurounify');
        open.onupgradeneeded = () => open.result.createObjectStore('sessions');
        open.onsuccess = () => {
          const tx = open.result.transaction('sessions', 'readwrite');
          tx.objectStore('sessions').put(v, 'current');
          tx.oncomplete = () => {
            open.result.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      }),
    value,
  );
}

for (const [name, poison] of [
  ['garbage', { version: 1, steps: 'nonsense' }],
  ['steps that cannot be replayed', { version: 1, model: { kind: 'bundled' }, method: 'ls', steps: [[1, 0, 5000, -1]], cursor: 1, view: { layer: 0, threshold: 0.6, normalization: 'neuron' } }],
] as const) {
  test(`a poisoned autosave (${name}) cannot stop the start`, async ({ page }) => {
    await ready(page);
    await poisonAutosave(page, poison);
    await page.reload();
    await expect(page.getByTestId('step')).toBeEnabled();
    await expect(page.getByTestId('compaction-params')).toHaveText('266,610');
    await page.getByTestId('step').click();
    await expect(page.getByTestId('timeline')).toHaveValue('1');
    if (name === 'garbage') {
      const notice = page.getByTestId('notice-warning').filter({ hasText: 'could not be restored' });
      await expect(notice).toBeVisible();
      const [d] = await Promise.all([page.waitForEvent('download'), notice.getByRole('button', { name: 'Download the saved work' }).click()]);
      expect(d.suggestedFilename()).toMatch(/unrestorable/);
    }
  });
}

/** Waits until training is in its second epoch or later and still running (an epoch can take under a second: every frame is watched). */
async function inSecondEpochOrLater(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const p = document.querySelector('[data-testid="progress"]');
      return p?.getAttribute('data-status') === 'running' && Number(p.getAttribute('data-epoch')) >= 2;
    },
    null,
    { polling: 'raf', timeout: 60_000 },
  );
}

test('a lost WebGL context during training pauses it, moves to wasm, and Resume finishes the run', async ({ page }) => {
  await page.goto('./?backend=webgl&hidden=32&epochs=3&batch=64');
  await expect(page.getByTestId('backend-name')).toHaveText('webgl');
  await expect(page.getByTestId('step')).toBeEnabled();
  await page.getByTestId('train').click();
  // After the first epoch there is a checkpoint to resume from.
  await inSecondEpochOrLater(page);
  expect(await page.evaluate(() => (window as unknown as { neurounify: { loseWebglContext(): boolean } }).neurounify.loseWebglContext())).toBe(true);
  const notice = page.getByTestId('notice-warning').filter({ hasText: 'Training paused' });
  await expect(notice).toContainText('moved to wasm', { timeout: 30_000 });
  await expect(page.getByTestId('backend-name')).toHaveText('wasm');
  await expect(page.getByTestId('progress')).toHaveAttribute('data-status', 'paused');
  await expect(page.getByTestId('resumable')).toBeVisible();
  await page.getByTestId('train').click();
  await expect(page.getByTestId('progress')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(page.getByTestId('step')).toBeEnabled();
  await page.getByTestId('step').click();
  await expect(page.getByTestId('timeline')).toHaveValue('1');
});

test('a reload during training offers to resume from the last finished epoch', async ({ page }) => {
  await page.goto('./?hidden=32&epochs=5&batch=64');
  await expect(page.getByTestId('step')).toBeEnabled();
  await page.getByTestId('train').click();
  await inSecondEpochOrLater(page);
  await page.waitForTimeout(300); // the epoch-end checkpoint is written as the next epoch starts
  await page.reload();
  await expect(page.getByTestId('step')).toBeEnabled();
  const notice = page.getByTestId('notice-info').filter({ hasText: 'interrupted by a reload' });
  await expect(notice).toBeVisible();
  await notice.getByRole('button', { name: /Resume training from epoch/ }).click();
  await expect(page.getByTestId('progress')).toHaveAttribute('data-status', 'done', { timeout: 120_000 });
  await expect(page.locator('[data-testid="accuracy-chart"] path.series[data-series="test"]')).toHaveAttribute('data-points', '5');
  await expect(page.getByTestId('step')).toBeEnabled();
});

test('a link that would train for hours asks first, shows the estimate, and can be declined', async ({ page }) => {
  const hash = encodeLinkState({ ...DEFAULT_LINK_STATE, model: { kind: 'trained', hidden: [1024, 1024, 1024, 1024], activation: 'relu', learningRate: 0.001, batchSize: 1, epochs: 200, seed: 1 } });
  await page.goto(`./#${hash}`);
  const dialog = page.getByTestId('link-cost-dialog');
  await expect(dialog).toBeVisible({ timeout: 60_000 });
  await expect(dialog).toContainText(/takes about \d+ (h|days)/);
  await expect(page.getByTestId('progress')).toHaveAttribute('data-status', 'idle');
  // Meanwhile the app works on its own state.
  await expect(page.getByTestId('step')).toBeEnabled();
  await page.getByTestId('link-cost-cancel').click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('progress')).toHaveAttribute('data-status', 'idle');
  await expect(page.getByTestId('compaction-params')).toHaveText('266,610');
});
