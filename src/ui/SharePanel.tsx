import { exportCanvas, exportChart, exportModel, exportStepsCsv, exportStepsJson } from '../state/actions/export';
import { copyShareLink } from '../state/actions/link';
import { newSession } from '../state/actions/session';
import { useStore } from '../state/store';

/** Share the exact state, save what you made, or start over. */
export function SharePanel() {
  const ready = useStore((s) => s.compaction.ready);
  const steps = useStore((s) => s.compaction.cursor);
  return (
    <section className="panel share-panel" aria-labelledby="share-title">
      <h2 id="share-title">Share and export</h2>
      <p className="explain">A link reopens exactly this model and these {steps} steps. Your session is also saved in this browser.</p>
      <div className="button-row">
        <button type="button" className="primary" data-testid="share-link" disabled={!ready} onClick={() => void copyShareLink()}>
          Copy link
        </button>
        <button type="button" data-testid="new-session" onClick={() => void newSession()}>
          New session
        </button>
      </div>
      <div className="export-grid">
        <span>Model</span>
        <button type="button" data-testid="export-model" disabled={!ready} onClick={() => void exportModel()} title="TensorFlow.js LayersModel (model.json + weights) and merges.json, zipped">
          TF.js .zip
        </button>
        <span>Steps</span>
        <span className="button-row">
          <button type="button" data-testid="export-steps-json" disabled={!ready} onClick={exportStepsJson}>
            JSON
          </button>
          <button type="button" data-testid="export-steps-csv" disabled={!ready} onClick={exportStepsCsv}>
            CSV
          </button>
        </span>
        <span>Chart</span>
        <span className="button-row">
          <button type="button" data-testid="export-chart-svg" disabled={!ready} onClick={() => void exportChart('compaction-chart', 'svg')}>
            SVG
          </button>
          <button type="button" data-testid="export-chart-png" disabled={!ready} onClick={() => void exportChart('compaction-chart', 'png')}>
            PNG
          </button>
        </span>
        <span>Codes</span>
        <button type="button" data-testid="export-heatmap-png" disabled={!ready} onClick={() => void exportCanvas('code-heatmap')}>
          Heatmap PNG
        </button>
      </div>
    </section>
  );
}
