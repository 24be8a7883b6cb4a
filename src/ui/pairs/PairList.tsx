import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { METHOD_LABELS } from '../../core/compaction';
import { sortPairs, type PairRow, type PairSortKey } from '../../core/explore/pair-candidates';
import { watchReadings } from '../../state/actions/inspect';
import { applyCandidate, previewCandidate } from '../../state/actions/pairs';
import { clearPairPreview } from '../../state/actions/compaction';
import { useStore } from '../../state/store';
import { nextIndex } from '../../viz/roving';
import { exactNumber } from '../explorer/step-words';
import { formatInt } from '../format';
import '../show-data.css';
import './pairs.css';
import { useCompactionBusy } from '../why-disabled';

type Show = 'next' | 'correlated';

const SORTS: { key: PairSortKey; label: string }[] = [
  { key: 'cost', label: 'cost' },
  { key: 'correlation', label: '|r|' },
  { key: 'saved', label: 'saved' },
];

/** A row in words (its accessible name, and its title). */
export function rowWords(row: PairRow, viewLayer: number): string {
  const where = row.layer === viewLayer ? '' : ` (hidden layer ${row.layer + 1})`;
  const what =
    row.kind === 'pair'
      ? `Unify #${row.removedId} into #${row.heirId}${where}`
      : row.kind === 'ls'
        ? `Remove #${row.removedId}${where} by least squares, ${row.heirId === null ? 'its constant output into the next layer’s bias' : `the largest share to #${row.heirId}`}`
        : `${METHOD_LABELS[row.method]}: remove #${row.removedId}${where}`;
  const r = row.r === null ? '' : `, r ${row.r.toFixed(2)}`;
  return `${row.next ? 'Next step. ' : ''}${what}: cost ${exactNumber(row.cost)}${r}, saves ${formatInt(row.saved)} parameters`;
}

