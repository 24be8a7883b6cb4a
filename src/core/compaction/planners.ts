/** Every method's greedy choice in one layer, behind one signature. */
import { planApoz, planMagnitude, planMerging, planRandom, planSrinivas } from './baselines';
import type { LayerEnv, Structure } from './layer-env';
import type { Sliced } from '../sliced';
import type { Method, StepPlan } from './types';
import { buildLsLayer, buildPairUnifier, planLs, planPair } from './unification';

export type Planner = (env: LayerEnv) => StepPlan | null;

export const PLANNERS: Record<Method, Planner> = {
  pair: planPair,
  ls: planLs,
  random: planRandom,
  magnitude: planMagnitude,
  apoz: planApoz,
  srinivas: planSrinivas,
  merging: planMerging,
};

/** The structure a method keeps per layer (its freshness decides global re-picks), if any. */
export const METHOD_STRUCTURE: Partial<Record<Method, string>> = { pair: 'pair', ls: 'ls', srinivas: 'srinivas', apoz: 'apoz' };

/** Sliced builders of the structures that are slow to build (CompactionSession.prepare). */
export const STRUCTURE_BUILDERS: Partial<Record<Method, (env: LayerEnv) => Sliced<Structure>>> = { pair: buildPairUnifier, ls: buildLsLayer };
