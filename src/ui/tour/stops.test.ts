/** The tour's words follow the live model and the chosen method. */
import { describe, expect, it } from 'vitest';
import { tourStops, type TourFacts } from './stops';

const lenet: TourFacts = {
  modelName: 'Pretrained LeNet-300-100',
  source: 'bundled',
  dataName: 'MNIST (10,000 embedded digits)',
  classes: 10,
  activation: 'relu',
  originalWidths: [784, 300, 100, 10],
  widths: [784, 300, 100, 10],
  baseParams: 266_610,
  params: 266_610,
  cursor: 0,
  accuracy: 0.9585,
  testCount: 2000,
  probeCount: 2000,
  viewLayer: 0,
  threshold: 0.6,
  method: 'ls',
  preview: { method: 'ls', layer: 0, removedId: 12, heirs: [{ id: 1, coef: 0.2 }, { id: 2, coef: 0.1 }], biasCoef: 0.3, cost: 1, relCost: 1e-4, paramsAfter: 265_825 },
  previewConstant: null,
  demo: null,
  demoFailed: null,
  hidden: [],
};

const text = (f: TourFacts, k: number) => tourStops(f)[k].paragraphs.join(' ');

describe('tourStops', () => {
  it('names the live model, its widths and its parameter count', () => {
    expect(text(lenet, 0)).toContain('“Pretrained LeNet-300-100”');
    expect(text(lenet, 0)).toContain('two hidden layers of 300 and 100 neurons');
    expect(text(lenet, 0)).toContain('266,610 parameters');
    expect(text(lenet, 0)).toContain('95.9% of the 2,000 test digits');
    const trained: TourFacts = { ...lenet, modelName: 'In-browser MLP 784-16-10', source: 'trained', originalWidths: [784, 16, 10], widths: [784, 16, 10], baseParams: 12_730, params: 12_730 };
    const t = text(trained, 0);
    expect(t).toContain('“In-browser MLP 784-16-10”, a network trained right here in your browser');
    expect(t).toContain('one hidden layer of 16 neurons');
    expect(t).toContain('12,730 parameters');
    expect(t).not.toMatch(/LeNet|266,610|300/);
  });

  it('says when the model has already been compacted', () => {
    const t = text({ ...lenet, cursor: 3, widths: [784, 298, 99, 10], params: 264_000 }, 0);
    expect(t).toContain('It started with 266,610 parameters');
    expect(t).toContain('3 steps have already removed neurons: its hidden layers now have 298 and 99, and it has 264,000 parameters');
  });

  it('says what the similarity graph marks for the chosen method: nothing under least squares', () => {
    expect(text(lenet, 2)).toContain('No line is marked: with least-squares unification, the method chosen in the stepper, the next step does not merge a pair');
    expect(text(lenet, 2)).not.toContain('next merge');
    const pair: TourFacts = { ...lenet, method: 'pair', preview: { ...lenet.preview!, method: 'pair', heirs: [{ id: 40, coef: 0.9 }] } };
    expect(text(pair, 2)).toContain('The line marked “next merge” joins the pair the next step of pairwise unification');
    expect(text(pair, 2)).toContain('#12 would go and #40 would take over');
    const constant: TourFacts = { ...pair, preview: { ...pair.preview!, heirs: [{ id: 0, coef: 0 }], biasCoef: 0.12, cost: 0 }, previewConstant: 0.12 };
    expect(text(constant, 2)).toContain('#12 always outputs 0.12, so there is nothing to hand over');
    const magnitude: TourFacts = { ...lenet, method: 'magnitude', preview: { ...lenet.preview!, method: 'magnitude', heirs: [] } };
    expect(text(magnitude, 2)).toContain('No line is marked: magnitude');
    const otherLayer: TourFacts = { ...pair, preview: { ...pair.preview!, layer: 1 } };
    expect(text(otherLayer, 2)).toContain('is in hidden layer 2, not the one shown here');
  });

  it('the hand-over stop: c goes into the next layer’s bias, and the method is said to be unchanged', () => {
    const demo: TourFacts = { ...lenet, demo: { layer: 0, removedId: 7, heirId: 42, correlation: 0.973, a: 0.81, c: -0.05, relCost: 0.0021, saved: 785 } };
    const stop = tourStops(demo)[3];
    expect(stop.title).toContain('Neuro-Unification');
    expect(stop.demo).toBe(true);
    const t = stop.paragraphs.join(' ');
    expect(t).toContain('#7 and #42 (correlation 0.97)');
    expect(t).toContain('0.81 × #42’s output − 0.05');
    expect(t).toContain('the constant part (−0.05) goes into the next layer’s bias');
    expect(t).not.toMatch(/into the next layer’s weights/);
    expect(t).toContain('about 0.2% of its usual variation');
    expect(t).toContain('saves 785 parameters');
    expect(t).toContain('the method chosen in the stepper is still least-squares unification');
    expect(text({ ...demo, method: 'pair' }, 3)).toContain('This is a pairwise merge, the method chosen in the stepper');
    expect(text({ ...lenet, demoFailed: 'no-pair' }, 3)).toContain('there is nothing to watch');
    expect(text({ ...lenet, demoFailed: 'busy' }, 3)).toContain('The model is busy');
  });

  it('leaves out what a classroom link hid', () => {
    const hidden: TourFacts = { ...lenet, hidden: ['baselines', 'run-to-target', 'import-export', 'method', 'timeline'] };
    expect(text(hidden, 4)).not.toContain('Tick a method');
    expect(text(lenet, 4)).toContain('Tick a method');
    expect(text(hidden, 5)).not.toMatch(/Run to target|Copy link|in the menu|timeline/);
    expect(text(lenet, 5)).toMatch(/Run to target.*Copy link/);
  });

  it('explains colours for the activation in use', () => {
    expect(text(lenet, 1)).toContain('yellow');
    expect(text({ ...lenet, activation: 'tanh' }, 1)).toContain('Red means a positive output');
  });
});
