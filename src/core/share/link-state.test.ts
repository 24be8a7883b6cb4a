import { deflateSync } from 'fflate';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { makeRng } from '../random';
import {
  decodeLinkState,
  DEFAULT_LINK_STATE,
  encodeLinkState,
  fromBase64Url,
  type LinkState,
  MAX_HASH_CHARS,
  sealLinkPayload,
  toBase64Url,
} from './link-state';
import type { StepTuple } from '../compaction/step-tuple';

/** A plausible compaction history: neurons removed from a 300-100 model, each either with an heir or not. */
function history(n: number, seed = 1, methods = [0]): StepTuple[] {
  const rng = makeRng(seed);
  const alive = [Array.from({ length: 300 }, (_, i) => i), Array.from({ length: 100 }, (_, i) => i)];
  const steps: StepTuple[] = [];
  for (let k = 0; k < n; k++) {
    const l = alive[1].length > 1 && (alive[0].length <= 1 || rng() < 0.25) ? 1 : 0;
    const id = alive[l].splice(Math.floor(rng() * alive[l].length), 1)[0];
    const heir = rng() < 0.8 ? alive[l][Math.floor(rng() * alive[l].length)] : -1;
    steps.push([methods[k % methods.length], l, id, heir]);
  }
  return steps;
}

const trained: LinkState = {
  v: 2,
  model: { kind: 'trained', hidden: [300, 100], activation: 'tanh', learningRate: 0.0123, batchSize: 64, epochs: 3, seed: 42 },
  method: 'ls',
  steps: history(20),
  cursor: 12,
  layer: 1,
  selected: [1, 7],
  threshold: 0.35,
  normalization: 'global',
  hide: ['training', 'codes'],
  tour: true,
  present: true,
};

/** Hash text for an arbitrary payload, to forge links the encoder would never write. */
function forge(fields: unknown, stepBytes: number[] = [0]): string {
  const json = fields === undefined ? [] : Array.from(new TextEncoder().encode(JSON.stringify(fields)));
  const length = json.length < 128 ? [json.length] : [(json.length & 127) | 128, json.length >> 7];
  return sealLinkPayload(Uint8Array.from([...length, ...json, ...stepBytes]));
}

function error(hash: string): string {
  const r = decodeLinkState(hash);
  if (r.ok) throw new Error('expected a rejection');
  return r.error;
}

describe('link state codec', () => {
  it('round-trips the default state to a tiny hash', () => {
    const h = encodeLinkState(DEFAULT_LINK_STATE);
    expect(h.length).toBeLessThan(16);
    expect(decodeLinkState(h)).toEqual({ ok: true, state: DEFAULT_LINK_STATE });
    expect(decodeLinkState(`#${h}`)).toEqual({ ok: true, state: DEFAULT_LINK_STATE });
  });

  it('round-trips every field, including imported models and all methods', () => {
    expect(decodeLinkState(encodeLinkState(trained))).toEqual({ ok: true, state: trained });
    const imported: LinkState = { ...DEFAULT_LINK_STATE, model: { kind: 'imported', fingerprint: '0123456789abcdef' }, steps: history(30, 2, [0, 1, 2, 3, 4, 5, 6]), cursor: 30 };
    expect(decodeLinkState(encodeLinkState(imported))).toEqual({ ok: true, state: imported });
  });

  it('keeps 400 steps under 2 KB, and wide ids exact', () => {
    const big: LinkState = { ...trained, steps: history(398, 7), cursor: 398 };
    const h = encodeLinkState(big);
    expect(h.length).toBeLessThan(2048);
    expect(h).toMatch(/^s2\.[A-Za-z0-9_-]+$/);
    expect(decodeLinkState(h)).toEqual({ ok: true, state: big });
    const wide: LinkState = { ...DEFAULT_LINK_STATE, model: { kind: 'imported', fingerprint: 'ffffffffffffffff' }, steps: [[1, 63, 1_048_575, 1_048_574], [0, 0, 70_000, -1]], cursor: 1 };
    expect(decodeLinkState(encodeLinkState(wide))).toEqual({ ok: true, state: wide });
  });

  it('base64url round-trips every length', () => {
    const rng = makeRng(5);
    for (let n = 0; n < 40; n++) {
      const b = Uint8Array.from({ length: n }, () => Math.floor(rng() * 256));
      expect(fromBase64Url(toBase64Url(b))).toEqual(b);
    }
    expect(fromBase64Url('a+b/')).toBeNull();
    expect(fromBase64Url('abcde')).toBeNull();
  });

  it('refuses to encode an invalid state', () => {
    expect(() => encodeLinkState({ ...DEFAULT_LINK_STATE, cursor: 1 })).toThrow(/cursor: 1 is past the 0 steps/);
  });
});

