import type { CSSProperties } from 'react';

/**
 * Where a pointer's tooltip goes (position: fixed): beside the pointer, on
 * the side with more room, so that it stays on a narrow screen.
 */
export function tooltipPosition(x: number, y: number): CSSProperties {
  const w = typeof window !== 'undefined' ? window.innerWidth : 1280;
  const h = typeof window !== 'undefined' ? window.innerHeight : 800;
  return {
    position: 'fixed',
    ...(x > w / 2 ? { right: w - x + 12 } : { left: x + 12 }),
    ...(y > h * 0.7 ? { bottom: h - y + 12 } : { top: y + 12 }),
  };
}
