import type { Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';

async function ready(page: Page) {
  await page.goto('./');
  await expect(page.getByTestId('compaction-params')).toHaveText('266,610');
  await expect(page.getByTestId('step')).toBeEnabled();
}

async function download(page: Page, testId: string): Promise<{ name: string; text: string }> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  return { name: d.suggestedFilename(), text: readFileSync((await d.path())!, 'utf8') };
}

test('a step that breaks a digit changes the confusion matrix and the per-digit chart; a broken digit lights the network view', async ({ page }) => {
  await ready(page);
  const matrix = page.getByTestId('confusion-matrix');
  const perDigit = page.getByTestId('class-accuracy');
  const gallery = page.getByTestId('broken-digits');
  await perDigit.scrollIntoViewIfNeeded();
  await expect(matrix).toHaveAttribute('data-changed', '0');
  await expect(perDigit).toHaveAttribute('data-changed', '0');
  await expect(gallery).toHaveAttribute('data-count', '0');

  // Step until the engine reports a broken digit (which step does it is the engine's business).
  await page.getByTestId('method').selectOption('magnitude');
  let steps = 0;
  while ((await gallery.getAttribute('data-count')) === '0') {
    expect(steps, 'some step breaks a digit').toBeLessThan(80);
    await page.getByTestId('step').click();
    steps++;
    await expect(page.getByTestId('timeline')).toHaveValue(String(steps));
  }
  const broken = Number(await gallery.getAttribute('data-count'));
  expect(broken).toBeGreaterThan(0);
  expect(Number(await matrix.getAttribute('data-changed'))).toBeGreaterThan(0);
  // The difference matrix shows the same change; the compacted matrix differs from the original's in those cells.
  const diff = matrix.locator('svg[data-kind="difference"]');
  await expect(diff).not.toHaveAttribute('data-nonzero', '0');
  await expect(perDigit).not.toHaveAttribute('data-changed', '0');
  const digits = await perDigit.locator('g.ca-digit').evaluateAll((gs) => gs.map((g) => [g.getAttribute('data-original'), g.getAttribute('data-now')]));
  expect(digits).toHaveLength(10);
  expect(digits.some(([o, n]) => o !== n)).toBe(true);
  // Along the session: every step so far, and the accuracy just before this step.
  await expect(perDigit.locator('path.ca-trail[data-digit="0"]')).toHaveAttribute('data-points', String(steps + 1));
  await expect(perDigit.locator('g.ca-digit[data-digit="0"]')).toHaveAttribute('data-before', /^\d+\.\d$/);

  // Clicking a broken digit lights every neuron of the network view, removed ones as ghosts.
  const thumbs = gallery.locator('button.digit-thumb');
  await expect(thumbs).toHaveCount(Math.min(broken, 40));
  const index = await thumbs.first().getAttribute('data-index');
  await thumbs.first().click();
  const net = page.getByTestId('network-view');
  await net.scrollIntoViewIfNeeded();
  await expect(net).toHaveAttribute('data-lit', 'true');
  await expect(net.locator('circle.nv-act')).toHaveCount(400);
  await expect(net.locator('circle.nv-act[data-alive="false"]')).toHaveCount(steps);
  await expect(page.getByTestId('network-lit')).toContainText(`test digit #${index}`);
  await expect(page.getByTestId('draw-prediction')).toHaveAttribute('data-state', 'shown');
  // The compacted network gets it wrong: its answer is not the true digit.
  const label = await thumbs.first().getAttribute('aria-label');
  const [, truth, now] = label!.match(/a (\d), read as (\d)/)!;
  await expect(page.getByTestId('draw-prediction')).toHaveAttribute('data-current', now);
  expect(now).not.toBe(truth);
});

test('the gallery of broken digits works from the keyboard: one tab stop, arrows move, Enter lights the digit', async ({ page }) => {
  await ready(page);
  await page.getByTestId('method').selectOption('random');
  await page.getByTestId('step-10').click();
  await page.getByTestId('step-10').click();
  await expect(page.getByTestId('timeline')).toHaveValue('20');
  const gallery = page.getByTestId('broken-digits');
  await expect(gallery).not.toHaveAttribute('data-count', '0');
  const thumbs = gallery.locator('button.digit-thumb');
  expect(await thumbs.count()).toBeGreaterThan(1);
  // Only the first is in the tab order.
  expect(await thumbs.evaluateAll((bs) => bs.filter((b) => b.getAttribute('tabindex') === '0').length)).toBe(1);
  await thumbs.first().focus();
  await page.keyboard.press('ArrowRight');
  await expect(thumbs.nth(1)).toBeFocused();
  const index = await thumbs.nth(1).getAttribute('data-index');
  await page.keyboard.press('Enter');
  await expect(thumbs.nth(1)).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('network-lit')).toContainText(`test digit #${index}`);
  await expect(page.getByTestId('network-view')).toHaveAttribute('data-lit', 'true');
});

