/**
 * The step card's words, as a pure function of what the store knows: what the
 * next step removes, why, who takes over its job and what it costs, in words a
 * class understands, with the exact figures kept for a "details" toggle. Also
 * what the card says while nothing can be stepped (loading, training, a model
 * with one neuron per hidden layer), which the step controls give as the reason
 * they are disabled.
 *
 * Checked against the engine (core/compaction): pair and ls fold the constant
 * part c (c_0) into the NEXT layer's bias, b += c·W[j]; a constant neuron costs
 * 0 there (pair: its heir's coefficient is 0, ls: no heirs, c = its output).
 * The baselines never touch the bias: a pruned constant neuron's output is
 * dropped. relCost = E / (N · total variance of the next layer's
 * pre-activations): the share of the next layer's input variation the step
 * disturbs.
 */
import type { Method, StepPreview } from '../../core/compaction';
import { METHOD_LABELS } from '../../core/compaction';
import type { BootPhase, TrainingStatus } from '../../state/types';

export interface StepWordsInput {
  boot: BootPhase;
  training: TrainingStatus;
  /** A compaction session exists for the current model. */
  ready: boolean;
  /** The method whose caches are being built, if any. */
  preparing: Method | null;
  method: Method;
  preview: StepPreview | null;
  /** Alive neurons per hidden layer now. */
  hiddenWidths: readonly number[];
  /** The removed neuron's output on the probe images, when known. */
  removed: { constant: boolean; mean: number } | null;
}

export type StepWords =
  | { kind: 'busy'; text: string }
  | { kind: 'none'; text: string }
  | {
      kind: 'step';
      /** "remove neuron #4 of hidden layer 1" */
      headline: string;
      /** Why this neuron. */
      why: string;
      /** What happens to its job. */
      handover: string;
      /** What it costs, in plain words (unification methods; '' for the baselines). */
      cost: string;
      /** "266,015 parameters after this step." */
      after: string;
      /** The exact figures, one per line. */
      exact: string[];
      constant: boolean;
    };

const UNIFICATION: readonly Method[] = ['pair', 'ls'];

/** A number for a sentence: 3 significant digits (2 below 1), decimals rather than exponents, a real minus sign. */
export function plainNumber(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  if (!Number.isFinite(a)) return v > 0 ? 'infinity' : '−infinity';
  if (a < 1e-6) return 'almost 0';
  const digits = a >= 1e6 ? Math.round(a).toLocaleString('en-US') : String(Number(a.toPrecision(a >= 1 ? 3 : 2)));
  return v < 0 ? `−${digits}` : digits;
}

/** An exact figure: 4 significant digits, exponent for very small or large values. */
export function exactNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 0.01 && a < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(3);
}

/** The share of the next layer's input variation a step disturbs, in words ("about 0.05%"), or "an unknown share". */
export function shareWords(rel: number | undefined): string {
  return rel !== undefined && Number.isFinite(rel) ? aboutPercent(rel) : 'an unknown share';
}

/** "about 0.01%" for a fraction: one significant digit below 10%, two above. */
export function aboutPercent(fraction: number): string {
  const p = 100 * fraction;
  if (p === 0) return '0%';
  if (p < 0.001) return 'less than 0.001%';
  if (p >= 100) return `about ${Math.round(p)}%`;
  return `about ${Number(p.toPrecision(p >= 10 ? 2 : 1))}%`;
}

const int = (v: number) => v.toLocaleString('en-US');
const coef = plainNumber;

/** Why no step can be shown now (busy: it will pass by itself), or null when one can. */
export function noStep(i: Pick<StepWordsInput, 'boot' | 'training' | 'ready' | 'preparing' | 'method' | 'preview' | 'hiddenWidths'>): { text: string; busy: boolean } | null {
  const busy = (text: string) => ({ text, busy: true });
  if (i.boot === 'error') return { text: 'The app could not start: see the message at the top.', busy: false };
  if (i.boot !== 'ready') return busy('Loading…');
  if (i.training === 'running') return busy('Training a new network…');
  if (i.training === 'paused') return busy('Training a new network (paused)…');
  if (!i.ready) return busy('Loading…');
  if (i.preparing) return busy(`Preparing ${METHOD_LABELS[i.preparing]}…`);
  if (i.preview) return null;
  if (i.hiddenWidths.length > 0 && i.hiddenWidths.every((w) => w <= 1)) {
    const text =
      i.hiddenWidths.length === 1
        ? 'This model has one neuron left in its hidden layer: nothing left to merge.'
        : 'This model has one neuron per hidden layer: nothing left to merge.';
    return { text, busy: false };
  }
  return { text: `Nothing left to remove with ${METHOD_LABELS[i.method]}.`, busy: false };
}

/** The removed neuron's constant output, if it has one: from the probe statistics, or (for pair / ls) from the step itself. */
function constantOutput(p: StepPreview, removed: StepWordsInput['removed']): number | null {
  if (removed) return removed.constant ? removed.mean : null;
  // Without statistics: a unification step of a constant neuron costs 0 and hands nothing over; c is its output.
  if (p.method === 'pair' && p.cost === 0 && p.heirs.every((h) => h.coef === 0)) return p.biasCoef;
  if (p.method === 'ls' && p.heirs.length === 0) return p.biasCoef;
  return null;
}

function costWords(p: StepPreview): string {
  if (!UNIFICATION.includes(p.method)) return '';
  if (p.cost === 0) return 'Costs nothing: the next layer receives exactly the same input on the probe images.';
  if (p.relCost === undefined || !Number.isFinite(p.relCost)) return 'Disturbs the next layer’s input (which otherwise hardly varies).';
  return `Disturbs the next layer’s input by ${aboutPercent(p.relCost)} of its usual variation.`;
}