describe('link state rejections', () => {
  it('checks the length first', () => {
    expect(error('s2.' + 'A'.repeat(MAX_HASH_CHARS))).toBe(`link too long: ${MAX_HASH_CHARS + 3} characters, the cap is ${MAX_HASH_CHARS}`);
    expect(error('#' + '!'.repeat(MAX_HASH_CHARS + 1))).toMatch(/^link too long/);
  });

  it('names what is not a link', () => {
    expect(error('')).toBe('no link state');
    expect(error('#')).toBe('no link state');
    expect(error('section-2')).toMatch(/not a NeuroUnify link/);
    expect(error('s3.AAAA')).toMatch(/newer version of NeuroUnify \(format s3\)/);
    expect(error('s2.abc$def')).toBe('garbled link: unexpected character "$" at position 6');
    expect(error('s2.abcde')).toBe('garbled link: cut short');
    expect(error('s2.' + 'z'.repeat(40))).toMatch(/^garbled link/);
  });

  it('caps the inflated size', () => {
    const bomb = sealLinkPayload(new Uint8Array((1 << 20) + 100));
    expect(bomb.length).toBeLessThan(MAX_HASH_CHARS);
    expect(error(bomb)).toMatch(/decompresses to more than the cap of 1048576 bytes/);
  });

  it('rejects a cut-short hash and binary garbage', () => {
    const h = encodeLinkState(trained);
    expect(error(h.slice(0, h.length - 12))).toMatch(/^garbled link/);
    expect(error(sealLinkPayload(Uint8Array.from([5, 1, 2])))).toBe('garbled link: cut short');
    expect(error(sealLinkPayload(Uint8Array.from([3, 0xff, 0xfe, 0x7b, 0])))).toBe('garbled link: the settings are not valid JSON');
    expect(error(forge({}, [0, 9]))).toBe('garbled link: unexpected bytes after the steps');
    expect(error(forge({}, [1, 4, 0, 1, 0, 1, 0, 1, 0]))).toBe('garbled link: bad step column');
  });

  it('rejects unknown keys by name', () => {
    expect(error(forge({ theme: 'dark' }))).toBe('bad link: Unrecognized key: "theme"');
    expect(error(forge({ model: { kind: 'bundled', url: 'http://x' } }))).toMatch(/model: Unrecognized key: "url"/);
    expect(error(forge({ steps: [] }))).toMatch(/Unrecognized key: "steps"/);
    expect(error(forge([1, 2]))).toMatch(/^bad link: .*expected object/);
  });

  it('rejects out-of-range values with the field named', () => {
    const bad = (fields: object) => error(forge(fields));
    expect(bad({ threshold: 1.5 })).toMatch(/^bad link: threshold: Too big/);
    expect(bad({ layer: -1 })).toMatch(/layer: Too small/);
    expect(bad({ layer: 0.5 })).toMatch(/layer: .*expected int/);
    expect(bad({ method: 'prune' })).toMatch(/method: Invalid option/);
    expect(bad({ normalization: 'none' })).toMatch(/normalization: Invalid option/);
    expect(bad({ hide: ['sidebar'] })).toMatch(/hide\.0: Invalid option/);
    expect(bad({ hide: ['codes', 'codes'] })).toMatch(/hide: lists a control twice/);
    expect(bad({ v: 3 })).toMatch(/v: Invalid input: expected 2/);
    const t = trained.model;
    expect(bad({ model: { ...t, hidden: [0] } })).toMatch(/model\.hidden\.0: Too small/);
    expect(bad({ model: { ...t, hidden: [10, 10, 10, 10, 10] } })).toMatch(/model\.hidden: Too big/);
    expect(bad({ model: { ...t, seed: -3 } })).toMatch(/model\.seed: Too small/);
    expect(bad({ model: { ...t, learningRate: 5 } })).toMatch(/model\.learningRate: Too big/);
    expect(bad({ model: { kind: 'imported', fingerprint: 'XYZ' } })).toMatch(/model\.fingerprint: expected 16 hex digits/);
    expect(bad({ selected: [0, -2] })).toMatch(/selected\.1: Too small/);
    expect(bad({ cursor: 1 })).toBe('bad link: cursor: 1 is past the 0 steps');
  });

  it('rejects steps that cannot be replayed', () => {
    const steps = (s: StepTuple[], extra: Partial<LinkState> = {}) =>
      error(forge({ cursor: s.length, ...extra }, [s.length, ...[0, 1, 2, 3].flatMap((c) => [1, ...s.map((t) => (c === 3 ? t[c] + 1 : t[c]))])]));
    expect(steps([[7, 0, 1, -1]])).toMatch(/steps\.0\.0: Too big/);
    expect(steps([[0, 0, 4, -1], [0, 0, 4, 2]])).toBe('bad link: steps[1]: neuron 4 of layer 0 was already removed');
    expect(steps([[0, 0, 4, 4]])).toMatch(/neuron 4 cannot inherit from itself/);
    expect(steps([[0, 0, 4, -1], [0, 0, 5, 4]])).toMatch(/heir 4 of layer 0 was already removed/);
    const small = { model: { ...trained.model, hidden: [3] } } as Partial<LinkState>;
    expect(steps([[0, 1, 0, -1]], small)).toMatch(/layer 1 but the model has 1 hidden layers/);
    expect(steps([[0, 0, 3, -1]], small)).toMatch(/neuron id out of range for layer 0 of width 3/);
    expect(steps([[0, 0, 0, 1], [0, 0, 1, 2], [0, 0, 2, -1]], small)).toMatch(/would remove every neuron of layer 0/);
  });

  it('never throws on random text, random bytes or mutated links', () => {
    const rng = makeRng(11);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.#%$ ';
    const valid = encodeLinkState(trained);
    for (let i = 0; i < 600; i++) {
      let h: string;
      const len = Math.floor(rng() * 200);
      if (i % 3 === 0) h = 's2.' + Array.from({ length: len }, () => alphabet[Math.floor(rng() * 66)]).join('');
      else if (i % 3 === 1) h = sealLinkPayload(Uint8Array.from({ length: len }, () => Math.floor(rng() * 256)));
      else {
        const p = 3 + Math.floor(rng() * (valid.length - 3));
        h = valid.slice(0, p) + alphabet[Math.floor(rng() * 64)] + valid.slice(p + 1);
      }
      const r = decodeLinkState(h);
      expect(typeof r.ok).toBe('boolean');
      if (!r.ok) expect(r.error.length).toBeGreaterThan(0);
    }
    expect(decodeLinkState(null as unknown as string).ok).toBe(false);
  });
});

