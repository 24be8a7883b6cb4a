/**
 * Query-string presets for the training panel and the backend, for instance
 * ?hidden=64-32&epochs=1&backend=wasm. Validated with zod: anything out of range
 * is dropped with a message, never applied.
 */
import { z } from 'zod';
import { ACTIVATIONS, type Activation } from '../core/model/spec';

export interface TrainingPreset {
  hidden?: number[];
  activation?: Activation;
  learningRate?: number;
  batchSize?: number;
  epochs?: number;
  seed?: number;
}

const widths = z
  .string()
  .regex(/^\d{1,4}(-\d{1,4}){0,3}$/, 'hidden widths look like 300-100')
  .transform((s) => s.split('-').map(Number))
  .refine((ws) => ws.every((w) => w >= 1 && w <= 1024), 'each hidden width must be 1..1024');

const schema = z.object({
  hidden: widths.optional(),
  activation: z.enum(ACTIVATIONS as [Activation, ...Activation[]]).optional(),
  lr: z.coerce.number().min(1e-5).max(1).optional(),
  batch: z.coerce.number().int().min(1).max(4096).optional(),
  epochs: z.coerce.number().int().min(1).max(200).optional(),
  seed: z.coerce.number().int().min(0).max(2 ** 31 - 1).optional(),
});

export interface ParsedQuery {
  preset: TrainingPreset;
  backend: string | null;
  problems: string[];
}

export function parseQuery(search: string): ParsedQuery {
  const params = new URLSearchParams(search);
  const preset: TrainingPreset = {};
  const problems: string[] = [];
  const shape = schema.shape;
  for (const key of Object.keys(shape) as (keyof typeof shape)[]) {
    const raw = params.get(key);
    if (raw === null) continue;
    const r = shape[key].safeParse(raw);
    if (!r.success) {
      problems.push(`Ignored ?${key}=${raw.slice(0, 24)}: ${r.error.issues[0].message}`);
      continue;
    }
    const v = r.data;
    if (key === 'hidden') preset.hidden = v as number[];
    else if (key === 'activation') preset.activation = v as Activation;
    else if (key === 'lr') preset.learningRate = v as number;
    else if (key === 'batch') preset.batchSize = v as number;
    else if (key === 'epochs') preset.epochs = v as number;
    else if (key === 'seed') preset.seed = v as number;
  }
  return { preset, backend: params.get('backend'), problems };
}
