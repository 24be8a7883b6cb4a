/**
 * The state a shared link reproduces, its validation and its compact codec for the URL hash.
 *
 * Hash text: "s2." + base64url(z + check), z = deflate-raw(level 9)(payload),
 * check = the first CHECK_BYTES bytes of SHA-256(z), so a link damaged in copying is refused
 * instead of opening another state (the check is verified before anything is inflated). "s1."
 * links came from the version with the 8,000 / 2,000 split, whose steps cannot be reproduced on
 * today's model: they are refused, as any unknown format is.
 *
 * Fine-tunes: `finetunes` lists them as { at, epochs, learningRate, batchSize, seed }, `at` being
 * the fine-tune's position in the history (removals and fine-tunes counted together; the cursor
 * counts both too); never their weights. The field is part of the JSON settings and is written only
 * when the history has a fine-tune, so a link without any is byte for byte what it was before
 * fine-tunes existed; a version from before them refuses a link with one (its settings are a
 * strict object: "unrecognised key finetunes") instead of opening the history without it. Payload =
 *   varint(json length) + JSON of the fields other than `steps` that differ from DEFAULT_LINK_STATE
 *   + varint(step count) + four columns (method index, layer, removed id, heir id + 1), each as
 *   one byte giving its width w (1..3) then w byte planes, low byte first (they deflate well).
 * decodeLinkState never throws: the hash length is capped (MAX_HASH_CHARS, checked first), so is
 * the inflated size (MAX_INFLATED_BYTES) and the step count (MAX_STEPS); unknown keys, out-of-range
 * values and garbage give a message, and the caller falls back to defaults.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { inflateSync, deflateSync } from 'fflate';
import { z } from 'zod';
import type { FineTuneAt, StepTuple } from '../compaction/step-tuple';
import { checkFineTunePositions } from '../compaction/step-tuple';
import { METHODS, type Method } from '../compaction/types';
import { NORMALIZATIONS, type Normalization } from '../explore/normalization';
import { MAX_LAYERS, MAX_NEURON_ID } from '../io/limits';
import { TRAINING_LIMITS, trainingSettingsSchema, type TrainingSettings } from '../train/limits';

export const HIDEABLE_CONTROLS = ['training', 'method', 'run-to-target', 'baselines', 'import-export', 'similarity', 'codes', 'timeline'] as const;
export type HideableControl = (typeof HIDEABLE_CONTROLS)[number];

export const MAX_HASH_CHARS = 16_384;
export const MAX_INFLATED_BYTES = 1 << 20;
export const MAX_STEPS = 65_536;
/** Fine-tunes a history may hold (each one trains again when the link opens). */
export const MAX_FINETUNES = 256;

export type ModelSource =
  | { kind: 'bundled' }
  | ({ kind: 'trained' } & TrainingSettings)
  | { kind: 'imported'; fingerprint: string /* hex sha-256 prefix, 16 chars */ };


export interface LinkState {
  v: 2;
  model: ModelSource;
  method: Method;
  /** Removals in order; see StepTuple. */
  steps: StepTuple[];
  /** Fine-tunes with their positions in the history (absent when there is none). */
  finetunes?: FineTuneAt[];
  /** Entries applied (removals and fine-tunes; the rest are redoable). */
  cursor: number;
  layer: number;
  selected: [number, number] | null; // [layer, id]
  threshold: number; // 0..1
  normalization: Normalization;
  /** Controls to hide (classroom links). */
  hide: HideableControl[];
  tour: boolean;
  /** Open in presenter mode (larger type and marks, for a projector). */
  present: boolean;
}

export const DEFAULT_LINK_STATE: LinkState = {
  v: 2,
  model: { kind: 'bundled' },
  method: 'pair',
  steps: [],
  cursor: 0,
  layer: 0,
  selected: null,
  threshold: 0.6,
  normalization: 'neuron',
  hide: [],
  tour: false,
  present: false,
};

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const layerIndex = int(0, MAX_LAYERS - 1);
const neuronId = int(0, MAX_NEURON_ID - 1);