describe('link checks', () => {
  it('refuses a link damaged in copying instead of opening another state', () => {
    const valid = encodeLinkState(trained);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const rng = makeRng(3);
    let refused = 0;
    for (let i = 0; i < 400; i++) {
      const p = 3 + Math.floor(rng() * (valid.length - 3));
      const c = alphabet[Math.floor(rng() * 64)];
      const h = valid.slice(0, p) + c + valid.slice(p + 1);
      const r = decodeLinkState(h);
      // Either the very same state (a change in the last character's unused bits) or a refusal: never another state.
      if (r.ok) expect(r.state).toEqual(trained);
      else refused++;
    }
    expect(refused).toBeGreaterThan(350);
    const bit = valid.slice(0, 10) + (valid[10] === 'A' ? 'B' : 'A') + valid.slice(11);
    expect(decodeLinkState(bit)).toMatchObject({ ok: false, problem: 'damaged', error: expect.stringMatching(/check does not match/) });
  });

  it('checks the data with SHA-256 before inflating it', () => {
    const payload = Uint8Array.from([0, 0]);
    const z = deflateSync(payload, { level: 9 });
    const sealed = fromBase64Url(sealLinkPayload(payload).slice(3))!;
    expect(Array.from(sealed.subarray(z.length))).toEqual(Array.from(sha256(z).subarray(0, 4)));
    expect(decodeLinkState(`s2.${toBase64Url(z)}`).ok).toBe(false);
  });

  it('says what kind of problem a link has', () => {
    expect(decodeLinkState('s1.AAAA')).toMatchObject({ ok: false, problem: 'older', error: expect.stringMatching(/earlier version .* another data split/) });
    expect(decodeLinkState('s9.AAAA')).toMatchObject({ ok: false, problem: 'newer' });
    expect(decodeLinkState('hello')).toMatchObject({ ok: false, problem: 'foreign' });
    expect(decodeLinkState('s2.')).toMatchObject({ ok: false, problem: 'damaged', error: 'garbled link: cut short' });
    expect(decodeLinkState(forge({ threshold: 2 }))).toMatchObject({ ok: false, problem: 'invalid' });
  });
});

