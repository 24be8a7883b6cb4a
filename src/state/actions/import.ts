/**
 * Imports, by file picker or drag and drop: IDX data sets (gzipped or raw), a
 * TensorFlow.js LayersModel (model.json + weight files) and session files.
 * Everything is read and validated before anything changes: a rejected input
 * leaves the app exactly as it was and says why.
 */
import { trainTestFromIdx, parseIdxFile, sniffIdx, type IdxFile } from '../../core/io/idx';
import { parseModelJson, readLayersModel, weightPaths } from '../../core/io/read-layers-model';
import { evaluateAccuracy } from '../../core/model/forward';
import { mlpParamCount, mlpWidths, type Mlp } from '../../core/model/mlp';
import { modelFingerprint } from '../../core/share/fingerprint';
import { parseSessionFile } from '../../core/share/session-file';
import { useStore } from '../store';
import { currentSession, startCompaction } from './compaction';
import { pushNotice } from './notices';
import { applyWorkParts } from './saved-work';

/** A file as the picker or a drop gives it (File in the browser; anything alike in tests). */
export interface ImportedFile {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Refused before reading: more bytes than this in one drop. */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

interface Classified {
  idx: IdxFile[];
  modelJson: { name: string; text: string } | null;
  session: { name: string; text: string } | null;
  binaries: Map<string, Uint8Array>;
}

async function classify(files: ImportedFile[]): Promise<Classified> {
  const total = files.reduce((a, f) => a + f.size, 0);
  if (total > MAX_IMPORT_BYTES) throw new Error(`${(total / 1e6).toFixed(0)} MB is over the import cap of ${MAX_IMPORT_BYTES / 1e6} MB`);
  const out: Classified = { idx: [], modelJson: null, session: null, binaries: new Map() };
  for (const f of files) {
    const bytes = new Uint8Array(await f.arrayBuffer());
    const looksJson = /\.json$/i.test(f.name) || bytes[0] === 0x7b;
    if (looksJson) {
      const text = new TextDecoder().decode(bytes);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw new Error(`${f.name} is not valid JSON`);
      }
      const o = (parsed ?? {}) as Record<string, unknown>;
      if ('modelTopology' in o) out.modelJson = { name: f.name, text };
      else if (o.format === 'neurounify-session') out.session = { name: f.name, text };
      else throw new Error(`${f.name} is JSON but neither a TensorFlow.js model.json nor a NeuroUnify session file`);
    } else if (sniffIdx(bytes)) {
      out.idx.push(parseIdxFile(bytes, f.name));
    } else if (/\.bin$/i.test(f.name)) {
      out.binaries.set(f.name, bytes);
    } else {
      throw new Error(`${f.name} is not an IDX data file (gzipped or raw), a model.json with its weights, or a session file`);
    }
  }
  return out;
}

async function importData(files: IdxFile[]): Promise<void> {
  const imagesName = files.find((f) => f.kind === 'images')!.fileName;
  const name = imagesName.replace(/([-_.](train|t10k|test))?[-_.]images.*$/i, '') || imagesName;
  const tt = trainTestFromIdx(files, name);
  const st = useStore.getState();
  const model = st.model;
  const pixels = tt.train.rows * tt.train.cols;
  if (model && model.mlp.spec.inputSize !== pixels) {
    throw new Error(`the current model takes ${model.mlp.spec.inputSize} inputs but these images have ${tt.train.rows}x${tt.train.cols} = ${pixels} pixels`);
  }
  if (model && model.mlp.spec.numClasses < tt.train.numClasses) {
    throw new Error(`the current model has ${model.mlp.spec.numClasses} outputs but the data has ${tt.train.numClasses} classes`);
  }
  // trainTestFromIdx already split a single pair (seeded, stratified) or used the given test pair.
  const identity = (n: number) => Int32Array.from({ length: n }, (_, i) => i);
  const data = { train: tt.train, test: tt.test, indices: { train: identity(tt.train.count), test: identity(tt.test.count) } };
  const accuracy = model ? await evaluateAccuracy(model.mlp, data.test) : null;
  useStore.setState((s) => ({ data, model: s.model && { ...s.model, testAccuracy: accuracy } }));
  if (model) await startCompaction(model.mlp, currentSession()?.originalIds);
  pushNotice('info', `Using ${tt.train.count.toLocaleString('en-US')} training and ${data.test.count.toLocaleString('en-US')} test images from ${name}.`);
}

async function importModel(c: Classified): Promise<void> {
  const json = parseModelJson(c.modelJson!.text, c.modelJson!.name);
  const files = new Map<string, Uint8Array>();
  for (const p of weightPaths(json)) {
    const base = p.split('/').pop()!;
    const f = c.binaries.get(base);
    if (!f) throw new Error(`${c.modelJson!.name} needs the weight file "${base}": drop it together with model.json`);
    files.set(base, f);
  }
  const { mlp, meta } = readLayersModel(json, files);
  const data = useStore.getState().data;
  if (!data) throw new Error('the data set is not loaded yet');
  const pixels = data.train.rows * data.train.cols;
  if (mlp.spec.inputSize !== pixels) throw new Error(`the model takes ${mlp.spec.inputSize} inputs but the data has ${pixels} pixels per image`);
  if (mlp.spec.numClasses < data.train.numClasses) throw new Error(`the model has ${mlp.spec.numClasses} outputs but the data has ${data.train.numClasses} classes`);
  const testAccuracy = await evaluateAccuracy(mlp, data.test);
  const fingerprint = await modelFingerprint(mlp);
  useStore.setState({
    model: { mlp, source: 'imported', fingerprint, name: `Imported model ${fingerprint.slice(0, 8)}`, testAccuracy, params: mlpParamCount(mlp), widths: mlpWidths(mlp) },
  });
  await startCompaction(mlp, meta.neuronIds);
  pushNotice('info', `Imported a ${mlpWidths(mlp).join('-')} model: ${(100 * testAccuracy).toFixed(2)}% on the test set.`);
}

async function importSession(text: string, model: Mlp): Promise<void> {
  const parsed = parseSessionFile(text, await modelFingerprint(model));
  if (!parsed.ok) throw new Error(parsed.error);
  const s = parsed.session;
  const error = applyWorkParts({
    method: s.method,
    steps: s.steps,
    cursor: s.cursor,
    view: { layer: s.view.layer, threshold: s.view.threshold, normalization: s.view.normalization },
  });
  if (error) throw new Error(`its steps do not fit this model: ${error}`);
  pushNotice('info', `Session restored: ${s.cursor} of ${s.steps.length} steps.`);
}

/** Imports whatever was dropped or picked. */
export async function importFiles(list: Iterable<ImportedFile> | ArrayLike<ImportedFile>): Promise<void> {
  const files = Array.from(list);
  if (!files.length) return;
  const st = useStore.getState();
  if (st.training.status === 'running' || st.training.status === 'paused') {
    pushNotice('warning', 'Stop training before importing.');
    return;
  }
  try {
    const c = await classify(files);
    if (c.idx.length) await importData(c.idx);
    else if (c.modelJson) await importModel(c);
    else if (c.session) {
      const model = useStore.getState().model;
      if (!model) throw new Error('no model is loaded');
      await importSession(c.session.text, model.mlp);
    } else throw new Error('weight files alone are not enough: drop model.json with them');
  } catch (e) {
    pushNotice('error', `Import refused, nothing changed: ${e instanceof Error ? e.message : String(e)}`);
  }
}
