/**
 * A session file (JSON): the model source and fingerprint, the step history and the view,
 * so a session imports back to exactly the same state. Validated strictly with zod (unknown
 * keys refused), with the same limits as links; parseSessionFile never throws and, given the
 * current model's fingerprint, refuses a session made on another model.
 *
 * Fine-tunes: a "finetunes" list after "steps", one per line, { at, epochs, learningRate,
 * batchSize, seed } (`at`: the position in the history, removals and fine-tunes counted
 * together, as the cursor counts them), written only when the history has one. A file without
 * fine-tunes is what it was before they existed; a version from before them refuses a file with
 * one (unknown key) instead of importing the history without it.
 */
import { z } from 'zod';
import type { FineTuneAt, StepTuple } from '../compaction/step-tuple';
import type { Method } from '../compaction/types';
import type { Normalization } from '../explore/normalization';
import {
  checkSteps,
  DEFAULT_LINK_STATE,
  describeIssues,
  fineTunesSchema,
  type LinkState,
  MAX_FINETUNES,
  MAX_STEPS,
  methodSchema,
  type ModelSource,
  modelSourceSchema,
  stepSchema,
  viewSchema,
} from './link-state';

export const SESSION_FORMAT = 'neurounify-session';
export const SESSION_VERSION = 1;
/** Files longer than this are refused before parsing. */
export const MAX_SESSION_FILE_CHARS = 4 << 20;

export interface SessionView {
  layer: number;
  selected: [number, number] | null;
  threshold: number;
  normalization: Normalization;
}

export interface SessionFile {
  format: typeof SESSION_FORMAT;
  version: typeof SESSION_VERSION;
  /** ISO 8601 time of saving. */
  savedAt: string;
  model: ModelSource;
  /** modelFingerprint() of the model the steps apply to (16 hex digits). */
  modelFingerprint: string;
  method: Method;
  steps: StepTuple[];
  /** Fine-tunes with their positions in the history (absent when there is none). */
  finetunes?: FineTuneAt[];
  cursor: number;
  view: SessionView;
}

export type SessionContent = Omit<SessionFile, 'format' | 'version' | 'savedAt'>;

const fingerprint = z.string().regex(/^[0-9a-f]{16}$/, 'expected 16 hex digits');

export const sessionFileSchema = z
  .strictObject({
    format: z.literal(SESSION_FORMAT),
    version: z.literal(SESSION_VERSION),
    savedAt: z.iso.datetime({ offset: true }),
    model: modelSourceSchema,
    modelFingerprint: fingerprint,
    method: methodSchema,
    steps: z.array(stepSchema).max(MAX_STEPS),
    finetunes: fineTunesSchema.optional(),
    cursor: z.number().int().min(0).max(MAX_STEPS + MAX_FINETUNES),
    view: z.strictObject(viewSchema),
  })
  .superRefine((s, ctx) => {
    const problem = checkSteps(s.model, s.steps as StepTuple[], s.cursor, s.view.layer, s.finetunes ?? []);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
    if (s.model.kind === 'imported' && s.model.fingerprint !== s.modelFingerprint) {
      ctx.addIssue({ code: 'custom', path: ['model', 'fingerprint'], message: `does not match modelFingerprint ${s.modelFingerprint}` });
    }
  });

/**
 * Pretty JSON with a stable key order and one step per line. Throws if the content is
 * invalid (a bug in the caller), so a saved file always parses back.
 */
