/**
 * How wide a piece of text is, and how to break it into lines that fit: for
 * renderers that lay out SVG text themselves (so that their drawings fit
 * their panel at every size scale).
 *
 * In a browser the width is measured with a 2D canvas in the page's font;
 * elsewhere (Node, tests) it is estimated generously from the character
 * count (0.62 em a character, 0.68 em bold: wider than most sans-serif
 * faces, so an estimate never makes text overflow).
 */

/** Estimated em per character, regular and bold. */
export const EM_PER_CHAR = 0.62;
export const EM_PER_CHAR_BOLD = 0.68;

let ctx: CanvasRenderingContext2D | null | undefined;
let family = '';

function context(): CanvasRenderingContext2D | null {
  if (ctx !== undefined) return ctx;
  if (typeof document === 'undefined') return (ctx = null);
  try {
    ctx = document.createElement('canvas').getContext('2d');
  } catch {
    ctx = null;
  }
  if (ctx) family = getComputedStyle(document.documentElement).fontFamily || 'sans-serif';
  return ctx;
}

/** The width in px of `text` at `px` px (bold with `bold`), in the page's font, or estimated. */
export function textWidth(text: string, px: number, bold = false): number {
  const c = context();
  if (!c) return text.length * px * (bold ? EM_PER_CHAR_BOLD : EM_PER_CHAR);
  c.font = `${bold ? 600 : 400} ${px}px ${family}`;
  return c.measureText(text).width;
}

/** `text` in lines no wider than `maxWidth` px (words are never split; a word wider than that gets a line of its own). */
export function wrapWords(text: string, maxWidth: number, px: number, bold = false): string[] {
  const words = text.split(' ').filter((w) => w !== '');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    const next = line ? `${line} ${w}` : w;
    if (line && textWidth(next, px, bold) > maxWidth) {
      lines.push(line);
      line = w;
    } else line = next;
  }
  if (line || !lines.length) lines.push(line);
  return lines;
}

/**
 * Items of the given widths placed left to right in rows no wider than
 * `maxWidth`, `gap` px apart: each item's row and left edge, and the number
 * of rows.
 */
export function flowRows(widths: readonly number[], maxWidth: number, gap: number): { rows: number; at: { row: number; x: number }[] } {
  let row = 0;
  let x = 0;
  const at = widths.map((w) => {
    if (x > 0 && x + w > maxWidth) {
      row++;
      x = 0;
    }
    const here = { row, x };
    x += w + gap;
    return here;
  });
  return { rows: widths.length ? row + 1 : 0, at };
}
