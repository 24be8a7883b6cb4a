/** Every method's greedy choice in one layer, behind one signature. */
import { planApoz, planMagnitude, planMerging, planRandom, planSrinivas } from './baselines';
import type { LayerEnv } from './layer-env';
import type { Method, StepPlan } from './types';
import { planLs, planPair } from './unification';

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
