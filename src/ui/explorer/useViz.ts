import { useEffect, useRef } from 'react';
import { drawWhenSeen, forgetDeferredDraw } from '../../platform/deferred-draw';

/**
 * Creates a d3 view (an object with update and destroy) on an element once,
 * and hands it every new spec (while the element is off screen, only the
 * latest, when it scrolls into view: see deferred-draw.ts).
 */
export function useViz<E extends Element, S, V extends { update(spec: S): void; destroy(): void }>(
  create: (el: E) => V,
  spec: S | null,
) {
  const ref = useRef<E | null>(null);
  const view = useRef<V | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    const el = ref.current;
    view.current = create(el);
    return () => {
      forgetDeferredDraw(el);
      view.current?.destroy();
      view.current = null;
    };
    // The view is created once per element; callbacks read the store directly.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    const v = view.current;
    if (spec && v && ref.current) drawWhenSeen(ref.current, () => v.update(spec));
  }, [spec]);
  return ref;
}
