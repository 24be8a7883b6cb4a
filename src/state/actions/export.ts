/**
 * Exports of the work: the compacted model (TensorFlow.js LayersModel, zipped
 * with its weights and merge records), the step log (JSON, CSV), the
 * compaction chart's curves (CSV, JSON with a summary per method) and the work
 * file. The files are made by the engine's writers from the history at the
 * moment of export; this module names them and hands them to services().download.
 * (Charts are exported by the UI, which owns the drawn SVG and canvases.)
 */
import { zipSync, strToU8 } from 'fflate';
import { exportCompacted } from '../../core/compaction';
import { recordsToCsv, recordsToJson } from '../../core/share/export-steps';
import { modelFingerprint } from '../../core/share/fingerprint';
import { linkStateToSession, serializeSessionFile } from '../../core/share/session-file';
import { compactionCurves, curvesDocument, curvesToCsv, type DigitsNote } from '../compaction-curves';
import { services } from '../services';
import { useStore } from '../store';
import { currentSession } from './compaction';
import { currentLinkState } from './link';
import { pushNotice } from './notices';

/** "ls-step12": names the exported files after the method and the step. */
export function exportStamp(): string {
  const c = useStore.getState().compaction;
  return `${c.method}-step${c.cursor}`;
}

function downloadText(text: string, fileName: string, type: string): void {
  services().download(new Blob([text], { type }), fileName);
}

export async function exportModel(): Promise<void> {
  const s = currentSession();
  if (!s) return;
  const { mlp, neuronIds } = s.current();
  const st = useStore.getState();
  const files = await exportCompacted(mlp, neuronIds, s.appliedRecords(), {
    source: st.model?.name ?? 'model',
    method: st.compaction.method,
    steps: s.cursor,
    testAccuracy: s.accuracy(),
    // As counts with 95% Wilson intervals: the test digits report, the validation digits decide.
    accuracy: s.accuracies(),
  });
  const zip = zipSync({
    'model.json': strToU8(files.modelJson),
    [files.weightsFileName]: files.weights,
    'merges.json': strToU8(files.mergesJson),
  });
  services().download(new Blob([zip], { type: 'application/zip' }), `neurounify-model-${exportStamp()}.zip`);
}

export function exportStepsJson(): void {
  const s = currentSession();
  if (!s) return;
  const data = useStore.getState().data;
  const sizes = data ? { test: data.test.count, validation: data.validation.count } : undefined;
  downloadText(recordsToJson(s.appliedRecords(), sizes), `neurounify-steps-${exportStamp()}.json`, 'application/json');
}

export function exportStepsCsv(): void {
  const s = currentSession();
  if (!s) return;
  downloadText(recordsToCsv(s.appliedRecords()), `neurounify-steps-${exportStamp()}.csv`, 'text/csv');
}

/** The work as a JSON file that imports back to the same state. */
export async function exportSessionFile(): Promise<void> {
  const link = currentLinkState();
  const model = useStore.getState().model;
  if (!link || !model) {
    pushNotice('warning', 'Nothing to save yet: the model is still loading or training.');
    return;
  }
  const text = serializeSessionFile(linkStateToSession(link, await modelFingerprint(model.mlp)));
  downloadText(text, `neurounify-session-${exportStamp()}.json`, 'application/json');
}

/** The test digits the compaction chart's accuracies count. */
function testDigitsNote(): DigitsNote | null {
  const test = useStore.getState().data?.test;
  if (!test) return null;
  const count = test.count;
  return {
    set: 'test',
    count,
    dataset: test.name,
    description: `the ${count.toLocaleString('en-US')} held-out test digits of the seeded, class-stratified split (never used for training or for any decision)`,
  };
}

/** Every curve of the compaction chart (your steps, the redoable steps, each comparison run), one row per point. */
export function exportCurvesCsv(): void {
  const c = useStore.getState().compaction;
  if (!c.ready) return;
  downloadText(curvesToCsv(compactionCurves(c)), `neurounify-curves-${exportStamp()}.csv`, 'text/csv');
}

/** The curves and a summary per method: widths (learned or final), parameters, test accuracy with its 95% Wilson interval, and which digits. */
export function exportCurvesJson(): void {
  const st = useStore.getState();
  const digits = testDigitsNote();
  const s = currentSession();
  if (!st.compaction.ready || !digits || !s) return;
  const doc = curvesDocument(st.compaction, s.accuracies().test, st.model?.name ?? 'model', digits);
  downloadText(JSON.stringify(doc, null, 2) + '\n', `neurounify-curves-${exportStamp()}.json`, 'application/json');
}
