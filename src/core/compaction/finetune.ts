/**
 * Fine-tuning a session's network as it stands (current widths, the removed
 * neurons gone, the weights as unification left them) with the Trainer of
 * core/train: Adam on the training digits, the same loop, backends and
 * gradients as training. The result is one entry of the session's history
 * (CompactionSession.applyFineTune); a cancelled fine-tune changes nothing.
 *
 * Reproducibility: the Trainer is deterministic for a given backend (its
 * sample order comes from the seed), so training the same settings again from
 * the same weights on the same backend gives the same weights, bit for bit.
 * Across backends it does not: the wasm backend uses the hand-written
 * backward pass and cpu and webgl use tfjs autodiff, with float32 sums in
 * different orders, so the weights differ in the last bits and the accuracy
 * after a fine-tune may differ by a few digits.
 *
 * The app drives its own Trainer (for pause, resume, checkpoints and backend
 * failover: state/actions/finetune.ts); this module serves Node (the CLI, the
 * benchmarks, tests) and anyone who just wants the result.
 */
import type { Dataset } from '../data/dataset';
import type { Mlp } from '../model/mlp';
import type { TrainCallbacks, GradientMethod } from '../train/trainer';
import { Trainer } from '../train/trainer';
import type { CompactionSession } from './session';
import type { FineTuner } from './step-tuple';
import type { FineTuneRecord, FineTuneSettings } from './types';

export interface FineTuneOptions {
  /** Live reports (loss per batch, accuracy per epoch). */
  callbacks?: TrainCallbacks;
  /** Aborting it stops the training: nothing changes, and the result is null. */
  signal?: AbortSignal;
  /** Digits the Trainer reports accuracy on after each epoch (EpochReport.testAccuracy); default none. */
  report?: Dataset | null;
  /** Default: the Trainer's default for the active backend. */
  gradients?: GradientMethod;
}

/** Trains `start` with `settings` on `train`; resolves to the weights reached, or null when cancelled. Leaves no tensor behind. */
export async function trainFineTune(start: Mlp, train: Dataset, settings: FineTuneSettings, o: FineTuneOptions = {}): Promise<Mlp | null> {
  if (o.signal?.aborted) return null;
  const trainer = new Trainer(start, train, o.report ?? null, { ...settings }, o.callbacks ?? {}, o.gradients ? { gradients: o.gradients } : {});
  const stop = () => trainer.stop();
  o.signal?.addEventListener('abort', stop);
  try {
    const trained = await trainer.run();
    return trainer.state === 'done' && !o.signal?.aborted ? trained : null;
  } finally {
    o.signal?.removeEventListener('abort', stop);
    trainer.dispose();
  }
}

/**
 * Fine-tunes the session's current network: one new entry of its history
 * (drops the redo tail). Resolves to its record, or null when cancelled (the
 * session is then unchanged). Throws if the session changed meanwhile.
 */
export async function fineTune(s: CompactionSession, train: Dataset, settings: FineTuneSettings, o: FineTuneOptions = {}): Promise<FineTuneRecord | null> {
  const version = s.version;
  const trained = await trainFineTune(s.current().mlp, train, settings, o);
  if (!trained) return null;
  if (s.version !== version) throw new Error('the model changed while it was fine-tuned; the fine-tune was not applied');
  return s.applyFineTune(trained, settings);
}

/** A FineTuner (for replayWork) that trains on `train` with trainFineTune; a cancel rejects. */
export function fineTunerOn(train: Dataset, o: FineTuneOptions = {}): FineTuner {
  return async (model, settings, index) => {
    const trained = await trainFineTune(model, train, settings, o);
    if (!trained) throw new Error(`fine-tune ${index + 1} was cancelled`);
    return trained;
  };
}
