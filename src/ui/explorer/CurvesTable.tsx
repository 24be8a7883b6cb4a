import type { Curve } from '../../state/compaction-curves';
import type { FineTuneMark } from '../../state/finetune-marks';
import { formatInt, formatPercent } from '../format';

/** The accuracy-and-size chart's numbers as a table: every curve's points, then the fine-tunes. */
export function CurvesTable({ curves, marks }: { curves: Curve[]; marks: FineTuneMark[] }) {
  return (
    <table className="data-table">
      <caption>Test accuracy against parameters left, per curve</caption>
      <thead>
        <tr>
          <th scope="col">curve</th>
          <th scope="col">point</th>
          <th scope="col">parameters</th>
          <th scope="col">test accuracy</th>
        </tr>
      </thead>
      <tbody>
        {curves.flatMap((c) =>
          c.points.map((p, i) => (
            <tr key={`${c.name}-${i}`}>
              <th scope="row">{c.name}</th>
              <td>{i}</td>
              <td>{formatInt(p.params)}</td>
              <td>{formatPercent(p.accuracy, 2)}</td>
            </tr>
          )),
        )}
        {marks.map((m) => (
          <tr key={`ft-${m.step}`}>
            <th scope="row">fine-tune (step {m.step}{m.applied ? '' : ', redoable'})</th>
            <td>{m.settings.epochs} epoch{m.settings.epochs === 1 ? '' : 's'}</td>
            <td>{formatInt(m.params)}</td>
            <td>
              {formatPercent(m.before, 2)} → {formatPercent(m.after, 2)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
