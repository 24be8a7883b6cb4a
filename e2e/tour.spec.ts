/**
 * The guided tour on the live model: Back and Next undo and redo its one step
 * (never adding one), the method is the same before and after, closing puts
 * the history back, Escape closes it and focus comes back, and the card stays
 * inside the viewport, beside its subject, at every stop on a phone and a laptop.
 */
import type { Page } from '@playwright/test';
import { DEFAULT_LINK_STATE, encodeLinkState } from '../src/core/share/link-state';
import { expect, test } from './fixtures';

async function ready(page: Page, url = './') {
  await page.goto(url);
  await expect(page.getByTestId('compaction-params')).not.toHaveText('—');
  await expect(page.getByTestId('step')).toBeEnabled();
}

interface Snapshot {
  compaction: { method: string; cursor: number; records: { method: string; removedId: number; heirs: { id: number; coef: number }[]; cost: number }[] };
}
const snapshot = (page: Page) => page.evaluate(() => (window as unknown as { neurounify: { snapshot(): unknown } }).neurounify.snapshot() as Snapshot);

test('Next, Back, Next leaves the timeline where the first Next put it; the tour shows a real hand-over and keeps the method', async ({ page }) => {
  await ready(page);
  const method = await page.getByTestId('method').inputValue();
  await page.getByTestId('start-tour').click();
  const tour = page.getByTestId('tour');
  const next = page.getByTestId('tour-next');
  const back = page.getByTestId('tour-back');
  await expect(tour).toContainText('A trained network');
  await expect(tour).toContainText('266,610 parameters');
  await expect(back).toBeDisabled();
  // Stops without a step: Next, Back, Next changes nothing.
  await next.click();
  await expect(tour).toContainText('Neuro-Coding');
  await back.click();
  await next.click();
  await expect(page.getByTestId('timeline')).toHaveValue('0');
  await next.click();
  await expect(tour).toContainText('Neurons that behave alike');
  // The sequence (Next ×3, Back, Next): the stop with the hand-over.
  await next.click();
  // The hand-over plays in the network view.
  await expect(page.getByTestId('network-view')).toHaveAttribute('data-animating', 'true');
  await expect(tour).toContainText('Neuro-Unification');
  await expect(page.getByTestId('timeline')).toHaveValue('1');
  const first = await snapshot(page);
  expect(first.compaction.records).toHaveLength(1);
  const demo = first.compaction.records[0];
  expect(demo.method).toBe('pair');
  expect(demo.heirs.some((h) => h.coef !== 0)).toBe(true);
  expect(demo.cost).toBeGreaterThan(0);
  await expect(tour).toContainText(`#${demo.removedId}`);
  await expect(tour).toContainText('next layer’s bias');
  await expect(page.getByTestId('method')).toHaveValue(method);
  await back.click();
  await expect(page.getByTestId('timeline')).toHaveValue('0');
  await next.click();
  await expect(page.getByTestId('timeline')).toHaveValue('1');
  const again = await snapshot(page);
  expect(again.compaction.records).toEqual(first.compaction.records);
  expect(again.compaction.cursor).toBe(1);
  await expect(tour).toContainText('Neuro-Unification');
  // To the end: Done closes the tour, the step is undone, the method is the one the user had.
  await next.click();
  await next.click();
  await expect(next).toHaveText('Done');
  await next.click();
  await expect(tour).toBeHidden();
  await expect(page.getByTestId('timeline')).toHaveValue('0');
  expect((await snapshot(page)).compaction.records).toHaveLength(0);
  await expect(page.getByTestId('method')).toHaveValue(method);
});

test('the tour is a labelled dialog: focus moves into it, Escape closes it and focus comes back', async ({ page }) => {
  await ready(page);
  const start = page.getByTestId('start-tour');
  await start.focus();
  await page.keyboard.press('Enter');
  const tour = page.getByTestId('tour');
  await expect(tour).toBeVisible();
  await expect(tour).toHaveAttribute('role', 'dialog');
  await expect(page.getByRole('dialog', { name: /A trained network/ })).toBeVisible();
  await expect(tour).toBeFocused();
  await page.getByTestId('tour-next').click();
  await expect(tour).toContainText('Neuro-Coding');
  await expect(tour).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(tour).toBeHidden();
  await expect(start).toBeFocused();
  // The close button closes it too.
  await start.click();
  await expect(tour).toBeVisible();
  await page.getByTestId('tour-close').click();
  await expect(tour).toBeHidden();
});