describe('links with fine-tunes', () => {
  const tuned: LinkState = {
    ...trained,
    finetunes: [
      { at: 5, epochs: 1, learningRate: 0.001, batchSize: 128, seed: 1 },
      { at: 12, epochs: 3, learningRate: 0.0005, batchSize: 64, seed: 99 },
    ],
    cursor: 21,
  };

  it('round-trip, with the cursor counting removals and fine-tunes together, under the same check', () => {
    const h = encodeLinkState(tuned);
    expect(h).toMatch(/^s2\./);
    expect(decodeLinkState(h)).toEqual({ ok: true, state: tuned });
    // Without fine-tunes a link is byte for byte what it was before they existed.
    expect(encodeLinkState({ ...trained, finetunes: [] })).toBe(encodeLinkState(trained));
    expect(decodeLinkState(encodeLinkState(trained))).toEqual({ ok: true, state: trained });
    // The check covers them: a damaged copy is refused.
    const bit = h.slice(0, 12) + (h[12] === 'A' ? 'B' : 'A') + h.slice(13);
    expect(decodeLinkState(bit)).toMatchObject({ ok: false, problem: 'damaged' });
  });

  it('refuse fine-tunes out of order, past the history, or with settings out of range', () => {
    const bad = (finetunes: unknown, cursor = 20) => error(forge({ model: trained.model, cursor, finetunes }, [20, ...stepColumns(trained.steps)]));
    const ft = { epochs: 1, learningRate: 0.001, batchSize: 128, seed: 1 };
    expect(bad([{ at: 4, ...ft }, { at: 4, ...ft }])).toMatch(/finetunes\[1\]: position 4 does not come after/);
    expect(bad([{ at: 21, ...ft }])).toMatch(/position 21 is past the history's 21 entries/);
    expect(bad([{ at: 3, ...ft }], 22)).toMatch(/cursor: 22 is past the 21 entries \(20 steps, 1 fine-tunes\)/);
    expect(bad([{ at: 3, ...ft, epochs: 0 }])).toMatch(/finetunes\.0\.epochs/);
    expect(bad([{ at: 3, ...ft, learningRate: 2 }])).toMatch(/finetunes\.0\.learningRate/);
    expect(bad([{ at: 3, ...ft, weights: [1, 2] }])).toMatch(/Unrecognized key: "weights"/);
    expect(decodeLinkState(forge({ model: trained.model, cursor: 21, finetunes: [{ at: 3, ...ft }] }, [20, ...stepColumns(trained.steps)]))).toMatchObject({
      ok: true,
      state: { steps: trained.steps, finetunes: [{ at: 3, ...ft }], cursor: 21 },
    });
  });
});

/** The four step columns as the encoder writes them, two byte planes each. */
function stepColumns(steps: StepTuple[]): number[] {
  const out: number[] = [];
  for (let c = 0; c < 4; c++) {
    const v = steps.map((t) => (c === 3 ? t[c] + 1 : t[c]));
    out.push(2, ...v.map((x) => x % 256), ...v.map((x) => Math.floor(x / 256)));
  }
  return out;
}
