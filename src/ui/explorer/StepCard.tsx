import { useMemo } from 'react';
import { neuronOutput } from '../../state/neuron-output';
import { useStore } from '../../state/store';
import { stepWords, type StepWordsInput } from './step-words';
import './step-card.css';

/** The inputs of the step card's words, from the store (shared with the step controls, which give the same reason when disabled). */
export function useStepWordsInput(): StepWordsInput {
  const boot = useStore((s) => s.boot.phase);
  const training = useStore((s) => s.training.status);
  const ready = useStore((s) => s.compaction.ready);
  const preparing = useStore((s) => s.compaction.preparing);
  const method = useStore((s) => s.compaction.method);
  const preview = useStore((s) => s.compaction.preview);
  const widths = useStore((s) => s.compaction.widths);
  // The view changes with every step too, so the removed neuron's output is read again when it may have changed.
  const view = useStore((s) => s.explorer.view);
  return useMemo(() => {
    void view;
    return {
      boot,
      training,
      ready,
      preparing,
      method,
      preview,
      hiddenWidths: widths.slice(1, -1),
      removed: preview ? neuronOutput(preview.layer, preview.removedId) : null,
    };
  }, [boot, training, ready, preparing, method, preview, widths, view]);
}

/** The next step of the chosen method in plain words: which neuron goes, why, who takes over its job, what it costs; the exact figures one tap away. */
export function StepCard() {
  const words = stepWords(useStepWordsInput());
  // On a big model, what the stepper works out in slices now (a step, an undo…).
  const working = useStore((s) => s.compaction.working);
  if (working) {
    return (
      <div className="step-card" data-testid="step-card" aria-busy>
        <p className="step-main">
          <span className="step-tag">Next</span> {working}
        </p>
      </div>
    );
  }
  if (words.kind !== 'step') {
    return (
      <div className="step-card" data-testid="step-card" aria-busy={words.kind === 'busy'}>
        <p className="step-main">
          <span className="step-tag">Next</span> {words.text}
        </p>
      </div>
    );
  }
  return (
    <div className="step-card" data-testid="step-card" data-constant={words.constant}>
      <p className="step-main">
        <span className="step-tag">Next</span> {words.headline} — <span className="step-why">{words.why}</span>
      </p>
      <p className="step-words" data-testid="step-handover">
        {words.handover}
      </p>
      <p className="step-words" data-testid="step-cost">
        {words.cost ? `${words.cost} ` : ''}
        {words.after}
      </p>
      <details className="step-exact">
        <summary>Exact figures</summary>
        <ul>
          {words.exact.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </details>
    </div>
  );
}
