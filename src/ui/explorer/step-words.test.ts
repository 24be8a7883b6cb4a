/** The step card's words: plain costs, constant neurons under every method, busy and empty states. */
import { describe, expect, it } from 'vitest';
import { METHODS, type Method, type StepPreview } from '../../core/compaction';
import { aboutPercent, noStep, plainNumber, stepWords, type StepWordsInput } from './step-words';

const input = (o: Partial<StepWordsInput>): StepWordsInput => ({
  boot: 'ready',
  training: 'idle',
  ready: true,
  preparing: null,
  method: 'pair',
  preview: null,
  hiddenWidths: [300, 100],
  removed: null,
  ...o,
});

const step = (o: Partial<StepPreview>): StepPreview => ({ method: 'pair', layer: 0, removedId: 4, heirs: [], biasCoef: 0, cost: 0, paramsAfter: 265_825, ...o });

function words(o: Partial<StepWordsInput>) {
  const w = stepWords(input(o));
  if (w.kind !== 'step') throw new Error(`expected a step, got ${w.kind}: ${w.text}`);
  return w;
}

const allText = (w: ReturnType<typeof words>) => [w.headline, w.why, w.handover, w.cost, w.after].join(' ');

describe('plainNumber', () => {
  it('writes decimals a class can read, with a real minus sign', () => {
    expect(plainNumber(0.931)).toBe('0.93');
    expect(plainNumber(-7.66e-5)).toBe('−0.000077');
    expect(plainNumber(12.345)).toBe('12.3');
    expect(plainNumber(3e-9)).toBe('almost 0');
    expect(plainNumber(2_345_678)).toBe('2,345,678');
    expect(plainNumber(0)).toBe('0');
  });
});

describe('aboutPercent', () => {
  it('rounds to one significant digit below 10%, two above, and says when it is tiny', () => {
    expect(aboutPercent(1.35e-4)).toBe('about 0.01%');
    expect(aboutPercent(0.0042)).toBe('about 0.4%');
    expect(aboutPercent(0.123)).toBe('about 12%');
    expect(aboutPercent(2.5)).toBe('about 250%');
    expect(aboutPercent(3e-9)).toBe('less than 0.001%');
    expect(aboutPercent(0)).toBe('0%');
  });
});

describe('stepWords: a real hand-over', () => {
  const pair = step({ heirs: [{ id: 17, coef: 0.931 }], biasCoef: 0.052, cost: 94.2, relCost: 1.35e-4 });

  it('pairwise: who takes over, c into the next layer’s bias, the cost as a share of the next layer’s usual variation', () => {
    const w = words({ preview: pair, removed: { constant: false, mean: 0.4 } });
    expect(w.constant).toBe(false);
    expect(w.headline).toBe('remove neuron #4 of hidden layer 1');
    expect(w.handover).toContain('#17 takes over');
    expect(w.handover).toContain('0.93 × #17’s + 0.052');
    expect(w.handover).toMatch(/constant part \(0\.052\) goes into the next layer’s bias/);
    expect(w.cost).toBe('Disturbs the next layer’s input by about 0.01% of its usual variation.');
    expect(w.after).toBe('265,825 parameters after this step.');
    // The exact figures are kept, one tap away.
    expect(w.exact.join('\n')).toContain('94.2');
    expect(w.exact.join('\n')).toContain('1.350e-4');
    expect(w.exact.join('\n')).toContain('#17 × 0.931');
    expect(allText(w)).not.toMatch(/Error injected|relative|e-4/);
  });

  it('least squares: the other neurons share the job, the largest shares first', () => {
    const heirs = [
      { id: 2, coef: 0.1 },
      { id: 9, coef: -0.6 },
      { id: 5, coef: 0.3 },
      { id: 7, coef: 0.01 },
    ];
    const w = words({ method: 'ls', preview: step({ method: 'ls', heirs, biasCoef: -0.2, cost: 3, relCost: 0.004 }), removed: { constant: false, mean: 1 } });
    expect(w.handover).toContain('The 4 other neurons of its layer share its job (largest shares: #9 × −0.6, #5 × 0.3, #2 × 0.1)');
    expect(w.handover).toContain('next layer’s bias');
    expect(w.cost).toContain('about 0.4% of its usual variation');
  });

  it('a negative bias term reads as a subtraction', () => {
    const w = words({ preview: step({ heirs: [{ id: 1, coef: -0.5 }], biasCoef: -0.25, cost: 1, relCost: 0.01 }), removed: { constant: false, mean: 0 } });
    expect(w.handover).toContain('≈ −0.5 × #1’s − 0.25');
  });
});

