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
