/**
 * Keyboard movement in a one-dimensional list of items (rows of a heatmap,
 * rows of a list): the index the key moves to, or null for a key that does
 * not move. ↑/↓ one item, PageUp/PageDown `page` items, Home/End to the ends;
 * clamped at the ends (no wrapping).
 */
export function nextIndex(key: string, index: number, count: number, page = 10): number | null {
  if (count <= 0) return null;
  const at = Math.max(0, Math.min(count - 1, index));
  switch (key) {
    case 'ArrowDown':
      return Math.min(count - 1, at + 1);
    case 'ArrowUp':
      return Math.max(0, at - 1);
    case 'PageDown':
      return Math.min(count - 1, at + page);
    case 'PageUp':
      return Math.max(0, at - page);
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}