describe('stepWords: a constant neuron', () => {
  it('pairwise: "always outputs …: folded into the next layer’s bias", never a merge into #0 with coefficient 0', () => {
    const p = step({ heirs: [{ id: 0, coef: 0 }], biasCoef: 0.12, cost: 0, relCost: 0 });
    for (const removed of [{ constant: true, mean: 0.12 }, null]) {
      const w = words({ preview: p, removed });
      expect(w.constant).toBe(true);
      expect(w.handover).toBe('It always outputs 0.12: folded into the next layer’s bias, so no neuron needs to take over.');
      expect(allText(w)).not.toContain('#0');
      expect(allText(w)).not.toMatch(/0\.000|takes over:/);
      expect(w.cost).toMatch(/^Costs nothing/);
    }
  });

  it('least squares: the same words', () => {
    const w = words({ method: 'ls', preview: step({ method: 'ls', heirs: [], biasCoef: 0.12 }), removed: null });
    expect(w.handover).toBe('It always outputs 0.12: folded into the next layer’s bias, so no neuron needs to take over.');
  });

  it('a neuron that always outputs 0 changes nothing', () => {
    const w = words({ preview: step({ heirs: [{ id: 3, coef: 0 }], biasCoef: 0 }), removed: { constant: true, mean: 0 } });
    expect(w.handover).toMatch(/^It always outputs 0: removing it changes nothing/);
  });

  it('pruning baselines say the constant output is dropped, not folded', () => {
    for (const method of ['random', 'magnitude', 'apoz'] as Method[]) {
      const w = words({ method, preview: step({ method, cost: 0.5 }), removed: { constant: true, mean: 0.12 } });
      expect(w.constant).toBe(true);
      expect(w.handover).toContain('always outputs 0.12');
      expect(w.handover).toContain('drops that output');
      expect(w.handover).not.toMatch(/folded/);
    }
    const w = words({ method: 'srinivas', preview: step({ method: 'srinivas', heirs: [{ id: 8, coef: 1 }], cost: 0.01 }), removed: { constant: true, mean: 0.3 } });
    expect(w.handover).toContain('adds its outgoing connections to #8’s');
    expect(w.handover).toContain('does not move it into the bias');
  });

  it('a baseline step of a neuron that varies makes no constant claim', () => {
    const w = words({ method: 'magnitude', preview: step({ method: 'magnitude', cost: 0.5 }), removed: { constant: false, mean: 0.3 } });
    expect(w.constant).toBe(false);
    expect(w.handover).toBe('Simply deleted: no neuron takes over its job.');
  });
});

describe('stepWords: the baselines in words', () => {
  it('random reads as chosen at random, never as score 0', () => {
    const w = words({ method: 'random', preview: step({ method: 'random', cost: 0 }), removed: { constant: false, mean: 0.3 } });
    expect(w.why).toBe('chosen at random');
    expect(allText(w)).not.toMatch(/score/i);
    expect(w.cost).toBe('');
  });

  it('every method gives whole sentences, with no undefined, NaN or raw exponent (exact figures may have exponents)', () => {
    for (const method of METHODS) {
      const heirs = method === 'ls' ? [{ id: 1, coef: 0.4 }, { id: 2, coef: 0.2 }] : method === 'pair' || method === 'srinivas' || method === 'merging' ? [{ id: 1, coef: 0.7 }] : [];
      const w = words({ method, preview: step({ method, heirs, cost: 0.37, relCost: method === 'pair' || method === 'ls' ? 2e-3 : undefined, biasCoef: 0.1 }), removed: { constant: false, mean: 0.2 } });
      for (const t of [w.why, w.handover, w.cost, w.after]) expect(t).not.toMatch(/undefined|NaN|e[-+]\d/);
      for (const t of w.exact) expect(t).not.toMatch(/undefined|NaN/);
      expect(w.why.length).toBeGreaterThan(5);
    }
  });

  it('APoZ says how often the neuron outputs zero', () => {
    expect(words({ method: 'apoz', preview: step({ method: 'apoz', cost: 0.973 }), removed: { constant: false, mean: 0.01 } }).why).toContain('97% of the probe images');
  });
});

describe('when there is no step to show', () => {
  it('says Loading… or Training… while the app loads or a model trains, never "Nothing left to remove"', () => {
    for (const [o, text] of [
      [{ boot: 'data', ready: false }, 'Loading…'],
      [{ boot: 'model', ready: false }, 'Loading…'],
      [{ training: 'running', ready: false }, 'Training a new network…'],
      [{ training: 'paused', ready: false }, 'Training a new network (paused)…'],
      [{ training: 'done', ready: false }, 'Loading…'],
      [{ preparing: 'ls' }, 'Preparing least-squares unification…'],
    ] as [Partial<StepWordsInput>, string][]) {
      const w = stepWords(input({ ...o, preview: null }));
      expect(w).toEqual({ kind: 'busy', text });
    }
  });

  it('a model with one neuron per hidden layer says so', () => {
    expect(stepWords(input({ hiddenWidths: [1, 1] }))).toEqual({ kind: 'none', text: 'This model has one neuron per hidden layer: nothing left to merge.' });
    expect(noStep(input({ hiddenWidths: [1] }))?.text).toBe('This model has one neuron left in its hidden layer: nothing left to merge.');
    expect(noStep(input({ hiddenWidths: [1, 1], preview: step({}) }))).toBeNull();
  });
});
