/**
 * For the engine's tests (not used by the app): a seeded random sequence of
 * what a user and the app do to a session (steps of every method, ×k, undo,
 * redo, jumps, truncation, previews and prepares of other methods, pair
 * previews, manual unifications, runs), and the check that a session's
 * records and state equal a straight replay of its step tuples on a fresh
 * session.
 */
import { expect } from 'vitest';
import { makeRng } from '../random';
import type { Rng } from '../random';
import { runToTarget } from './run';
import type { CompactionSession } from './session';
import { replaySteps, stepTupleOf } from './step-tuple';
import { weightBits } from './test-fixtures';
import type { Method } from './types';
import type { Sliced } from '../sliced';
import { METHODS } from './types';

export interface ActionLog {
  counts: Record<string, number>;
  /** What ran, in order, with the cursor and length after it. */
  trace: string[];
  /** The longest the history was. */
  maxLength: number;
}

function pickMethod(rng: Rng): Method {
  return METHODS[Math.floor(rng() * METHODS.length)];
}

/** Two distinct alive ids of a random layer with at least two alive neurons, or null. */
function pickPair(s: CompactionSession, rng: Rng): { layer: number; a: number; b: number } | null {
  const ids = s.aliveIds();
  const layers = ids.map((l, i) => (l.length > 1 ? i : -1)).filter((i) => i >= 0);
  if (!layers.length) return null;
  const layer = layers[Math.floor(rng() * layers.length)];
  const l = ids[layer];
  const a = Math.floor(rng() * l.length);
  let b = Math.floor(rng() * (l.length - 1));
  if (b >= a) b++;
  return { layer, a: l[a], b: l[b] };
}

/** A read a view or an export may make at any time (between the slices of a sliced call too). */
function randomRead(s: CompactionSession, rng: Rng): void {
  const r = rng();
  const l = Math.floor(rng() * s.hiddenLayers);
  if (r < 0.3) s.accuracy();
  else if (r < 0.55) s.codesOf(l);
  else if (r < 0.8) s.codesIfCurrent(l);
  else s.perDigit();
}

/**
 * Drives a sliced call (see sliced.ts) with random reads between its slices;
 * `giveUp`: the chance, after each slice, of leaving it unfinished (what the
 * app does when a warm-up is overtaken). Returns the result, or undefined when given up.
 */
export function driveSliced<T>(s: CompactionSession, work: Sliced<T>, rng: Rng, giveUp = 0): T | undefined {
  for (;;) {
    const r = work.next();
    if (r.done) return r.value;
    if (rng() < 0.3) randomRead(s, rng);
    if (rng() < giveUp) return undefined;
  }
}

/**
 * Runs `count` seeded random actions on `s`. `onAction(k, log)` runs after
 * each one (a test may compare there). Returns what ran. `slicedSeed`: steps
 * and previews are then taken, at random, in slices (stepSliced,
 * previewSliced) with reads between the slices, and warm-ups (warmSliced)
 * given up halfway come between actions.
 */
export async function randomActions(
  s: CompactionSession,
  count: number,
  seed: number,
  onAction?: (k: number, log: ActionLog) => Promise<void> | void,
  slicedSeed?: number,
): Promise<ActionLog> {
  const rng = makeRng(seed);
  // A stream of its own, so the actions are the same with and without slices.
  const srng = slicedSeed === undefined ? null : makeRng(slicedSeed);
  const log: ActionLog = { counts: {}, trace: [], maxLength: 0 };
  const { counts, trace } = log;
  const did = (name: string) => {
    counts[name] = (counts[name] ?? 0) + 1;
    trace.push(`${name} -> ${s.cursor}/${s.length}`);
  };
  for (let k = 0; k < count; k++) {
    const r = rng();
    const method = pickMethod(rng);
    if (srng && srng() < 0.3) {
      driveSliced(s, s.warmSliced({ method: pickMethod(srng), codesUpTo: Math.floor(srng() * s.hiddenLayers) }), srng, 0.05);
      did('warm');
    }
    if (r < 0.3) {
      if (srng && srng() < 0.5) {
        if (driveSliced(s, s.stepSliced(method), srng)) did(`step ${method}`);
        did('step sliced');
      } else if (s.step(method)) did(`step ${method}`);
    } else if (r < 0.37) {
      // ×k, as the app's ×10 (often cut short by an undo, below)
      s.steps(method, 2 + Math.floor(rng() * 9));
      did('steps');
    } else if (r < 0.52) {
      if (s.undo()) did('undo');
    } else if (r < 0.61) {
      if (s.redo()) did('redo');
    } else if (r < 0.68) {
      s.jumpTo(Math.floor(rng() * (s.length + 1)));
      did('jump');
    } else if (r < 0.75) {
      if (srng && srng() < 0.5) {
        driveSliced(s, s.previewSliced(method), srng);
        did('preview sliced');
      } else s.preview(method);
      if (s.hiddenLayers > 1) s.preview(method, { layer: Math.floor(rng() * s.hiddenLayers) });
      did('preview');
    } else if (r < 0.8) {
      await s.prepare(method, { budgetMs: 0 });
      did('prepare');
    } else if (r < 0.83) {
      // A prepare cut short by a change (the app's method change followed at once by a step).
      const pending = s.prepare(method, { budgetMs: 0 });
      s.step(pickMethod(rng));
      await pending;
      did('prepare cut');
    } else if (r < 0.88) {
      const p = pickPair(s, rng);
      if (p) {
        s.previewUnify(p.layer, p.a, p.b);
        did('preview unify');
      }
    } else if (r < 0.92) {
      const p = pickPair(s, rng);
      if (p) {
        s.unify(p.layer, p.a, p.b);
        did('unify');
      }
    } else if (r < 0.94) {
      const p = pickPair(s, rng);
      if (p) {
        if (rng() < 0.5) s.previewRemoveByLeastSquares(p.layer, p.a);
        else s.removeByLeastSquares(p.layer, p.a);
        did('manual ls');
      }
    } else if (r < 0.96) {
      await runToTarget(s, { method, maxSteps: 1 + Math.floor(rng() * 6), sliceMs: 0 });
      did('run');
    } else if (r < 0.97) {
      s.truncate();
      did('truncate');
    } else {
      // Views read the codes of every layer.
      for (let l = 0; l < s.hiddenLayers; l++) if (rng() < 0.5) s.codesOf(l);
      else s.codesIfCurrent(l);
      s.perDigit();
      did('views');
    }
    log.maxLength = Math.max(log.maxLength, s.length);
    await onAction?.(k, log);
  }
  return log;
}

/** What must not depend on the path: the weights (bits), ids, widths and held-out counts. */
export function stateOf(s: CompactionSession) {
  const c = s.current();
  return { bits: weightBits(c.mlp), ids: c.neuronIds, widths: s.widths(), params: s.params(), counts: s.correctCounts(), cursor: s.cursor };
}

/**
 * Replays the step tuples of `s`'s whole history straight on `fresh` (to the
 * same cursor) and expects every record and the state to be equal.
 */
export function expectSameAsReplay(s: CompactionSession, fresh: CompactionSession): void {
  const tuples = s.records().map(stepTupleOf);
  replaySteps(fresh, tuples, s.cursor);
  const a = s.records();
  const b = fresh.records();
  expect(b.length).toBe(a.length);
  for (let t = 0; t < a.length; t++) expect(b[t], `record ${t + 1} of ${a.length}`).toEqual(a[t]);
  expect(stateOf(fresh)).toEqual(stateOf(s));
}
