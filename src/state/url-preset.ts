/**
 * Query-string presets for the training panel and the backend, for instance
 * ?hidden=64-32&epochs=1&backend=wasm. Each value is checked against the
 * training limits (core/train/limits): anything out of range is dropped with a
 * message, never applied.
 */
import { z } from 'zod';
import { parseHiddenWidths, trainingSettingsSchema, HIDDEN_WIDTHS_HINT, type TrainingSettings } from '../core/train/limits';

export type TrainingPreset = Partial<TrainingSettings>;

const fields = trainingSettingsSchema.shape;

/** Query key, the setting it presets, and how its text becomes a value. */
const KEYS: { key: string; setting: keyof TrainingSettings; parse: z.ZodType }[] = [
  { key: 'hidden', setting: 'hidden', parse: z.string().transform((s, ctx) => parseHiddenWidths(s) ?? (ctx.addIssue({ code: 'custom', message: `hidden widths are ${HIDDEN_WIDTHS_HINT}` }), z.NEVER)) },
  { key: 'activation', setting: 'activation', parse: fields.activation },
  { key: 'lr', setting: 'learningRate', parse: z.coerce.number().pipe(fields.learningRate) },
  { key: 'batch', setting: 'batchSize', parse: z.coerce.number().pipe(fields.batchSize) },
  { key: 'epochs', setting: 'epochs', parse: z.coerce.number().pipe(fields.epochs) },
  { key: 'seed', setting: 'seed', parse: z.coerce.number().pipe(fields.seed) },
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
  for (const { key, setting, parse } of KEYS) {
    const raw = params.get(key);
    if (raw === null) continue;
    const r = parse.safeParse(raw);
    if (!r.success) {
      problems.push(`Ignored ?${key}=${raw.slice(0, 24)}: ${r.error.issues[0].message}`);
      continue;
    }
    preset[setting] = r.data;
  }
  return { preset: preset as TrainingPreset, backend: params.get('backend'), problems };
}
