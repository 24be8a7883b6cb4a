/**
 * Imports, by file picker or drag and drop: IDX data sets (gzipped or raw), a
 * TensorFlow.js LayersModel (model.json + weight files) and work files. Every
 * import is a transaction: the files are read and validated, and the engine's
 * set-up for the result (codes, held-out activations, the method's caches, the
 * steps of a work file) runs in full on the side, before anything in the store
 * changes. A refusal changes nothing at all and says why in plain words.
 */
import { restoreWork, type StepTuple } from '../../core/compaction';
import type { ThreeWaySplit } from '../../core/data/split';
import { isGzip } from '../../core/data/binary-format';
import { threeWayFromIdx, parseIdxFileSliced, sniffIdx, type IdxFile } from '../../core/io/idx';
import { ModelFormatError, parseModelJson, readLayersModel, weightPaths } from '../../core/io/read-layers-model';
import { evaluateAccuracy } from '../../core/model/forward';
import { mlpParamCount, mlpWidths } from '../../core/model/mlp';
import { modelFingerprint } from '../../core/share/fingerprint';
import { parseSessionFile } from '../../core/share/session-file';
import { useStore } from '../store';
import type { AppState } from '../types';
import { buildHandle, currentSession, installHandle } from './compaction';
import { patchCompaction, patchExplorer, refresh } from './compaction/publish';
import { replayFineTune } from './finetune';
import { pushNotice, shortName } from './notices';

