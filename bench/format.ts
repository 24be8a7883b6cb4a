/** Number formats and small helpers of the bench reports. */
import { wilsonInterval } from '../src/core/stats';

export const f1 = (x: number) => x.toFixed(1);
/** With its sign (+ or -); a value that rounds to zero prints as plain 0. */
export const signed = (x: number, d = 1) => (Math.abs(x) < 0.5 * 10 ** -d ? (0).toFixed(d) : `${x > 0 ? '+' : ''}${x.toFixed(d)}`);
export const pm = (m: number, s: number) => `${f1(m)} ± ${f1(s)}`;
export const ci = (c: [number, number], d = 1) => (Number.isFinite(c[0]) && Number.isFinite(c[1]) ? `[${signed(c[0], d)}, ${signed(c[1], d)}]` : '[n/a]');
export const pct = (f: number) => `${Math.round(100 * f)}%`;
export const int = (n: number) => n.toLocaleString('en-US');
export const pval = (p: number) => (Number.isNaN(p) ? 'n/a' : p < 0.001 ? '< 0.001' : p.toFixed(3));
/** Whether a 95% interval excludes zero. */
export const excludesZero = (c: [number, number]) => c[0] > 0 || c[1] < 0;

/** The 95% Wilson interval (in %) of one run whose accuracy is `meanPct` on n digits. */
export function wilsonAt(meanPct: number, n: number): [number, number] {
  const [lo, hi] = wilsonInterval(Math.round((meanPct / 100) * n), n);
  return [100 * lo, 100 * hi];
}

