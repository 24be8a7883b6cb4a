/**
 * Compacts a model from the command line.
 *
 *   npm run compact -- --method ls --remove-fraction 0.8
 *   npm run compact -- --method pair --target-params 10% --out out/pair-10
 *   npm run compact -- --method ls --max-drop 1 --json
 *   npm run compact -- --method magnitude --remove-fraction 0.8 --finetune-epochs 1 --json --out out/mag-ft
 *
 * Exactly one of --remove-fraction F (per hidden layer, front to back),
 * --target-params P (automatic; 20%, 0.2 or a parameter count) or --max-drop D
 * (automatic, percentage points of validation accuracy, in whole digits).
 * The digits are split 7,000 train / 1,000 validation / 2,000 test: the probe
 * comes from the training digits, stops are decided on the validation digits,
 * the test digits only report. --finetune-epochs N then fine-tunes the
 * compacted network on the training digits (wasm backend) and reports the
 * accuracy before and after. `--help` lists the options; the logic lives in
 * src/node/compact-cli.ts (tested there).
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { exportCompacted } from '../src/core/compaction';
import { splitDataset } from '../src/core/data/split';
import { BUNDLED_MODEL_DIR } from '../src/core/io/bundled';
import { ModelFormatError, parseModelJson, readLayersModel, weightPaths } from '../src/core/io/read-layers-model';
import { mlpWidths } from '../src/core/model/mlp';
import { USAGE, UsageError, describeSummary, parseCompactArgs, runCompaction } from '../src/node/compact-cli';
import { PROJECT_ROOT, loadEmbeddedDataset } from '../src/node/load-embedded';
import { initNodeBackend } from '../src/node/tf-node';

function fail(e: unknown): never {
  const msg = e instanceof Error ? e.message : String(e);
  if (e instanceof UsageError) {
    console.error(`error: ${msg}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(`error: ${msg}`);
  process.exit(1);
}

function loadModel(dir: string) {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new Error(`model directory ${dir} does not exist`);
  const jsonPath = join(dir, 'model.json');
  if (!existsSync(jsonPath)) throw new Error(`${jsonPath} is missing`);
  const json = parseModelJson(readFileSync(jsonPath, 'utf8'), jsonPath);
  const files = new Map<string, Uint8Array>();
  for (const p of weightPaths(json)) {
    const f = join(dir, basename(p));
    if (!existsSync(f)) throw new ModelFormatError(`weight file ${f} is missing`);
    files.set(basename(p), new Uint8Array(readFileSync(f)));
  }
  return readLayersModel(json, files);
}

async function main() {
  const a = parseCompactArgs(process.argv.slice(2));
  if (!a) {
    console.log(USAGE);
    return;
  }
  const log = a.json ? (..._: unknown[]) => {} : console.log;
  const modelDir = resolve(a.modelDir ?? join(PROJECT_ROOT, 'public', BUNDLED_MODEL_DIR));
  const out = a.out ? resolve(a.out) : undefined;
  const { mlp, meta } = loadModel(modelDir);
  const data = splitDataset(loadEmbeddedDataset());
  await initNodeBackend('wasm');
  log(`model ${modelDir}: ${mlpWidths(mlp).join('-')}; method ${a.method}`);
  const { summary, records, session } = await runCompaction({ ...a, out }, { mlp, neuronIds: meta.neuronIds, name: modelDir }, data);
  if (out) {
    const { mlp: compacted, neuronIds } = session.current();
    const files = await exportCompacted(compacted, neuronIds, records, { ...summary, out: undefined, model: basename(modelDir) });
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'model.json'), files.modelJson);
    writeFileSync(join(out, files.weightsFileName), files.weights);
    writeFileSync(join(out, 'merges.json'), files.mergesJson);
  }
  if (a.json) {
    console.log(JSON.stringify(summary));
    return;
  }
  log(`probe: ${summary.probe} training images (seed ${summary.seed})`);
  for (const line of describeSummary(summary)) log(line);
  if (out) log(`wrote ${out}/model.json, model.weights.bin, merges.json`);
}

main().catch(fail);
