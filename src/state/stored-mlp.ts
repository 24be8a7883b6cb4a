/**
 * A model's weights as stored in the browser (the saved work and the saved
 * models share it): a zod schema, and the shape check that turns a stored
 * entry back into an Mlp.
 */
import { z } from 'zod';
import type { Mlp } from '../core/model/mlp';
import { MAX_ABS_WEIGHT, MAX_LAYERS } from '../core/io/limits';
import { activationSchema, trainingSettingsSchema } from '../core/train/limits';

/** Finite weights within the bound every model must keep (core/io/limits). */
const float32 = z.custom<Float32Array>(
  (v) => v instanceof Float32Array && v.every((x) => Number.isFinite(x) && Math.abs(x) <= MAX_ABS_WEIGHT),
  `expected a Float32Array of finite values within ±${MAX_ABS_WEIGHT}`,
);

/** A stored model's shape: trained in the browser (within the training limits) or imported (any shape a link can name). */
export const storedSpecSchema = z.object({
  inputSize: z.number().int().positive(),
  hidden: z.array(z.number().int().positive()).min(1).max(MAX_LAYERS),
  numClasses: z.number().int().min(2),
  activation: activationSchema,
});

export const storedLayersSchema = z.array(z.object({ inSize: z.number().int(), outSize: z.number().int(), W: float32, b: float32 }));

/** The settings a model was trained with (links rebuild the model from them). */
export const trainedWithSchema = trainingSettingsSchema;

/** The Mlp of a stored entry, or null when its arrays do not fit its shape. */
export function mlpFromStored(spec: z.infer<typeof storedSpecSchema>, layers: z.infer<typeof storedLayersSchema>): Mlp | null {
  const ok =
    layers.length === spec.hidden.length + 1 &&
    layers.every(
      (l, i) =>
        l.W.length === l.inSize * l.outSize &&
        l.b.length === l.outSize &&
        l.inSize === (i === 0 ? spec.inputSize : layers[i - 1].outSize) &&
        l.outSize === (i < spec.hidden.length ? spec.hidden[i] : spec.numClasses),
    );
  return ok ? { spec, layers } : null;
}
