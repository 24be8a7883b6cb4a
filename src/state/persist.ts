/**
 * The session survives a reload: the model (bundled, or the weights of one
 * trained in this browser), its step history and the view settings are saved
 * to IndexedDB through idb-keyval, a little after every change. "New session"
 * clears it. Saved data is validated on the way back in like any untrusted input.
 */
import { clear, createStore, del, get, set } from 'idb-keyval';
import { z } from 'zod';
import { METHODS } from '../core/compaction';
import type { Mlp } from '../core/model/mlp';
import { mlpFromStored, storedLayersSchema, storedSpecSchema, trainedWithSchema } from './stored-mlp';

const store = typeof indexedDB !== 'undefined' ? createStore('neurounify', 'sessions') : null;
const KEY = 'current';

const stepSchema = z.tuple([z.number().int().min(0).max(METHODS.length - 1), z.number().int().min(0), z.number().int().min(0), z.number().int().min(-1)]);

const savedSchema = z.object({
  version: z.literal(1),
  model: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('bundled') }),
    z.object({
      kind: z.literal('trained'),
      name: z.string().max(200),
      testAccuracy: z.number().min(0).max(1).nullable(),
      spec: storedSpecSchema,
      layers: storedLayersSchema,
      trainedWith: trainedWithSchema.optional(),
    }),
  ]),
  method: z.enum(METHODS as unknown as [string, ...string[]]),
  steps: z.array(stepSchema).max(100_000),
  cursor: z.number().int().min(0),
  view: z.object({ layer: z.number().int().min(0), threshold: z.number().min(0).max(1), normalization: z.enum(['neuron', 'layer', 'global']) }),
});

export type SavedSession = z.infer<typeof savedSchema>;

export function trainedModelOf(saved: SavedSession): Mlp | null {
  return saved.model.kind === 'trained' ? mlpFromStored(saved.model.spec, saved.model.layers) : null;
}

export async function loadSession(): Promise<SavedSession | null> {
  if (!store) return null;
  try {
    const raw = await get(KEY, store);
    if (raw === undefined) return null;
    const parsed = savedSchema.safeParse(raw);
    if (!parsed.success) {
      await del(KEY, store);
      return null;
    }
    return parsed.data;
  } catch {
    return null;
  }
}

let timer: ReturnType<typeof setTimeout> | null = null;

/** Saves a little later, coalescing bursts of changes (playing, scrubbing). */
export function saveSessionSoon(make: () => SavedSession | null, delayMs = 400): void {
  if (!store) return;
  if (timer !== null) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    const value = make();
    if (value) void set(KEY, value, store).catch(() => undefined);
  }, delayMs);
}

export async function clearSession(): Promise<void> {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  if (store) await clear(store);
}
