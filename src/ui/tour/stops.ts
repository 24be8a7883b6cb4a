/**
 * The tour's stops and their words, as a pure function of the live facts (the
 * model, its widths and parameters, the method, the next step, the tour's own
 * hand-over), so every sentence says what is true of what is on screen and can
 * be checked in Node. Words for a class that does not know the jargon.
 *
 * Checked against the engine: pairwise unification fits x_j ≈ a·x_i + c and
 * folds W[i] += a·W[j] (the heir's outgoing weights) and b += c·W[j] (the NEXT
 * layer's bias); least squares lets every survivor share j, so the similarity
 * graph marks no pair for it (it marks the next step only when that step has
 * exactly one heir in the layer shown); the baselines prune (magnitude, APoZ,
 * random), or add the removed neuron's outgoing weights to one neuron's
 * (Srinivas & Babu, Neuron Merging). The compaction chart runs from all the
 * parameters (left) to none (right).
 */
import type { Method, StepPreview } from '../../core/compaction';
import { METHOD_LABELS } from '../../core/compaction';
import type { HideableControl } from '../../core/share/link-state';
import { aboutPercent, plainNumber } from '../explorer/step-words';

export interface TourFacts {
  modelName: string;
  source: 'bundled' | 'trained' | 'training' | 'imported';
  /** The data set's name ("MNIST (10,000 embedded digits)"). */
  dataName: string;
  classes: number;
  activation: 'relu' | 'sigmoid' | 'tanh';
  /** [inputs, hidden..., outputs] at the start, and now. */
  originalWidths: readonly number[];
  widths: readonly number[];
  baseParams: number;
  params: number;
  /** Steps applied now. */
  cursor: number;
  /** Test accuracy now (0..1). */
  accuracy: number | null;
  testCount: number;
  probeCount: number;
  /** The hidden layer the codes and the similarity graph show. */
  viewLayer: number;
  threshold: number;
  method: Method;
  preview: StepPreview | null;
  /** The next step's removed neuron's constant output, if it has one. */
  previewConstant: number | null;
  /** The tour's hand-over, once applied. */
  demo: { layer: number; removedId: number; heirId: number; correlation: number; a: number; c: number; relCost: number | undefined; saved: number } | null;
  /** Why the tour could not show its hand-over, if it tried and could not. */
  demoFailed: 'busy' | 'no-pair' | null;
  /** Controls hidden now (by a classroom link). */
  hidden: readonly HideableControl[];
}

export interface TourStop {
  /** CSS selector of the part of the page the stop explains. */
  target: string;
  title: string;
  paragraphs: string[];
  /** This stop shows the tour's hand-over (applied when the stop opens, undone when going back before it). */
  demo?: boolean;
}

const int = (v: number) => v.toLocaleString('en-US');
const NUMBER_WORDS = ['no', 'one', 'two', 'three', 'four', 'five', 'six'];
const count = (n: number) => NUMBER_WORDS[n] ?? int(n);

/** "300 and 100", "64, 32 and 16". */
function list(xs: readonly number[]): string {
  const s = xs.map(int);
  return s.length <= 1 ? (s[0] ?? '') : `${s.slice(0, -1).join(', ')} and ${s[s.length - 1]}`;
}

function signedTerm(c: number): string {
  return `${c < 0 ? '−' : '+'} ${plainNumber(Math.abs(c))}`;
}

const coef = plainNumber;

function isDigits(f: TourFacts): boolean {
  return /^MNIST\b/i.test(f.dataName) && f.classes === 10;
}

