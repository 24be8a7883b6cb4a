/**
 * Trained models saved by name in the browser (services().modelStore), to
 * reopen later. Entries are validated on the way back in, like any stored input.
 */
import { z } from 'zod';
import type { Mlp } from '../core/model/mlp';
import { services } from './services';
import { mlpFromStored, storedLayersSchema, storedSpecSchema, trainedWithSchema } from './stored-mlp';
import type { TrainingSettingsState } from './types';

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
  const store = services().modelStore;
  if (!store) return [];
  const all = await store.entries();
  return all
    .map(([, v]) => entrySchema.safeParse(v))
    .flatMap((r) => (r.success ? [r.data] : []))
    .sort((a, b) => b.savedAt.localeCompare(a.savedAt));
}

export async function saveModel(name: string, mlp: Mlp, testAccuracy: number | null, trainedWith?: TrainingSettingsState): Promise<void> {
  const store = services().modelStore;
  if (!store) throw new Error('this browser has no storage for models');
  const entry: SavedModel = { name, savedAt: new Date().toISOString(), testAccuracy, spec: { ...mlp.spec, hidden: [...mlp.spec.hidden] }, layers: mlp.layers, trainedWith };
  await store.set(name, entry);
}

export async function deleteSavedModel(name: string): Promise<void> {
  await services().modelStore?.del(name);
}
