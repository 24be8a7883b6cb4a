import { useState } from 'react';
import { cancelFineTune, fineTuneDefaults, fineTuneProblem, pauseFineTune, resumeFineTune, startFineTune } from '../../state/actions/finetune';
import { useStore } from '../../state/store';
import './finetune-controls.css';

/**
 * Fine-tune from the stepper: epochs, learning rate and seed (defaults: one
 * epoch and the model's own training settings), then Fine-tune; while it
 * trains, its progress, Pause / Resume and Cancel. The curves are in the
 * Learning curves panel.
 */
export function FinetuneControls({ disabled }: { disabled: boolean }) {
  const model = useStore((s) => s.model);
  const ft = useStore((s) => s.finetune);
  const training = useStore((s) => s.training.status);
  const [epochs, setEpochs] = useState('1');
  // What the user typed for the learning rate and seed, for this model; the model's own settings otherwise.
  const [typed, setTyped] = useState<{ of: unknown; lr?: string; seed?: string }>({ of: null });
  const own = typed.of === model ? typed : { of: model };
  const defaults = fineTuneDefaults();
  const lr = own.lr ?? String(defaults.learningRate);
  const seed = own.seed ?? String(defaults.seed);
  const setLr = (v: string) => setTyped({ ...own, of: model, lr: v });
  const setSeed = (v: string) => setTyped({ ...own, of: model, seed: v });
  const busy = ft.status !== 'idle';
  const settings = { ...defaults, epochs: Number(epochs), learningRate: Number(lr), seed: Number(seed) };
  const blank = [epochs, lr, seed].some((t) => t.trim() === '');
  const problem = blank ? 'Fill in epochs, learning rate and seed.' : fineTuneProblem(settings);
  const trainingBusy = training === 'running' || training === 'paused';
  const why = trainingBusy ? 'A network is training.' : (problem ?? undefined);
  const fields = disabled || busy;
  return (
    <div className="finetune-controls" role="group" aria-label="Fine-tune">
      <button
        type="button"
        data-testid="finetune"
        disabled={fields || !!problem || trainingBusy}
        onClick={() => void startFineTune(settings)}
        title={why ?? `Train the compacted network as it stands for ${settings.epochs} epoch${settings.epochs === 1 ? '' : 's'} (batch ${settings.batchSize}); one entry of the history`}
        aria-description={why}
      >
        Fine-tune
      </button>
      <label className="finetune-field" title="Epochs (passes over the 7,000 training digits)">
        <span>epochs</span>
        <input type="number" data-testid="finetune-epochs" min={1} max={200} step={1} value={epochs} disabled={fields} aria-invalid={problem?.includes('epochs') ?? false} onChange={(e) => setEpochs(e.target.value)} />
      </label>
      <label className="finetune-field" title="Adam's learning rate">
        <span>lr</span>
        <input type="number" data-testid="finetune-lr" min={1e-5} max={1} step="any" value={lr} disabled={fields} aria-invalid={problem?.includes('learningRate') ?? false} onChange={(e) => setLr(e.target.value)} />
      </label>
      <label className="finetune-field" title="Seeds the order of the training digits">
        <span>seed</span>
        <input type="number" data-testid="finetune-seed" min={0} step={1} value={seed} disabled={fields} aria-invalid={problem?.includes('seed') ?? false} onChange={(e) => setSeed(e.target.value)} />
      </label>
      {busy && (
        <span className="finetune-progress" data-testid="finetune-progress" aria-live="polite">
          {ft.resumable ? 'paused: the backend failed' : ft.status === 'paused' ? 'paused' : 'training'} · epoch {Math.max(1, ft.epoch)}/{ft.settings?.epochs ?? 1} · batch {ft.batch}/{ft.batchesPerEpoch}
        </span>
      )}
      {busy && (
        <span className="button-group">
          <button type="button" data-testid="finetune-pause" onClick={ft.status === 'paused' ? resumeFineTune : pauseFineTune}>
            {ft.status === 'paused' ? 'Resume' : 'Pause'}
          </button>
          <button type="button" data-testid="finetune-cancel" onClick={cancelFineTune} title="Stop the fine-tune: the model stays as it was">
            Cancel
          </button>
        </span>
      )}
    </div>
  );
}
