/**
 * The engine's model: a multilayer perceptron held as typed arrays.
 * Layer l maps width[l] inputs to width[l+1] outputs with W (row-major,
 * inSize x outSize: row i holds input i's outgoing weights) and b.
 * Hidden layers use the spec's activation, the last layer softmax.
 */
import { makeRng } from '../random';
import type { MlpSpec } from './spec';
import { layerWidths, paramCount } from './spec';

export interface DenseWeights {
  inSize: number;
  outSize: number;
  W: Float32Array;
  b: Float32Array;
}

export interface Mlp {
  spec: MlpSpec;
  layers: DenseWeights[];
}

export function glorotUniform(fanIn: number, fanOut: number, rng: () => number): Float32Array {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const w = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < w.length; i++) w[i] = (2 * rng() - 1) * limit;
  return w;
}

/**
 * Seeded Glorot-uniform weights and zero biases, drawn in plain JavaScript
 * so the initial model is bit-identical in Node and every browser backend.
 */
export function initMlp(spec: MlpSpec, seed: number): Mlp {
  const widths = layerWidths(spec);
  const rng = makeRng(seed);
  const layers: DenseWeights[] = [];
  for (let l = 1; l < widths.length; l++) {
    layers.push({
      inSize: widths[l - 1],
      outSize: widths[l],
      W: glorotUniform(widths[l - 1], widths[l], rng),
      b: new Float32Array(widths[l]),
    });
  }
  return { spec: { ...spec, hidden: [...spec.hidden] }, layers };
}

/** Current widths, input to output (they shrink as the model is compacted). */
export function mlpWidths(m: Mlp): number[] {
  return [m.layers[0].inSize, ...m.layers.map((l) => l.outSize)];
}

export function mlpParamCount(m: Mlp): number {
  return paramCount(mlpWidths(m));
}

export function cloneMlp(m: Mlp): Mlp {
  return {
    spec: { ...m.spec, hidden: [...m.spec.hidden] },
    layers: m.layers.map((l) => ({ inSize: l.inSize, outSize: l.outSize, W: l.W.slice(), b: l.b.slice() })),
  };
}