export const modelSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('bundled') }),
  trainingSettingsSchema.extend({ kind: z.literal('trained') }),
  z.strictObject({ kind: z.literal('imported'), fingerprint: z.string().regex(/^[0-9a-f]{16}$/, 'expected 16 hex digits') }),
]);

/** A fine-tune's settings: the training panel's limits. */
export const fineTuneSettingsSchema = z.strictObject({
  epochs: int(TRAINING_LIMITS.epochs.min, TRAINING_LIMITS.epochs.max),
  learningRate: z.number().min(TRAINING_LIMITS.learningRate.min).max(TRAINING_LIMITS.learningRate.max),
  batchSize: int(TRAINING_LIMITS.batchSize.min, TRAINING_LIMITS.batchSize.max),
  seed: int(TRAINING_LIMITS.seed.min, TRAINING_LIMITS.seed.max),
});

export const fineTuneAtSchema = fineTuneSettingsSchema.extend({ at: int(0, MAX_STEPS + MAX_FINETUNES - 1) });
export const fineTunesSchema = z.array(fineTuneAtSchema).max(MAX_FINETUNES);

export const stepSchema = z.tuple([int(0, METHODS.length - 1), layerIndex, neuronId, int(-1, MAX_NEURON_ID - 1)]);
export const methodSchema = z.enum(METHODS as [Method, ...Method[]]);
export const viewSchema = {
  layer: layerIndex,
  selected: z.tuple([layerIndex, neuronId]).nullable(),
  threshold: z.number().min(0).max(1),
  normalization: z.enum(NORMALIZATIONS),
};

/**
 * Consistency of a history: no neuron removed twice or inheriting once removed; within the widths
 * of a trained model; fine-tunes in order within the history; the cursor within it.
 */
export function checkSteps(model: ModelSource, steps: readonly StepTuple[], cursor: number, layer: number, finetunes: readonly FineTuneAt[] = []): string | null {
  const total = steps.length + finetunes.length;
  if (cursor > total) return finetunes.length ? `cursor: ${cursor} is past the ${total} entries (${steps.length} steps, ${finetunes.length} fine-tunes)` : `cursor: ${cursor} is past the ${steps.length} steps`;
  const order = checkFineTunePositions(finetunes, steps.length);
  if (order) return order;
  const hidden = model.kind === 'trained' ? model.hidden : null;
  if (hidden && layer >= hidden.length) return `layer: ${layer} but the model has ${hidden.length} hidden layers`;
  const removed = new Map<number, Set<number>>();
  for (let k = 0; k < steps.length; k++) {
    const [, l, id, heir] = steps[k];
    const at = `steps[${k}]`;
    if (hidden && l >= hidden.length) return `${at}: layer ${l} but the model has ${hidden.length} hidden layers`;
    if (hidden && (id >= hidden[l] || heir >= hidden[l])) return `${at}: neuron id out of range for layer ${l} of width ${hidden[l]}`;
    const gone = removed.get(l) ?? new Set<number>();
    removed.set(l, gone);
    if (gone.has(id)) return `${at}: neuron ${id} of layer ${l} was already removed`;
    if (heir === id) return `${at}: neuron ${id} cannot inherit from itself`;
    if (heir >= 0 && gone.has(heir)) return `${at}: heir ${heir} of layer ${l} was already removed`;
    gone.add(id);
    if (hidden && gone.size >= hidden[l]) return `${at}: would remove every neuron of layer ${l}`;
  }
  return null;
}

const fieldsSchema = z.strictObject({
  v: z.literal(2),
  model: modelSourceSchema,
  method: methodSchema,
  cursor: int(0, MAX_STEPS + MAX_FINETUNES),
  finetunes: fineTunesSchema.optional(),
  ...viewSchema,
  hide: z.array(z.enum(HIDEABLE_CONTROLS)).max(HIDEABLE_CONTROLS.length).refine((h) => new Set(h).size === h.length, 'lists a control twice'),
  tour: z.boolean(),
  present: z.boolean(),
});

export const linkStateSchema = fieldsSchema.extend({ steps: z.array(stepSchema).max(MAX_STEPS) }).superRefine((s, ctx) => {
  const problem = checkSteps(s.model, s.steps as StepTuple[], s.cursor, s.layer, s.finetunes ?? []);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** "path: message" for the first few issues of a zod error. */
export function describeIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

// ---- bytes ----

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

export function toBase64Url(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) s += B64[(n >> (18 - 6 * c)) & 63];
  }
  return s;
}

