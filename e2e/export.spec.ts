import { readFileSync } from 'node:fs';
import { unzipSync, strFromU8 } from 'fflate';
import type { Page } from '@playwright/test';
import { parseModelJson, readLayersModel } from '../src/core/io/read-layers-model';
import { expect, test } from './fixtures';

async function download(page: Page, testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const path = await d.path();
  return { name: d.suggestedFilename(), bytes: readFileSync(path!) };
}

test('exports the compacted model, the steps and the charts in standard formats', async ({ page }) => {
  await page.goto('./');
  await expect(page.getByTestId('step')).toBeEnabled();
  await page.getByTestId('method').selectOption('pair');
  await page.getByTestId('step-10').click();
  await expect(page.getByTestId('timeline')).toHaveValue('10');
  const params = Number((await page.getByTestId('compaction-params').textContent())!.replace(/,/g, ''));

  const model = await download(page, 'export-model');
  expect(model.name).toMatch(/\.zip$/);
  const files = unzipSync(new Uint8Array(model.bytes));
  const json = parseModelJson(strFromU8(files['model.json']));
  const { mlp, meta } = readLayersModel(json, new Map([['model.weights.bin', files['model.weights.bin']]]));
  const widths = [mlp.layers[0].inSize, ...mlp.layers.map((l) => l.outSize)];
  const count = widths.slice(1).reduce((a, w, i) => a + widths[i] * w + w, 0);
  expect(count).toBe(params);
  expect(meta.neuronIds?.map((ids) => ids.length)).toEqual(widths.slice(1, -1));
  expect(JSON.parse(strFromU8(files['merges.json'])).records).toHaveLength(10);

  const csv = await download(page, 'export-steps-csv');
  const lines = csv.bytes.toString('utf8').trim().split(/\r?\n/);
  expect(lines[0]).toMatch(/^step,method,layer,removed_id,heirs/);
  expect(lines).toHaveLength(11);
  const stepsJson = JSON.parse((await download(page, 'export-steps-json')).bytes.toString('utf8'));
  expect(stepsJson.steps).toHaveLength(10);

  const svg = (await download(page, 'export-chart-svg')).bytes.toString('utf8');
  expect(svg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  expect(svg).toContain('data-series="your steps"');
  const png = (await download(page, 'export-chart-png')).bytes;
  expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
  const heat = (await download(page, 'export-heatmap-png')).bytes;
  expect(heat.subarray(1, 4).toString('latin1')).toBe('PNG');
});
