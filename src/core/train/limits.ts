/**
 * What a network trained in the browser may look like, and the settings it is
 * trained with: one zod schema, used wherever such settings arrive (the URL
 * query, links, the training panel, the saved work and saved models).
 */
import { z } from 'zod';
import { ACTIVATIONS, type Activation } from '../model/spec';

export const TRAINING_LIMITS = {
  maxHiddenLayers: 4,
  maxWidth: 1024,
  learningRate: { min: 1e-5, max: 1 },
  batchSize: { min: 1, max: 4096 },
  epochs: { min: 1, max: 200 },
  seed: { min: 0, max: 2 ** 31 - 1 },
} as const;

const L = TRAINING_LIMITS;
const int = (min: number, max: number) => z.number().int().min(min).max(max);

export const hiddenWidthsSchema = z.array(int(1, L.maxWidth)).min(1).max(L.maxHiddenLayers);

export const activationSchema = z.enum(ACTIVATIONS as unknown as [Activation, ...Activation[]]);

/** The settings a network is trained with (a link rebuilds the network from them). */
export const trainingSettingsSchema = z.strictObject({
  hidden: hiddenWidthsSchema,
  activation: activationSchema,
  learningRate: z.number().min(L.learningRate.min).max(L.learningRate.max),
  batchSize: int(L.batchSize.min, L.batchSize.max),
  epochs: int(L.epochs.min, L.epochs.max),
  seed: int(L.seed.min, L.seed.max),
});

export type TrainingSettings = z.infer<typeof trainingSettingsSchema>;

/** Hidden widths as people type them ("300-100", "64, 32"), or null when they are not allowed. */
export function parseHiddenWidths(text: string): number[] | null {
  const parts = text.split(/[-,\s]+/).filter(Boolean);
  if (!parts.every((p) => /^\d{1,5}$/.test(p))) return null;
  const r = hiddenWidthsSchema.safeParse(parts.map(Number));
  return r.success ? r.data : null;
}

export const HIDDEN_WIDTHS_HINT = `1 to ${L.maxHiddenLayers} numbers from 1 to ${L.maxWidth}, like 300-100`;
