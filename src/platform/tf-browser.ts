/**
 * tfjs in the browser: probes WebGL, plans the backend (core/backend/choose)
 * and initialises the first one that works. The wasm binaries come from our
 * own origin (imported with ?url), threads are off (see ENVIRONMENT.md).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { ActiveBackend, BackendName, BackendPlan } from '../core/backend/choose';
import { planBackends } from '../core/backend/choose';


export function probeWebglRenderer(): string | null {
  try {
    const canvas = document.createElement('canvas');
    const gl = (canvas.getContext('webgl2') ?? canvas.getContext('webgl')) as WebGLRenderingContext | null;
    if (!gl) return null;
    const info = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = String(info ? gl.getParameter(info.UNMASKED_RENDERER_WEBGL) : gl.getParameter(gl.RENDERER));
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return renderer || 'unknown renderer';
  } catch {
    return null;
  }
}

let configured = false;
function configureWasm(): void {
  if (configured) return;
  configured = true;
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
  setWasmPaths({
    'tfjs-backend-wasm.wasm': wasmPlain,
    'tfjs-backend-wasm-simd.wasm': wasmSimd,
    'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
  });
}

async function trySet(name: BackendName): Promise<boolean> {
  try {
    const timeout = new Promise<boolean>((r) => setTimeout(() => r(false), 15000));
    const ok = await Promise.race([tf.setBackend(name), timeout]);
    if (!ok) return false;
    await tf.ready();
    // A tiny op proves the backend really computes.
    const v = tf.tidy(() => tf.sum(tf.tensor1d([1, 2, 3])));
    const sum = (await v.data())[0];
    v.dispose();
    return sum === 6;
  } catch {
    return false;
  }
}

export async function initBrowserBackend(override: string | null): Promise<ActiveBackend> {
  configureWasm();
  const plan: BackendPlan = planBackends({ override, webglRenderer: probeWebglRenderer() });
  for (const [k, name] of plan.order.entries()) {
    if (await trySet(name)) {
      const reason = k === 0 ? plan.reason : `${plan.order.slice(0, k).join(', ')} failed to start; fell back to ${name}`;
      return { name, reason, warning: plan.warning };
    }
  }
  throw new Error('no tfjs backend could be initialised (tried ' + plan.order.join(', ') + ')');
}

/**
 * Moves to the next backend after `failed` stopped working (a lost WebGL
 * context, an error during training): wasm, then cpu. Resolves to the backend
 * now in use, or null when none works.
 */
export async function fallBackFrom(failed: string): Promise<ActiveBackend | null> {
  configureWasm();
  const order: BackendName[] = (['wasm', 'cpu'] as BackendName[]).filter((b) => b !== failed);
  for (const name of order) {
    if (await trySet(name)) return { name, reason: `${failed} stopped working; moved to ${name}` };
  }
  return null;
}

/** The canvas of tfjs's WebGL context, when WebGL is the active backend. */
function webglCanvas(): { gl: WebGLRenderingContext | WebGL2RenderingContext; canvas: HTMLCanvasElement | OffscreenCanvas } | null {
  if (tf.getBackend() !== 'webgl') return null;
  const gl = (tf.backend() as unknown as { gpgpu?: { gl?: WebGLRenderingContext } }).gpgpu?.gl;
  return gl ? { gl, canvas: gl.canvas } : null;
}

/** Calls `onLost` when the active backend's WebGL context is lost; returns the unsubscribe. A no-op on other backends. */
export function watchBackendLoss(onLost: (reason: string) => void): () => void {
  const c = webglCanvas();
  if (!c) return () => undefined;
  const handler = () => onLost('the WebGL context was lost (the GPU was reset, or the browser reclaimed it)');
  c.canvas.addEventListener('webglcontextlost', handler as EventListener);
  return () => c.canvas.removeEventListener('webglcontextlost', handler as EventListener);
}

/** For tests: loses tfjs's WebGL context on purpose (WEBGL_lose_context). Returns whether it could. */
export function loseWebglContextForTest(): boolean {
  const ext = webglCanvas()?.gl.getExtension('WEBGL_lose_context');
  ext?.loseContext();
  return !!ext;
}
