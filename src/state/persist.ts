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
import { ACTIVATIONS } from '../core/model/spec';

const store = typeof indexedDB !== 'undefined' ? createStore('neurounify', 'sessions') : null;
const KEY = 'current';

const float32 = z.custom<Float32Array>((v) => v instanceof Float32Array, 'expected a Float32Array');

const stepSchema = z.tuple([z.number().int().min(0).max(METHODS.length - 1), z.number().int().min(0), z.number().int().min(0), z.number().int().min(-1)]);

const savedSchema = z.object({
  version: z.literal(1),
  model: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('bundled') }),
    z.object({
      kind: z.literal('trained'),
      name: z.string().max(200),
      testAccuracy: z.number().min(0).max(1).nullable(),
      spec: z.object({
        inputSize: z.number().int().positive(),
        hidden: z.array(z.number().int().positive()).min(1).max(8),
        numClasses: z.number().int().min(2),
        activation: z.enum(ACTIVATIONS as unknown as [string, ...string[]]),
      }),
      layers: z.array(z.object({ inSize: z.number().int(), outSize: z.number().int(), W: float32, b: float32 })),
      /** The settings it was trained with (links rebuild the model from them). */
      trainedWith: z
        .object({
          hidden: z.array(z.number().int().positive()).min(1).max(8),
          activation: z.enum(ACTIVATIONS as unknown as [string, ...string[]]),
          learningRate: z.number().positive(),
          batchSize: z.number().int().positive(),
          epochs: z.number().int().positive(),
          seed: z.number().int().min(0),
        })
        .optional(),
    }),
  ]),
  method: z.enum(METHODS as unknown as [string, ...string[]]),
  steps: z.array(stepSchema).max(100_000),
  cursor: z.number().int().min(0),
  view: z.object({ layer: z.number().int().min(0), threshold: z.number().min(0).max(1), normalization: z.enum(['neuron', 'layer', 'global']) }),
});

export type SavedSession = z.infer<typeof savedSchema>;

export function trainedModelOf(saved: SavedSession): Mlp | null {
  if (saved.model.kind !== 'trained') return null;
  const m = saved.model;
  const ok = m.layers.every((l, i) => l.W.length === l.inSize * l.outSize && l.b.length === l.outSize && (i === 0 ? l.inSize === m.spec.inputSize : l.inSize === m.layers[i - 1].outSize));
  if (!ok) return null;
  return { spec: { ...m.spec, activation: m.spec.activation as Mlp['spec']['activation'] }, layers: m.layers };
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
