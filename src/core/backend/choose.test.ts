import { describe, expect, it } from 'vitest';
import { planBackends } from './choose';

describe('backend plan', () => {
  it('prefers WebGL on a hardware GPU', () => {
    expect(planBackends({ override: null, webglRenderer: 'ANGLE (NVIDIA GeForce RTX 3060)' }).order).toEqual(['webgl', 'wasm', 'cpu']);
  });
  it('prefers wasm on SwiftShader and llvmpipe, and says why', () => {
    for (const r of ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)))', 'llvmpipe (LLVM 15.0.6, 256 bits)']) {
      const plan = planBackends({ override: null, webglRenderer: r });
      expect(plan.order[0]).toBe('wasm');
      expect(plan.reason).toMatch(/software renderer/);
    }
  });
  it('skips WebGL when it is missing', () => {
    expect(planBackends({ override: null, webglRenderer: null }).order).toEqual(['wasm', 'cpu']);
  });
  it('honours ?backend= and warns on nonsense', () => {
    expect(planBackends({ override: 'cpu', webglRenderer: 'x' }).order[0]).toBe('cpu');
    const bad = planBackends({ override: '<script>', webglRenderer: null });
    expect(bad.warning).toMatch(/Unknown backend/);
    expect(bad.order[0]).toBe('wasm');
  });
});