function firstStop(f: TourFacts): TourStop {
  const digits = isDigits(f);
  const what = digits ? 'handwritten digits' : `the ${f.classes} classes of ${f.dataName}`;
  const intro =
    f.source === 'bundled'
      ? `This is “${f.modelName}”, the network that comes with this app, trained to recognise ${what}.`
      : f.source === 'imported'
        ? `This is “${f.modelName}”, the network you imported, which recognises ${what}.`
        : `This is “${f.modelName}”, a network trained right here in your browser to recognise ${what}.`;
  const [inputs, ...rest] = f.originalWidths;
  const outputs = rest[rest.length - 1];
  const hidden = rest.slice(0, -1);
  const layers = `${count(hidden.length)} hidden layer${hidden.length === 1 ? '' : 's'} of ${list(hidden)} neurons`;
  const acc = f.accuracy === null ? '' : ` It gets ${(100 * f.accuracy).toFixed(1)}% of the ${int(f.testCount)} test ${digits ? 'digits' : 'images'} right.`;
  const shape = `Each ${digits ? 'digit' : 'image'} comes in as ${int(inputs)} pixel values, passes through ${layers}, and comes out as ${int(outputs)} scores, one per ${digits ? 'digit' : 'class'}.`;
  const paragraphs = [intro];
  if (f.cursor === 0) {
    paragraphs.push(`${shape} Altogether it has ${int(f.params)} parameters: the weights and biases it learned.${acc}`);
  } else {
    const now = f.widths.slice(1, -1);
    paragraphs.push(
      `${shape} It started with ${int(f.baseParams)} parameters (the weights and biases it learned). ${f.cursor} step${f.cursor === 1 ? ' has' : 's have'} already removed neurons: its hidden layers now have ${list(now)}, and it has ${int(f.params)} parameters.${acc}`,
    );
  }
  paragraphs.push('Can it be made smaller without forgetting what it learned?');
  return { target: '.network-panel', title: '1 · A trained network', paragraphs };
}

function codesStop(f: TourFacts): TourStop {
  const digits = isDigits(f);
  const colours =
    f.activation === 'tanh'
      ? 'Red means a positive output, blue a negative one, white about zero.'
      : 'The brighter the colour (up to yellow), the larger the output; dark purple means the neuron stays quiet.';
  return {
    target: '.codes-panel',
    title: '2 · Neuro-Coding: what each neuron does',
    paragraphs: [
      `To compare neurons, describe each one by what it does: its output for each of ${int(f.probeCount)} real ${digits ? 'digits' : 'images'} (the probe images). That list of numbers is the neuron’s code.`,
      `Here each row is one neuron of hidden layer ${f.viewLayer + 1} and each column one image, grouped by ${digits ? 'digit' : 'class'}. ${colours} Neurons with similar rows are placed next to each other; on the right, each neuron’s average output for each ${digits ? 'digit' : 'class'}.`,
    ],
  };
}

/** What the similarity graph marks for the next step of the chosen method. */
function markedWords(f: TourFacts): string {
  const m = METHOD_LABELS[f.method];
  const p = f.preview;
  if (!p) return `No step is left for ${m}, the method chosen in the stepper, so no line is marked.`;
  if (p.layer !== f.viewLayer) return `The next step of ${m} (the method chosen in the stepper) is in hidden layer ${p.layer + 1}, not the one shown here, so no line is marked.`;
  const j = `#${p.removedId}`;
  if (p.heirs.length === 1) {
    const i = `#${p.heirs[0].id}`;
    if (f.previewConstant !== null && (p.method === 'pair' || p.method === 'ls')) {
      return `The line marked “next merge” joins ${j}, which the next step of ${m} removes, to ${i}. But ${j} always outputs ${plainNumber(f.previewConstant)}, so there is nothing to hand over: that constant simply goes into the next layer’s bias.`;
    }
    if (p.method === 'pair') return `The line marked “next merge” joins the pair the next step of ${m} (the method chosen in the stepper) would merge: ${j} would go and ${i} would take over its job.`;
    if (p.method === 'ls') return `The line marked “next merge” joins ${j}, which the next step of ${m} removes, to ${i}, the only neuron left in the layer to take over its job.`;
    return `The line marked “next merge” joins the pair ${m} (the method chosen in the stepper) would merge next: ${j}’s outgoing connections would be added to ${i}’s.`;
  }
  if (p.method === 'ls') {
    return `No line is marked: with ${m}, the method chosen in the stepper, the next step does not merge a pair. It removes ${j} and lets all the other neurons of its layer share its job.`;
  }
  return `No line is marked: ${m}, the method chosen in the stepper, does not hand a neuron’s job to another; it just deletes one (${j} next).`;
}

function similarityStop(f: TourFacts): TourStop {
  return {
    target: '.similarity-panel',
    title: '3 · Neurons that behave alike',
    paragraphs: [
      `Each dot is a neuron of hidden layer ${f.viewLayer + 1}. A line joins it to the (at most three) neurons whose codes rise and fall most like its own, when their correlation is at least ${f.threshold.toFixed(2)} (1 would mean exactly in step; a dashed line: one rises when the other falls). Two such neurons do nearly the same job, so the network could do without one of them.`,
      markedWords(f),
    ],
  };
}

