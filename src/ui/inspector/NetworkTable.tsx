import { useStore } from '../../state/store';
import './inspector.css';

/**
 * The network view's data as a table (its "Show data"): every layer with its
 * neurons now and originally, and the ids of the hidden neurons removed.
 */
export function NetworkTable() {
  const widths = useStore((s) => s.compaction.widths);
  const originalWidths = useStore((s) => s.compaction.originalWidths);
  const originalIds = useStore((s) => s.compaction.originalIds);
  const aliveIds = useStore((s) => s.compaction.aliveIds);
  if (originalWidths.length < 2) return <p className="explain">No model yet.</p>;
  const last = originalWidths.length - 1;
  return (
    <table className="data-table">
      <caption>The network&apos;s layers, input to output</caption>
      <thead>
        <tr>
          <th scope="col">layer</th>
          <th scope="col">neurons now</th>
          <th scope="col">originally</th>
          <th scope="col">removed</th>
        </tr>
      </thead>
      <tbody>
        {originalWidths.map((w, k) => {
          const hidden = k > 0 && k < last;
          const alive = new Set(aliveIds[k - 1] ?? []);
          const removed = hidden ? (originalIds[k - 1] ?? []).filter((id) => !alive.has(id)) : [];
          return (
            <tr key={k}>
              <th scope="row">{k === 0 ? 'input (pixels)' : k === last ? 'output (digits)' : `hidden ${k}`}</th>
              <td>{widths[k] ?? w}</td>
              <td>{w}</td>
              <td className="removed-ids">{hidden ? (removed.length ? removed.map((id) => `#${id}`).join(', ') : 'none') : '—'}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
