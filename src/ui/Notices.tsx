import { dismissNotice } from '../state/actions/notices';
import { useStore } from '../state/store';

/** Messages for the user (bad input, failures); text only, never HTML. Technical detail waits behind a toggle. */
export function Notices() {
  const notices = useStore((s) => s.notices);
  if (!notices.length) return null;
  return (
    <div className="notices" role="status" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice notice-${n.kind}`} data-testid={`notice-${n.kind}`}>
          <div className="notice-body">
            <span className="notice-text">{n.text}</span>
            {n.action && (
              <button type="button" className="notice-action" onClick={n.action.run}>
                {n.action.label}
              </button>
            )}
            {n.detail && (
              <details className="notice-detail">
                <summary>Details</summary>
                <code>{n.detail}</code>
              </details>
            )}
          </div>
          <button type="button" className="notice-dismiss" aria-label="Dismiss" onClick={() => dismissNotice(n.id)}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
