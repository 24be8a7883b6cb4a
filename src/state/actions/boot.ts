/**
 * Start-up: the tfjs backend, the embedded data set (with download progress),
 * the bundled model and its test accuracy.
 */
import { splitDataset } from '../../core/data/split';
import { datasetFromBytes } from '../../core/data/decode';
import { EMBEDDED_DATA_FILE, EMBEDDED_DATA_NAME } from '../../core/data/embedded';
import { BUNDLED_MODEL_DIR } from '../../core/io/bundled';
import { parseModelJson, readLayersModel, weightPaths } from '../../core/io/read-layers-model';
import { evaluateAccuracy } from '../../core/model/forward';
import { mlpParamCount, mlpWidths, type Mlp } from '../../core/model/mlp';
import { initBrowserBackend } from '../../platform/tf-browser';
import { fetchBytes } from '../../platform/fetch-bytes';
import { parseQuery } from '../url-preset';
import { pushNotice, useStore } from '../store';
import { startCompaction } from './compaction';
import { restoreSavedSession, watchSession } from './session';
import { openLinkFromHash } from './link';
import type { ModelState } from '../types';

let bundled: ModelState | null = null;
let bundledIds: number[][] | undefined;

/** The bundled model as loaded at start (for Reset). */
export function bundledModel(): ModelState | null {
  return bundled;
}

/** The bundled model's stable neuron ids (from its metadata). */
export function bundledNeuronIds(): number[][] | undefined {
  return bundledIds;
}

function setBoot(phase: ReturnType<typeof useStore.getState>['boot']['phase'], message: string, progress = 0): void {
  useStore.setState((s) => ({ boot: { ...s.boot, phase, message, progress } }));
}

async function loadBundledModel(baseUrl: string): Promise<{ mlp: Mlp; neuronIds?: number[][] }> {
  const dir = new URL(`${BUNDLED_MODEL_DIR}/`, baseUrl);
  const json = parseModelJson(new TextDecoder().decode(await fetchBytes(new URL('model.json', dir).href)));
  const names = weightPaths(json).map((p) => p.split('/').pop()!);
  const bytes = await Promise.all(names.map((n) => fetchBytes(new URL(n, dir).href)));
  const { mlp, meta } = readLayersModel(json, new Map(names.map((n, i) => [n, bytes[i]])));
  return { mlp, neuronIds: meta.neuronIds };
}

export async function boot(search: string, baseUrl: string): Promise<void> {
  const query = parseQuery(search);
  query.problems.forEach((p) => pushNotice('warning', p));
  useStore.setState((s) => ({
    training: { ...s.training, settings: { ...s.training.settings, ...query.preset } },
  }));
  try {
    // Downloads start at once and overlap the backend's start-up.
    const modelP = loadBundledModel(baseUrl);
    let downloaded = 0;
    const bytesP = fetchBytes(new URL(EMBEDDED_DATA_FILE, baseUrl).href, (p) => {
      downloaded = p;
      if (useStore.getState().boot.phase === 'data') setBoot('data', 'Loading the embedded MNIST digits…', p);
    });
    modelP.catch(() => undefined);
    bytesP.catch(() => undefined);
    setBoot('backend', 'Starting TensorFlow.js…');
    const backend = await initBrowserBackend(query.backend);
    if (backend.warning) pushNotice('warning', backend.warning);
    useStore.setState({ backend });
    performance.mark('neurounify:backend-ready');

    setBoot('data', 'Loading the embedded MNIST digits…', downloaded);
    const bytes = await bytesP;
    performance.mark('neurounify:data-downloaded');
    const data = splitDataset(datasetFromBytes(bytes, EMBEDDED_DATA_NAME));
    useStore.setState({ data });
    performance.mark('neurounify:data-decoded');

    setBoot('model', 'Loading the pretrained LeNet-300-100…');
    const { mlp, neuronIds } = await modelP;
    performance.mark('neurounify:model-read');
    const testAccuracy = await evaluateAccuracy(mlp, data.test);
    bundled = {
      mlp,
      source: 'bundled',
      name: 'Pretrained LeNet-300-100',
      testAccuracy,
      params: mlpParamCount(mlp),
      widths: mlpWidths(mlp),
    };
    useStore.setState((s) => ({
      model: bundled,
      boot: { phase: 'ready', message: 'Ready', progress: 1, firstScreenMs: s.boot.firstScreenMs ?? Math.round(performance.now()) },
    }));
    bundledIds = neuronIds;
    if (!(await openLinkFromHash(location.hash)) && !(await restoreSavedSession())) await startCompaction(mlp, neuronIds);
    watchSession();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    useStore.setState((s) => ({ boot: { ...s.boot, phase: 'error', message } }));
    pushNotice('error', `NeuroUnify could not start: ${message}`);
  }
}
