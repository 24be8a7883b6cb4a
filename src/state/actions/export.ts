/**
 * Exports: the compacted model (TensorFlow.js LayersModel, zipped with its
 * weights), the step log (JSON, CSV), charts (SVG, PNG) and the session file.
 * The files are made by the engine's writers; this module only names and saves them.
 */
import { zipSync, strToU8 } from 'fflate';
import { exportCompacted } from '../../core/compaction';
import { recordsToCsv, recordsToJson } from '../../core/share/export-steps';
import { flushDeferredDraws } from '../../platform/deferred-draw';
import { canvasToPng, downloadBlob, downloadText, svgToPng, svgToText } from '../../platform/download';
import { pushNotice, useStore } from '../store';
import { currentSession } from './compaction';
import { currentLinkState } from './link';
import { modelFingerprint } from '../../core/share/fingerprint';
import { linkStateToSession, serializeSessionFile } from '../../core/share/session-file';

function stamp(): string {
  const c = useStore.getState().compaction;
  return `${c.method}-step${c.cursor}`;
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
  });
  const zip = zipSync({
    'model.json': strToU8(files.modelJson),
    [files.weightsFileName]: files.weights,
    'merges.json': strToU8(files.mergesJson),
  });
  downloadBlob(new Blob([zip], { type: 'application/zip' }), `neurounify-model-${stamp()}.zip`);
}

export function exportStepsJson(): void {
  const s = currentSession();
  if (!s) return;
  downloadText(recordsToJson(s.appliedRecords()), `neurounify-steps-${stamp()}.json`, 'application/json');
}

export function exportStepsCsv(): void {
  const s = currentSession();
  if (!s) return;
  downloadText(recordsToCsv(s.appliedRecords()), `neurounify-steps-${stamp()}.csv`, 'text/csv');
}

function find<T extends Element>(testId: string): T | null {
  return document.querySelector<T>(`[data-testid="${testId}"]`);
}

/** Saves an SVG chart (by its test id) as SVG or PNG. */
export async function exportChart(testId: string, format: 'svg' | 'png'): Promise<void> {
  flushDeferredDraws();
  const svg = find<SVGSVGElement>(testId);
  if (!svg) return;
  try {
    if (format === 'svg') downloadText(svgToText(svg), `neurounify-${testId}.svg`, 'image/svg+xml');
    else downloadBlob(await svgToPng(svg), `neurounify-${testId}.png`);
  } catch (e) {
    pushNotice('error', `Could not export the chart: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export async function exportCanvas(testId: string): Promise<void> {
  flushDeferredDraws();
  const canvas = find<HTMLCanvasElement>(testId);
  if (canvas) downloadBlob(await canvasToPng(canvas), `neurounify-${testId}.png`);
}

/** The session as a JSON file that imports back to the same state. */
export async function exportSessionFile(): Promise<void> {
  const link = currentLinkState();
  const model = useStore.getState().model;
  if (!link || !model) {
    pushNotice('warning', 'Nothing to save yet: the model is still loading or training.');
    return;
  }
  const text = serializeSessionFile(linkStateToSession(link, await modelFingerprint(model.mlp)));
  downloadText(text, `neurounify-session-${stamp()}.json`, 'application/json');
}
