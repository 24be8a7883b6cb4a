import { openTour } from '../state/actions/tour';
import { setPresenter } from '../state/actions/view-mode';
import { useStore } from '../state/store';

export function Header() {
  const backend = useStore((s) => s.backend);
  const presenter = useStore((s) => s.presenter);
  return (
    <header className="app-header">
      <div className="brand">
        <span className="logo" aria-hidden="true">
          ◐
        </span>
        <div>
          <h1>NeuroUnify</h1>
          <p className="tagline">Shrink a neural network by letting similar neurons merge — and watch what it keeps.</p>
        </div>
      </div>
      <div className="header-actions">
        <button
          type="button"
          className="header-button present-button"
          data-testid="present-mode"
          aria-pressed={presenter}
          title="Larger type, charts and marks for a projector"
          onClick={() => setPresenter(!presenter)}
        >
          <svg className="icon" viewBox="0 0 16 16" aria-hidden="true">
            <rect x="1.5" y="2.5" width="13" height="8.5" rx="1" />
            <path d="M8 11v3.5M5 14.5h6" />
          </svg>
          Presenter mode
        </button>
        <button type="button" className="header-button tour-button" data-testid="start-tour" onClick={openTour}>
          Take the tour
        </button>
      </div>
      <div className="backend" title={backend?.reason ?? 'Starting TensorFlow.js'}>
        <span className="backend-label">TensorFlow.js backend</span>
        <span className="backend-name" data-testid="backend-name">
          {backend?.name ?? '…'}
        </span>
        {backend && <span className="backend-reason">{backend.reason}</span>}
      </div>
    </header>
  );
}
