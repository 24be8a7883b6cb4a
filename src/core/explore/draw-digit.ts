/**
 * One input (a drawn digit, or any image) through the original network and
 * the network under compaction: each one's class probabilities, and every
 * hidden neuron's activation by its stable id. A neuron the compaction
 * removed gets the activation it has in the original network, marked as not
 * alive, so a view can draw it as a ghost. Plain double-precision JavaScript
 * over the typed arrays (no tfjs): a few hundred thousand multiply-adds.
 */
import type { CompactionSession } from '../compaction';
import type { DenseWeights } from '../model/mlp';
import { activation } from '../model/forward';
import type { Activation } from '../model/spec';

export interface LayerTrace {
  /** Stable id of every position (the original network's order). */
  ids: Int32Array;
  /** 1 where the neuron is still in the compacted network. */
  alive: Uint8Array;
  /** Activation of every position in the original network. */
  original: Float64Array;
  /** Activation in the compacted network; for removed neurons, their original activation (a ghost). */
  current: Float64Array;
}

export interface NetworkOutput {
  logits: Float64Array;
  probabilities: Float64Array;
  /** The most probable class (ties to the lowest). */
  predicted: number;
}

export interface DigitTrace {
  original: NetworkOutput;
  current: NetworkOutput;
  /** Per hidden layer. */
  layers: LayerTrace[];
}

/** Hidden activations (per layer, every position) and logits of a full-size network. */
function forward(layers: readonly DenseWeights[], input: ArrayLike<number>, act: Activation): { hidden: Float64Array[]; logits: Float64Array } {
  const hidden: Float64Array[] = [];
  let a: ArrayLike<number> = input;
  let logits = new Float64Array(0);
  layers.forEach((L, k) => {
    const z = Float64Array.from(L.b);
    for (let r = 0; r < L.inSize; r++) {
      const x = a[r];
      if (x === 0) continue;
      const o = r * L.outSize;
      for (let c = 0; c < L.outSize; c++) z[c] += x * L.W[o + c];
    }
    if (k === layers.length - 1) logits = z;
    else {
      for (let c = 0; c < z.length; c++) z[c] = activation(z[c], act);
      hidden.push(z);
      a = z;
    }
  });
  return { hidden, logits };
}

function output(logits: Float64Array): NetworkOutput {
  let predicted = 0;
  for (let k = 1; k < logits.length; k++) if (logits[k] > logits[predicted]) predicted = k;
  const p = new Float64Array(logits.length);
  let sum = 0;
  for (let k = 0; k < logits.length; k++) sum += p[k] = Math.exp(logits[k] - logits[predicted]);
  for (let k = 0; k < p.length; k++) p[k] /= sum;
  return { logits, probabilities: p, predicted };
}

/** Runs one input (inputSize values in [0, 1], e.g. 784 for a 28 x 28 digit) through both networks. */
export function traceDigit(session: CompactionSession, input: ArrayLike<number>): DigitTrace {
  const spec = session.original.spec;
  if (input.length !== spec.inputSize) throw new Error(`the network takes ${spec.inputSize} inputs, got ${input.length}`);
  for (let i = 0; i < input.length; i++) {
    const x = input[i];
    if (!(x >= 0 && x <= 1)) throw new Error(`input ${i} is ${x}; inputs must lie in [0, 1]`);
  }
  const st = session.state;
  const orig = forward(session.original.layers, input, spec.activation);
  // The state's full-size weights have removed neurons zeroed: it computes what the compacted network does.
  const now = forward(st.layers, input, spec.activation);
  const layers = orig.hidden.map((o, l) => {
    const alive = st.alive[l].slice();
    const current = now.hidden[l];
    for (let p = 0; p < alive.length; p++) if (!alive[p]) current[p] = o[p];
    return { ids: Int32Array.from(session.originalIds[l]), alive, original: o, current };
  });
  return { original: output(orig.logits), current: output(now.logits), layers };
}

/** A neuron's activations by stable id (null if the layer has no such id). */
export function activationOf(t: DigitTrace, layer: number, id: number): { original: number; current: number; alive: boolean } | null {
  const L = t.layers[layer];
  const p = L ? L.ids.indexOf(id) : -1;
  return p < 0 ? null : { original: L.original[p], current: L.current[p], alive: L.alive[p] === 1 };
}

/** A digit of a data set (uint8 pixels) as the network's input. */
export function digitInput(pixels: Uint8Array, index: number, size: number): Float64Array {
  return Float64Array.from(pixels.subarray(index * size, (index + 1) * size), (v) => v / 255);
}
