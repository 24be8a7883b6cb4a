/**
 * Start-up: the tfjs backend, the embedded data set (with download progress),
 * the bundled model and its test accuracy; then a link in the address, else
 * the saved work, else a fresh session on the bundled model.
 */
import { splitThreeWays } from '../../core/data/split';
import { datasetFromBytes } from '../../core/data/decode';
import { EMBEDDED_DATA_FILE, EMBEDDED_DATA_NAME } from '../../core/data/embedded';
import { BUNDLED_MODEL_DIR } from '../../core/io/bundled';
import { parseModelJson, readLayersModel, weightPaths } from '../../core/io/read-layers-model';
import { evaluateAccuracy } from '../../core/model/forward';
import { mlpParamCount, mlpWidths, type Mlp } from '../../core/model/mlp';
import { services } from '../services';
import { useStore } from '../store';
import type { BootPhase } from '../types';
import { parseQuery } from '../url-preset';
import { startCompaction } from './compaction';
import { openLinkFromHash } from './link';
import { pushNotice } from './notices';
import { restoreSavedWork, watchWork } from './saved-work';
import { offerInterruptedRun } from './training';

function setBoot(phase: BootPhase, message: string, progress = 0): void {
  useStore.setState((s) => ({ boot: { ...s.boot, phase, message, progress } }));
}

function mark(name: string): void {
  performance.mark?.(name);
}

async function loadBundledModel(baseUrl: string): Promise<{ mlp: Mlp; neuronIds?: number[][] }> {
  const { fetchBytes } = services();
  const dir = new URL(`${BUNDLED_MODEL_DIR}/`, baseUrl);
  const json = parseModelJson(new TextDecoder().decode(await fetchBytes(new URL('model.json', dir).href)));
  const names = weightPaths(json).map((p) => p.split('/').pop()!);
  const bytes = await Promise.all(names.map((n) => fetchBytes(new URL(n, dir).href)));
  const { mlp, meta } = readLayersModel(json, new Map(names.map((n, i) => [n, bytes[i]])));
  return { mlp, neuronIds: meta.neuronIds };
}

export async function boot(): Promise<void> {
  const sv = services();
  const query = parseQuery(sv.location.search());
  query.problems.forEach((p) => pushNotice('warning', p));
  useStore.setState((s) => ({
    training: { ...s.training, settings: { ...s.training.settings, ...query.preset } },
  }));
  try {
    // Downloads start at once and overlap the backend's start-up.
    const modelP = loadBundledModel(sv.baseUrl);
    let downloaded = 0;
    const bytesP = sv.fetchBytes(new URL(EMBEDDED_DATA_FILE, sv.baseUrl).href, (p) => {
      downloaded = p;
      if (useStore.getState().boot.phase === 'data') setBoot('data', 'Loading the embedded MNIST digits…', p);
    });
    modelP.catch(() => undefined);
    bytesP.catch(() => undefined);
    setBoot('backend', 'Starting TensorFlow.js…');
    const backend = await sv.initBackend(query.backend);
    if (backend.warning) pushNotice('warning', backend.warning);
    useStore.setState({ backend });
    mark('neurounify:backend-ready');

    setBoot('data', 'Loading the embedded MNIST digits…', downloaded);
    const bytes = await bytesP;
    mark('neurounify:data-downloaded');
    const data = splitThreeWays(datasetFromBytes(bytes, EMBEDDED_DATA_NAME));
    useStore.setState({ data });
    mark('neurounify:data-decoded');

    setBoot('model', 'Loading the pretrained LeNet-300-100…');
    const { mlp, neuronIds } = await modelP;
    mark('neurounify:model-read');
    const testAccuracy = await evaluateAccuracy(mlp, data.test);
    const model = {
      mlp,
      source: 'bundled' as const,
      name: 'Pretrained LeNet-300-100',
      testAccuracy,
      params: mlpParamCount(mlp),
      widths: mlpWidths(mlp),
    };
    useStore.setState((s) => ({
      bundled: { model, neuronIds },
      model,
      boot: { phase: 'ready', message: 'Ready', progress: 1, firstScreenMs: s.boot.firstScreenMs ?? Math.round(performance.now()) },
    }));
    if (!(await openLinkFromHash(sv.location.hash())) && !(await restoreSavedWork())) await startCompaction(mlp, neuronIds);
    watchWork();
    await offerInterruptedRun();
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    useStore.setState((s) => ({ boot: { ...s.boot, phase: 'error', message } }));
    pushNotice('error', 'NeuroUnify could not start. Reload the page; if this happens again, try another browser.', message);
  }
}
