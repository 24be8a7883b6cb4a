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
 *   s.applyFineTune(trainedMlp, settings) -> FineTuneRecord   a fine-tune as one entry of the history
 *   s.saveHistory() / s.restoreHistory(saved)                  the history with its fine-tuned weights, put back exactly
 * Fine-tuning (async, the Trainer of core/train):
 *   await fineTune(s, trainDigits, { epochs, learningRate, batchSize, seed }, { callbacks?, signal?, report? }) -> FineTuneRecord | null
 * Histories as links and saves hold them (step tuples, fine-tunes by settings and position):
 *   workHistoryOf(records) -> { steps, finetunes }; await replayWork(s, work, cursor, fineTunerOn(trainDigits)); restoreWork (all or nothing)
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
export { checkFineTunePositions, fineTuneSettingsOf, historyKey, replaySteps, replayWork, restoreSteps, restoreWork, stepTupleOf, workEntries, workHistoryOf, workKeys, workLength } from './step-tuple';
export type { FineTuneAt, FineTuner, StepTuple, WorkHistory } from './step-tuple';
export { fineTune, fineTunerOn, trainFineTune } from './finetune';
export type { FineTuneOptions } from './finetune';
export type { SavedHistory } from './session';
export { COST_METHODS, METHOD_LABELS, METHODS, isFineTune, isMethod } from './types';
export type { FineTuneRecord, FineTuneSettings, Heir, HistoryRecord, MergeRecord, Method, StepPreview } from './types';
export { exportCompacted, uniformTargetWidths } from './export';
export type { CompactedFiles } from './export';
