import { readFileSync } from 'node:fs';
import type { Page } from '@playwright/test';
import { gzipSync, strFromU8, strToU8, unzipSync } from 'fflate';
import { encodeIdxImages, encodeIdxLabels } from '../src/core/io/idx';
import { loadEmbeddedDataset } from '../src/node/load-embedded';
import { expect, test } from './fixtures';

type Payload = { name: string; mimeType: string; buffer: Buffer };
const file = (name: string, bytes: Uint8Array | string): Payload => ({
  name,
  mimeType: 'application/octet-stream',
  buffer: Buffer.from(typeof bytes === 'string' ? strToU8(bytes) : bytes),
});

const digits = loadEmbeddedDataset();
function idxPair(count: number, start = 0): { images: Uint8Array; labels: Uint8Array } {
  // Every 10th digit, so all classes appear.
  const idx = Array.from({ length: count }, (_, k) => (start + k * 10) % digits.count);
  const pixels = new Uint8Array(count * 784);
  idx.forEach((i, k) => pixels.set(digits.pixels.subarray(i * 784, (i + 1) * 784), k * 784));
  const labels = Uint8Array.from(idx, (i) => digits.labels[i]);
  return { images: encodeIdxImages({ count, rows: 28, cols: 28, pixels }), labels: encodeIdxLabels(labels) };
}

async function ready(page: Page) {
  await page.goto('./');
  await expect(page.getByTestId('step')).toBeEnabled();
}

async function download(page: Page, testId: string): Promise<Buffer> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return readFileSync((await d.path())!);
}

async function importExpectRefused(page: Page, files: Payload[], message: RegExp) {
  const params = await page.getByTestId('compaction-params').textContent();
  const accuracy = await page.getByTestId('compaction-accuracy').textContent();
  const step = await page.getByTestId('timeline').inputValue();
  await page.getByTestId('import-files').setInputFiles(files);
  const notice = page.getByTestId('notice-error').last();
  await expect(notice).toContainText('Import refused, nothing changed');
  await expect(notice).toContainText(message);
  await expect(page.getByTestId('compaction-params')).toHaveText(params!);
  await expect(page.getByTestId('compaction-accuracy')).toHaveText(accuracy!);
  await expect(page.getByTestId('timeline')).toHaveValue(step);
  await notice.getByRole('button', { name: 'Dismiss' }).click();
}

test('imports generated IDX files, gzipped, for training, probing and testing', async ({ page }) => {
  await ready(page);
  const { images, labels } = idxPair(600);
  await page.getByTestId('import-files').setInputFiles([file('digits-labels-idx1-ubyte.gz', gzipSync(labels)), file('digits-images-idx3-ubyte.gz', gzipSync(images))]);
  await expect(page.getByTestId('notice-info').last()).toContainText('Using 480 training and 120 test images');
  await expect(page.locator('.app-footer')).toContainText('480 for training, 120 held out');
  await expect(page.getByTestId('step')).toBeEnabled();
  await page.getByTestId('step').click();
  await expect(page.getByTestId('timeline')).toHaveValue('1');
});

test('imports an exported model and a session file back', async ({ page }) => {
  await ready(page);
  await page.getByTestId('method').selectOption('pair');
  await page.getByTestId('step-10').click();
  await expect(page.getByTestId('timeline')).toHaveValue('10');
  const zip = unzipSync(new Uint8Array(await download(page, 'export-model')));
  const params = await page.getByTestId('compaction-params').textContent();
  const session = await download(page, 'export-session');
  // A session file names its model: it imports back onto the same model.
  await page.getByTestId('new-session').click();
  await expect(page.getByTestId('timeline')).toHaveValue('0');
  await page.getByTestId('import-files').setInputFiles([file('session.json', session)]);
  await expect(page.getByTestId('timeline')).toHaveValue('10');
  await expect(page.getByTestId('compaction-params')).toHaveText(params!);
  // The compacted model is a model of its own.
  await page.getByTestId('import-files').setInputFiles([file('model.json', zip['model.json']), file('model.weights.bin', zip['model.weights.bin'])]);
  await expect(page.getByTestId('notice-info').last()).toContainText('Imported a 784-');
  await expect(page.getByTestId('compaction-params')).toHaveText(params!);
  await expect(page.getByTestId('timeline')).toHaveValue('0');
  // And that session file belongs to another model now.
  await importExpectRefused(page, [file('session.json', session)], /another model/);
});

