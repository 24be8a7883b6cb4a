/**
 * The input the network view lights up: a digit drawn on the pad (made
 * MNIST-like by digit-normalize.ts) or one of the test digits. Setting it
 * runs it through both networks at once (core/explore/draw-digit.ts); after
 * every change of the compaction, publish.ts runs it again.
 */
import { digitInput } from '../../core/explore/draw-digit';
import { makeRng } from '../../core/random';
import type { ProbeInput } from '../compaction-types';
import { normalizeDrawing } from '../digit-normalize';
import { useStore } from '../store';
import { currentSession } from './compaction';
import { traceProbeInput } from './compaction/publish';

/** Seed of the "pick a test digit" sequence (the same digits in the same order on every machine). */
export const PICK_SEED = 1234;
let pickRng = makeRng(PICK_SEED);
let serial = 0;

function setInput(input: Omit<ProbeInput, 'serial'> | null): void {
  serial++;
  useStore.setState({ probeInput: input ? { ...input, serial } : null });
  const s = currentSession();
  useStore.setState({ probeTrace: s && input ? traceProbeInput(s).trace : null });
}

/**
 * A drawing on the pad: `ink` holds width x height values in [0, 1] (1 = full
 * ink). Returns the 28 x 28 digit the networks see (null: nothing drawn, and
 * the input is cleared).
 */
export function setDrawnInput(ink: ArrayLike<number>, width: number, height: number): Float64Array | null {
  const pixels = normalizeDrawing(ink, width, height);
  setInput(pixels ? { source: 'drawn', testIndex: null, label: null, pixels, rows: 28, cols: 28 } : null);
  return pixels;
}

/** Test digit `index` (of the held-out test digits) as the input; false when there is no such digit. */
export function showTestDigit(index: number): boolean {
  const test = useStore.getState().data?.test;
  if (!test || !Number.isInteger(index) || index < 0 || index >= test.count) return false;
  const size = test.rows * test.cols;
  setInput({ source: 'test', testIndex: index, label: test.labels[index], pixels: digitInput(test.pixels, index, size), rows: test.rows, cols: test.cols });
  return true;
}

/** The next test digit of a seeded sequence as the input; its index (-1 without test digits). */
export function pickTestDigit(): number {
  const test = useStore.getState().data?.test;
  if (!test || test.count === 0) return -1;
  const index = Math.floor(pickRng() * test.count);
  showTestDigit(index);
  return index;
}

/** No input: the network view shows its usual colours again. */
export function clearProbeInput(): void {
  setInput(null);
}

/** For tests: the pick sequence starts again. */
export function resetPickSequence(): void {
  pickRng = makeRng(PICK_SEED);
}
