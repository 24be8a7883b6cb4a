/** Counting and uncertainty: accuracies as counts with Wilson intervals, drop budgets, per-digit damage. */
export { accuracyOf, allowedLoss, wilsonInterval, withinDrop, Z95 } from './accuracy';
export type { Accuracy } from './accuracy';
export { changedDigits, classAccuracy, confusionMatrix, digitDamage } from './damage';
export type { DigitDamage } from './damage';
