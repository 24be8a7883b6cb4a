/**
 * The compaction engine: Neuro-Unification (pairwise and least squares),
 * structure learning across layers, five baselines, merge records and a
 * history with exact undo, redo, jumps and replay. Pure TypeScript over typed
 * arrays; tfjs is used once per session (the original model's activations). Runs in Node and
 * the browser.
 *
 * Session (everything synchronous after create):
 *   const s = await CompactionSession.create({ model, neuronIds, probe, heldOut (test digits), validation?, seed?, trackAccuracy? });
 *   s.current()               -> { mlp, neuronIds }   the compacted model and stable ids
 *   s.widths(), s.params(), s.accuracy() (test), s.baseAccuracy (test), s.version, s.codesOf(layer)
 *   s.accuracies(), s.baseAccuracies, s.correctCounts() -> { validation, test } as counts with 95% Wilson intervals
 *   s.perDigit('test')        -> per-class accuracy, confusion matrices, broken and fixed digits (original vs current)
 *   s.preview(method, { layer?, schedule?, remainingHint? }) -> StepPreview | null
 *   s.step(method, opts) / s.steps(method, k, opts)          -> MergeRecord(s)
 *   s.unify(layer, removedId, heirId), s.removeByLeastSquares(layer, removedId)  (+ previewUnify, previewRemoveByLeastSquares)
 *   s.undo(), s.redo(), s.jumpTo(t), s.truncate(), s.reset()   bit-exact weights
 *   s.records(), s.appliedRecords(), s.cursor, s.length, s.canUndo, s.canRedo
 *   s.replay(records), s.applyRecord(record)
 * Runs (async, yield to the event loop, progress, abort):
 *   await runToTarget(s, { method, schedule?, targetWidths?, targetParams?, maxAccuracyDrop? (validation, whole digits), maxRelCost?, maxSteps?, trackAccuracy?, onProgress?, signal? })
 * Without a session:
 *   replayRecords(originalModel, records, neuronIds?) -> { mlp, neuronIds }
 *   exportCompacted(mlp, neuronIds, records, provenance?) -> model.json + weights + merges.json
 *   uniformTargetWidths(hidden, fraction)
 */
export { CompactionSession } from './session';
export type { PickOptions, Schedule, SessionOptions } from './session';
export type { HeldOutName, PerSet } from './held-out';
export { runToTarget } from './run';
export type { RunOptions, RunProgress, RunResult, StopReason } from './run';
export { replayRecords } from './replay';
export { replaySteps, restoreSteps, stepTupleOf } from './step-tuple';
export type { StepTuple } from './step-tuple';
export { COST_METHODS, METHOD_LABELS, METHODS, isMethod } from './types';
export type { Heir, MergeRecord, Method, StepPreview } from './types';
export { exportCompacted, uniformTargetWidths } from './export';
export type { CompactedFiles } from './export';
