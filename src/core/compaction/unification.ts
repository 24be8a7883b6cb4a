/**
 * Neuro-Unification, as in METHOD.md.
 * Pairwise: j is succeeded by one survivor i, x_j ~ a x_i + c with
 * a = S_ij / S_ii (0 if x_i is constant), c = mu_j - a mu_i, and cost
 * E(i <- j) = RSS(j|i) ||W[j]||^2, RSS(j|i) = S_jj - S_ij^2 / S_ii.
 * Least squares: all survivors emulate j (see LsLayer), E_j = RSS_j ||W[j]||^2.
 * The greedy step removes the cheapest j; ties go to the lowest position.
 */
import type { CodeStats, Gram } from '../coding/stats';
import type { LayerEnv, Structure } from './layer-env';
import { outNorm2, outNorms2 } from './layer-env';
import { LsLayer } from './ls-layer';
import { PairTable } from './pair-table';
import type { StepPlan } from './types';
import type { Sliced } from '../sliced';

/** RSS(a|b) for all slot pairs of a Gram matrix: D[a * k + b]. */
export function pairResiduals(g: Gram): Float64Array {
  const { k, S } = g;
  const D = new Float64Array(k * k);
  for (let a = 0; a < k; a++) {
    const saa = S[a * k + a];
    for (let b = 0; b < k; b++) {
      const sbb = S[b * k + b];
      const sab = S[a * k + b];
      const r = sbb > 0 ? saa - (sab * sab) / sbb : saa;
      D[a * k + b] = r > 0 ? r : 0;
    }
  }
  return D;
}

export class PairUnifier implements Structure {
  readonly table: PairTable;
  private readonly slotOf = new Map<number, number>();

  constructor(
    readonly gram: Gram,
    readonly stats: CodeStats,
    table?: PairTable,
  ) {
    this.table = table ?? new PairTable(gram.idx, pairResiduals(gram));
    gram.idx.forEach((p, a) => this.slotOf.set(p, a));
  }

  clone(): PairUnifier {
    return new PairUnifier(this.gram, this.stats, this.table.clone());
  }

  /** a and c of x_j ~ a x_i + c. */
  fit(j: number, i: number): { a: number; c: number } {
    const { k, S } = this.gram;
    const sj = this.slotOf.get(j)!;
    const si = this.slotOf.get(i)!;
    const sii = S[si * k + si];
    const a = sii > 0 ? S[sj * k + si] / sii : 0;
    return { a, c: this.stats.mean[j] - a * this.stats.mean[i] };
  }

  remove(pos: number): void {
    this.table.remove(pos);
  }
}

/** The pairwise structure in slices (CompactionSession.prepare); pairUnifier builds the same at once. */
export function* buildPairUnifier(env: LayerEnv): Sliced<PairUnifier> {
  const g = yield* env.gramSliced();
  return new PairUnifier(g, env.stats());
}

export function pairUnifier(env: LayerEnv): PairUnifier {
  return env.structure('pair', (e) => new PairUnifier(e.gram(), e.stats()));
}

function relative(env: LayerEnv, cost: number): number {
  const z = env.normZ();
  return z > 0 ? cost / z : cost === 0 ? 0 : Infinity;
}

function pairPlan(env: LayerEnv, u: PairUnifier, j: number, i: number, cost: number): StepPlan {
  const { a, c } = u.fit(j, i);
  return {
    method: 'pair',
    layer: env.layer,
    removed: j,
    heirs: Int32Array.of(i),
    coefs: Float64Array.of(a),
    biasCoef: c,
    cost,
    relCost: relative(env, cost),
  };
}

/** The cheapest pairwise unification in the layer (null if one neuron is left). */
export function planPair(env: LayerEnv): StepPlan | null {
  if (env.st.aliveCount[env.layer] < 2) return null;
  const u = pairUnifier(env);
  const norms = outNorms2(env.st, env.layer);
  let bj = -1;
  let bi = -1;
  let bc = Infinity;
  u.table.forEach((j, i, d) => {
    const cost = d * norms[j];
    if (i >= 0 && cost < bc) {
      bc = cost;
      bj = j;
      bi = i;
    }
  });
  return bj < 0 ? null : pairPlan(env, u, bj, bi, bc);
}

/** "Unify j into i": the pairwise step with a chosen survivor (positions). */
export function planPairManual(env: LayerEnv, j: number, i: number): StepPlan {
  if (i === j) throw new Error('a neuron cannot be unified into itself');
  const u = pairUnifier(env);
  return pairPlan(env, u, j, i, u.table.residual(j, i) * outNorm2(env.st, env.layer, j));
}

/** The least-squares structure in slices (CompactionSession.prepare); lsLayer builds the same at once. */
export function* buildLsLayer(env: LayerEnv): Sliced<LsLayer> {
  const g = yield* env.gramSliced();
  return yield* LsLayer.buildSliced(g, env.stats());
}

export function lsLayer(env: LayerEnv): LsLayer {
  return env.structure('ls', (e) => LsLayer.build(e.gram(), e.stats()));
}

function lsPlan(env: LayerEnv, ls: LsLayer, j: number, norm2: number): StepPlan {
  const sol = ls.solve(j);
  const cost = sol.rss * norm2;
  return {
    method: 'ls',
    layer: env.layer,
    removed: j,
    heirs: sol.heirs,
    coefs: sol.coefs,
    biasCoef: sol.c0,
    cost,
    relCost: relative(env, cost),
  };
}

/** The cheapest least-squares unification in the layer (null if one neuron is left). */
export function planLs(env: LayerEnv): StepPlan | null {
  const l = env.layer;
  if (env.st.aliveCount[l] < 2) return null;
  const ls = lsLayer(env);
  const norms = outNorms2(env.st, l);
  const rss = new Float64Array(norms.length);
  ls.rssAll(rss);
  const alive = env.st.alive[l];
  let bj = -1;
  let bc = Infinity;
  for (let j = 0; j < alive.length; j++) {
    if (!alive[j]) continue;
    const cost = rss[j] * norms[j];
    if (cost < bc) {
      bc = cost;
      bj = j;
    }
  }
  return bj < 0 ? null : lsPlan(env, ls, bj, norms[bj]);
}

/** "Remove j by least squares" (position). */
export function planLsManual(env: LayerEnv, j: number): StepPlan {
  return lsPlan(env, lsLayer(env), j, outNorm2(env.st, env.layer, j));
}
