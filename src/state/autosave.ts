/**
 * The saved work survives a reload: the model (bundled, or the weights of one
 * trained in this browser), its step history and the view settings are kept
 * in the browser's storage (services().workStore), a little after every
 * change. "New session" clears it. Saved work is validated on the way back in
 * like any untrusted input.
 */
import { z } from 'zod';
import { METHODS } from '../core/compaction';
import { NORMALIZATIONS } from '../core/explore/normalization';
import type { Mlp } from '../core/model/mlp';
import { services } from './services';
import { mlpFromStored, storedLayersSchema, storedSpecSchema, trainedWithSchema } from './stored-mlp';

const KEY = 'current';

const stepSchema = z.tuple([z.number().int().min(0).max(METHODS.length - 1), z.number().int().min(0), z.number().int().min(0), z.number().int().min(-1)]);

const savedWorkSchema = z.object({
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
  view: z.object({ layer: z.number().int().min(0), threshold: z.number().min(0).max(1), normalization: z.enum(NORMALIZATIONS) }),
});

export type SavedWork = z.infer<typeof savedWorkSchema>;

export function trainedModelOf(saved: SavedWork): Mlp | null {
  return saved.model.kind === 'trained' ? mlpFromStored(saved.model.spec, saved.model.layers) : null;
}

export type LoadedWork = { ok: true; work: SavedWork } | { ok: false; raw: unknown; reason: string } | null;

/** The saved work; a save that does not validate comes back as it is, with the reason (nothing is deleted). */
export async function loadWork(): Promise<LoadedWork> {
  const store = services().workStore;
  if (!store) return null;
  let raw: unknown;
  try {
    raw = await store.get(KEY);
  } catch (e) {
    return { ok: false, raw: undefined, reason: `the browser's storage could not be read (${e instanceof Error ? e.message : String(e)})` };
  }
  if (raw === undefined) return null;
  const parsed = savedWorkSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { ok: false, raw, reason: `${issue.path.join('.') || 'the save'}: ${issue.message}` };
  }
  return { ok: true, work: parsed.data };
}

/** Moves a save that could not be restored out of the way (kept under its own key), so new work can be saved. */
export async function setAsideWork(raw: unknown): Promise<void> {
  const store = services().workStore;
  if (!store || raw === undefined) return;
  await store.set(`${BROKEN_PREFIX}${new Date().toISOString()}`, raw);
  await store.del(KEY);
}

/** Keys under which saves that could not be restored are kept. */
export const BROKEN_PREFIX = 'unrestorable-';

/** A save as JSON text a person can keep (typed arrays become plain arrays). */
export function workAsJson(raw: unknown): string {
  return JSON.stringify(raw, (_k, v: unknown) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v), 1);
}

let timer: ReturnType<typeof setTimeout> | null = null;

/** Saves a little later, coalescing bursts of changes (playing, scrubbing). */
export function saveWorkSoon(make: () => SavedWork | null, delayMs = 400): void {
  const store = services().workStore;
  if (!store) return;
  if (timer !== null) clearTimeout(timer);
  timer = setTimeout(() => {
    timer = null;
    const value = make();
    if (value) void store.set(KEY, value).catch(() => undefined);
  }, delayMs);
}

export async function clearWork(): Promise<void> {
  if (timer !== null) clearTimeout(timer);
  timer = null;
  await services().workStore?.del(KEY);
}
