/**
 * tfjs in Node: the wasm backend (SIMD) by default, cpu on request.
 * @tensorflow/tfjs-node is not used: its install downloads libtensorflow.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export type NodeBackend = 'wasm' | 'cpu';

export async function initNodeBackend(name: NodeBackend = 'wasm'): Promise<string> {
  if (tf.getBackend() === name) return name;
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`tfjs backend ${name} failed to initialise`);
  await tf.ready();
  return tf.getBackend();
}
