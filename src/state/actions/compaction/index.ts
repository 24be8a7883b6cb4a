/**
 * The merge stepper's actions: one engine session per model (host), driven by
 * the user's steps, undo/redo (stepper), play and run-to-target (playback),
 * what the user looks at (selection) and comparison curves (baselines).
 */
export { buildHandle, currentSession, installHandle, startCompaction, suspendCompaction } from './host';
export { jumpTo, redo, step, undo } from './stepper';
export { play, runTarget, setSpeed, setTarget, stopPlaying, stopRun, togglePlay } from './playback';
export { applyPairPreview, clearPairPreview, previewMerge, previewPair, previewRemoval, selectLayer, selectNeuron, setMethod, setNormalization, setThreshold, swapPairPreview } from './selection';
export { toggleBaseline } from './baselines';
export { restoreSteps, restoreWork, stepTuples, workHistory } from './history';