function demoStop(f: TourFacts): TourStop {
  const stop: TourStop = { target: '.network-panel', title: '4 · Neuro-Unification: one neuron takes over from another', paragraphs: [], demo: true };
  const d = f.demo;
  if (!d) {
    const what = 'Neuro-Unification removes a neuron and lets a neuron that behaves alike take over its job, instead of just deleting it.';
    stop.paragraphs =
      f.demoFailed === 'no-pair'
        ? [`To show a hand-over, the tour needs two neurons in hidden layer ${f.viewLayer + 1} whose outputs vary; this model has none left there, so there is nothing to watch.`, what]
        : f.demoFailed === 'busy'
          ? ['The model is busy (a run to the target is under way), so the tour cannot show a hand-over now. Come back to this stop when it is done.', what]
          : ['Picking the two neurons that behave most alike…'];
    return stop;
  }
  const j = `#${d.removedId}`;
  const i = `#${d.heirId}`;
  const method = METHOD_LABELS[f.method];
  stop.paragraphs = [
    `Instead of just deleting a neuron, let a neuron that behaves alike take over its job. The tour picked the two neurons of hidden layer ${d.layer + 1} that behave most alike: ${j} and ${i} (correlation ${d.correlation.toFixed(2)}).`,
    `It removed ${j} and let ${i} take over. ${j}’s output is copied as closely as possible by ${coef(d.a)} × ${i}’s output ${signedTerm(d.c)}. So ${i}’s outgoing connections gain ${coef(d.a)} × ${j}’s, and the constant part (${coef(d.c)}) goes into the next layer’s bias. In the network view, ${j}’s job flows along the curve into ${i}.`,
    `${d.relCost === undefined || !Number.isFinite(d.relCost) ? 'This disturbs what the next layer receives a little' : `This disturbs what the next layer receives by ${aboutPercent(d.relCost)} of its usual variation`}, and saves ${int(d.saved)} parameters.`,
    f.method === 'pair'
      ? 'This is a pairwise merge, the method chosen in the stepper. Going back, or closing the tour, undoes it.'
      : `This is a pairwise merge picked for the tour: the method chosen in the stepper is still ${method}. Going back, or closing the tour, undoes it.`,
  ];
  return stop;
}

function chartStop(f: TourFacts): TourStop {
  const saved = f.demo ? `, like the tour’s step just now, which saved ${int(f.demo.saved)} parameters` : '';
  const paragraphs = [
    `Each step removes one neuron and its connections${saved}. The chart plots test accuracy against the number of parameters left, from all of them on the left to none on the right: the longer the line stays high, the more the network keeps of what it learned.`,
  ];
  if (f.accuracy !== null) paragraphs.push(`Right now: ${(100 * f.accuracy).toFixed(1)}% right with ${int(f.params)} parameters.`);
  if (!f.hidden.includes('baselines')) {
    paragraphs.push(
      'Tick a method under the chart to draw its automatic run down to 10% of the parameters. Least-squares unification lets all the remaining neurons share a removed neuron’s job; magnitude, APoZ and random pruning just delete neurons.',
    );
  }
  return { target: '.compaction-panel', title: '5 · Shrink, and keep accuracy', paragraphs };
}

function structureStop(f: TourFacts): TourStop {
  const m = METHOD_LABELS[f.method];
  const paragraphs = [
    `Step removes one neuron with the method chosen${f.hidden.includes('method') ? '' : ' in the menu'} (now ${m}); Undo and Redo go back and forth${f.hidden.includes('timeline') ? '' : ', and the timeline jumps to any step'}.`,
  ];
  if (!f.hidden.includes('run-to-target')) {
    paragraphs.push(
      f.method === 'pair' || f.method === 'ls'
        ? '“Run to target” keeps stepping until the network is down to a target number of parameters, or has lost a chosen amount of accuracy. Each time it takes the removal that costs least per parameter saved, in whichever layer: so it finds out how wide each layer needs to be.'
        : `“Run to target” keeps stepping until the network is down to a target number of parameters, or has lost a chosen amount of accuracy. ${m} removes the same share of neurons from every layer; with pairwise or least-squares unification it would find out how wide each layer needs to be.`,
    );
  }
  if (f.demo) paragraphs.push('When you close the tour, its merge is undone, so you start from where you were.');
  if (!f.hidden.includes('import-export')) paragraphs.push('“Copy link” (under Share and export) gives a link that reopens exactly what you see.');
  return { target: '.stepper', title: '6 · Let it find the structure', paragraphs };
}

/** The tour's six stops for the live facts. */
export function tourStops(f: TourFacts): TourStop[] {
  return [firstStop(f), codesStop(f), similarityStop(f), demoStop(f), chartStop(f), structureStop(f)];
}
