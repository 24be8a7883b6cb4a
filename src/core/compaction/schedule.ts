/**
 * Choosing the layer of the next step.
 * global: the cheapest removal across layers by the normalised cost of
 *   METHOD.md, E / (N * total variance of the next layer's pre-activations)
 *   divided by the parameters the removal saves. A layer whose codes went
 *   stale (an earlier layer changed) competes with its last known score and
 *   is refreshed (its codes recomputed) only when it wins: the step that is
 *   taken is always computed on current codes.
 * uniform: the layer with the largest fraction of its original width left,
 *   so all layers shrink together (any method).
 */
import type { NetState } from './state';
import { paramsPerNeuron } from './state';
import type { Method, StepPlan } from './types';
import { COST_METHODS } from './types';
import type { Sliced } from '../sliced';
import { runSync } from '../sliced';

/** Sliced work done before a layer is planned, so planning it is then quick (it changes no plan). */
export type Warm = (l: number) => Sliced<void>;

function* noWarm(): Sliced<void> {}

export interface SchedulerHost {
  readonly hiddenLayers: number;
  /** Layer l's birth: changes whenever its codes change (see lineage.ts). */
  birthOf(l: number): number;
  planIn(method: Method, l: number, remainingHint?: number): StepPlan | null;
}

export class Scheduler {
  /** Last known global score of each layer per method, and the layer's birth when it was scored. */
  private readonly lastScore = new Map<string, { score: number; birth: number }>();

  constructor(private readonly host: SchedulerHost & { readonly state: NetState }) {}

  /** Whether a global pick would use a remembered score for this layer (instead of planning it) while it is stale. */
  hasScore(method: Method, l: number): boolean {
    return this.lastScore.has(`${method}:${l}`);
  }

  /**
   * Whether a pick planned this layer since its codes last changed (its
   * structure is then kept current by every step in it). Only picks count:
   * what else built the layer's structures (a pair preview, say) does not
   * change what the schedule does.
   */
  isFresh(method: Method, l: number): boolean {
    return this.lastScore.get(`${method}:${l}`)?.birth === this.host.birthOf(l);
  }

  /** Forgets the scores (after a jump in the history). */
  forget(): void {
    this.lastScore.clear();
  }

  private score(p: StepPlan): number {
    return (p.relCost ?? p.cost) / paramsPerNeuron(this.host.state, p.layer);
  }

  private planAndScore(method: Method, l: number): StepPlan | null {
    const p = this.host.planIn(method, l);
    if (p) this.lastScore.set(`${method}:${l}`, { score: this.score(p), birth: this.host.birthOf(l) });
    return p;
  }

  global(method: Method): StepPlan | null {
    return runSync(this.globalSliced(method, noWarm));
  }

  /**
   * global() with `warm(l)` run before each layer is planned: the same plans
   * and the same remembered scores, with the slow part in slices.
   */
  *globalSliced(method: Method, warm: Warm): Sliced<StepPlan | null> {
    if (!COST_METHODS.includes(method)) throw new Error(`the global schedule needs a cost method (${COST_METHODS.join(', ')}), not ${method}`);
    const st = this.host.state;
    const fresh = new Map<number, StepPlan | null>();
    for (;;) {
      let bl = -1;
      let bs = Infinity;
      for (let l = 0; l < this.host.hiddenLayers; l++) {
        if (st.aliveCount[l] < 2) continue;
        const key = `${method}:${l}`;
        if (!fresh.has(l) && (this.isFresh(method, l) || !this.lastScore.has(key))) {
          yield* warm(l);
          fresh.set(l, this.planAndScore(method, l));
        }
        let s: number;
        if (fresh.has(l)) {
          const p = fresh.get(l);
          if (!p) continue;
          s = this.score(p);
        } else {
          s = this.lastScore.get(key)!.score;
        }
        if (s < bs) {
          bs = s;
          bl = l;
        }
      }
      if (bl < 0) return null;
      if (fresh.has(bl)) return fresh.get(bl)!;
      yield* warm(bl);
      fresh.set(bl, this.planAndScore(method, bl)); // refresh the stale winner, then compare again
    }
  }

  uniform(method: Method, remainingHint?: number): StepPlan | null {
    return runSync(this.uniformSliced(method, noWarm, remainingHint));
  }

  /** uniform() with `warm(l)` run before the layer is planned. */
  *uniformSliced(method: Method, warm: Warm, remainingHint?: number): Sliced<StepPlan | null> {
    const st = this.host.state;
    let bl = -1;
    let bf = -Infinity;
    st.aliveCount.forEach((n, l) => {
      const f = n / st.spec.hidden[l];
      if (n >= 2 && f > bf) {
        bf = f;
        bl = l;
      }
    });
    if (bl < 0) return null;
    yield* warm(bl);
    return this.host.planIn(method, bl, remainingHint);
  }
}
