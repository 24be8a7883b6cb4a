/**
 * Query-string presets for the training panel and the backend, for instance
 * ?hidden=64-32&epochs=1&backend=wasm. Each value is checked against the
 * training limits (core/train/limits): anything out of range is dropped with a
 * message, never applied.
 */
import { z } from 'zod';
import { ACTIVATIONS } from '../core/model/spec';
import { HIDDEN_WIDTHS_HINT, parseHiddenWidths, TRAINING_LIMITS, trainingSettingsSchema, type TrainingSettings } from '../core/train/limits';

export type TrainingPreset = Partial<TrainingSettings>;

const fields = trainingSettingsSchema.shape;

const L = TRAINING_LIMITS;

/** Query key, the setting it presets, how its text becomes a value, and what is allowed, in words. */
const KEYS: { key: string; setting: keyof TrainingSettings; parse: z.ZodType; allowed: string }[] = [
  { key: 'hidden', setting: 'hidden', parse: z.string().transform((s, ctx) => parseHiddenWidths(s) ?? (ctx.addIssue({ code: 'custom', message: 'bad widths' }), z.NEVER)), allowed: `hidden widths are ${HIDDEN_WIDTHS_HINT}` },
  { key: 'activation', setting: 'activation', parse: fields.activation, allowed: `the activation is one of ${ACTIVATIONS.join(', ')}` },
  { key: 'lr', setting: 'learningRate', parse: z.coerce.number().pipe(fields.learningRate), allowed: `the learning rate is a number from ${L.learningRate.min} to ${L.learningRate.max}` },
  { key: 'batch', setting: 'batchSize', parse: z.coerce.number().pipe(fields.batchSize), allowed: `the batch size is a whole number from ${L.batchSize.min} to ${L.batchSize.max}` },
  { key: 'epochs', setting: 'epochs', parse: z.coerce.number().pipe(fields.epochs), allowed: `epochs are a whole number from ${L.epochs.min} to ${L.epochs.max}` },
  { key: 'seed', setting: 'seed', parse: z.coerce.number().pipe(fields.seed), allowed: `the seed is a whole number from ${L.seed.min} to ${L.seed.max}` },
];

export interface ParsedQuery {
  preset: TrainingPreset;
  backend: string | null;
  problems: string[];
}

export function parseQuery(search: string): ParsedQuery {
  const params = new URLSearchParams(search);
  const preset: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const { key, setting, parse, allowed } of KEYS) {
    const raw = params.get(key);
    if (raw === null) continue;
    const r = parse.safeParse(raw);
    if (!r.success) {
      problems.push(`Ignored ?${key}=${raw.slice(0, 24)} in the address: ${allowed}.`);
      continue;
    }
    preset[setting] = r.data;
  }
  return { preset: preset as TrainingPreset, backend: params.get('backend'), problems };
}