test('a link that hides the codes and the similarity graph: the tour skips their stops, and its words leave out what is hidden', async ({ page }) => {
  await ready(page, `./#${encodeLinkState({ ...DEFAULT_LINK_STATE, hide: ['codes', 'similarity', 'baselines'], tour: true })}`);
  const tour = page.getByTestId('tour');
  await expect(tour).toContainText('A trained network');
  await expect(tour).toContainText('1 / 4');
  await page.getByTestId('tour-next').click();
  await expect(tour).toContainText('Neuro-Unification');
  await expect(tour).toContainText('2 / 4');
  await expect(page.getByTestId('timeline')).toHaveValue('1');
  await page.getByTestId('tour-back').click();
  await expect(tour).toContainText('A trained network');
  await expect(page.getByTestId('timeline')).toHaveValue('0');
  await page.getByTestId('tour-next').click();
  await page.getByTestId('tour-next').click();
  await expect(tour).toContainText('Shrink, and keep accuracy');
  await expect(tour).not.toContainText('Tick a method');
});

/** The card's box and its subject's, once the card has settled. */
async function boxes(page: Page) {
  return page.evaluate(() => {
    const card = document.querySelector('[data-testid="tour"]') as HTMLElement;
    const subject = document.querySelector('.tour-subject');
    // What the user sees: the visual viewport (smaller than the layout viewport when a phone's page is wider than its screen).
    const vv = window.visualViewport!;
    const r = (e: Element) => {
      const b = e.getBoundingClientRect();
      return { left: b.left - vv.offsetLeft, top: b.top - vv.offsetTop, right: b.right - vv.offsetLeft, bottom: b.bottom - vv.offsetTop };
    };
    return { card: r(card), subject: subject ? r(subject) : null, vw: vv.width, vh: vv.height, hidden: card.style.visibility === 'hidden' };
  });
}

for (const [name, viewport, mobile] of [
  ['390x844 (a phone)', { width: 390, height: 844 }, true],
  ['1280x800', { width: 1280, height: 800 }, false],
] as const) {
  test.describe(`at ${name}`, () => {
    test.use({ viewport, isMobile: mobile, hasTouch: mobile });

    test('the tour card stays inside the viewport at every stop, beside its subject', async ({ page }) => {
      await ready(page);
      await page.getByTestId('start-tour').click();
      const tour = page.getByTestId('tour');
      await expect(tour).toBeVisible();
      for (let stop = 1; stop <= 6; stop++) {
        await expect(tour).toHaveAttribute('data-stop', String(stop));
        if (stop === 4) await expect(page.getByTestId('timeline')).toHaveValue('1');
        await expect
          .poll(async () => {
            const b = await boxes(page);
            return !b.hidden && b.card.left >= 0 && b.card.top >= 0 && b.card.right <= b.vw && b.card.bottom <= b.vh;
          }, { message: `stop ${stop}: card inside the viewport` })
          .toBe(true);
        const b = await boxes(page);
        expect(b.subject, `stop ${stop} has a subject on the page`).not.toBeNull();
        const s = b.subject!;
        if (!mobile) {
          const overlap = b.card.left < s.right && s.left < b.card.right && b.card.top < s.bottom && s.top < b.card.bottom;
          expect(overlap, `stop ${stop}: the card is beside its subject, not over it`).toBe(false);
        } else {
          // Docked at the bottom, the subject's top scrolled into view above it.
          expect(s.top).toBeGreaterThanOrEqual(0);
          expect(s.top).toBeLessThan(b.card.top);
        }
        await page.screenshot({ path: `test-results/tour-${viewport.width}-stop${stop}.png` });
        if (stop < 6) await page.getByTestId('tour-next').click();
      }
    });
  });
}
