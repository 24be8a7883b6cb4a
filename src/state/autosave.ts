/**
 * The saved work survives a reload: the model (bundled, or the weights of one
 * trained in this browser), its step history and the view settings are kept
 * in the browser's storage (services().workStore) as they change. "New session" clears it. Saved work is validated on the way back in
 * like any untrusted input.
 *
 * Fine-tunes are kept as links keep them: `finetunes: [{ at, epochs, learningRate, batchSize,
 * seed }]`, never their weights (a restore trains them again). A save with fine-tunes is version 2,
 * so a version from before them sets it aside instead of restoring the history without them; a
 * save without any stays version 1, as before.
 */
import { z } from 'zod';
import { METHODS } from '../core/compaction';
import { checkFineTunePositions, type FineTuneAt } from '../core/compaction/step-tuple';
import { fineTunesSchema } from '../core/share/link-state';
import { NORMALIZATIONS } from '../core/explore/normalization';
import type { Mlp } from '../core/model/mlp';
import { services } from './services';
import { mlpFromStored, storedLayersSchema, storedSpecSchema, trainedWithSchema } from './stored-mlp';

const KEY = 'current';

const stepSchema = z.tuple([z.number().int().min(0).max(METHODS.length - 1), z.number().int().min(0), z.number().int().min(0), z.number().int().min(-1)]);

const savedWorkSchema = z.object({
  /** 2 when the history has a fine-tune (see above). */
  version: z.union([z.literal(1), z.literal(2)]),
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
  finetunes: fineTunesSchema.optional(),
  cursor: z.number().int().min(0),
  view: z.object({ layer: z.number().int().min(0), threshold: z.number().min(0).max(1), normalization: z.enum(NORMALIZATIONS) }),
}).superRefine((w, ctx) => {
  const problem = checkFineTunePositions(w.finetunes ?? [], w.steps.length);
  if (problem) ctx.addIssue({ code: 'custom', path: ['finetunes'], message: problem });
  if (w.finetunes?.length && w.version < 2) ctx.addIssue({ code: 'custom', path: ['version'], message: 'a save with fine-tunes is version 2' });
});

export type SavedWork = z.infer<typeof savedWorkSchema>;

/** The version and fine-tunes fields of a save of this history (version 2 only with fine-tunes). */
export function savedFineTunes(finetunes: readonly FineTuneAt[]): Pick<SavedWork, 'version' | 'finetunes'> {
  return finetunes.length ? { version: 2, finetunes: finetunes.map((f) => ({ ...f })) } : { version: 1 };
}

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

/** Why the work cannot be saved (the storage is missing or refused a write), or null while saving works. */
export type SaveTrouble = { reason: string } | null;

/** The writer: one write at a time; changes meanwhile fold into one more write of the latest work. */
const writer: { busy: boolean; again: (() => SavedWork | null) | null; onTrouble: (t: SaveTrouble) => void; troubled: boolean } = {
  busy: false,
  again: null,
  onTrouble: () => undefined,
  troubled: false,
};

/** Called with a reason when saving stops working, and with null when it works again. */
export function onSaveTrouble(report: (t: SaveTrouble) => void): void {
  writer.onTrouble = report;
}

/**
 * Saves the work now (steps are kept as they are taken: a reload right after
 * a ×10 keeps every finished step). While a write is under way, later changes
 * wait and are written once, as the latest work.
 */
export function saveWork(make: () => SavedWork | null): void {
  const store = services().workStore;
  if (!store) {
    trouble({ reason: 'this browser gives NeuroUnify no storage (IndexedDB is missing, for instance in some private windows)' });
    return;
  }
  if (writer.busy) {
    writer.again = make;
    return;
  }
  const value = make();
  if (!value) return;
  writer.busy = true;
  store.set(KEY, value).then(
    () => trouble(null),
    (e: unknown) => trouble({ reason: `the browser refused to store it (${e instanceof Error ? e.message : String(e)}); its storage may be full` }),
  ).finally(() => {
    writer.busy = false;
    const next = writer.again;
    writer.again = null;
    if (next) saveWork(next);
  });
}

function trouble(t: SaveTrouble): void {
  if ((t !== null) === writer.troubled) return;
  writer.troubled = t !== null;
  writer.onTrouble(t);
}

export async function clearWork(): Promise<void> {
  writer.again = null;
  await services().workStore?.del(KEY);
}
