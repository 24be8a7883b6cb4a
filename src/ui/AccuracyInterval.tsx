import { wilsonInterval } from '../core/stats';
import { formatInt, formatPercent } from './format';

/**
 * An accuracy's 95% interval, shown under the figure, with what it means one
 * tap (or keyboard toggle) away: how far the true accuracy may be from what
 * `n` digits measured (Wilson score interval).
 */
export function AccuracyInterval({ accuracy, n, set }: { accuracy: number | null | undefined; n: number; set: 'test' | 'validation' }) {
  if (accuracy === null || accuracy === undefined || !n) return null;
  const correct = Math.round(accuracy * n);
  const [lo, hi] = wilsonInterval(correct, n);
  return (
    <details className="interval" data-testid={`interval-${set}`}>
      <summary title="What this interval means">
        <span>
          95% interval <span className="nowrap">{formatPercent(lo)}–{formatPercent(hi)}</span>
        </span>
      </summary>
      <span className="interval-text">
        95% interval {formatPercent(lo)}–{formatPercent(hi)}: {formatInt(correct)} of {formatInt(n)} {set} digits right. With this many digits, the true accuracy could lie anywhere in it (Wilson score interval).
      </span>
    </details>
  );
}
