/**
 * When views animate. Never when the user prefers reduced motion; and not
 * when updates arrive faster than an animation could show anything (playing
 * at 10 steps a second, or clicking quickly): each new update would cut the
 * previous animation off early, so it would only cost frames.
 */
let motionQuery: MediaQueryList | null | undefined;

export function reducedMotion(): boolean {
  if (motionQuery === undefined) {
    motionQuery = typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-reduced-motion: reduce)') : null;
  }
  return motionQuery?.matches ?? false;
}

/** Updates closer together than this do not animate. */
export const RAPID_UPDATE_MS = 150;

/** A per-view pacer: call it once per update that could animate; it says whether this one should. */
export function motionPacer(minGapMs = RAPID_UPDATE_MS): () => boolean {
  let last = -Infinity;
  return () => {
    const now = performance.now();
    const calm = now - last >= minGapMs;
    last = now;
    return calm && !reducedMotion();
  };
}
