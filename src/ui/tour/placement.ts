/**
 * Where the tour card goes: beside its subject, never over it, always inside
 * the viewport. Pure geometry in viewport coordinates (tested in Node).
 *
 * Wide screens: to the right of the subject, else to its left, else below,
 * else above; the page is first scrolled so that the subject and the card fit.
 * Narrow screens (or when nothing fits): the card is docked at the bottom of
 * the viewport and the subject is scrolled to the top, above it.
 */
export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

export interface Viewport {
  width: number;
  height: number;
}

export type Side = 'right' | 'left' | 'below' | 'above' | 'docked' | 'centre';

export interface Placement extends Box {
  side: Side;
}

/** Margin to the viewport's edges, and gap to the subject (CSS px). */
export const MARGIN = 12;
export const GAP = 14;
/** Below this viewport width the card is always docked at the bottom. */
export const DOCK_BELOW = 720;
/** The card's width on wide screens. */
export const CARD_WIDTH = 380;

const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/** The card's width for a viewport (full width minus margins when docked). */
export function cardWidth(view: Viewport): number {
  return view.width < DOCK_BELOW ? view.width - 2 * MARGIN : Math.min(CARD_WIDTH, view.width - 2 * MARGIN);
}

/** The card's height as shown: never taller than the viewport allows (it scrolls inside). */
export function shownHeight(cardHeight: number, view: Viewport): number {
  return Math.min(cardHeight, view.height - 2 * MARGIN);
}

function sideFits(subject: Box, w: number, view: Viewport): 'right' | 'left' | null {
  if (subject.left + subject.width + GAP + w <= view.width - MARGIN) return 'right';
  if (subject.left - GAP - w >= MARGIN) return 'left';
  return null;
}

/**
 * Where the subject's top should be (viewport y) before the card is placed, so
 * that both fit: centred beside the card, at the top above a card below it, or
 * at the top above a docked card. Scrolling only moves things vertically.
 */
export function subjectTopFor(subject: Box, cardHeight: number, view: Viewport): number {
  const w = cardWidth(view);
  const h = shownHeight(cardHeight, view);
  if (view.width >= DOCK_BELOW && sideFits(subject, w, view)) {
    return subject.height + 2 * MARGIN <= view.height ? (view.height - subject.height) / 2 : MARGIN;
  }
  if (view.width >= DOCK_BELOW && subject.height + GAP + h + 2 * MARGIN <= view.height) {
    // Subject and card below it, together centred.
    return (view.height - (subject.height + GAP + h)) / 2;
  }
  return MARGIN;
}

/** The card's box for the subject's box as it is now (null subject: centred, or docked on narrow screens). */
export function placeCard(subject: Box | null, cardHeight: number, view: Viewport): Placement {
  const w = cardWidth(view);
  const h = shownHeight(cardHeight, view);
  const docked: Placement = { side: 'docked', left: MARGIN, top: view.height - h - MARGIN, width: w, height: h };
  if (view.width < DOCK_BELOW) return docked;
  if (!subject) return { side: 'centre', left: (view.width - w) / 2, top: (view.height - h) / 2, width: w, height: h };
  const top = clamp(subject.top, MARGIN, view.height - h - MARGIN);
  const left = clamp(subject.left, MARGIN, view.width - w - MARGIN);
  const side = sideFits(subject, w, view);
  if (side === 'right') return { side, left: subject.left + subject.width + GAP, top, width: w, height: h };
  if (side === 'left') return { side, left: subject.left - GAP - w, top, width: w, height: h };
  const bottom = subject.top + subject.height;
  if (bottom + GAP + h <= view.height - MARGIN && bottom + GAP >= MARGIN) return { side: 'below', left, top: bottom + GAP, width: w, height: h };
  if (subject.top - GAP - h >= MARGIN && subject.top - GAP <= view.height - MARGIN) return { side: 'above', left, top: subject.top - GAP - h, width: w, height: h };
  return { ...docked, left: view.width - w - MARGIN };
}

/** Whether two boxes overlap (touching edges do not). */
export function overlaps(a: Box, b: Box): boolean {
  return a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;
}