function whyWords(p: StepPreview, constant: number | null): string {
  if (constant !== null && UNIFICATION.includes(p.method)) return 'it outputs the same value for every image';
  switch (p.method) {
    case 'pair':
      return 'the merge that disturbs the next layer least';
    case 'ls':
      return 'the removal that disturbs the next layer least';
    case 'random':
      return 'chosen at random';
    case 'magnitude':
      return 'its incoming connections are the weakest in its layer';
    case 'apoz':
      return `it outputs zero on ${Math.round(100 * p.cost)}% of the probe images, the most in its layer`;
    case 'srinivas':
      return `the least missed, since its incoming weights are the closest to #${p.heirs[0]?.id ?? '?'}’s (weighed by the size of its outgoing weights)`;
    case 'merging':
      return 'its incoming connections are the weakest in its layer';
  }
}

function handoverWords(p: StepPreview, constant: number | null, method: string): string {
  const heirs = [...p.heirs].sort((a, b) => Math.abs(b.coef) - Math.abs(a.coef) || a.id - b.id);
  const id = `#${p.removedId}`;
  if (constant !== null) {
    if (UNIFICATION.includes(p.method)) {
      return constant === 0
        ? 'It always outputs 0: removing it changes nothing, and no neuron needs to take over.'
        : `It always outputs ${plainNumber(constant)}: folded into the next layer’s bias, so no neuron needs to take over.`;
    }
    const start = `It always outputs ${plainNumber(constant)}`;
    if (heirs.length === 0) {
      return constant === 0 ? `${start}: ${method} deletes it, which changes nothing.` : `${start}: ${method} deletes it and drops that output (this method does not move it into the bias).`;
    }
    return `${start}: ${method} adds its outgoing connections to #${heirs[0].id}’s (× ${coef(heirs[0].coef)}) and drops its constant output (it does not move it into the bias).`;
  }
  if (p.method === 'pair' && heirs.length === 1) {
    const h = heirs[0];
    const c = p.biasCoef;
    return `#${h.id} takes over: ${id}’s output ≈ ${coef(h.coef)} × #${h.id}’s ${c < 0 ? '−' : '+'} ${plainNumber(Math.abs(c))}, so #${h.id}’s outgoing connections gain ${coef(h.coef)} × ${id}’s, and the constant part (${coef(c)}) goes into the next layer’s bias.`;
  }
  if (p.method === 'ls') {
    const big = heirs.slice(0, 3).map((h) => `#${h.id} × ${coef(h.coef)}`);
    return `The ${int(heirs.length)} other neuron${heirs.length === 1 ? '' : 's'} of its layer share its job (largest shares: ${big.join(', ')}); the constant part (${coef(p.biasCoef)}) goes into the next layer’s bias.`;
  }
  if (heirs.length === 0) {
    return p.method === 'merging' ? 'No neuron is similar enough to take over: it is simply deleted.' : 'Simply deleted: no neuron takes over its job.';
  }
  if (p.method === 'merging') return `#${heirs[0].id}, whose incoming weights point the same way, takes over its outgoing connections (scaled by ${coef(heirs[0].coef)}).`;
  return `#${heirs[0].id} takes over its outgoing connections (added as they are${heirs[0].coef === 1 ? '' : `, × ${coef(heirs[0].coef)}`}); nothing goes into the bias.`;
}

function exactFigures(p: StepPreview, constant: number | null): string[] {
  const out: string[] = [];
  if (constant !== null) out.push(`Output on every probe image: ${exactNumber(constant)}`);
  if (UNIFICATION.includes(p.method)) {
    out.push(`Error injected into the next layer’s inputs (sum of squares over the probe images): ${exactNumber(p.cost)}`);
    if (p.relCost !== undefined) out.push(`Relative to their total variation: ${exactNumber(p.relCost)}`);
  } else if (p.method === 'random') out.push('Score: none (a seeded random choice)');
  else if (p.method === 'magnitude' || p.method === 'merging') out.push(`Size (L2 norm) of its incoming weights: ${exactNumber(p.cost)}`);
  else if (p.method === 'apoz') out.push(`Share of probe images with output 0: ${exactNumber(p.cost)}`);
  else if (p.method === 'srinivas') out.push(`Saliency: ${exactNumber(p.cost)}`);
  const heirs = [...p.heirs].sort((a, b) => Math.abs(b.coef) - Math.abs(a.coef) || a.id - b.id);
  if (heirs.length) {
    const shown = heirs.slice(0, 6).map((h) => `#${h.id} × ${exactNumber(h.coef)}`);
    out.push(`Heir${heirs.length === 1 ? '' : `s (${int(heirs.length)})`}: ${shown.join(', ')}${heirs.length > shown.length ? ', …' : ''}`);
  }
  if (UNIFICATION.includes(p.method)) out.push(`Into the next layer’s bias: ${exactNumber(p.biasCoef)} × #${p.removedId}’s outgoing weights`);
  out.push(`Parameters after: ${int(p.paramsAfter)}`);
  return out;
}

/** Everything the step card says. */
export function stepWords(i: StepWordsInput): StepWords {
  const none = noStep(i);
  if (none) return { kind: none.busy ? 'busy' : 'none', text: none.text };
  const p = i.preview!;
  const constant = constantOutput(p, i.removed);
  const method = METHOD_LABELS[p.method];
  return {
    kind: 'step',
    headline: `remove neuron #${p.removedId} of hidden layer ${p.layer + 1}`,
    why: whyWords(p, constant),
    handover: handoverWords(p, constant, method),
    cost: costWords(p),
    after: `${int(p.paramsAfter)} parameters after this step.`,
    exact: exactFigures(p, constant),
    constant: constant !== null,
  };
}
