import { useStore } from '../../state/store';
import { formatPercent } from '../format';


/** Both networks' class probabilities for the input, side by side. */
export function Predictions({ ready }: { ready: boolean }) {
  const trace = useStore((s) => s.probeTrace);
  const input = useStore((s) => s.probeInput);
  if (!ready || !input || !trace) {
    return (
      <p className="draw-empty" data-testid="draw-prediction" data-state="empty">
        {!ready ? 'Waiting for the model…' : input && !trace ? 'This input does not fit the model.' : 'Draw a digit or pick a test digit to see both networks’ answers.'}
      </p>
    );
  }
  const o = trace.original;
  const c = trace.current;
  const rows = Array.from(o.probabilities, (p, k) => ({ k, o: p, c: c.probabilities[k] }));
  return (
    <div className="draw-prediction" data-testid="draw-prediction" data-state="shown" data-original={o.predicted} data-current={c.predicted}>
      <div className="draw-verdicts">
        <div data-network="original">
          <span className="draw-net">Original</span>
          <strong>{o.predicted}</strong> <span className="draw-p">{formatPercent(o.probabilities[o.predicted])}</span>
        </div>
        <div data-network="current">
          <span className="draw-net">Compacted</span>
          <strong>{c.predicted}</strong> <span className="draw-p">{formatPercent(c.probabilities[c.predicted])}</span>
        </div>
      </div>
      <table className="draw-table">
        <caption className="sr-only">Probability of each digit, by the original and the compacted network</caption>
        <thead>
          <tr>
            <th scope="col">digit</th>
            <th scope="col">original</th>
            <th scope="col">compacted</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.k} className={r.k === input.label ? 'truth' : undefined}>
              <th scope="row">{r.k}</th>
              {[r.o, r.c].map((p, j) => (
                <td key={j} className={(j === 0 ? o : c).predicted === r.k ? 'top' : undefined}>
                  <span className="draw-bar" style={{ width: `${Math.max(0.5, 100 * p)}%` }} />
                  <span className="draw-p">{formatPercent(p)}</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {input.label !== null && <p className="damage-note">Row in bold: the true digit ({input.label}).</p>}
    </div>
  );
}
