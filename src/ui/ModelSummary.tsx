import { useStore } from '../state/store';
import { formatInt, formatPercent } from './format';
import { AccuracyInterval } from './AccuracyInterval';
import { SavedModels } from './SavedModels';

const SOURCE_LABEL = { bundled: 'bundled with the app', trained: 'trained in this browser', training: 'training…', imported: 'imported' } as const;

/** The current model: layer widths, parameter count, test accuracy. */
export function ModelSummary() {
  const model = useStore((s) => s.model);
  const testCount = useStore((s) => s.data?.test.count ?? 0);
  const maxWidth = model ? Math.max(...model.widths) : 1;
  return (
    <section className="panel model-summary" aria-labelledby="model-title">
      <h2 id="model-title">Model</h2>
      <p className="explain">{model ? `${model.name} (${SOURCE_LABEL[model.source]})` : 'Loading the pretrained model…'}</p>
      <div className="big-figures">
        <div className="figure">
          <span className="figure-label">Test accuracy</span>
          <span className="figure-value" data-testid="accuracy-value">
            {formatPercent(model?.testAccuracy, 2)}
          </span>
          <span className="figure-note">on {formatInt(testCount)} held-out digits</span>
          <AccuracyInterval accuracy={model?.testAccuracy} n={testCount} set="test" />
        </div>
        <div className="figure">
          <span className="figure-label">Parameters</span>
          <span className="figure-value" data-testid="params-value">
            {model ? formatInt(model.params) : '—'}
          </span>
          <span className="figure-note">weights and biases</span>
        </div>
      </div>
      {model && (
        <div className="layer-bars" aria-label="Layer widths">
          {model.widths.map((w, i) => (
            <div className="layer-bar" key={i}>
              <span className="layer-name">{i === 0 ? 'input' : i === model.widths.length - 1 ? 'output' : `hidden ${i}`}</span>
              <span className="layer-track">
                <span className="layer-fill" style={{ width: `${(100 * w) / maxWidth}%` }} />
              </span>
              <span className="layer-width">{w}</span>
            </div>
          ))}
        </div>
      )}
      <SavedModels />
    </section>
  );
}
