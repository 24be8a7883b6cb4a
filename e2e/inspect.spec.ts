/**
 * The neuron inspector and the candidate-merge list, by keyboard alone:
 * Tab into the network view, move with the arrows, Enter selects and the
 * inspector fills; Tab into the pair list, a row previews on focus and Enter
 * applies it (the row is taken from what the list shows). Also the page's
 * shortcuts next to controls that keep their own keys.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

interface Record {
  method: string;
  layer: number;
  removedId: number;
  heirs: { id: number; coef: number }[];
}
interface Snapshot {
  explorer: { selected: { layer: number; id: number } | null; pairPreview: { removedId: number; heirId: number } | null };
  compaction: { cursor: number; records: Record[] };
}
const snapshot = (page: Page) => page.evaluate(() => (window as unknown as { neurounify: { snapshot(): Snapshot } }).neurounify.snapshot());

async function ready(page: Page) {
  await page.goto('./');
  await expect(page.getByTestId('compaction-params')).not.toHaveText('—');
  await expect(page.getByTestId('step')).toBeEnabled();
}

/** What has the focus: its tag, test id, neuron attributes and option text. */
const focused = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement!;
    return {
      tag: el.tagName.toLowerCase(),
      cls: el.getAttribute('class'),
      testid: el.getAttribute('data-testid'),
      layer: el.getAttribute('data-layer'),
      id: el.getAttribute('data-id'),
      role: el.getAttribute('role'),
      inPairList: Boolean(el.closest('[data-testid="pair-list"]')),
      removed: el.getAttribute('data-removed'),
      heir: el.getAttribute('data-heir'),
      kind: el.getAttribute('data-kind'),
    };
  });

/** Presses Tab until `where` holds for the focused element (at most `max` times); returns how many presses it took. */
async function tabUntil(page: Page, where: (f: Awaited<ReturnType<typeof focused>>) => boolean, max = 80): Promise<number> {
  for (let n = 1; n <= max; n++) {
    await page.keyboard.press('Tab');
    if (where(await focused(page))) return n;
  }
  throw new Error(`Tab did not reach the element in ${max} presses`);
}

const isNeuron = (f: Awaited<ReturnType<typeof focused>>) => f.tag === 'circle' && (f.cls ?? '').includes('nv-neuron');

test('select a neuron with the keyboard alone: Tab into the network view, arrows, Enter; the inspector fills; Escape clears', async ({ page }) => {
  await ready(page);
  await expect(page.getByTestId('inspector-empty')).toBeVisible();
  await tabUntil(page, isNeuron);
  const first = await focused(page);
  // One tab stop for the whole view: the first neuron of the first hidden layer.
  expect(first.layer).toBe('0');
  await expect(page.locator('[data-testid="network-view"] circle.nv-neuron[tabindex="0"]')).toHaveCount(1);
  // The arrows move inside the view (they do not step): down twice, then a column to the right.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowRight');
  const at = await focused(page);
  expect(isNeuron(at)).toBe(true);
  expect(at.id).not.toBe(first.id);
  await expect(page.getByTestId('timeline')).toHaveValue('0');
  await page.keyboard.press('Enter');
  const id = Number(at.id);
  await expect.poll(async () => (await snapshot(page)).explorer.selected).toEqual({ layer: Number(at.layer), id });
  const inspector = page.getByTestId('neuron-inspector');
  await expect(inspector).toHaveAttribute('data-id', String(id));
  await expect(page.getByTestId('inspector-summary')).toContainText(`#${id}, hidden layer ${Number(at.layer) + 1}`);
  // It filled: its code, bars for the ten digits, its weights, its look-alikes, what unification would do.
  await expect(page.getByTestId('inspector-code')).toBeVisible();
  await expect(inspector.locator('rect.db-bar')).toHaveCount(10);
  await expect(page.getByTestId('weight-image')).toBeVisible();
  await expect(page.getByTestId('inspector-outgoing').locator('tbody tr')).toHaveCount(6);
  await expect(page.getByTestId('inspector-similar').locator('tbody tr')).toHaveCount(6);
  await expect(page.getByTestId('inspector-removal')).toContainText('Least squares');
  await expect(page.getByTestId('inspector-removal')).toContainText('Pairwise');
  // The numbers behind the bars, on request.
  await page.getByTestId('inspector-show-data').click();
  await expect(inspector.locator('table.data-table').first().locator('tbody tr')).toHaveCount(10);
  // Tab leaves the view in one press.
  await page.locator(`[data-testid="network-view"] circle.nv-neuron[data-layer="${at.layer}"][data-id="${id}"]`).focus();
  await page.keyboard.press('Tab');
  expect(isNeuron(await focused(page))).toBe(false);
  // Escape lets go of the selection.
  await page.keyboard.press('Escape');
  await expect.poll(async () => (await snapshot(page)).explorer.selected).toBeNull();
  await expect(page.getByTestId('inspector-empty')).toBeVisible();
});