/** A file as the picker or a drop gives it (File in the browser; anything alike in tests). */
export interface ImportedFile {
  name: string;
  size: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** Refused before reading: more bytes than this in one drop. */
export const MAX_IMPORT_BYTES = 256 * 1024 * 1024;

/** Why an import was refused: in plain words, with what to do; the technical detail apart. */
class Refusal extends Error {
  constructor(
    readonly plain: string,
    readonly detail?: string,
  ) {
    super(plain);
  }
}

const mb = (n: number) => `${(n / 1e6).toFixed(0)} MB`;

interface Classified {
  idx: IdxFile[];
  modelJson: { name: string; text: string } | null;
  session: { name: string; text: string } | null;
  binaries: Map<string, Uint8Array>;
}

async function classify(files: ImportedFile[]): Promise<Classified> {
  const total = files.reduce((a, f) => a + f.size, 0);
  if (total > MAX_IMPORT_BYTES) throw new Refusal(`these files hold ${mb(total)}, more than the ${mb(MAX_IMPORT_BYTES)} one import may hold. Import fewer or smaller files.`);
  const out: Classified = { idx: [], modelJson: null, session: null, binaries: new Map() };
  for (const f of files) {
    const name = `“${shortName(f.name)}”`;
    const bytes = new Uint8Array(await f.arrayBuffer());
    // A weight file may start with the byte of '{' by chance: its name decides.
    const looksJson = /\.json$/i.test(f.name) || (bytes[0] === 0x7b && !/\.bin$/i.test(f.name));
    if (looksJson) {
      const text = new TextDecoder().decode(bytes);
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (e) {
        throw new Refusal(`${name} is not readable JSON (it may be cut short or damaged). Export it again and retry.`, String(e));
      }
      const o = parsed !== null && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : {};
      if ('modelTopology' in o) out.modelJson = { name: f.name, text };
      else if (o.format === 'neurounify-session') out.session = { name: f.name, text };
      else throw new Refusal(`${name} is JSON, but neither a TensorFlow.js model.json nor a NeuroUnify session file.`);
    } else if (sniffIdx(bytes)) {
      try {
        // In slices, and refused from the header when the images do not fit the current model (nothing large is inflated first).
        out.idx.push(await parseIdxFileSliced(bytes, f.name, { pixels: useStore.getState().model?.mlp.spec.inputSize }));
      } catch (e) {
        throw new Refusal(`${name} looks like an IDX data file but cannot be read: it may be cut short, damaged or too large.`, (e as Error).message);
      }
    } else if (/\.bin$/i.test(f.name)) {
      out.binaries.set(f.name, bytes);
    } else if (isGzip(bytes)) {
      throw new Refusal(`${name} is gzipped, but its data is damaged (cut short or corrupted) or is not an IDX data file. Download it again and retry.`);
    } else {
      throw new Refusal(`${name} is not an IDX data file (gzipped or raw), a model.json with its .bin weight files, or a session file, so NeuroUnify cannot import it.`);
    }
  }
  return out;
}

/** Shows a data set and/or model whose session was built beforehand. */
function commit(patch: Partial<AppState> | ((s: AppState) => Partial<AppState>), h: Awaited<ReturnType<typeof buildHandle>>): void {
  useStore.setState(patch);
  installHandle(h);
}

async function importData(files: IdxFile[]): Promise<void> {
  const imagesName = files.find((f) => f.kind === 'images')?.fileName;
  if (!imagesName) throw new Refusal('an IDX label file alone is not a data set: import the image file with it.');
  const name = imagesName.replace(/([-_.](train|t10k|test))?[-_.]images.*$/i, '') || imagesName;
  let data: ThreeWaySplit;
  try {
    data = threeWayFromIdx(files, name);
  } catch (e) {
    throw new Refusal(`the IDX files “${shortName(name)}” do not make a data set: images and labels must come in matching pairs.`, (e as Error).message);
  }
  const st = useStore.getState();
  const model = st.model;
  const { rows, cols, numClasses } = data.train;
  const pixels = rows * cols;
  if (model && model.mlp.spec.inputSize !== pixels) {
    throw new Refusal(`the current model reads ${model.mlp.spec.inputSize} pixels, but these images have ${rows}x${cols} = ${pixels}. Import a model made for these images first.`);
  }
  if (model && model.mlp.spec.numClasses < numClasses) {
    throw new Refusal(`the current model tells ${model.mlp.spec.numClasses} classes apart, but the data has ${numClasses}.`);
  }
  if (!model) {
    useStore.setState({ data });
  } else {
    const accuracy = await evaluateAccuracy(model.mlp, data.test);
    const h = await engineCheck(() => buildHandle(model.mlp, currentSession()?.originalIds, data), `the current model on ${shortName(name)}`);
    commit((s) => ({ data, model: s.model && { ...s.model, testAccuracy: accuracy } }), h);
  }
  const n = (d: { count: number }) => d.count.toLocaleString('en-US');
  const training = data.train.count + data.validation.count;
  pushNotice(
    'info',
    `Using ${training.toLocaleString('en-US')} training and ${n(data.test)} test images from ${shortName(name)} (of the training images, ${n(data.validation)} are kept aside as validation digits, which decide stops; the test images only report).`,
  );
}

/** Runs the engine's set-up; its failure is a refusal. */
async function engineCheck<T>(build: () => Promise<T>, what: string): Promise<T> {
  try {
    return await build();
  } catch (e) {
    throw new Refusal(`NeuroUnify cannot compact ${what}: the engine could not set it up (for example, its outputs are not finite or too large).`, (e as Error).message);
  }
}

async function importModel(c: Classified): Promise<void> {
  const jsonName = c.modelJson!.name;
  let read: ReturnType<typeof readLayersModel>;
  try {
    const json = parseModelJson(c.modelJson!.text, jsonName);
    const files = new Map<string, Uint8Array>();
    for (const p of weightPaths(json)) {
      const base = p.split('/').pop()!;
      const f = c.binaries.get(base);
      if (!f) throw new Refusal(`“${shortName(jsonName)}” needs the weight file “${shortName(base)}”: select or drop both files together.`);
      files.set(base, f);
    }
    read = readLayersModel(json, files);
  } catch (e) {
    if (e instanceof Refusal) throw e;
    const plain = e instanceof ModelFormatError ? 'is not a model NeuroUnify can open (a Sequential model of Dense layers with float32 weights and one hidden activation)' : 'could not be read';
    throw new Refusal(`“${shortName(jsonName)}” ${plain}.`, (e as Error).message);
  }
  const { mlp, meta } = read;
  const data = useStore.getState().data;
  if (!data) throw new Refusal('the data set is still loading: try again in a moment.');
  const pixels = data.train.rows * data.train.cols;
  if (mlp.spec.inputSize !== pixels) throw new Refusal(`“${shortName(jsonName)}” takes ${mlp.spec.inputSize} inputs but the data has ${pixels} pixels per image. Import data that fits the model first.`);
  if (mlp.spec.numClasses < data.train.numClasses) throw new Refusal(`“${shortName(jsonName)}” tells ${mlp.spec.numClasses} classes apart, but the data has ${data.train.numClasses}.`);
  const testAccuracy = await evaluateAccuracy(mlp, data.test);
  const fingerprint = await modelFingerprint(mlp);
  const h = await engineCheck(() => buildHandle(mlp, meta.neuronIds, data), `“${shortName(jsonName)}”`);
  commit({ model: { mlp, source: 'imported', fingerprint, name: `Imported model ${fingerprint.slice(0, 8)}`, testAccuracy, params: mlpParamCount(mlp), widths: mlpWidths(mlp) } }, h);
  pushNotice('info', `Imported a ${mlpWidths(mlp).join('-')} model: ${(100 * testAccuracy).toFixed(2)}% on the test set.`);
}

async function importWorkFile(file: { name: string; text: string }): Promise<void> {
  const st = useStore.getState();
  const live = currentSession();
  if (!st.model || !live || !st.data) throw new Refusal('no model is ready yet: wait until it has loaded, then import the session again.');
  const name = `“${shortName(file.name)}”`;
  const parsed = parseSessionFile(file.text, await modelFingerprint(st.model.mlp));
  if (!parsed.ok) {
    const other = /another model|fingerprint/i.test(parsed.error);
    throw new Refusal(
      other ? `${name} was saved with another model. Open that model first, then import the session.` : `${name} is not a session file this version can open (it may be damaged or edited).`,
      parsed.error,
    );
  }
  const s = parsed.session;
  // The steps are replayed on a session of their own: only if every one fits does anything change.
  const h = await engineCheck(() => buildHandle(live.original, live.originalIds, st.data!), 'this model');
  // Its fine-tunes, if any, are trained again (with live curves) before anything changes.
  const error = await restoreWork(h.engine, { steps: s.steps as StepTuple[], finetunes: s.finetunes ?? [] }, s.cursor, replayFineTune);
  if (error) {
    h.end();
    throw new Refusal(`the steps in ${name} do not fit this model.`, error);
  }
  patchCompaction({ method: s.method });
  installHandle(h);
  patchExplorer({ layer: s.view.layer, threshold: s.view.threshold, normalization: s.view.normalization, selected: s.view.selected ? { layer: s.view.selected[0], id: s.view.selected[1] } : null });
  refresh(h, 'jump');
  pushNotice('info', `Session restored: ${s.cursor} of ${s.steps.length + (s.finetunes?.length ?? 0)} steps.`);
}

/** Imports whatever was dropped or picked. */
export async function importFiles(list: Iterable<ImportedFile> | ArrayLike<ImportedFile>): Promise<void> {
  const files = Array.from(list);
  if (!files.length) return;
  const st = useStore.getState();
  if (st.training.status === 'running' || st.training.status === 'paused') {
    pushNotice('warning', 'Training is under way: stop it (Reset) before importing.');
    return;
  }
  if (st.finetune.status !== 'idle') {
    pushNotice('warning', 'A fine-tune is under way: let it finish or cancel it before importing.');
    return;
  }
  try {
    const c = await classify(files);
    if (c.idx.length) await importData(c.idx);
    else if (c.modelJson) await importModel(c);
    else if (c.session) await importWorkFile(c.session);
    else throw new Refusal('weight files alone are not a model: select or drop model.json together with them.');
  } catch (e) {
    const r = e instanceof Refusal ? e : new Refusal('the files could not be read.', e instanceof Error ? e.message : String(e));
    const plain = r.plain.charAt(0).toUpperCase() + r.plain.slice(1);
    pushNotice('error', `Import refused, nothing changed. ${plain}`, r.detail);
  }
}
