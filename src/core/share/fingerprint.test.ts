import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cloneMlp, initMlp } from '../model/mlp';
import { makeRng } from '../random';
import { fingerprintBytes, modelFingerprint, sha256, sha256Hex } from './fingerprint';

const model = () => initMlp({ inputSize: 20, hidden: [8, 5], numClasses: 4, activation: 'relu' }, 3);

describe('model fingerprint', () => {
  it('is 16 hex digits, the same for the same weights (and for a copy)', async () => {
    const a = await modelFingerprint(model());
    expect(a).toMatch(/^[0-9a-f]{16}$/);
    expect(await modelFingerprint(model())).toBe(a);
    expect(await modelFingerprint(cloneMlp(model()))).toBe(a);
  });

  it('changes when one weight, one bias, the activation or the shape changes', async () => {
    const base = await modelFingerprint(model());
    const w = model();
    w.layers[1].W[7] = Math.fround(w.layers[1].W[7] + 1e-6);
    const b = model();
    b.layers[2].b[0] = 0.5;
    const act = model();
    act.spec.activation = 'tanh';
    const shape = initMlp({ inputSize: 20, hidden: [5, 8], numClasses: 4, activation: 'relu' }, 3);
    const all = await Promise.all([w, b, act, shape].map(modelFingerprint));
    expect(new Set([base, ...all]).size).toBe(5);
  });

  it('hashes the documented bytes: header, then float32 little-endian W and b per layer', () => {
    const m = initMlp({ inputSize: 2, hidden: [1], numClasses: 2, activation: 'sigmoid' }, 1);
    const bytes = fingerprintBytes(m);
    const head = 'neurounify-mlp/1\n2-1-2\nsigmoid\n';
    expect(new TextDecoder().decode(bytes.subarray(0, head.length))).toBe(head);
    const floats = new DataView(bytes.buffer, head.length);
    expect(bytes.length).toBe(head.length + 4 * (2 + 1 + 2 + 2));
    expect(floats.getFloat32(0, true)).toBe(m.layers[0].W[0]);
    expect(floats.getFloat32(12, true)).toBe(m.layers[1].W[0]);
  });

  it('the fallback SHA-256 matches WebCrypto and node:crypto at every padding boundary', async () => {
    const rng = makeRng(9);
    for (const n of [0, 1, 55, 56, 63, 64, 65, 119, 120, 1000]) {
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(rng() * 256));
      const hex = Buffer.from(sha256(bytes)).toString('hex');
      expect(hex).toBe(createHash('sha256').update(bytes).digest('hex'));
      expect(hex).toBe(await sha256Hex(bytes));
    }
    expect(Buffer.from(sha256(new TextEncoder().encode('abc'))).toString('hex')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
    // FIPS 180-4's two-block example.
    expect(Buffer.from(sha256(new TextEncoder().encode('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq'))).toString('hex')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  describe('without WebCrypto', () => {
    afterEach(() => vi.unstubAllGlobals());

    it('sha256Hex and the fingerprint fall back to the same digest', async () => {
      const m = model();
      const withWebCrypto = await modelFingerprint(m);
      const bytes = new TextEncoder().encode('abc');
      vi.stubGlobal('crypto', undefined);
      expect(globalThis.crypto).toBeUndefined();
      expect(await sha256Hex(bytes)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
      expect(await modelFingerprint(m)).toBe(withWebCrypto);
      expect(withWebCrypto).toBe(createHash('sha256').update(fingerprintBytes(m)).digest('hex').slice(0, 16));
    });
  });
});