/** Bytes of base64url text (no padding), or null if it is not base64url. */
export function fromBase64Url(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(s) || s.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((s.length * 6) / 8));
  let [acc, bits, o] = [0, 0, 0];
  for (let i = 0; i < s.length; i++) {
    acc = ((acc << 6) | B64.indexOf(s[i])) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 255;
    }
  }
  return out;
}

class Writer {
  bytes: number[] = [];
  varint(n: number): void {
    for (; n >= 128; n = Math.floor(n / 128)) this.bytes.push((n % 128) | 128);
    this.bytes.push(n);
  }
  column(values: number[]): void {
    let w = 1;
    for (const v of values) while (v >= 256 ** w) w++;
    this.bytes.push(w);
    for (let b = 0; b < w; b++) for (const v of values) this.bytes.push(Math.floor(v / 256 ** b) % 256);
  }
}

class Reader {
  pos = 0;
  constructor(private readonly b: Uint8Array) {}
  take(n: number): Uint8Array {
    if (this.pos + n > this.b.length) throw new Error('garbled link: cut short');
    return this.b.subarray(this.pos, (this.pos += n));
  }
  varint(): number {
    let n = 0;
    for (let shift = 1; shift <= 2 ** 28; shift *= 128) {
      const byte = this.take(1)[0];
      n += (byte & 127) * shift;
      if (byte < 128) return n;
    }
    throw new Error('garbled link: bad length');
  }
  column(n: number): number[] {
    const w = this.take(1)[0];
    if (w < 1 || w > 3) throw new Error('garbled link: bad step column');
    const planes = this.take(w * n);
    return Array.from({ length: n }, (_, k) => planes[k] + 256 * (planes[n + k] ?? 0) + 65536 * (planes[2 * n + k] ?? 0));
  }
}

// ---- codec ----

/** Why a link was refused, for a message in plain words: it is damaged, from another version, or holds values not accepted. */
export type LinkProblem = 'empty' | 'damaged' | 'older' | 'newer' | 'foreign' | 'invalid';

export type DecodeResult = { ok: true; state: LinkState } | { ok: false; error: string; problem: LinkProblem };

/** Compact hash text for a state (without the leading '#'). Throws if the state is itself invalid (a bug in the caller). */
export function encodeLinkState(s: LinkState): string {
  const check = linkStateSchema.safeParse(s);
  if (!check.success) throw new Error(`encodeLinkState: invalid state: ${describeIssues(check.error)}`);
  const fields: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'finetunes' && !(v as FineTuneAt[]).length) continue;
    if (k !== 'steps' && k !== 'v' && v !== undefined && JSON.stringify(v) !== JSON.stringify(DEFAULT_LINK_STATE[k as keyof LinkState])) fields[k] = v;
  }
  const json = Object.keys(fields).length ? new TextEncoder().encode(JSON.stringify(fields)) : new Uint8Array(0);
  const w = new Writer();
  w.varint(json.length);
  w.bytes.push(...json);
  w.varint(s.steps.length);
  if (s.steps.length) for (let c = 0; c < 4; c++) w.column(s.steps.map((t) => (c === 3 ? t[c] + 1 : t[c])));
  return sealLinkPayload(Uint8Array.from(w.bytes));
}

/** The current format's prefix. */
export const LINK_PREFIX = 's2.';
/** Bytes of SHA-256 that check a link's data (a damaged link passes with probability 2^-32). */
export const CHECK_BYTES = 4;

/** Hash text for payload bytes: deflated, checked, base64url. (Exported so tests can forge links the encoder would never write.) */
export function sealLinkPayload(payload: Uint8Array): string {
  const z = deflateSync(payload, { level: 9 });
  const out = new Uint8Array(z.length + CHECK_BYTES);
  out.set(z);
  out.set(sha256(z).subarray(0, CHECK_BYTES), z.length);
  return `${LINK_PREFIX}${toBase64Url(out)}`;
}

