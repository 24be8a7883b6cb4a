import { applyPairPreview, clearPairPreview, swapPairPreview } from '../../state/actions/compaction';
import { useStore } from '../../state/store';
import { exactNumber, shareWords } from '../explorer/step-words';
import { formatInt } from '../format';
import './pairs.css';
import { useCompactionBusy } from '../why-disabled';

/** What the merge does to the next layer, in words (the exact error in brackets). */
function disturbance(cost: number, rel: number | undefined): string {
  if (cost === 0) return 'Costs nothing: the next layer receives exactly the same input on the probe images';
  return `Disturbs the next layer’s input by ${shareWords(rel)} of its variation (squared error ${cost.toPrecision(3)})`;
}

/**
 * The merge being previewed (an edge of the graph, a row of the pair list,
 * the inspector's "unify into…"), with its cost, and buttons to apply it,
 * swap its direction (which of the two neurons goes) or let it go. `only`:
 * shown only when the preview involves that neuron.
 */
export function PairPreviewCard({ testid, applyTestid, only }: { testid: string; applyTestid: string; only?: { layer: number; id: number } }) {
  const pair = useStore((s) => s.explorer.pairPreview);
  const busy = useCompactionBusy();
  if (!pair) return null;
  if (only && (pair.layer !== only.layer || (pair.removedId !== only.id && pair.heirId !== only.id))) return null;
  const p = pair.preview;
  const ls = pair.kind === 'ls';
  return (
    <div className="pair-card" data-testid={testid} role="group" aria-label="Merge preview">
      {ls ? (
        <p>
          Remove <strong>#{pair.removedId}</strong> by least squares (hidden layer {pair.layer + 1}):{' '}
          {p.heirs.length === 0 ? (
            <>its output is the same for every image, so it moves into the next layer&apos;s bias ({exactNumber(p.biasCoef)}).</>
          ) : (
            <>
              its job goes to the {formatInt(p.heirs.length)} other neurons of the layer, the largest share to <strong>#{pair.heirId}</strong> (
              {exactNumber(p.heirs.find((h) => h.id === pair.heirId)?.coef ?? 0)}).
            </>
          )}
        </p>
      ) : (
        <p>
          Unify <strong>#{pair.removedId}</strong> into <strong>#{pair.heirId}</strong> (hidden layer {pair.layer + 1}): x<sub>{pair.removedId}</sub> ≈ {p.heirs[0]?.coef.toFixed(3)} · x
          <sub>{pair.heirId}</sub> + {p.biasCoef.toFixed(3)}
        </p>
      )}
      <p className="explain">
        {disturbance(p.cost, p.relCost)}; {formatInt(p.paramsAfter)} parameters after.
      </p>
      <div className="button-row">
        <button type="button" className="primary" data-testid={applyTestid} disabled={busy} onClick={applyPairPreview}>
          Apply this merge
        </button>
        {!ls && (
          <button type="button" data-testid={`${testid}-swap`} disabled={busy} onClick={swapPairPreview} title={`Remove #${pair.heirId} instead, and let #${pair.removedId} take over`}>
            ⇄ Swap direction
          </button>
        )}
        <button type="button" onClick={clearPairPreview}>
          Cancel
        </button>
      </div>
    </div>
  );
}
