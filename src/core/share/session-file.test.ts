import { describe, expect, it } from 'vitest';
import { DEFAULT_LINK_STATE, type LinkState } from './link-state';
import {
  linkStateToSession,
  MAX_SESSION_FILE_CHARS,
  parseSessionFile,
  serializeSessionFile,
  type SessionContent,
  sessionToLinkState,
} from './session-file';

const FP = '0123456789abcdef';
const content: SessionContent = {
  model: { kind: 'trained', hidden: [16, 8], activation: 'relu', learningRate: 0.05, batchSize: 32, epochs: 2, seed: 7 },
  modelFingerprint: FP,
  method: 'pair',
  steps: [
    [0, 0, 3, 5],
    [0, 1, 2, -1],
    [1, 0, 5, 9],
  ],
  cursor: 2,
  view: { layer: 1, selected: [0, 4], threshold: 0.25, normalization: 'layer' },
};
const when = new Date('2025-03-04T05:06:07.089Z');

function error(text: string, fp?: string): string {
  const r = parseSessionFile(text, fp);
  if (r.ok) throw new Error('expected a rejection');
  return r.error;
}

/** The serialized file with one field changed. */
function edit(change: (o: Record<string, unknown>) => void): string {
  const o = JSON.parse(serializeSessionFile(content, when)) as Record<string, unknown>;
  change(o);
  return JSON.stringify(o);
}

describe('session file', () => {
  it('round-trips to the same state, with the documented header', () => {
    const text = serializeSessionFile(content, when);
    const r = parseSessionFile(text, FP);
    expect(r).toEqual({ ok: true, session: { format: 'neurounify-session', version: 1, savedAt: '2025-03-04T05:06:07.089Z', ...content } });
    expect(parseSessionFile(text).ok).toBe(true);
  });

  it('writes stable, readable JSON: fixed key order, one step per line', () => {
    const text = serializeSessionFile(content, when);
    expect(Object.keys(JSON.parse(text))).toEqual(['format', 'version', 'savedAt', 'model', 'modelFingerprint', 'method', 'steps', 'cursor', 'view']);
    expect(text).toContain('"steps": [\n    [0,0,3,5],\n    [0,1,2,-1],\n    [1,0,5,9]\n  ],');
    expect(serializeSessionFile({ ...content, steps: [], cursor: 0 }, when)).toContain('"steps": [],');
    expect(serializeSessionFile(content, when)).toBe(text);
  });

  it('refuses a session file for another model', () => {
    expect(error(serializeSessionFile(content, when), 'fedcba9876543210')).toBe(
      'this session file is for another model (fingerprint 0123456789abcdef; the current model\'s is fedcba9876543210)',
    );
  });

  it('refuses what is not a session file', () => {
    expect(error('{"format": "neurounify-sess')).toBe('not a NeuroUnify session file: not valid JSON');
    expect(error('{"modelTopology": {}}')).toMatch(/not a NeuroUnify session file \(expected "format": "neurounify-session"\)/);
    expect(error('null')).toMatch(/not a NeuroUnify session file/);
    expect(error(edit((o) => (o.version = 2)))).toMatch(/newer version of NeuroUnify \(version 2\)/);
    expect(error(' '.repeat(MAX_SESSION_FILE_CHARS + 1))).toMatch(/session file too large/);
  });

  it('refuses unknown keys and out-of-range values, naming them', () => {
    expect(error(edit((o) => (o.comment = 'hi')))).toBe('bad session file: Unrecognized key: "comment"');
    expect(error(edit((o) => ((o.view as Record<string, unknown>).zoom = 2)))).toMatch(/view: Unrecognized key: "zoom"/);
    expect(error(edit((o) => ((o.view as Record<string, unknown>).threshold = -0.1)))).toMatch(/view\.threshold: Too small/);
    expect(error(edit((o) => (o.savedAt = 'yesterday')))).toMatch(/savedAt: Invalid ISO datetime/);
    expect(error(edit((o) => (o.modelFingerprint = 'abc')))).toMatch(/modelFingerprint: expected 16 hex digits/);
    expect(error(edit((o) => (o.cursor = 4)))).toMatch(/cursor: 4 is past the 3 steps/);
    expect(error(edit((o) => (o.steps = [[0, 0, 3, 5], [0, 0, 3, 1]])))).toMatch(/steps\[1\]: neuron 3 of layer 0 was already removed/);
    expect(error(edit((o) => ((o.steps = [[0, 2, 3, 5]]), (o.cursor = 1))))).toMatch(/layer 2 but the model has 2 hidden layers/);
    expect(error(edit((o) => (o.model = { kind: 'imported', fingerprint: 'ffffffffffffffff' })))).toMatch(
      /model\.fingerprint: does not match modelFingerprint 0123456789abcdef/,
    );
  });

  it('refuses to write an invalid session', () => {
    expect(() => serializeSessionFile({ ...content, cursor: 9 })).toThrow(/invalid session: cursor: 9 is past/);
  });

  it('converts to and from the link state', () => {
    const r = parseSessionFile(serializeSessionFile(content, when));
    if (!r.ok) throw new Error(r.error);
    const link = sessionToLinkState(r.session);
    const expected: LinkState = { ...DEFAULT_LINK_STATE, model: content.model, method: 'pair', steps: content.steps, cursor: 2, layer: 1, selected: [0, 4], threshold: 0.25, normalization: 'layer' };
    expect(link).toEqual(expected);
    expect(linkStateToSession(link, FP)).toEqual(content);
  });

  it('holds fine-tunes by their settings and position, one per line, and carries them to and from the link state', () => {
    const tuned: SessionContent = { ...content, finetunes: [{ at: 1, epochs: 2, learningRate: 0.001, batchSize: 128, seed: 1 }], cursor: 4 };
    const text = serializeSessionFile(tuned, when);
    expect(Object.keys(JSON.parse(text))).toEqual(['format', 'version', 'savedAt', 'model', 'modelFingerprint', 'method', 'steps', 'finetunes', 'cursor', 'view']);
    expect(text).toContain('"finetunes": [\n    {"at":1,"epochs":2,"learningRate":0.001,"batchSize":128,"seed":1}\n  ],');
    const r = parseSessionFile(text, FP);
    expect(r).toEqual({ ok: true, session: { format: 'neurounify-session', version: 1, savedAt: '2025-03-04T05:06:07.089Z', ...tuned } });
    if (!r.ok) return;
    const link = sessionToLinkState(r.session);
    expect(link.finetunes).toEqual(tuned.finetunes);
    expect(linkStateToSession(link, FP)).toEqual(tuned);
    // Without fine-tunes the file is what it was before they existed.
    expect(serializeSessionFile({ ...content, finetunes: [] }, when)).toBe(serializeSessionFile(content, when));
    expect(error(edit((o) => ((o.finetunes = [{ at: 4, epochs: 1, learningRate: 0.001, batchSize: 128, seed: 1 }]), (o.cursor = 4))))).toMatch(/position 4 is past the history's 4 entries/);
    expect(error(edit((o) => (o.finetunes = [{ at: 0, epochs: 1, learningRate: 0.001, batchSize: 128 }])))).toMatch(/finetunes\.0\.seed/);
  });
});
