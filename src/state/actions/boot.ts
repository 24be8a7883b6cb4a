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
import { mlpParamCount, mlpWidths } from '../../core/model/mlp';
import { initBrowserBackend } from '../../platform/tf-browser';
import { fetchBytes } from '../../platform/fetch-bytes';
import { parseQuery } from '../url-preset';
import { pushNotice, useStore } from '../store';
import type { ModelState } from '../types';

let bundled: ModelState | null = null;

/** The bundled model as loaded at start (for Reset). */
export function bundledModel(): ModelState | null {
  return bundled;
}

function setBoot(phase: ReturnType<typeof useStore.getState>['boot']['phase'], message: string, progress = 0): void {
  useStore.setState((s) => ({ boot: { ...s.boot, phase, message, progress } }));
}

export async function boot(search: string, baseUrl: string): Promise<void> {
  const query = parseQuery(search);
  query.problems.forEach((p) => pushNotice('warning', p));
  useStore.setState((s) => ({
    training: { ...s.training, settings: { ...s.training.settings, ...query.preset } },
  }));
  try {
    setBoot('backend', 'Starting TensorFlow.js…');
    const backend = await initBrowserBackend(query.backend);
    if (backend.warning) pushNotice('warning', backend.warning);
    useStore.setState({ backend });

    setBoot('data', 'Loading the embedded MNIST digits…');
    const modelJsonP = fetchBytes(new URL(`${BUNDLED_MODEL_DIR}/model.json`, baseUrl).href);
    const bytes = await fetchBytes(new URL(EMBEDDED_DATA_FILE, baseUrl).href, (p) => setBoot('data', 'Loading the embedded MNIST digits…', p));
    const data = splitDataset(datasetFromBytes(bytes, EMBEDDED_DATA_NAME));
    useStore.setState({ data });

    setBoot('model', 'Loading the pretrained LeNet-300-100…');
    const json = parseModelJson(new TextDecoder().decode(await modelJsonP));
    const files = new Map<string, Uint8Array>();
    for (const p of weightPaths(json)) {
      const name = p.split('/').pop()!;
      files.set(name, await fetchBytes(new URL(`${BUNDLED_MODEL_DIR}/${name}`, baseUrl).href));
    }
    const { mlp } = readLayersModel(json, files);
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
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    useStore.setState((s) => ({ boot: { ...s.boot, phase: 'error', message } }));
    pushNotice('error', `NeuroUnify could not start: ${message}`);
  }
}
