import { isFineTune, METHOD_LABELS, METHODS, type Method } from '../../core/compaction';
import {
  jumpTo,
  redo,
  runTarget,
  setMethod,
  setSpeed,
  setTarget,
  step,
  stopRun,
  togglePlay,
  undo,
} from '../../state/actions/compaction';
import { useStore } from '../../state/store';
import { useExplorerBusy, why } from '../why-disabled';
import { FinetuneControls } from './FinetuneControls';
import { noStep } from './step-words';
import { StepCard, useStepWordsInput } from './StepCard';
import { TargetInput } from './TargetInput';

/** Method, next-step preview, step / play / run controls, undo / redo, fine-tune and the timeline (fine-tunes marked on it). */
export function StepperBar() {
  const c = useStore((s) => s.compaction);
  const busy = useExplorerBusy();
  const tuning = useStore((s) => s.finetune.status !== 'idle');
  const disabled = !c.ready || c.run !== null || tuning;
  const applied = c.cursor;
  const canUndo = applied > 0;
  const canRedo = applied < c.records.length;
  // Why Step, ×10, Play and Run to target are disabled, if they are (as a tooltip and for screen readers).
  const reason = noStep(useStepWordsInput())?.text;
  const blocked = c.run !== null ? 'Running to the target…' : tuning ? 'Fine-tuning…' : disabled || !c.preview ? (reason ?? undefined) : undefined;
  return (
    <section className="panel stepper" aria-labelledby="stepper-title">
      <div className="toolbar">
        <h2 id="stepper-title" title="Each step removes one hidden neuron. Unification hands its behaviour to the neurons that stay; the baselines just prune.">
          Merge stepper
        </h2>
        <select data-testid="method" aria-label="Method" value={c.method} disabled={disabled} {...why(disabled && busy)} onChange={(e) => void setMethod(e.target.value as Method)}>
          {METHODS.map((m) => (
            <option key={m} value={m}>
              {METHOD_LABELS[m]}
            </option>
          ))}
        </select>
        <div className="button-group">
          <button type="button" className="primary" data-testid="step" disabled={disabled || !c.preview} onClick={() => step(1)} title={blocked ?? '→'} aria-description={blocked}>
            Step
          </button>
          <button type="button" data-testid="step-10" disabled={disabled || !c.preview} onClick={() => step(10)} title={blocked ?? 'shift+→'} aria-description={blocked}>
            ×10
          </button>
          <button
            type="button"
            data-testid="play"
            disabled={disabled || (!c.preview && !c.playing)}
            onClick={togglePlay}
            aria-pressed={c.playing}
            title={c.playing ? 'space' : (blocked ?? 'space')}
            aria-description={c.playing ? undefined : blocked}
          >
            {c.playing ? '❚❚ Pause' : '▶ Play'}
          </button>
        </div>
        <label className="speed inline" title="Steps per second while playing">
          <input type="range" min={1} max={60} value={c.speed} onChange={(e) => setSpeed(Number(e.target.value))} aria-label="Play speed" />
          <span className="speed-value">{c.speed}/s</span>
        </label>
        <div className="button-group">
          <button type="button" data-testid="undo" disabled={disabled || !canUndo} onClick={undo} title="Undo (ctrl+z)" {...why(disabled ? busy : !canUndo && 'Nothing to undo yet.')}>
            ↶ Undo
          </button>
          <button type="button" data-testid="redo" disabled={disabled || !canRedo} onClick={redo} title="Redo (ctrl+shift+z)" {...why(disabled ? busy : !canRedo && 'Nothing to redo: this is the latest step.')}>
            Redo ↷
          </button>
        </div>
        <FinetuneControls disabled={!c.ready || c.run !== null} />
      </div>
      <div className="stepper-row">
        <StepCard />
        <div className="timeline">
          <span className="timeline-label">
            Step {applied} of {c.records.length}
          </span>
          <div className="timeline-track">
            <input
              type="range"
              data-testid="timeline"
              aria-label="Timeline of steps"
              min={0}
              max={Math.max(0, c.records.length)}
              value={applied}
              disabled={disabled || c.records.length === 0}
              {...why(disabled ? busy : c.records.length === 0 && 'No steps yet: the timeline fills as you step.')}
              onChange={(e) => jumpTo(Number(e.target.value))}
            />
            {c.records.map((r, i) =>
              isFineTune(r) ? (
                <span
                  key={i}
                  className={i < applied ? 'finetune-mark' : 'finetune-mark redo'}
                  data-testid="finetune-mark"
                  role="img"
                  aria-label={`Step ${i + 1}: fine-tune, ${r.epochs} epoch${r.epochs === 1 ? '' : 's'}, learning rate ${r.learningRate}, seed ${r.seed}`}
                  title={`Step ${i + 1}: fine-tune, ${r.epochs} epoch${r.epochs === 1 ? '' : 's'}, learning rate ${r.learningRate}, batch ${r.batchSize}, seed ${r.seed}`}
                  // The range thumb is about 16 px wide: its centre runs from 8 px to the width less 8 px.
                  style={{ left: `calc(8px + (100% - 16px) * ${(i + 1) / c.records.length})` }}
                />
              ) : null,
            )}
          </div>
          {c.learnedWidths ? (
            <span className="learned" data-testid="learned-widths">
              Learned structure: {[c.originalWidths[0], ...c.learnedWidths, c.originalWidths.at(-1)].join('-')}
            </span>
          ) : (
            <span className="target-note">Keys: → step · ⇧→ ×10 · space play · ctrl+Z undo · ctrl+⇧Z redo</span>
          )}
        </div>
        <div className="target">
          <select
            aria-label="Target kind"
            value={c.target.kind}
            disabled={disabled}
            {...why(disabled && busy)}
            onChange={(e) => setTarget(e.target.value === 'params' ? { kind: 'params', value: 0.1 } : { kind: 'drop', value: 1 })}
          >
            <option value="params">target: % params</option>
            <option value="drop">budget: drop (pts)</option>
          </select>
          <TargetInput disabled={disabled} reason={disabled ? busy : undefined} />
          {c.run ? (
            <button type="button" onClick={stopRun} data-testid="run-to-target">
              Stop ({c.run.steps} steps)
            </button>
          ) : (
            <button
              type="button"
              className="primary"
              data-testid="run-to-target"
              disabled={disabled || !c.preview}
              onClick={() => void runTarget()}
              aria-description={blocked}
              title={
                blocked ??
                (c.method === 'pair' || c.method === 'ls'
                  ? 'Automatic structure learning: always the cheapest removal in any layer'
                  : 'Baselines remove the same fraction from every layer')
              }
            >
              Run to target
            </button>
          )}
        </div>
      </div>
    </section>
  );
}
