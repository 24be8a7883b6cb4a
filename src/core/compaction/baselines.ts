/**
 * The baselines of METHOD.md, one removal at a time through the same plan
 * interface as unification (no retraining in any of them):
 * - random: a seeded uniform choice among the alive neurons;
 * - magnitude: the smallest L2 norm of incoming weights;
 * - APoZ (Hu et al. 2016): the highest fraction of zero outputs on the probe set;
 * - Srinivas & Babu (2015): the least saliency mean(W[j]^2) ||w_i - w_j||^2
 *   (incoming weights with bias), folded as W[i] += W[j];
 * - Neuron Merging (Kim et al. 2020): the kept set is the largest incoming
 *   norms; the removed neuron folds into the kept neuron of highest cosine
 *   similarity when it is >= 0.45, as W[k] += (||w_n|| / ||w_k||) W[n].
 * Ties go to the lowest position.
 */
import { makeRng } from '../random';
import type { LayerEnv, Structure } from './layer-env';
import { incomingNorms, outNorms2 } from './layer-env';
import { PairTable } from './pair-table';
import { alivePositions } from './state';
import type { StepPlan } from './types';

export const MERGING_MIN_COSINE = 0.45;

function prune(env: LayerEnv, method: StepPlan['method'], j: number, cost: number): StepPlan {
  return { method, layer: env.layer, removed: j, heirs: new Int32Array(0), coefs: new Float64Array(0), biasCoef: 0, cost };
}

/** A 32-bit mix of integers (seeds the random baseline from the state, not from a stream). */
export function mixSeed(...xs: number[]): number {
  let h = 0x811c9dc5;
  for (const x of xs) {
    h = Math.imul(h ^ (x | 0), 0x01000193);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
  }
  return h >>> 0;
}

/** random: the choice depends only on (seed, layer, alive count), so it is reproducible after undo. */
export function planRandom(env: LayerEnv): StepPlan | null {
  const n = env.st.aliveCount[env.layer];
  if (n < 2) return null;
  const rng = makeRng(mixSeed(env.seed, env.layer, n));
  const pos = alivePositions(env.st, env.layer);
  return prune(env, 'random', pos[Math.floor(rng() * n)], 0);
}

function argBy(env: LayerEnv, score: Float64Array, pickMax: boolean): number {
  const alive = env.st.alive[env.layer];
  let bj = -1;
  for (let j = 0; j < alive.length; j++) {
    if (!alive[j]) continue;
    if (bj < 0 || (pickMax ? score[j] > score[bj] : score[j] < score[bj])) bj = j;
  }
  return bj;
}

export function planMagnitude(env: LayerEnv): StepPlan | null {
  if (env.st.aliveCount[env.layer] < 2) return null;
  const norms = incomingNorms(env.st, env.layer);
  const j = argBy(env, norms, false);
  return prune(env, 'magnitude', j, norms[j]);
}

/** Average percentage of zeros: the fraction of probe samples on which the output is <= 0. */
export function zeroFractions(env: LayerEnv): Float64Array {
  const c = env.codes();
  const out = new Float64Array(c.width);
  const N = c.count;
  for (let i = 0; i < c.width; i++) {
    let z = 0;
    for (let s = i * N, e = s + N; s < e; s++) if (c.values[s] <= 0) z++;
    out[i] = N ? z / N : 0;
  }
  return out;
}

export function planApoz(env: LayerEnv): StepPlan | null {
  if (env.st.aliveCount[env.layer] < 2) return null;
  const { frac } = env.structure('apoz', (e) => ({ frac: zeroFractions(e), remove: () => {} }));
  const j = argBy(env, frac, true);
  return prune(env, 'apoz', j, frac[j]);
}

/** ||w_a - w_b||^2 over incoming weights and bias, for the neurons of idx (the env's incoming weights: at birth for a birth env). */
export function incomingDistances(env: LayerEnv, idx: Int32Array): Float64Array {
  const L = env.incoming();
  const n = L.outSize;
  const d = L.inSize + 1;
  const k = idx.length;
  const V = new Float64Array(k * d);
  for (let a = 0; a < k; a++) {
    const j = idx[a];
    for (let r = 0; r < L.inSize; r++) V[a * d + r] = L.W[r * n + j];
    V[a * d + L.inSize] = L.b[j];
  }
  const D = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    for (let b = a + 1; b < k; b++) {
      let s = 0;
      for (let r = 0, oa = a * d, ob = b * d; r < d; r++) {
        const t = V[oa + r] - V[ob + r];
        s += t * t;
      }
      D[a * k + b] = s;
      D[b * k + a] = s;
    }
  }
  return D;
}

class SrinivasTable implements Structure {
  constructor(readonly table: PairTable) {}
  static build(env: LayerEnv): SrinivasTable {
    const idx = env.positions();
    return new SrinivasTable(new PairTable(idx, incomingDistances(env, idx)));
  }
  remove(pos: number): void {
    this.table.remove(pos);
  }
  clone(): SrinivasTable {
    return new SrinivasTable(this.table.clone());
  }
}

export function planSrinivas(env: LayerEnv): StepPlan | null {
  const l = env.layer;
  if (env.st.aliveCount[l] < 2) return null;
  const { table } = env.structure('srinivas', (e) => SrinivasTable.build(e));
  const norms = outNorms2(env.st, l);
  const m = l + 1 < env.st.aliveCount.length ? env.st.aliveCount[l + 1] : env.st.layers[l + 1].outSize;
  let bj = -1;
  let bi = -1;
  let bs = Infinity;
  table.forEach((j, i, d) => {
    const s = (norms[j] / m) * d;
    if (i >= 0 && s < bs) {
      bs = s;
      bj = j;
      bi = i;
    }
  });
  if (bj < 0) return null;
  return { method: 'srinivas', layer: l, removed: bj, heirs: Int32Array.of(bi), coefs: Float64Array.of(1), biasCoef: 0, cost: bs };
}

export function planMerging(env: LayerEnv): StepPlan | null {
  const { st, layer: l } = env;
  const n = st.aliveCount[l];
  if (n < 2) return null;
  const norms = incomingNorms(st, l);
  const pos = Array.from(alivePositions(st, l));
  const remove = Math.min(n - 1, Math.max(1, env.remainingHint ?? 1));
  // Largest norms first; among equal norms the lowest position comes last, so it is removed first.
  const order = pos.slice().sort((a, b) => norms[b] - norms[a] || b - a);
  const kept = order.slice(0, n - remove).sort((a, b) => a - b);
  const j = order[n - 1];
  const L = st.layers[l];
  const w = L.outSize;
  let bk = -1;
  let bcos = -Infinity;
  for (const k of kept) {
    if (k === j || norms[k] === 0 || norms[j] === 0) continue;
    let dot = 0;
    for (let r = 0; r < L.inSize; r++) dot += L.W[r * w + j] * L.W[r * w + k];
    const cos = dot / (norms[j] * norms[k]);
    if (cos > bcos) {
      bcos = cos;
      bk = k;
    }
  }
  const plan = prune(env, 'merging', j, norms[j]);
  if (bk >= 0 && bcos >= MERGING_MIN_COSINE) {
    plan.heirs = Int32Array.of(bk);
    plan.coefs = Float64Array.of(norms[j] / norms[bk]);
  }
  return plan;
}
