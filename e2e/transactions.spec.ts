/**
 * Every import is a transaction: a refused file leaves the whole store as it
 * was (model, steps, method, view, threshold), compared through the app's
 * read-only snapshot hook, not only the figures on screen.
 */
import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { expect, test } from './fixtures';

type Payload = { name: string; mimeType: string; buffer: Buffer };
const file = (name: string, bytes: Uint8Array | string): Payload => ({
  name,
  mimeType: 'application/octet-stream',
  buffer: Buffer.from(typeof bytes === 'string' ? strToU8(bytes) : bytes),
});

const snapshot = (page: Page) => page.evaluate(() => (window as unknown as { neurounify: { snapshot(): unknown } }).neurounify.snapshot());

async function download(page: Page, testId: string): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return readFileSync((await d.path())!);
}

async function refusedAndUnchanged(page: Page, files: Payload[], message: RegExp) {
  const before = await snapshot(page);
  await page.getByTestId('import-files').setInputFiles(files);
  const notice = page.getByTestId('notice-error').last();
  await expect(notice).toContainText('Import refused, nothing changed');
  await expect(notice).toContainText(message);
  // Give anything that might still change the store a moment, then compare all of it.
  await page.waitForTimeout(300);
  expect(await snapshot(page)).toEqual(before);
  await notice.getByRole('button', { name: 'Dismiss' }).click();
}

test('a refused model, data set or session file changes nothing at all', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('step')).toBeEnabled();
  await page.getByTestId('method').selectOption('pair');
  await page.getByTestId('step-10').click();
  await expect(page.getByTestId('timeline')).toHaveValue('10');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('timeline')).toHaveValue('9');
  const zip = unzipSync(new Uint8Array(await download(page, 'export-model')));
  const modelJson = JSON.parse(strFromU8(zip['model.json']));
  const weights = zip['model.weights.bin'];
  const session = JSON.parse(strFromU8(await download(page, 'export-session')));

  // Models: repeated neuron ids; ids too large for links; a huge weight.
  const repeated = structuredClone(modelJson);
  repeated.userDefinedMetadata.neurounify.neuronIds[0][1] = repeated.userDefinedMetadata.neurounify.neuronIds[0][0];
  await refusedAndUnchanged(page, [file('model.json', JSON.stringify(repeated)), file('model.weights.bin', weights)], /repeat an id/);
  const large = structuredClone(modelJson);
  large.userDefinedMetadata.neurounify.neuronIds[1][0] = 1 << 20;
  await refusedAndUnchanged(page, [file('model.json', JSON.stringify(large)), file('model.weights.bin', weights)], /too large/);
  const huge = weights.slice();
  new Float32Array(huge.buffer, 0, 8)[2] = 3e38;
  await refusedAndUnchanged(page, [file('model.json', zip['model.json']), file('model.weights.bin', huge)], /beyond the/);

  // A data set that is cut short.
  await refusedAndUnchanged(page, [file('x-images-idx3-ubyte', Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 9, 0, 0, 0, 28, 0, 0, 0, 28, 1, 2, 3]))], /IDX/);

  // A session whose steps do not fit, with another method and view: neither is applied.
  const bad = structuredClone(session);
  bad.method = 'magnitude';
  bad.view = { ...bad.view, layer: 1, threshold: 0.9, normalization: 'layer' };
  // Neuron 5000 passes the file's own checks (ids below 2^20) but hidden layer 2 has no such neuron: the replay refuses it.
  bad.steps.push([1, 1, 5000, -1]);
  bad.cursor = bad.steps.length;
  await refusedAndUnchanged(page, [file('bad-session.json', JSON.stringify(bad))], /do not fit/);
  const twice = structuredClone(bad);
  twice.steps.splice(-1, 1, [1, 1, 99, -1], [1, 1, 99, -1]);
  twice.cursor = twice.steps.length;
  await refusedAndUnchanged(page, [file('twice-session.json', JSON.stringify(twice))], /already removed/);
  // A session saved with another model.
  const other = structuredClone(session);
  other.modelFingerprint = '0123456789abcdef';
  await refusedAndUnchanged(page, [file('other-session.json', JSON.stringify(other))], /another model|fingerprint/);
});
