/**
 * Drawing that waits while its element is off screen. A view that is not
 * visible does not redraw on every step (that work would compete with the
 * views the user is looking at): its latest drawing is kept pending and runs
 * when the element scrolls into view, once updates have been quiet for a
 * moment, or when something needs the pixels now (exports call
 * flushDeferredDraws first).
 */
const pending = new Map<Element, () => void>();
const visible = new WeakMap<Element, boolean>();
const quietTimers = new Map<Element, ReturnType<typeof setTimeout>>();
/** How long updates must pause before an off-screen view catches up anyway. */
const QUIET_MS = 400;

let observer: IntersectionObserver | null = null;
function watch(el: Element): void {
  if (typeof IntersectionObserver !== 'function') {
    visible.set(el, true);
    return;
  }
  observer ??= new IntersectionObserver(
    (entries) => {
      for (const e of entries) {
        visible.set(e.target, e.isIntersecting);
        if (e.isIntersecting) run(e.target);
      }
    },
    { rootMargin: '0px' },
  );
  if (!visible.has(el)) {
    const r = el.getBoundingClientRect();
    visible.set(el, r.bottom > 0 && r.top < window.innerHeight && r.width > 0);
  }
  observer.observe(el);
}

function run(el: Element): void {
  const t = quietTimers.get(el);
  if (t !== undefined) clearTimeout(t);
  quietTimers.delete(el);
  const draw = pending.get(el);
  pending.delete(el);
  draw?.();
}

/** Draws now when `el` is (nearly) on screen; otherwise later (see above). Returns whether it drew now. */
export function drawWhenSeen(el: Element, draw: () => void): boolean {
  if (!visible.has(el)) watch(el);
  if (visible.get(el)) {
    pending.delete(el);
    draw();
    return true;
  }
  pending.set(el, draw);
  const t = quietTimers.get(el);
  if (t !== undefined) clearTimeout(t);
  quietTimers.set(
    el,
    setTimeout(() => run(el), QUIET_MS),
  );
  return false;
}

/** Stops tracking an element (its pending drawing is dropped). */
export function forgetDeferredDraw(el: Element): void {
  const t = quietTimers.get(el);
  if (t !== undefined) clearTimeout(t);
  quietTimers.delete(el);
  pending.delete(el);
  observer?.unobserve(el);
  visible.delete(el);
}

/** Runs every pending drawing now (before reading pixels or markup of views). */
export function flushDeferredDraws(): void {
  for (const el of [...pending.keys()]) run(el);
}
