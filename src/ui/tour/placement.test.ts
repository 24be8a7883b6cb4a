/** The tour card's placement: inside the viewport at every width, beside its subject (never over it) once the page has scrolled as asked. */
import { describe, expect, it } from 'vitest';
import { cardWidth, DOCK_BELOW, MARGIN, overlaps, placeCard, subjectTopFor, type Box, type Viewport } from './placement';

const WIDTHS = [360, 390, 768, 1024, 1280, 1440, 1920, 2560];
const HEIGHTS = [640, 800, 1024, 1080, 1440];

const inside = (b: Box, v: Viewport) => b.left >= MARGIN - 1e-9 && b.top >= MARGIN - 1e-9 && b.left + b.width <= v.width - MARGIN + 1e-9 && b.top + b.height <= v.height - MARGIN + 1e-9;

/** Subjects like the page's panels: a column of a grid, a full-width bar, a tall panel, at some page position. */
function subjects(v: Viewport): Box[] {
  const w = v.width;
  return [
    { left: 12, top: 900, width: Math.min(420, w - 24), height: 480 }, // left column
    { left: w / 3, top: 300, width: w / 3, height: 420 }, // middle column
    { left: (2 * w) / 3, top: 1500, width: w / 3 - 12, height: 520 }, // right column
    { left: 12, top: 120, width: w - 24, height: 160 }, // full-width bar (the stepper)
    { left: 12, top: 2000, width: w - 24, height: 1400 }, // taller than the viewport
  ];
}

describe('placeCard', () => {
  it('keeps the card inside the viewport, at every width, for any subject and card height', () => {
    for (const width of WIDTHS) {
      for (const height of HEIGHTS) {
        const v = { width, height };
        for (const s of subjects(v)) {
          for (const cardHeight of [180, 320, 2000]) {
            for (const scrolled of [0, -s.top + 40, -s.top - s.height - 50, 3000]) {
              const p = placeCard({ ...s, top: s.top + scrolled }, cardHeight, v);
              expect(inside(p, v), `${width}x${height} subject ${JSON.stringify(s)} card ${cardHeight} scrolled ${scrolled}: ${JSON.stringify(p)}`).toBe(true);
            }
          }
        }
      }
    }
  });

  it('after scrolling the subject where subjectTopFor says, the card is beside it (not over it) on wide screens', () => {
    for (const width of WIDTHS.filter((w) => w >= DOCK_BELOW)) {
      for (const height of HEIGHTS) {
        const v = { width, height };
        for (const s of subjects(v)) {
          const cardHeight = 300;
          const top = subjectTopFor(s, cardHeight, v);
          const p = placeCard({ ...s, top }, cardHeight, v);
          // Overlap is allowed only when nothing fits: then the card docks and the subject's top is above it.
          if (p.side === 'docked') {
            expect(top).toBe(MARGIN);
            expect(p.top).toBeGreaterThan(top + 100);
          } else expect(overlaps(p, { ...s, top }), `${width}x${height} ${JSON.stringify(s)} → ${p.side}`).toBe(false);
        }
      }
    }
  });

  it('docks at the bottom, full width, on phones, with the subject scrolled to the top above it', () => {
    for (const width of [360, 390, 412]) {
      const v = { width, height: 844 };
      const s = { left: 12, top: 1200, width: width - 24, height: 500 };
      expect(subjectTopFor(s, 300, v)).toBe(MARGIN);
      const p = placeCard({ ...s, top: MARGIN }, 300, v);
      expect(p.side).toBe('docked');
      expect(p.width).toBe(width - 2 * MARGIN);
      expect(p.top + p.height).toBe(844 - MARGIN);
      expect(cardWidth(v)).toBe(width - 2 * MARGIN);
    }
  });

  it('goes beside a column when there is room: right first, then left', () => {
    const v = { width: 1280, height: 800 };
    expect(placeCard({ left: 20, top: 100, width: 400, height: 500 }, 300, v).side).toBe('right');
    expect(placeCard({ left: 860, top: 100, width: 400, height: 500 }, 300, v).side).toBe('left');
    expect(placeCard({ left: 12, top: 100, width: 1256, height: 150 }, 300, v).side).toBe('below');
  });
});
