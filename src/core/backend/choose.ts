/**
 * Which tfjs backend to use, and why. Pure logic over what the browser reports,
 * so it can be tested in Node: WebGL on real GPU hardware; on a software
 * renderer (SwiftShader, llvmpipe, ...) or without WebGL, wasm (SIMD); cpu last.
 */
export type BackendName = 'webgl' | 'wasm' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

export interface BackendProbe {
  /** ?backend= from the URL, if any (validated here). */
  override: string | null;
  /** The WebGL renderer string, or null when WebGL is unavailable. */
  webglRenderer: string | null;
}

export interface BackendPlan {
  /** Backends to try, in order. */
  order: BackendName[];
  /** Why the first one is preferred, in plain words. */
  reason: string;
  /** Set when the override was not understood. */
  warning?: string;
}

const SOFTWARE_RENDERERS = /swiftshader|llvmpipe|softpipe|software|basic render|mesa offscreen/i;

export function isSoftwareRenderer(renderer: string): boolean {
  return SOFTWARE_RENDERERS.test(renderer);
}

/** A short name for a renderer string: the software renderer's name, or its first words. */
function shortRenderer(renderer: string): string {
  const m = renderer.match(SOFTWARE_RENDERERS);
  if (m && /swiftshader/i.test(m[0])) return 'SwiftShader';
  if (m && /llvmpipe/i.test(m[0])) return 'llvmpipe';
  return renderer.length > 48 ? `${renderer.slice(0, 45)}…` : renderer;
}

export function planBackends(p: BackendProbe): BackendPlan {
  const fallback = (first: BackendName): BackendName[] => [first, ...BACKENDS.filter((b) => b !== first && (b !== 'webgl' || p.webglRenderer !== null))];
  let warning: string | undefined;
  if (p.override !== null) {
    const o = p.override.toLowerCase();
    if ((BACKENDS as readonly string[]).includes(o)) {
      return { order: fallback(o as BackendName), reason: `requested with ?backend=${o}` };
    }
    warning = `Unknown backend "${p.override.slice(0, 20)}" in the URL; use webgl, wasm or cpu.`;
  }
  if (p.webglRenderer === null) {
    return { order: ['wasm', 'cpu'], reason: 'WebGL is not available; wasm (SIMD) is the fastest backend that works', warning };
  }
  if (isSoftwareRenderer(p.webglRenderer)) {
    return {
      order: ['wasm', 'webgl', 'cpu'],
      reason: `WebGL here is a software renderer (${shortRenderer(p.webglRenderer)}); wasm is faster`,
      warning,
    };
  }
  return { order: ['webgl', 'wasm', 'cpu'], reason: `WebGL on a hardware GPU (${p.webglRenderer.slice(0, 60)})`, warning };
}

/** The backend in use, and why (shown in the header). */
export interface ActiveBackend {
  name: BackendName;
  reason: string;
  warning?: string;
}
