import { METHOD_LABELS } from '../../core/compaction';
import { useStore } from '../../state/store';
import { formatInt } from '../format';

function formatCost(v: number): string {
  if (v === 0) return '0';
  return Math.abs(v) >= 0.01 && Math.abs(v) < 1e4 ? v.toPrecision(3) : v.toExponential(2);
}

/** The next step of the chosen method: which neuron goes, who inherits, at what cost. */
export function StepCard() {
  const p = useStore((s) => s.compaction.preview);
  const method = useStore((s) => s.compaction.method);
  const preparing = useStore((s) => s.compaction.preparing);
  if (preparing) {
    return (
      <div className="step-card" data-testid="step-card" aria-busy="true">
        <p className="step-main">
          <span className="step-tag">Next</span> Preparing {METHOD_LABELS[preparing]}…
        </p>
      </div>
    );
  }
  if (!p) {
    return (
      <div className="step-card" data-testid="step-card">
        <p className="step-main">
          <span className="step-tag">Next</span> Nothing left to remove with {METHOD_LABELS[method]}.
        </p>
      </div>
    );
  }
  const heirs = [...p.heirs].sort((a, b) => Math.abs(b.coef) - Math.abs(a.coef));
  const shown = heirs.slice(0, 4);
  return (
    <div className="step-card" data-testid="step-card">
      <p className="step-main">
        <span className="step-tag">Next</span> remove neuron <strong>#{p.removedId}</strong> of hidden layer {p.layer + 1}
      </p>
      {heirs.length > 0 ? (
        <p className="step-heirs">
          {heirs.length === 1 ? 'Heir' : `${heirs.length} heirs, largest`}:{' '}
          {shown.map((h) => `#${h.id} × ${h.coef.toFixed(3)}`).join(', ')}
          {heirs.length > shown.length ? ', …' : ''}
        </p>
      ) : (
        <p className="step-heirs">
          {method === 'pair' || method === 'ls'
            ? 'Its output is constant on the probe images: it moves into the next layer’s bias, nobody needs to inherit.'
            : 'No heir: the neuron is simply pruned.'}
        </p>
      )}
      <p className="step-cost">
        {method === 'pair' || method === 'ls' ? 'Error injected' : 'Score'} {formatCost(p.cost)}
        {p.relCost !== undefined ? ` (relative ${formatCost(p.relCost)})` : ''} · {formatInt(p.paramsAfter)} parameters after
      </p>
    </div>
  );
}