/** Parses hash text ('#' optional) into a validated state, or a message saying what is wrong. Never throws. */
export function decodeLinkState(hash: string): DecodeResult {
  try {
    return decode(hash);
  } catch (e) {
    return { ok: false, problem: 'damaged', error: e instanceof Error && e.message.startsWith('garbled') ? e.message : 'garbled link' };
  }
}

/** Reused by every decode (decoding is synchronous and copies what it keeps). */
let inflateBuffer: Uint8Array | undefined;

function decode(hash: string): DecodeResult {
  const fail = (error: string, problem: LinkProblem = 'damaged'): DecodeResult => ({ ok: false, error, problem });
  if (typeof hash !== 'string') return fail('no link state', 'empty');
  const length = hash.length - (hash.startsWith('#') ? 1 : 0);
  if (length > MAX_HASH_CHARS) return fail(`link too long: ${length} characters, the cap is ${MAX_HASH_CHARS}`);
  const text = hash.startsWith('#') ? hash.slice(1) : hash;
  if (text.length === 0) return fail('no link state', 'empty');
  const prefix = LINK_PREFIX;
  if (!text.startsWith(prefix)) {
    const other = /^s(\d+)\./.exec(text);
    if (!other) return fail(`not a NeuroUnify link (expected it to start with "${LINK_PREFIX}")`, 'foreign');
    return Number(other[1]) < 2
      ? fail(`link made by an earlier version of NeuroUnify (format s${other[1]}), with another data split: its steps cannot be reproduced`, 'older')
      : fail(`link made by a newer version of NeuroUnify (format s${other[1]})`, 'newer');
  }
  const sealed = fromBase64Url(text.slice(prefix.length));
  if (!sealed) {
    const bad = text.slice(prefix.length).search(/[^A-Za-z0-9_-]/);
    return fail(bad >= 0 ? `garbled link: unexpected character "${text[bad + prefix.length]}" at position ${bad + prefix.length}` : 'garbled link: cut short');
  }
  if (sealed.length <= CHECK_BYTES) return fail('garbled link: cut short');
  const bytes = sealed.subarray(0, sealed.length - CHECK_BYTES);
  const check = sha256(bytes).subarray(0, CHECK_BYTES);
  if (!check.every((b, i) => b === sealed[bytes.length + i])) return fail('garbled link: its check does not match (damaged or cut short in copying)');
  let raw: Uint8Array;
  try {
    // fflate drops writes past the end of a given buffer, so one byte over the cap means "too large".
    inflateBuffer ??= new Uint8Array(MAX_INFLATED_BYTES + 1);
    raw = inflateSync(bytes, { out: inflateBuffer });
  } catch {
    return fail('garbled link: the data does not decompress (corrupt or cut short)');
  }
  if (raw.length > MAX_INFLATED_BYTES) return fail(`garbled link: decompresses to more than the cap of ${MAX_INFLATED_BYTES} bytes`);
  const r = new Reader(raw);
  const jsonBytes = r.take(r.varint());
  let fields: unknown = {};
  if (jsonBytes.length) {
    try {
      fields = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(jsonBytes));
    } catch {
      return fail('garbled link: the settings are not valid JSON');
    }
  }
  const partial = fieldsSchema.partial().safeParse(fields);
  if (!partial.success) return fail(`bad link: ${describeIssues(partial.error)}`, 'invalid');
  const n = r.varint();
  if (n > MAX_STEPS) return fail(`bad link: ${n} steps, over the cap of ${MAX_STEPS}`, 'invalid');
  const cols = n ? [r.column(n), r.column(n), r.column(n), r.column(n)] : [[], [], [], []];
  if (r.pos !== raw.length) return fail('garbled link: unexpected bytes after the steps');
  const steps = cols[0].map((m, k): StepTuple => [m, cols[1][k], cols[2][k], cols[3][k] - 1]);
  const full = linkStateSchema.safeParse({ ...DEFAULT_LINK_STATE, ...partial.data, steps });
  if (!full.success) return fail(`bad link: ${describeIssues(full.error)}`, 'invalid');
  const state = full.data as LinkState;
  if (state.finetunes && !state.finetunes.length) delete state.finetunes;
  return { ok: true, state };
}
