/**
 * Trained models saved by name in IndexedDB (idb-keyval), to reopen later.
 * Entries are validated on the way back in, like any stored input.
 */
import { createStore, del, entries, set } from 'idb-keyval';
import { z } from 'zod';
import type { Mlp } from '../core/model/mlp';
import { ACTIVATIONS } from '../core/model/spec';
import type { TrainingSettingsState } from './types';

const store = typeof indexedDB !== 'undefined' ? createStore('neurounify-models', 'models') : null;
const float32 = z.custom<Float32Array>((v) => v instanceof Float32Array, 'expected a Float32Array');

const entrySchema = z.object({
  name: z.string().min(1).max(80),
  savedAt: z.string(),
  testAccuracy: z.number().min(0).max(1).nullable(),
  spec: z.object({
    inputSize: z.number().int().positive(),
    hidden: z.array(z.number().int().positive()).min(1).max(8),
    numClasses: z.number().int().min(2),
    activation: z.enum(ACTIVATIONS as unknown as [string, ...string[]]),
  }),
  layers: z.array(z.object({ inSize: z.number().int(), outSize: z.number().int(), W: float32, b: float32 })),
  trainedWith: z.unknown().optional(),
});

export type SavedModel = z.infer<typeof entrySchema>;

export function modelOfEntry(e: SavedModel): Mlp {
  return { spec: { ...e.spec, activation: e.spec.activation as Mlp['spec']['activation'] }, layers: e.layers };
}

export async function listSavedModels(): Promise<SavedModel[]> {
  if (!store) return [];
  const all = await entries(store);
  return all
    .map(([, v]) => entrySchema.safeParse(v))
    .flatMap((r) => (r.success ? [r.data] : []))
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

export async function saveModel(name: string, mlp: Mlp, testAccuracy: number | null, trainedWith?: TrainingSettingsState): Promise<void> {
  if (!store) throw new Error('this browser has no IndexedDB');
  const entry: SavedModel = { name, savedAt: new Date().toISOString(), testAccuracy, spec: { ...mlp.spec, hidden: [...mlp.spec.hidden] }, layers: mlp.layers, trainedWith };
  await set(name, entry, store);
}

export async function deleteSavedModel(name: string): Promise<void> {
  if (store) await del(name, store);
}