test('bad input is refused with a clear message and nothing changes', async ({ page }) => {
  await ready(page);
  await page.getByTestId('step-10').click();
  await expect(page.getByTestId('timeline')).toHaveValue('10');
  const { images, labels } = idxPair(50);
  const zip = unzipSync(new Uint8Array(await download(page, 'export-model')));
  const modelJson = JSON.parse(strFromU8(zip['model.json']));
  const weights = zip['model.weights.bin'];

  await importExpectRefused(page, [file('a-images.idx', images.slice(0, images.length - 100)), file('a-labels.idx', labels)], /truncated/);
  const badMagic = images.slice();
  badMagic[2] = 0x0d;
  await importExpectRefused(page, [file('b-images.idx', badMagic), file('b-labels.idx', labels)], /not an IDX/);
  await importExpectRefused(page, [file('c-images.idx', images), file('c-labels.idx', idxPair(49).labels)], /50 images but .* 49 labels/);
  const huge = images.slice(0, 16);
  new DataView(huge.buffer).setUint32(4, 1_000_000_000);
  await importExpectRefused(page, [file('d-images.idx', huge), file('d-labels.idx', labels)], /over the cap/);
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  await importExpectRefused(page, [file('train-images-idx3-ubyte.gz', png)], /is not an IDX data file/);

  const conv = structuredClone(modelJson);
  conv.modelTopology.config.layers[1].class_name = 'Conv2D';
  await importExpectRefused(page, [file('model.json', JSON.stringify(conv)), file('model.weights.bin', weights)], /unsupported layer "Conv2D"/);
  const nan = weights.slice();
  new Float32Array(nan.buffer, 0, 8)[5] = NaN;
  await importExpectRefused(page, [file('model.json', zip['model.json']), file('model.weights.bin', nan)], /NaN or infinite/);
  const shape = structuredClone(modelJson);
  const w0 = shape.weightsManifest[0].weights[0];
  w0.shape = [w0.shape[1], w0.shape[0]];
  await importExpectRefused(page, [file('model.json', JSON.stringify(shape)), file('model.weights.bin', weights)], /has shape/);
  await importExpectRefused(page, [file('model.json', zip['model.json'])], /needs the weight file/);
  await importExpectRefused(page, [file('notes.json', '{"hello": 1}')], /neither a TensorFlow.js model.json nor a NeuroUnify session file/);
  await importExpectRefused(page, [file('session.json', '{"format": "neurounify-session", "version": 1}')], /./);
  // A model whose input does not fit the data: 100 inputs.
  const small = structuredClone(modelJson);
  small.modelTopology.config.layers[0].config.batch_input_shape = [null, 100];
  small.weightsManifest[0].weights[0].shape = [100, small.weightsManifest[0].weights[0].shape[1]];
  const cut = new Uint8Array(weights.length - (784 - 100) * small.weightsManifest[0].weights[0].shape[1] * 4);
  cut.set(weights.subarray(0, 100 * small.weightsManifest[0].weights[0].shape[1] * 4));
  cut.set(weights.subarray(784 * small.weightsManifest[0].weights[0].shape[1] * 4), 100 * small.weightsManifest[0].weights[0].shape[1] * 4);
  await importExpectRefused(page, [file('model.json', JSON.stringify(small)), file('model.weights.bin', cut)], /takes 100 inputs but the data has 784/);
});
