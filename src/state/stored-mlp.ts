/**
 * A model's weights as stored in IndexedDB (the autosaved session and the
 * saved models share it): a zod schema, and the shape check that turns a
 * stored entry back into an Mlp.
 */
import { z } from 'zod';
import type { Mlp } from '../core/model/mlp';
import { ACTIVATIONS } from '../core/model/spec';

const float32 = z.custom<Float32Array>((v) => v instanceof Float32Array, 'expected a Float32Array');
const activation = z.enum(ACTIVATIONS as unknown as [string, ...string[]]);

export const storedSpecSchema = z.object({
  inputSize: z.number().int().positive(),
  hidden: z.array(z.number().int().positive()).min(1).max(8),
  numClasses: z.number().int().min(2),
  activation,
});

export const storedLayersSchema = z.array(z.object({ inSize: z.number().int(), outSize: z.number().int(), W: float32, b: float32 }));

/** The settings a model was trained with (links rebuild the model from them). */
export const trainedWithSchema = z.object({
  hidden: z.array(z.number().int().positive()).min(1).max(8),
  activation,
  learningRate: z.number().positive(),
  batchSize: z.number().int().positive(),
  epochs: z.number().int().positive(),
  seed: z.number().int().min(0),
});

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
  return ok ? { spec: { ...spec, activation: spec.activation as Mlp['spec']['activation'] }, layers } : null;
}
