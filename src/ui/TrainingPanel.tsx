import { useState } from 'react';
import { ACTIVATIONS, type Activation } from '../core/model/spec';
import { HIDDEN_WIDTHS_HINT, parseHiddenWidths } from '../core/train/limits';
import { pause, reset, train, updateSettings } from '../state/actions/training';
import { useStore } from '../state/store';
import { formatDuration, formatInt } from './format';
import { why } from './why-disabled';

const LEARNING_RATES = [1e-4, 3e-4, 1e-3, 3e-3, 1e-2];
const BATCH_SIZES = [32, 64, 128, 256, 512];


export function TrainingPanel() {
  const t = useStore((s) => s.training);
  const ready = useStore((s) => s.boot.phase === 'ready');
  const trainCount = useStore((s) => s.data?.train.count);
  const [widthsText, setWidthsText] = useState<string | null>(null);
  const busy = t.status === 'running' || t.status === 'paused';
  const s = t.settings;
  const fraction = t.totalSteps ? t.stepsDone / t.totalSteps : 0;
  const left = t.stepsDone ? (t.elapsedMs / t.stepsDone) * (t.totalSteps - t.stepsDone) : NaN;
  const widthsValue = widthsText ?? s.hidden.join('-');
  const widthsValid = parseHiddenWidths(widthsValue) !== null;

  return (
    <section className="panel training-panel" aria-labelledby="training-title">
      <h2 id="training-title">Train a network</h2>
      <p className="explain">
        Train your own multilayer perceptron right here{trainCount ? ` on the ${formatInt(trainCount)} training digits` : ''}, or keep the pretrained LeNet-300-100.
      </p>
      <div className="architecture">
        <span className="arch-end">784</span>
        <input
          aria-label="Hidden layer widths"
          className={widthsValid ? '' : 'invalid'}
          value={widthsValue}
          disabled={busy} {...why(busy && 'Training is under way: Reset to change the settings.')}
          onChange={(e) => {
            setWidthsText(e.target.value);
            const w = parseHiddenWidths(e.target.value);
            if (w) updateSettings({ hidden: w });
          }}
          onBlur={() => setWidthsText(null)}
        />
        <span className="arch-end">10</span>
      </div>
      {!widthsValid && <p className="field-error">Hidden widths: {HIDDEN_WIDTHS_HINT}.</p>}
      <div className="fields">
        <label>
          Activation
          <select value={s.activation} disabled={busy} {...why(busy && 'Training is under way: Reset to change the settings.')} onChange={(e) => updateSettings({ activation: e.target.value as Activation })}>
            {ACTIVATIONS.map((a) => (
              <option key={a}>{a}</option>
            ))}
          </select>
        </label>
        <label>
          Learning rate
          <select value={s.learningRate} disabled={busy} {...why(busy && 'Training is under way: Reset to change the settings.')} onChange={(e) => updateSettings({ learningRate: Number(e.target.value) })}>
            {[...new Set([...LEARNING_RATES, s.learningRate])].sort((a, b) => a - b).map((v) => (
              <option key={v} value={v}>
                {v}
              </option>
            ))}
          </select>
        </label>
        <label>
          Batch size
          <select value={s.batchSize} disabled={busy} {...why(busy && 'Training is under way: Reset to change the settings.')} onChange={(e) => updateSettings({ batchSize: Number(e.target.value) })}>
            {[...new Set([...BATCH_SIZES, s.batchSize])].sort((a, b) => a - b).map((v) => (
              <option key={v}>{v}</option>
            ))}
          </select>
        </label>
        <label>
          Epochs
          <input
            type="number"
            min={1}
            max={200}
            value={s.epochs}
            disabled={busy} {...why(busy && 'Training is under way: Reset to change the settings.')}
            onChange={(e) => {
              const v = Number(e.target.value);
              if (Number.isInteger(v) && v >= 1 && v <= 200) updateSettings({ epochs: v });
            }}
          />
        </label>
        <label>
          Seed
          <input
            type="number"
            min={0}
            value={s.seed}
            disabled={busy} {...why(busy && 'Training is under way: Reset to change the settings.')}
            onChange={(e) => {
              const v = Number(e.target.value);
              if (Number.isInteger(v) && v >= 0 && v < 2 ** 31) updateSettings({ seed: v });
            }}
          />
        </label>
      </div>
      <div className="buttons">
        <button
          type="button"
          className="primary"
          data-testid="train"
          disabled={!ready || t.status === 'running' || !widthsValid}
          {...why(!ready ? 'Loading the digits…' : t.status === 'running' ? 'Training is under way.' : !widthsValid && `Hidden widths: ${HIDDEN_WIDTHS_HINT}.`)}
          onClick={() => void train()}
        >
          {t.status === 'paused' ? 'Resume' : t.status === 'done' || t.status === 'stopped' ? 'Retrain' : 'Train'}
        </button>
        <button type="button" data-testid="pause" disabled={t.status !== 'running'} {...why(t.status !== 'running' && 'Nothing is training.')} onClick={pause}>
          Pause
        </button>
        <button type="button" data-testid="reset" disabled={t.status === 'idle'} {...why(t.status === 'idle' && 'Nothing to reset: no network was trained here.')} onClick={reset}>
          Reset
        </button>
      </div>
      <div className="progress" data-testid="progress" data-status={t.status} data-epoch={t.epoch} data-steps={t.stepsDone}>
        <div className="bar" role="progressbar" aria-label="Training progress" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
          <div className="bar-fill" style={{ width: `${fraction * 100}%` }} />
        </div>
        <div className="progress-text">
          {t.status === 'idle' ? (
            <span>Not training</span>
          ) : (
            <>
              <span>
                Epoch {Math.max(1, t.epoch)}/{s.epochs}
              </span>
              <span>
                Batch {t.batch}/{t.batchesPerEpoch}
              </span>
              <span>{t.status === 'done' ? `Done in ${formatDuration(t.elapsedMs)}` : t.status === 'stopped' ? 'Stopped' : `${formatDuration(left)} left`}</span>
            </>
          )}
        </div>
        {t.resumable && (
          <p className="explain" data-testid="resumable">
            Paused after {t.resumable.reason === 'a reload' ? 'a reload' : 'the backend stopped working'}: Resume continues from epoch {t.resumable.epoch}, batch{' '}
            {t.resumable.batch} (the last checkpoint).
          </p>
        )}
      </div>
    </section>
  );
}
