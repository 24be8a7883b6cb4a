import { exportModel, exportSessionFile, exportStepsCsv, exportStepsJson } from '../state/actions/export';
import { exportCanvas, exportChart } from './export-charts';
import { copyShareLink } from '../state/actions/link';
import { newSession } from '../state/actions/saved-work';
import { importFiles } from '../state/actions/import';
import { useState } from 'react';
import { useStore } from '../state/store';
import { ClassroomLinkBuilder } from './classroom/ClassroomLinkBuilder';
import { useExplorerBusy, why } from './why-disabled';

/** Share the exact state, save what you made, or start over. */
export function SharePanel() {
  const ready = useStore((s) => s.compaction.ready);
  const busy = useExplorerBusy();
  const steps = useStore((s) => s.compaction.cursor);
  const [over, setOver] = useState(false);
  return (
    <section className="panel share-panel" aria-labelledby="share-title">
      <h2 id="share-title">Share and export</h2>
      <p className="explain">
        A link reopens exactly this model{steps === 0 ? '' : steps === 1 ? ' and this step' : ` and these ${steps} steps`}. Your session is also saved in this browser.
      </p>
      <div className="button-row">
        <button type="button" className="primary" data-testid="share-link" disabled={!ready} {...why(!ready && busy)} onClick={() => void copyShareLink()}>
          Copy link
        </button>
        <button type="button" data-testid="new-session" onClick={() => void newSession()}>
          New session
        </button>
      </div>
      <ClassroomLinkBuilder />
      <div className="export-grid">
        <span>Model</span>
        <button type="button" data-testid="export-model" disabled={!ready} {...why(!ready && busy)} onClick={() => void exportModel()} title="TensorFlow.js LayersModel (model.json + weights) and merges.json, zipped">
          TF.js .zip
        </button>
        <span>Steps</span>
        <span className="button-row">
          <button type="button" data-testid="export-steps-json" disabled={!ready} {...why(!ready && busy)} onClick={exportStepsJson}>
            JSON
          </button>
          <button type="button" data-testid="export-steps-csv" disabled={!ready} {...why(!ready && busy)} onClick={exportStepsCsv}>
            CSV
          </button>
        </span>
        <span>Compaction</span>
        <span className="button-row">
          <button type="button" data-testid="export-chart-svg" disabled={!ready} {...why(!ready && busy)} onClick={() => void exportChart('compaction-chart', 'svg')}>
            SVG
          </button>
          <button type="button" data-testid="export-chart-png" disabled={!ready} {...why(!ready && busy)} onClick={() => void exportChart('compaction-chart', 'png')}>
            PNG
          </button>
        </span>
        <span>Loss</span>
        <span className="button-row">
          <button type="button" data-testid="export-loss-svg" onClick={() => void exportChart('loss-chart', 'svg')}>
            SVG
          </button>
          <button type="button" data-testid="export-loss-png" onClick={() => void exportChart('loss-chart', 'png')}>
            PNG
          </button>
        </span>
        <span>Accuracy</span>
        <span className="button-row">
          <button type="button" data-testid="export-accuracy-svg" onClick={() => void exportChart('accuracy-chart', 'svg')}>
            SVG
          </button>
          <button type="button" data-testid="export-accuracy-png" onClick={() => void exportChart('accuracy-chart', 'png')}>
            PNG
          </button>
        </span>
        <span>Session</span>
        <button type="button" data-testid="export-session" disabled={!ready} {...why(!ready && busy)} onClick={() => void exportSessionFile()}>
          Session file (.json)
        </button>
        <span>Codes</span>
        <button type="button" data-testid="export-heatmap-png" disabled={!ready} {...why(!ready && busy)} onClick={() => void exportCanvas('code-heatmap')}>
          Heatmap PNG
        </button>
      </div>
      <label
        className={`drop-zone ${over ? 'over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void importFiles(e.dataTransfer.files);
        }}
      >
        <input
          type="file"
          multiple
          data-testid="import-files"
          accept=".json,.bin,.gz,.idx,.ubyte,application/json,application/gzip,application/octet-stream"
          onChange={(e) => {
            void importFiles(e.target.files ?? []);
            e.target.value = '';
          }}
        />
        <span>
          <strong>Import</strong>: drop or pick IDX data (MNIST, Fashion-MNIST, KMNIST; images + labels, .gz or raw), a TensorFlow.js model.json with its weights,
          or a session file.
        </span>
      </label>
    </section>
  );
}
