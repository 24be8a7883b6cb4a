import { useEffect, useRef, useState, type RefObject } from 'react';
import { useStore } from '../state/store';

/** The content width of an element, kept up to date with a ResizeObserver. */
export function useWidth<T extends HTMLElement>(fallback = 480): [RefObject<T | null>, number] {
  const ref = useRef<T | null>(null);
  const [width, setWidth] = useState(fallback);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver((entries) => {
      const w = Math.floor(entries[0].contentRect.width);
      if (w > 0) setWidth(w);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, width];
}

/**
 * An element's content width now (as useWidth's ResizeObserver will report
 * it). For a drawing effect that may run before the observer has caught up
 * with a layout change (presenter mode moves panels between columns): it
 * draws at the width the canvas has on screen, never once at the old one.
 */
export function currentWidth(el: Element | null, fallback: number): number {
  if (!el) return fallback;
  const cs = getComputedStyle(el);
  const insets = (parseFloat(cs.paddingLeft) || 0) + (parseFloat(cs.paddingRight) || 0) + (parseFloat(cs.borderLeftWidth) || 0) + (parseFloat(cs.borderRightWidth) || 0);
  const w = Math.floor(el.getBoundingClientRect().width - insets);
  return w > 0 ? w : fallback;
}

/**
 * The renderers' size scale in presenter mode. Their smallest text is 11 px
 * at scale 1 (src/viz/sizes.ts): 18.7 px here, readable from the back of a
 * room. (The page's own type grows with the root size: html.presenter in
 * styles.css.)
 */
export const PRESENTER_VIZ_SCALE = 1.7;

let browserScale: number | null = null;

/**
 * The browser's default font size relative to 16 px (a reader who set a
 * larger default gets larger drawings too). `font-size: medium` is that
 * default whatever the root's own size is.
 */
export function browserFontScale(): number {
  if (browserScale !== null) return browserScale;
  if (typeof document === 'undefined' || !document.body) return 1;
  const probe = document.createElement('div');
  probe.style.cssText = 'position:absolute;visibility:hidden;font-size:medium';
  document.body.appendChild(probe);
  const px = parseFloat(getComputedStyle(probe).fontSize);
  probe.remove();
  browserScale = px > 0 ? px / 16 : 1;
  return browserScale;
}

/** The size scale to pass to the renderers: 1 normally, larger in presenter mode and with a larger default font. */
export function useVizScale(): number {
  const presenter = useStore((s) => s.presenter);
  return Math.round(browserFontScale() * (presenter ? PRESENTER_VIZ_SCALE : 1) * 100) / 100;
}
