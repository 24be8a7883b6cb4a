/**
 * The similarity graph's motion: the layout runs in requestAnimationFrame
 * with a time budget per frame (a few ms), a cap on the number of ticks, and
 * a stop once it has cooled or nothing moves visibly any more; nodes fade in
 * and out. With prefers-reduced-motion only the final positions are drawn.
 */
import type * as d3 from 'd3';
import { reducedMotion } from '../motion';
import type { ForceLayout, LayoutNode } from './layout';
import { STILL_PX } from './layout';

const FRAME_BUDGET_MS = 5;

export interface RunnerHooks {
  /** After the ticks of a frame; `done` on the last one (positions final). */
  frame(done: boolean): void;
  /** The layout started running. */
  started(): void;
  /** The layout came to rest (after the last frame). */
  settled(): void;
}

export interface LayoutRunner {
  /** Runs (or keeps running) for at least `ticks` more ticks; `fresh` replaces any allowance left. */
  run(ticks: number, fresh?: boolean): void;
  readonly running: boolean;
  /** Frames drawn so far (the view refreshes costly things only every few). */
  readonly frame: number;
  stop(): void;
}

export function createLayoutRunner<N extends LayoutNode>(layout: ForceLayout<N>, hooks: RunnerHooks): LayoutRunner {
  let raf = 0;
  let ticksLeft = 0;
  let stillFrames = 0;
  let frame = 0;
  let stopped = false;

  function loop(): void {
    raf = 0;
    if (stopped) return;
    frame++;
    const t0 = performance.now();
    while (ticksLeft > 0 && !layout.cooled()) {
      layout.tick();
      ticksLeft--;
      if (performance.now() - t0 > FRAME_BUDGET_MS) break;
    }
    // Cooled, or nothing moves visibly any more (a warm restart after one removal often ends here early).
    if (layout.maxSpeed() < STILL_PX) stillFrames++;
    else stillFrames = 0;
    const done = ticksLeft <= 0 || layout.cooled() || stillFrames >= 3;
    if (done) layout.removeOverlaps();
    if (!reducedMotion() || done) hooks.frame(done);
    if (done) hooks.settled();
    else raf = requestAnimationFrame(loop);
  }

  return {
    run(ticks, fresh = false) {
      if (stopped) return;
      stillFrames = 0;
      ticksLeft = fresh ? ticks : Math.max(ticksLeft, ticks);
      hooks.started();
      if (!raf) raf = requestAnimationFrame(loop);
    },
    get running() {
      return raf !== 0;
    },
    get frame() {
      return frame;
    },
    stop() {
      stopped = true;
      if (raf) cancelAnimationFrame(raf);
      raf = 0;
      layout.stop();
    },
  };
}

/** New nodes fade in (not on a fresh layout, where everything is new). */
export function fadeIn<D>(enter: d3.Selection<SVGCircleElement, D, SVGGElement, unknown>, animate: boolean): void {
  if (animate) enter.attr('fill-opacity', 0).transition().duration(250).attr('fill-opacity', 1);
}

/** Removed nodes shrink and fade out, then go. */
export function fadeOut<D>(exit: d3.Selection<SVGCircleElement, D, SVGGElement, unknown>, animate: boolean): void {
  if (animate) exit.transition().duration(350).attr('opacity', 0).attr('r', 0).remove();
  else exit.remove();
}
