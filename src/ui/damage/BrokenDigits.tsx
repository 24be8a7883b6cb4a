import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Dataset } from '../../core/data/dataset';
import type { DigitDamage } from '../../core/stats/damage';
import { showTestDigit } from '../../state/actions/probe-input';
import { useStore } from '../../state/store';
import { paintDigit } from '../../viz/digit-gallery';

const PAGE = 40;

function Thumb({ test, index }: { test: Dataset; index: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (ref.current) paintDigit(ref.current, test.pixels, index, test.rows, test.cols);
  }, [test, index]);
  return <canvas ref={ref} width={test.cols} height={test.rows} aria-hidden="true" />;
}

/**
 * The test digits the compaction broke (the original network got them right,
 * the compacted one gets them wrong), each a button that lights the network
 * view with that digit. One tab stop: the arrow keys, Home and End move
 * within the gallery; Enter or Space shows the digit.
 */
export function BrokenDigits({ damage }: { damage: DigitDamage }) {
  const test = useStore((s) => s.data?.test ?? null);
  const shown = useStore((s) => (s.probeInput?.source === 'test' ? s.probeInput.testIndex : null));
  const [limit, setLimit] = useState(PAGE);
  const [focus, setFocus] = useState(0);
  const list = useRef<HTMLUListElement>(null);
  const broken = damage.broken;
  const count = Math.min(limit, broken.length);
  const active = Math.min(focus, Math.max(0, count - 1));

  const move = (e: KeyboardEvent<HTMLUListElement>) => {
    if (!count) return;
    // Thumbs per row as laid out (their size grows with the root size): those level with the first.
    const tops = Array.from(list.current?.children ?? [], (li) => (li as HTMLElement).offsetTop);
    const perRow = Math.max(1, tops.filter((t) => t === tops[0]).length);
    const to = { ArrowRight: active + 1, ArrowLeft: active - 1, ArrowDown: active + perRow, ArrowUp: active - perRow, Home: 0, End: count - 1 }[e.key];
    if (to === undefined) return;
    e.preventDefault();
    const next = Math.max(0, Math.min(count - 1, to));
    setFocus(next);
    list.current?.querySelectorAll<HTMLButtonElement>('button')[next]?.focus();
  };

  if (!test) return null;
  return (
    <div className="damage-part">
      <h3>
        Broken digits <span className="damage-count">{broken.length.toLocaleString('en-US')} broken, {damage.fixed.length.toLocaleString('en-US')} fixed</span>
      </h3>
      {broken.length === 0 ? (
        <p className="damage-note" data-testid="broken-digits" data-count={0}>
          None yet: every test digit the original network got right, the compacted one still gets right.
        </p>
      ) : (
        <>
          <p className="damage-note">Right before the compaction, wrong now (true digit → what it is read as now). Choose one to light the network view with it.</p>
          <ul className="digit-gallery" data-testid="broken-digits" data-count={broken.length} ref={list} onKeyDown={move} aria-label="Broken test digits">
            {Array.from(broken.subarray(0, count), (index, i) => {
              const label = test.labels[index];
              const now = damage.predictions.current[index];
              return (
                <li key={index}>
                  <button
                    type="button"
                    className="digit-thumb"
                    data-index={index}
                    tabIndex={i === active ? 0 : -1}
                    aria-pressed={shown === index}
                    aria-label={`Test digit ${index}: a ${label}, read as ${now} now`}
                    onFocus={() => setFocus(i)}
                    onClick={() => showTestDigit(index)}
                  >
                    <Thumb test={test} index={index} />
                    <span>
                      {label}→{now}
                    </span>
                  </button>
                </li>
              );
            })}
          </ul>
          {broken.length > count && (
            <button type="button" className="damage-more" onClick={() => setLimit(limit + PAGE * 3)}>
              Show {Math.min(PAGE * 3, broken.length - count)} more (of {broken.length})
            </button>
          )}
        </>
      )}
    </div>
  );
}
