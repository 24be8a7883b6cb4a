import { useEffect, useRef } from 'react';

/**
 * Creates a d3 view (an object with update and destroy) on an element once,
 * and hands it every new spec.
 */
export function useViz<E extends Element, S, V extends { update(spec: S): void; destroy(): void }>(
  create: (el: E) => V,
  spec: S | null,
) {
  const ref = useRef<E | null>(null);
  const view = useRef<V | null>(null);
  useEffect(() => {
    if (!ref.current) return;
    view.current = create(ref.current);
    return () => {
      view.current?.destroy();
      view.current = null;
    };
    // The view is created once per element; callbacks read the store directly.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    if (spec && view.current) view.current.update(spec);
  }, [spec]);
  return ref;
}
