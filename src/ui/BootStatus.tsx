import { useStore } from '../state/store';

/** Start-up progress (backend, data download, model), shown until the app is ready. */
export function BootStatus() {
  const boot = useStore((s) => s.boot);
  if (boot.phase === 'ready') return null;
  const steps = ['backend', 'data', 'model'] as const;
  const current = steps.indexOf(boot.phase as (typeof steps)[number]);
  const fraction = boot.phase === 'error' ? 0 : (Math.max(0, current) + (boot.phase === 'data' ? boot.progress : 0)) / steps.length;
  return (
    <div className={`boot-status ${boot.phase === 'error' ? 'boot-error' : ''}`} data-testid="boot-status">
      <div className="boot-message">{boot.message}</div>
      {boot.phase !== 'error' && (
        <div className="bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
          <div className="bar-fill" style={{ width: `${fraction * 100}%` }} />
        </div>
      )}
    </div>
  );
}
