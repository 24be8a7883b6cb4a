/**
 * Running a method until a stop rule holds: a parameter target, an
 * accuracy-drop budget on the validation digits, a cost threshold, a step
 * count, or target widths (front to back). Async: it yields to the event loop
 * every few milliseconds and reports progress, so a UI stays responsive.
 */
import type { Accuracy } from '../stats/accuracy';
import { allowedLoss } from '../stats/accuracy';
import { yieldToEventLoop } from '../yield';
import type { Sliced } from '../sliced';
import type { PerSet } from './held-out';
import type { CompactionSession, Schedule } from './session';
import type { MergeRecord, Method, StepPlan } from './types';
import { COST_METHODS } from './types';

export interface RunOptions {
  method: Method;
  /**
   * global: cheapest relative cost per saved parameter across layers (pair, ls);
   * uniform: keep every layer at the same fraction of its original width;
   * sequential: front to back down to targetWidths.
   * Default: global for pair and ls, uniform for the baselines; sequential when targetWidths is given.
   */
  schedule?: Schedule;
  /** Widths of the hidden layers to reach (sequential schedule). */
  targetWidths?: number[];
  /** Stop once the model has at most this many parameters. */
  targetParams?: number;
  /**
   * Stop before the validation accuracy falls more than this (a fraction:
   * 0.01 = 1 point) below the original's. Compared as whole digits: with n
   * validation digits, losing floor(maxAccuracyDrop * n) correct digits is
   * within the budget, one more is not (allowedLoss). The step that crosses it
   * is undone. Needs the session's validation digits.
   */
  maxAccuracyDrop?: number;
  /** Stop before a step whose relative cost (E / (N * total variance of the next pre-activations)) exceeds this. */
  maxRelCost?: number;
  maxSteps?: number;
  /** Record held-out accuracy (validation and test) after every step (forced on by maxAccuracyDrop; default: the session's setting). */
  trackAccuracy?: boolean;
  onProgress?: (p: RunProgress) => void;
  signal?: AbortSignal;
  /** Milliseconds of work between yields (default 12). */
  sliceMs?: number;
}

export interface RunProgress {
  steps: number;
  params: number;
  widths: number[];
  /** Test accuracy after the last step, when tracked. */
  accuracy?: number;
  /** Validation accuracy after the last step, when tracked. */
  validationAccuracy?: number;
}

export type StopReason = 'params' | 'accuracy' | 'cost' | 'steps' | 'widths' | 'exhausted' | 'aborted';

export interface RunResult {
  records: MergeRecord[];
  stoppedBy: StopReason;
  widths: number[];
  params: number;
  /** Test accuracy at the end (null without test digits). */
  accuracy: number | null;
  /** Validation and test accuracy at the end, as counts with 95% intervals. */
  accuracies: PerSet<Accuracy>;
  /** The held-out set whose accuracy decided the stop ('validation' for an accuracy budget), else null. */
  decidedOn: 'validation' | null;
  seconds: number;
}

function now(): number {
  return typeof performance !== 'undefined' ? performance.now() : Date.now();
}

export function validateRunOptions(s: CompactionSession, o: RunOptions): void {
  const hidden = s.hiddenLayers;
  if (o.targetWidths) {
    if (o.targetWidths.length !== hidden) throw new Error(`targetWidths needs ${hidden} entries`);
    o.targetWidths.forEach((w, l) => {
      if (!Number.isInteger(w) || w < 1) throw new Error(`target width ${w} of layer ${l} must be an integer >= 1`);
    });
  }
  if (o.schedule === 'sequential' && !o.targetWidths) throw new Error('the sequential schedule needs targetWidths');
  if (o.schedule === 'global' && !COST_METHODS.includes(o.method)) throw new Error(`the global schedule needs ${COST_METHODS.join(' or ')}`);
  if (o.maxAccuracyDrop !== undefined) {
    if (!(o.maxAccuracyDrop >= 0)) throw new Error(`maxAccuracyDrop must be a fraction >= 0, got ${o.maxAccuracyDrop}`);
    if (s.baseAccuracies.validation === null) throw new Error('an accuracy budget needs validation digits (SessionOptions.validation)');
  }
  if (o.maxRelCost !== undefined && !COST_METHODS.includes(o.method)) throw new Error(`a cost threshold needs ${COST_METHODS.join(' or ')}`);
}

