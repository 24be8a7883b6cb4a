/** Number formats of the inspector. */
import { exactNumber } from '../explorer/step-words';

/** A value as the inspector prints it: 4 significant digits (exponent when very small or large). */
export const fmt = (v: number): string => exactNumber(v);

/** A signed weight or coefficient: always with its sign. */
export const signed = (v: number): string => (v > 0 ? `+${exactNumber(v)}` : exactNumber(v).replace('-', '−'));

/** A fraction as a whole percent (one decimal below 10%). */
export const pct = (v: number): string => `${(100 * v).toFixed(v < 0.1 && v > 0 ? 1 : 0)}%`;
