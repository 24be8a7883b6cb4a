/**
 * Trained models saved by name in IndexedDB (idb-keyval), to reopen later.
 * Entries are validated on the way back in, like any stored input.
 */
import { createStore, del, entries, set } from 'idb-keyval';
import { z } from 'zod';
import type { Mlp } from '../core/model/mlp';
import { mlpFromStored, storedLayersSchema, storedSpecSchema, trainedWithSchema } from './stored-mlp';
import type { TrainingSettingsState } from './types';

const store = typeof indexedDB !== 'undefined' ? createStore('neurounify-models', 'models') : null;

const entrySchema = z.object({
  name: z.string().min(1).max(80),
  savedAt: z.string(),
  testAccuracy: z.number().min(0).max(1).nullable(),
  spec: storedSpecSchema,
  layers: storedLayersSchema,
  trainedWith: trainedWithSchema.optional(),
});

export type SavedModel = z.infer<typeof entrySchema>;

/** The entry's model, or null when its arrays do not fit its shape. */
export function modelOfEntry(e: SavedModel): Mlp | null {
  return mlpFromStored(e.spec, e.layers);
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