test('"unify into…" from the inspector previews the pair; the preview swaps its direction and applies', async ({ page }) => {
  await ready(page);
  await page.locator('[data-testid="network-view"] circle.nv-neuron[data-layer="1"][data-alive="true"]').nth(3).dispatchEvent('click');
  const id = (await snapshot(page)).explorer.selected!.id;
  const partner = Number(await page.getByTestId('inspector-partner').inputValue());
  await page.getByTestId('inspector-unify-into').click();
  const card = page.getByTestId('inspector-pair-preview');
  await expect(card).toContainText(`Unify #${id} into #${partner}`);
  await card.getByTestId('inspector-pair-preview-swap').click();
  await expect(card).toContainText(`Unify #${partner} into #${id}`);
  await page.getByTestId('inspector-apply-pair').click();
  await expect(page.getByTestId('timeline')).toHaveValue('1');
  const r = (await snapshot(page)).compaction.records[0];
  expect([r.method, r.layer, r.removedId, r.heirs.map((h) => h.id)]).toEqual(['pair', 1, partner, [id]]);
  // The neuron is now an heir: its history says so, with the coefficient it received.
  await expect(page.getByTestId('inspector-history')).toContainText(`#${partner}`);
});

test('apply merges from the pair list with Enter: the row focused previews, Enter applies it and the timeline advances', async ({ page }) => {
  await ready(page);
  await tabUntil(page, (f) => f.inPairList && f.role === 'option');
  const row0 = await focused(page);
  // Focus previews the row's merge.
  await expect.poll(async () => (await snapshot(page)).explorer.pairPreview?.removedId).toBe(Number(row0.removed));
  // The second row, as the list shows it.
  await page.keyboard.press('ArrowDown');
  const row = await focused(page);
  expect(row.role).toBe('option');
  expect(row.removed).not.toBe(row0.removed);
  await expect.poll(async () => (await snapshot(page)).explorer.pairPreview?.removedId).toBe(Number(row.removed));
  await expect(page.getByTestId('timeline')).toHaveValue('0');
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('timeline')).toHaveValue('1');
  const rec = (await snapshot(page)).compaction.records[0];
  expect(rec.removedId).toBe(Number(row.removed));
  expect(rec.method).toBe(row.kind === 'ls' ? 'ls' : 'pair');
  // The focus stays in the list, on the row now in that place.
  await expect.poll(async () => (await focused(page)).inPairList).toBe(true);

  // The most correlated pairs: a pairwise unification of the pair shown, in the direction shown.
  await page.getByTestId('pairs-correlated').click();
  const pairRow = page.locator('[data-testid="pair-list"] [role="option"]').first();
  await expect(pairRow).toHaveAttribute('data-kind', 'pair');
  await pairRow.focus();
  const picked = await focused(page);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('timeline')).toHaveValue('2');
  const rec2 = (await snapshot(page)).compaction.records[1];
  expect([rec2.method, rec2.removedId, rec2.heirs.map((h) => h.id)]).toEqual(['pair', Number(picked.removed), [Number(picked.heir)]]);
});

test('the code heatmap’s rows are reachable: arrows move between neurons, Enter selects one', async ({ page }) => {
  await ready(page);
  const heatmap = page.getByTestId('code-heatmap');
  await heatmap.scrollIntoViewIfNeeded();
  await expect(heatmap).toHaveAttribute('data-rows', /\d+/);
  await tabUntil(page, (f) => f.testid === 'code-heatmap');
  const option = heatmap.locator('[role="option"]');
  const firstText = await option.textContent();
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(option).not.toHaveText(firstText!);
  await expect(option).toHaveAttribute('aria-posinset', '3');
  const id = Number((await option.textContent())!.match(/^#(\d+)/)![1]);
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await snapshot(page)).explorer.selected).toEqual({ layer: 0, id });
  await expect(page.getByTestId('timeline')).toHaveValue('0');
});

test('the page’s shortcuts leave controls their keys: Space on a focused button plays; a method chosen with the mouse lets → step', async ({ page }) => {
  await ready(page);
  // After clicking Step, Space plays (it does not press Step again).
  await page.getByTestId('step').click();
  await expect(page.getByTestId('timeline')).toHaveValue('1');
  await expect(page.getByTestId('step')).toBeFocused();
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('play')).toHaveAttribute('aria-pressed', 'false');
  // A step already under way when play stopped may still land: read the cursor once it has settled.
  let cursor = -1;
  await expect
    .poll(async () => {
      const before = cursor;
      cursor = (await snapshot(page)).compaction.cursor;
      return cursor === before;
    }, { intervals: [300] })
    .toBe(true);

  // A select keeps its keys while it has the focus.
  const method = page.getByTestId('method');
  await method.focus();
  await page.keyboard.press('ArrowRight');
  expect((await snapshot(page)).compaction.cursor).toBe(cursor);

  // Chosen with the pointer, the method is set and the select gives the keyboard back: → steps.
  await method.dispatchEvent('pointerdown');
  await method.selectOption('pair');
  await expect(method).not.toBeFocused();
  await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await snapshot(page)).compaction.cursor).toBe(cursor + 1);
  await expect(method).toHaveValue('pair');
  expect((await snapshot(page)).compaction.records.at(-1)!.method).toBe('pair');
});
