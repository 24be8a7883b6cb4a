/**
 * Per-digit damage: how a network's predictions on labelled digits break
 * down by class, its confusion matrix, and which digits a change broke or
 * fixed. Plain counts over predicted classes.
 */
import type { Accuracy } from './accuracy';
import { accuracyOf } from './accuracy';

/** Accuracy on the digits of each class (index = class). */
export function classAccuracy(labels: ArrayLike<number>, pred: ArrayLike<number>, numClasses: number): Accuracy[] {
  checkSameLength(labels, pred);
  const n = new Array<number>(numClasses).fill(0);
  const ok = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const k = labels[i];
    n[k]++;
    if (pred[i] === k) ok[k]++;
  }
  return n.map((c, k) => accuracyOf(ok[k], c));
}

/** The confusion matrix: counts[t * numClasses + p] digits of true class t predicted as p (rows sum to the class counts). */
export function confusionMatrix(labels: ArrayLike<number>, pred: ArrayLike<number>, numClasses: number): Int32Array {
  checkSameLength(labels, pred);
  const m = new Int32Array(numClasses * numClasses);
  for (let i = 0; i < labels.length; i++) {
    const p = pred[i];
    if (p < 0 || p >= numClasses) throw new Error(`prediction ${p} of digit ${i} is not a class (0..${numClasses - 1})`);
    m[labels[i] * numClasses + p]++;
  }
  return m;
}

/** Indices (ascending) of the digits `before` got right and `after` gets wrong (broken), and the reverse (fixed). */
export function changedDigits(labels: ArrayLike<number>, before: ArrayLike<number>, after: ArrayLike<number>): { broken: Int32Array; fixed: Int32Array } {
  checkSameLength(labels, before);
  checkSameLength(labels, after);
  const broken: number[] = [];
  const fixed: number[] = [];
  for (let i = 0; i < labels.length; i++) {
    const was = before[i] === labels[i];
    const is = after[i] === labels[i];
    if (was && !is) broken.push(i);
    else if (!was && is) fixed.push(i);
  }
  return { broken: Int32Array.from(broken), fixed: Int32Array.from(fixed) };
}

/** Per-class accuracy and confusion matrix of two networks on the same digits, and the digits that changed. */
export interface DigitDamage {
  numClasses: number;
  /** Accuracy per class: of the original network, and of the current one. */
  classes: { original: Accuracy[]; current: Accuracy[] };
  /** Confusion matrices (see confusionMatrix). */
  confusion: { original: Int32Array; current: Int32Array };
  /** Digit indices (into the data set) right before and wrong now. */
  broken: Int32Array;
  /** Digit indices wrong before and right now. */
  fixed: Int32Array;
  /** Predicted classes of every digit. */
  predictions: { original: Int32Array; current: Int32Array };
}

export function digitDamage(labels: ArrayLike<number>, original: Int32Array, current: Int32Array, numClasses: number): DigitDamage {
  return {
    numClasses,
    classes: { original: classAccuracy(labels, original, numClasses), current: classAccuracy(labels, current, numClasses) },
    confusion: { original: confusionMatrix(labels, original, numClasses), current: confusionMatrix(labels, current, numClasses) },
    ...changedDigits(labels, original, current),
    predictions: { original, current },
  };
}

function checkSameLength(a: ArrayLike<number>, b: ArrayLike<number>): void {
  if (a.length !== b.length) throw new Error(`${a.length} labels but ${b.length} predictions`);
}
