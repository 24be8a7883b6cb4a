import { useEffect, useRef, useState, type RefObject } from 'react';
import { drawWhenSeen, forgetDeferredDraw } from '../../platform/deferred-draw';

/** Hosts a d3 renderer on an element: draws every new spec (off screen, when it scrolls into view). */
export function useRendered<E extends Element, S>(render: (el: E, spec: S) => void, spec: S | null): RefObject<E | null> {
  const ref = useRef<E | null>(null);
  useEffect(() => {
    const el = ref.current;
    if (el && spec) drawWhenSeen(el, () => render(el, spec));
  }, [render, spec]);
  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el) forgetDeferredDraw(el);
    };
  }, []);
  return ref;
}

/** Becomes true the first time the element comes near the screen (and stays true). */
export function useSeenOnce<E extends Element>(): [RefObject<E | null>, boolean] {
  const ref = useRef<E | null>(null);
  const [seen, setSeen] = useState(() => typeof IntersectionObserver !== 'function');
  useEffect(() => {
    const el = ref.current;
    if (!el || seen) return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) setSeen(true);
    }, { rootMargin: '200px' });
    io.observe(el);
    return () => io.disconnect();
  }, [seen]);
  return [ref, seen];
}