test("the empty compaction chart's axis counts parameters (never '500m')", async ({ page }) => {
  // Hold the model back so the chart stays empty for a while.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  await page.route('**/models/**', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('./');
  const ticks = page.locator('[data-testid="compaction-chart"] g.x-axis .tick text');
  await expect(ticks.first()).toBeAttached();
  const empty = await ticks.allTextContents();
  expect(empty.length).toBeGreaterThan(0);
  for (const t of empty) expect(t).toMatch(/^\d+(\.\d+)?[kM]?$/);
  release();
  await expect(page.getByTestId('step')).toBeEnabled({ timeout: 60_000 });
  await expect.poll(async () => (await ticks.allTextContents()).join(' ')).toMatch(/100k/);
  for (const t of await ticks.allTextContents()) expect(t).toMatch(/^\d+(\.\d+)?[kM]?$/);
});

test('ticking all seven comparison boxes quickly draws all seven curves; the legend fits; the curves export as CSV and JSON', async ({ page }) => {
  test.setTimeout(300_000);
  await ready(page);
  await page.getByTestId('method').selectOption('pair');
  await page.getByTestId('step-10').click();
  await expect(page.getByTestId('timeline')).toHaveValue('10');
  const methods = ['pair', 'ls', 'random', 'magnitude', 'apoz', 'srinivas', 'merging'];
  // All seven at once: none is disabled while another computes; each says whether it waits or computes.
  for (const m of methods) {
    await expect(page.getByTestId(`baseline-${m}`)).toBeEnabled();
    await page.getByTestId(`baseline-${m}`).click();
  }
  for (const m of methods) await expect(page.getByTestId(`baseline-${m}`)).toBeChecked();
  await expect(page.locator('.baselines label[data-state="queued"]').first()).toContainText('(queued)');
  const chart = page.getByTestId('compaction-chart');
  const curves = chart.locator('path.series');
  await expect(curves).toHaveCount(7 + 2, { timeout: 240_000 }); // seven runs, your steps, now
  await expect(page.locator('.baselines label[data-state="shown"]')).toHaveCount(7);

  // "your steps" has its own colour and mark, not any comparison run's.
  const strokes = await curves.evaluateAll((ps) => ps.map((p) => [p.getAttribute('data-series'), p.getAttribute('stroke')]));
  const mine = strokes.find(([n]) => n === 'your steps')![1];
  const others = strokes.filter(([n]) => n !== 'your steps' && n !== 'now').map(([, c]) => c);
  expect(others).toHaveLength(7);
  expect(others).not.toContain(mine);
  await expect(chart.locator('g.marks-square[data-series="your steps"] rect')).toHaveCount(11);

  // Every legend name lies whole inside the chart, at a desktop and at a phone width.
  const legendFits = () =>
    chart.evaluate((svg) => {
      const box = svg.getBoundingClientRect();
      return Array.from(svg.querySelectorAll('g.legend text')).map((t) => {
        const r = t.getBoundingClientRect();
        return { name: t.textContent, inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 };
      });
    });
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await chart.scrollIntoViewIfNeeded();
    await expect.poll(async () => (await legendFits()).filter((e) => !e.inside)).toEqual([]);
    expect(await legendFits()).toHaveLength(9);
  }

  // The export holds every curve with as many points as drawn.
  const drawn = Object.fromEntries(await curves.evaluateAll((ps) => ps.map((p) => [p.getAttribute('data-series'), Number(p.getAttribute('data-points'))])));
  const csv = await download(page, 'export-curves-csv');
  expect(csv.name).toMatch(/^neurounify-curves-.*\.csv$/);
  const rows = csv.text.trim().split('\n');
  expect(rows[0]).toBe('series,kind,method,point,params,test_accuracy');
  const perSeries: Record<string, number> = {};
  for (const r of rows.slice(1)) {
    const name = r.split(',')[0];
    perSeries[name] = (perSeries[name] ?? 0) + 1;
    const [, , , , params, acc] = r.split(',');
    expect(Number.isInteger(Number(params))).toBe(true);
    expect(Number(acc)).toBeGreaterThanOrEqual(0);
    expect(Number(acc)).toBeLessThanOrEqual(1);
  }
  expect(Object.keys(perSeries)).toHaveLength(8);
  for (const [name, n] of Object.entries(perSeries)) expect(n, name).toBe(drawn[name]);

  const json = await download(page, 'export-curves-json');
  expect(json.name).toMatch(/^neurounify-curves-.*\.json$/);
  const doc = JSON.parse(json.text);
  expect(doc.curves).toHaveLength(8);
  for (const c of doc.curves) expect(c.points.length, c.name).toBe(drawn[c.name]);
  expect(doc.digits.count).toBe(2000);
  expect(doc.summary).toHaveLength(8);
  for (const s of doc.summary) {
    expect(s.testDigits).toBe(2000);
    expect(s.ci95[0]).toBeLessThanOrEqual(s.testAccuracy);
    expect(s.ci95[1]).toBeGreaterThanOrEqual(s.testAccuracy);
    expect(s.widths[0]).toBe(784);
    expect(s.widths[s.widths.length - 1]).toBe(10);
  }
  const mineSummary = doc.summary.find((s: { series: string }) => s.series === 'your steps');
  expect(mineSummary.params).toBe(Number((await page.getByTestId('compaction-params').textContent())!.replace(/,/g, '')));
});
