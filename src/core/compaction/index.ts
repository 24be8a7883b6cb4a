/**
 * The compaction engine: Neuro-Unification (pairwise and least squares),
 * structure learning across layers, five baselines, merge records and a
 * history with exact undo, redo, jumps and replay.
 *
 * Typical use:
 *   const s = await CompactionSession.create({ model, neuronIds, probe: chooseProbe(train).data, heldOut: test });
 *   s.preview('ls');                    // next step: layer, removedId, heirs, biasCoef, cost, paramsAfter
 *   s.step('ls');                       // apply it (a MergeRecord, with accuracyAfter)
 *   await runToTarget(s, { method: 'ls', targetParams: 26_661, onProgress });
 *   s.undo(); s.redo(); s.jumpTo(10);   // exact, bit for bit
 *   const { mlp, neuronIds } = s.current();
 *   replayRecords(model, s.appliedRecords(), neuronIds);  // same weights, no session needed
 */
export { CompactionSession } from './session';
export type { PickOptions, Schedule, SessionOptions } from './session';
export { runToTarget } from './run';
export type { RunOptions, RunProgress, RunResult, StopReason } from './run';
export { replayRecords } from './replay';
export { COST_METHODS, METHOD_LABELS, METHODS, isMethod } from './types';
export type { Heir, MergeRecord, Method, StepPreview } from './types';
export { uniformTargetWidths, exportCompacted } from './export';
export type { CompactedFiles } from './export';