export function serializeSessionFile(content: SessionContent, savedAt: Date = new Date()): string {
  const file: SessionFile = {
    format: SESSION_FORMAT,
    version: SESSION_VERSION,
    savedAt: savedAt.toISOString(),
    model: content.model,
    modelFingerprint: content.modelFingerprint,
    method: content.method,
    steps: content.steps,
    ...(content.finetunes?.length ? { finetunes: content.finetunes.map((f) => ({ at: f.at, epochs: f.epochs, learningRate: f.learningRate, batchSize: f.batchSize, seed: f.seed })) } : {}),
    cursor: content.cursor,
    view: { layer: content.view.layer, selected: content.view.selected, threshold: content.view.threshold, normalization: content.view.normalization },
  };
  const check = sessionFileSchema.safeParse(file);
  if (!check.success) throw new Error(`serializeSessionFile: invalid session: ${describeIssues(check.error)}`);
  // Validated values hold no such string, so the placeholder is unique.
  const lines = (items: readonly unknown[]) => (items.length ? `[\n${items.map((t) => `    ${JSON.stringify(t)}`).join(',\n')}\n  ]` : '[]');
  const text = JSON.stringify({ ...file, steps: '@steps@', ...(file.finetunes ? { finetunes: '@finetunes@' } : {}) }, null, 2)
    .replace('"@steps@"', () => lines(file.steps))
    .replace('"@finetunes@"', () => lines(file.finetunes ?? []));
  return `${text}\n`;
}

export type SessionParseResult = { ok: true; session: SessionFile } | { ok: false; error: string };

/**
 * Parses and validates a session file. With `expectedFingerprint` (the current model's
 * modelFingerprint), a file made on another model is refused. Never throws.
 */
export function parseSessionFile(text: string, expectedFingerprint?: string): SessionParseResult {
  try {
    return parse(text, expectedFingerprint);
  } catch {
    return { ok: false, error: 'not a NeuroUnify session file' };
  }
}

function parse(text: string, expectedFingerprint?: string): SessionParseResult {
  const fail = (error: string): SessionParseResult => ({ ok: false, error });
  if (typeof text !== 'string') return fail('not a NeuroUnify session file');
  if (text.length > MAX_SESSION_FILE_CHARS) {
    return fail(`session file too large: ${text.length} characters, the cap is ${MAX_SESSION_FILE_CHARS}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('not a NeuroUnify session file: not valid JSON');
  }
  if (typeof json !== 'object' || json === null || (json as { format?: unknown }).format !== SESSION_FORMAT) {
    return fail(`not a NeuroUnify session file (expected "format": "${SESSION_FORMAT}")`);
  }
  const version = (json as { version?: unknown }).version;
  if (typeof version === 'number' && version > SESSION_VERSION) {
    return fail(`session file made by a newer version of NeuroUnify (version ${version})`);
  }
  const r = sessionFileSchema.safeParse(json);
  if (!r.success) return fail(`bad session file: ${describeIssues(r.error)}`);
  const session = r.data as SessionFile;
  if (session.finetunes && !session.finetunes.length) delete session.finetunes;
  if (expectedFingerprint !== undefined && session.modelFingerprint !== expectedFingerprint) {
    return fail(
      `this session file is for another model (fingerprint ${session.modelFingerprint}; the current model's is ${expectedFingerprint})`,
    );
  }
  return { ok: true, session };
}

/** The link state a session reproduces (no hidden controls, no tour). */
export function sessionToLinkState(s: SessionFile): LinkState {
  return {
    ...DEFAULT_LINK_STATE,
    model: s.model,
    method: s.method,
    steps: s.steps.map((t): StepTuple => [...t]),
    ...(s.finetunes?.length ? { finetunes: s.finetunes.map((f) => ({ ...f })) } : {}),
    cursor: s.cursor,
    layer: s.view.layer,
    selected: s.view.selected,
    threshold: s.view.threshold,
    normalization: s.view.normalization,
  };
}

/** The session content of a link state, given the model's fingerprint. */
export function linkStateToSession(s: LinkState, modelFingerprint: string): SessionContent {
  return {
    model: s.model,
    modelFingerprint,
    method: s.method,
    steps: s.steps.map((t): StepTuple => [...t]),
    ...(s.finetunes?.length ? { finetunes: s.finetunes.map((f) => ({ ...f })) } : {}),
    cursor: s.cursor,
    view: { layer: s.layer, selected: s.selected, threshold: s.threshold, normalization: s.normalization },
  };
}