/** The next plan, in slices (pickSliced: the same plan as pick / planIn, with what planning reads built in slices). */
function* nextPlan(s: CompactionSession, o: RunOptions, schedule: Schedule): Sliced<StepPlan | null | 'widths'> {
  if (schedule === 'sequential') {
    const w = s.widths();
    const l = o.targetWidths!.findIndex((t, k) => w[k + 1] > t);
    if (l < 0) return 'widths';
    return yield* s.pickSliced(o.method, { layer: l, remainingHint: w[l + 1] - o.targetWidths![l] });
  }
  return yield* s.pickSliced(o.method, { schedule });
}

/** Applies steps of o.method until a stop rule holds. */
export async function runToTarget(s: CompactionSession, o: RunOptions): Promise<RunResult> {
  validateRunOptions(s, o);
  s.setRunning(true);
  const t0 = now();
  const schedule: Schedule = o.schedule ?? (o.targetWidths ? 'sequential' : COST_METHODS.includes(o.method) ? 'global' : 'uniform');
  const savedTrack = s.trackAccuracy;
  s.trackAccuracy = o.maxAccuracyDrop !== undefined || (o.trackAccuracy ?? savedTrack);
  const records: MergeRecord[] = [];
  const slice = o.sliceMs ?? 12;
  let last = now();
  let stoppedBy: StopReason = 'exhausted';
  const progress = () =>
    o.onProgress?.({ steps: records.length, params: s.params(), widths: s.widths(), accuracy: records.at(-1)?.accuracyAfter, validationAccuracy: records.at(-1)?.validationAccuracyAfter });
  // A step's own work in slices too (a wide layer's set-up takes seconds), with a turn of the event loop every `slice` ms.
  const drive = async <T>(work: Sliced<T>): Promise<T> => {
    for (;;) {
      const r = work.next();
      if (r.done) return r.value;
      if (now() - last > slice) {
        await yieldToEventLoop();
        last = now();
      }
    }
  };
  const base = s.baseAccuracies.validation;
  const maxLoss = o.maxAccuracyDrop !== undefined ? allowedLoss(o.maxAccuracyDrop, base!.n) : Infinity;
  try {
    for (;;) {
      if (o.signal?.aborted) {
        stoppedBy = 'aborted';
        break;
      }
      if (o.targetParams !== undefined && s.params() <= o.targetParams) {
        stoppedBy = 'params';
        break;
      }
      if (o.maxSteps !== undefined && records.length >= o.maxSteps) {
        stoppedBy = 'steps';
        break;
      }
      const p = await drive(nextPlan(s, o, schedule));
      if (p === 'widths') {
        stoppedBy = 'widths';
        break;
      }
      if (!p) break;
      if (o.maxRelCost !== undefined && (p.relCost ?? 0) > o.maxRelCost) {
        stoppedBy = 'cost';
        break;
      }
      const rec = await drive(s.commitSliced(p));
      if (o.maxAccuracyDrop !== undefined && base!.correct - rec.validationCorrectAfter! > maxLoss) {
        s.dropLast();
        stoppedBy = 'accuracy';
        break;
      }
      records.push(rec);
      if (now() - last > slice) {
        progress();
        await yieldToEventLoop();
        last = now();
      }
    }
    progress();
  } finally {
    s.trackAccuracy = savedTrack;
    s.setRunning(false);
  }
  const accuracies = s.accuracies();
  return {
    records,
    stoppedBy,
    widths: s.widths(),
    params: s.params(),
    accuracy: accuracies.test?.value ?? null,
    accuracies,
    decidedOn: o.maxAccuracyDrop !== undefined ? 'validation' : null,
    seconds: (now() - t0) / 1000,
  };
}
