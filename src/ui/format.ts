/** Number formatting shared by the panels. */
export const formatPercent = (v: number | null | undefined, digits = 1): string =>
  v === null || v === undefined ? '—' : `${(100 * v).toFixed(digits)}%`;

export const formatInt = (v: number): string => v.toLocaleString('en-US');

export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h} h ${String(m % 60).padStart(2, '0')} min` : `${Math.round(h / 24)} days`;
}