/** The candidate merges of the selected layer as a list: each row previews on focus or hover and applies on Enter or click. */
export function PairList() {
  const pairs = useStore((s) => s.explorer.pairs);
  const viewLayer = useStore((s) => s.explorer.view?.layer ?? 0);
  const method = useStore((s) => s.compaction.method);
  const busy = useCompactionBusy();
  const waiting = useStore((s) => waitingWords(s.compaction.ready, s.training.status));
  const [show, setShow] = useState<Show>('next');
  const [sort, setSort] = useState<PairSortKey>('cost');
  const [activeKey, setActiveKey] = useState<string | null>(null);
  const list = useRef<HTMLUListElement>(null);
  /** After Enter applied a row, the list keeps the focus at that place (the row itself goes). */
  const refocus = useRef<number | null>(null);

  useEffect(() => watchReadings(), []);

  const rows = useMemo(() => (pairs ? sortPairs(show === 'next' ? pairs.next : pairs.correlated, sort) : []), [pairs, show, sort]);
  const activeIndex = Math.max(0, rows.findIndex((r) => r.key === activeKey));

  useEffect(() => {
    const at = refocus.current;
    if (at === null || rows.length === 0) return;
    refocus.current = null;
    const k = Math.min(at, rows.length - 1);
    setActiveKey(rows[k].key);
    list.current?.querySelectorAll<HTMLElement>('[role="option"]')[k]?.focus();
  }, [rows]);

  const focusRow = (k: number) => {
    setActiveKey(rows[k].key);
    list.current?.querySelectorAll<HTMLElement>('[role="option"]')[k]?.focus();
  };

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    if (rows.length === 0) return;
    const k = nextIndex(e.key, activeIndex, rows.length);
    if (k !== null) {
      e.preventDefault();
      focusRow(k);
    } else if (e.key === 'Enter' && !busy) {
      e.preventDefault();
      refocus.current = activeIndex;
      applyCandidate(rows[activeIndex]);
    } else if (e.key === 'Escape') {
      // Lets go of the preview only (elsewhere Escape also clears the selection).
      e.stopPropagation();
      clearPairPreview();
    }
  };

  const title = show === 'next' ? nextTitle(method) : 'The most correlated pairs of the layer, each previewed in its cheaper direction.';
  return (
    <section className="panel pair-list-panel" aria-labelledby="pair-list-title" data-testid="pair-list">
      <h2 id="pair-list-title">Candidate merges</h2>
      <div className="pair-controls">
        <div className="segmented" role="group" aria-label="Which candidates">
          <button type="button" aria-pressed={show === 'next'} className={show === 'next' ? 'on' : ''} data-testid="pairs-next" onClick={() => (setShow('next'), setSort('cost'))}>
            Next steps
          </button>
          <button type="button" aria-pressed={show === 'correlated'} className={show === 'correlated' ? 'on' : ''} data-testid="pairs-correlated" onClick={() => (setShow('correlated'), setSort('correlation'))}>
            Most correlated
          </button>
        </div>
        <div className="segmented" role="group" aria-label="Sort by">
          {SORTS.map((s) => (
            <button key={s.key} type="button" aria-pressed={sort === s.key} className={sort === s.key ? 'on' : ''} data-testid={`pairs-sort-${s.key}`} onClick={() => setSort(s.key)}>
              {s.label}
            </button>
          ))}
        </div>
      </div>
      <p className="explain">
        {title} Hover or focus a row to preview it, click it or press Enter to apply it. In the list: ↑ ↓ move, Escape lets go of the preview.
      </p>
      {rows.length === 0 ? (
        <p className="explain" data-testid="pair-list-empty">
          {waiting ?? (pairs ? 'No candidates in this layer.' : 'Reading the candidates…')}
        </p>
      ) : (
        <>
        <div className="pair-head" aria-hidden="true">
          <span>removed → heir</span>
          <span>cost</span>
          <span>r</span>
          <span>saved</span>
        </div>
        <ul ref={list} className="pair-rows" role="listbox" aria-label={`Candidate merges in hidden layer ${viewLayer + 1}`} aria-disabled={busy} data-arrow-keys="" onKeyDown={onKeyDown}>
          {rows.map((row, k) => (
            <li
              key={row.key}
              role="option"
              aria-selected={k === activeIndex}
              tabIndex={k === activeIndex ? 0 : -1}
              className={row.next ? 'pair-row next' : 'pair-row'}
              data-kind={row.kind}
              data-layer={row.layer}
              data-removed={row.removedId}
              data-heir={row.heirId ?? ''}
              title={rowWords(row, viewLayer)}
              onFocus={() => {
                setActiveKey(row.key);
                previewCandidate(row);
              }}
              onMouseEnter={() => previewCandidate(row)}
              // A click applies; it does not take the keyboard focus (→ keeps stepping).
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => {
                if (busy) return;
                setActiveKey(row.key);
                applyCandidate(row);
              }}
            >
              <span className="pair-what">
                {row.next && (
                  <span className="pair-tag">
                    next<span className="visually-hidden"> step:</span>
                  </span>
                )}
                <span className="visually-hidden">{row.kind === 'pair' ? 'unify ' : 'remove '}</span>#{row.removedId}
                {row.kind === 'step' || row.heirId === null ? (
                  <>
                    <span aria-hidden="true"> → </span>
                    {row.heirCount === 0 && row.kind !== 'step' ? <span className="visually-hidden">, its output into the next layer’s </span> : null}
                    {row.heirCount === 0 && row.kind !== 'step' ? 'bias' : <span className="visually-hidden"> by {METHOD_LABELS[row.method]}</span>}
                    {row.kind === 'step' && <span aria-hidden="true">gone</span>}
                  </>
                ) : (
                  <>
                    <span aria-hidden="true"> → </span>
                    <span className="visually-hidden">{row.kind === 'pair' ? ' into ' : ', the largest share to '}</span>#{row.heirId}
                    {row.kind === 'ls' && row.heirCount > 1 && (
                      <span className="pair-more">
                        {' '}+{row.heirCount - 1}
                        <span className="visually-hidden"> others</span>
                      </span>
                    )}
                  </>
                )}
                {row.layer !== viewLayer && (
                  <span className="pair-more">
                    {' '}
                    <span aria-hidden="true">· h{row.layer + 1}</span>
                    <span className="visually-hidden">in hidden layer {row.layer + 1}</span>
                  </span>
                )}
              </span>
              <span className="pair-num">
                <span className="visually-hidden">, cost </span>
                {exactNumber(row.cost)}
              </span>
              <span className="pair-num">
                {row.r === null ? <span aria-hidden="true">—</span> : <><span className="visually-hidden">, r </span>{row.r.toFixed(2)}</>}
              </span>
              <span className="pair-num">
                <span className="visually-hidden">, saves </span>
                {formatInt(row.saved)}
                <span className="visually-hidden"> parameters</span>
              </span>
            </li>
          ))}
        </ul>
        </>
      )}
    </section>
  );
}

/** What the list waits for while there is no model to compact, or null. */
export function waitingWords(ready: boolean, training: string): string | null {
  if (ready) return null;
  return training === 'running' || training === 'paused' ? 'Training a new network: the explorer follows once it is trained.' : 'Loading the model…';
}

function nextTitle(method: PairRow['method']): string {
  if (method === 'ls') return 'The cheapest least-squares removals of the layer now (each as if it were the next step; the others’ costs change after one is applied).';
  if (method === 'pair') return 'The cheapest pairwise unifications of the layer now (each as if it were the next step).';
  return `The next step of ${METHOD_LABELS[method]}, then the most promising pairs by the cost of pairwise unification.`;
}
