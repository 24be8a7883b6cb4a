import { useEffect, useRef } from 'react';
import { acceptPendingLink, declinePendingLink } from '../state/actions/link';
import { useStore } from '../state/store';
import { formatDuration } from './format';

/** Asks before a link starts a long training run on this device, showing the estimate. */
export function LinkQuestion() {
  const pending = useStore((s) => s.pendingLink);
  const first = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (pending) first.current?.focus();
  }, [pending]);
  if (!pending) return null;
  const m = pending.state.model;
  const tunes = pending.state.finetunes ?? [];
  const tuning = tunes.length ? `${tunes.length} fine-tune${tunes.length === 1 ? '' : 's'} of the compacted network (${tunes.reduce((n, f) => n + f.epochs, 0)} epochs in all)` : '';
  const net = m.kind === 'trained' ? `a ${[784, ...m.hidden, 10].join('-')} network for ${m.epochs} epochs (batch ${m.batchSize})` : '';
  const what = [net, tuning].filter(Boolean).join(' and ') || 'a network';
  const time = Number.isFinite(pending.seconds) ? `about ${formatDuration(pending.seconds * 1000)}` : 'an unknown time (it could not be timed)';
  return (
    <div className="modal-backdrop">
      <div className="modal" role="alertdialog" aria-modal="true" aria-labelledby="link-question-title" aria-describedby="link-question-text" data-testid="link-cost-dialog">
        <h2 id="link-question-title">Train before opening this link?</h2>
        <p id="link-question-text">
          This link rebuilds its model by training {what} in this browser first. On this device that takes {time}. Until you decide, the app shows your own work.
        </p>
        <div className="button-row">
          <button type="button" ref={first} onClick={declinePendingLink} data-testid="link-cost-cancel">
            Not now
          </button>
          <button type="button" className="primary" onClick={() => void acceptPendingLink()} data-testid="link-cost-train">
            Train ({time})
          </button>
        </div>
      </div>
    </div>
  );
}
