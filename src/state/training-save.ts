/**
 * A training run's last epoch-end checkpoint, kept in the browser's storage so
 * that a reload during training can offer to resume it. Validated on the way
 * back in like any stored input (shapes, finite values, the run's settings).
 */
import { z } from 'zod';
import type { TrainCheckpoint } from '../core/train/trainer';
import { trainingSettingsSchema } from '../core/train/limits';
import { services } from './services';
import { storedLayersSchema, storedSpecSchema } from './stored-mlp';
import type { LossPoint, TrainingSettingsState } from './types';
import type { EpochReport } from '../core/train/trainer';

const KEY = 'training';

const float32s = z.array(z.custom<Float32Array>((v) => v instanceof Float32Array && v.every(Number.isFinite), 'expected finite Float32Arrays'));
const count = z.number().int().min(0);

const savedRunSchema = z.object({
  version: z.literal(1),
  settings: trainingSettingsSchema,
  checkpoint: z.object({
    settings: z.object({ learningRate: z.number().positive(), batchSize: count.min(1), epochs: count.min(1), seed: count }),
    samples: count.min(1),
    weights: z.object({ spec: storedSpecSchema, layers: storedLayersSchema }),
    adam: z.object({ m: float32s, v: float32s, beta1Power: z.number().finite(), beta2Power: z.number().finite() }),
    epoch: count.min(1),
    batch: count,
    step: count,
    epochLoss: z.number().finite(),
    epochCorrect: z.number().finite(),
    epochSeen: z.number().finite(),
    epochMs: z.number().finite(),
  }),
  losses: z.array(z.object({ step: count, loss: z.number().finite() })).max(1_000_000),
  epochs: z.array(z.object({ epoch: count, loss: z.number(), trainAccuracy: z.number(), testAccuracy: z.number().nullable(), seconds: z.number() })).max(10_000),
});

export interface SavedRun {
  version: 1;
  settings: TrainingSettingsState;
  checkpoint: TrainCheckpoint;
  losses: LossPoint[];
  epochs: EpochReport[];
}

export async function saveRun(run: SavedRun): Promise<void> {
  await services().workStore?.set(KEY, run);
}

export async function clearRun(): Promise<void> {
  await services().workStore?.del(KEY);
}

/** The saved run, or null when there is none or it does not validate (it is then left alone; the next run overwrites it). */
export async function loadRun(): Promise<SavedRun | null> {
  const store = services().workStore;
  if (!store) return null;
  try {
    const raw = await store.get(KEY);
    if (raw === undefined) return null;
    const parsed = savedRunSchema.safeParse(raw);
    if (parsed.success) return parsed.data as SavedRun;
  } catch {
    // Storage unavailable: nothing to offer.
  }
  return null;
}
