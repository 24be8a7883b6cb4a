import { openTour } from '../state/actions/tour';
import { useStore } from '../state/store';

export function Header() {
  const backend = useStore((s) => s.backend);
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
      <button type="button" className="tour-button" data-testid="start-tour" onClick={openTour}>
        Take the tour
      </button>
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
