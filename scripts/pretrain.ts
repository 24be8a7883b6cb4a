/**
 * Trains the bundled model: LeNet-300-100 (784-300-100-10, ReLU) on the fixed
 * training split (7,000 digits), in Node on the wasm backend, seeded, and writes it in the
 * TensorFlow.js LayersModel format to public/models/lenet-300-100/.
 *
 *   npm run pretrain [-- --epochs 15 --seed 1]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { splitThreeWays } from '../src/core/data/split';
import { writeLayersModel } from '../src/core/io/write-layers-model';
import { evaluateAccuracy } from '../src/core/model/forward';
import { initMlp, mlpParamCount } from '../src/core/model/mlp';
import { LENET_300_100 } from '../src/core/model/spec';
import { DEFAULT_TRAIN_SETTINGS, Trainer } from '../src/core/train/trainer';
import { PROJECT_ROOT, loadEmbeddedDataset } from '../src/node/load-embedded';
import { initNodeBackend } from '../src/node/tf-node';
import { BUNDLED_MODEL_DIR } from '../src/core/io/bundled';

const { values } = parseArgs({
  options: {
    epochs: { type: 'string', default: String(DEFAULT_TRAIN_SETTINGS.epochs) },
    seed: { type: 'string', default: '1' },
    lr: { type: 'string', default: String(DEFAULT_TRAIN_SETTINGS.learningRate) },
  },
});
const epochs = Number(values.epochs);
const seed = Number(values.seed);
const learningRate = Number(values.lr);

await initNodeBackend('wasm');
const { train, validation, test } = splitThreeWays(loadEmbeddedDataset());
const start = initMlp(LENET_300_100, seed);
const settings = { ...DEFAULT_TRAIN_SETTINGS, epochs, seed, learningRate };
const trainer = new Trainer(start, train, test, settings, {
  onEpoch: (r) =>
    console.log(
      `epoch ${r.epoch}/${epochs}  loss ${r.loss.toFixed(4)}  train ${(100 * r.trainAccuracy).toFixed(2)}%  test ${(100 * (r.testAccuracy ?? 0)).toFixed(2)}%  ${r.seconds.toFixed(2)} s`,
    ),
});
const model = await trainer.run();
trainer.dispose();
// A sanity check that training worked (not a target to tune for): it looks at the validation digits; the test digits only report.
const validationAccuracy = await evaluateAccuracy(model, validation);
const accuracy = await evaluateAccuracy(model, test);
console.log(`validation ${(100 * validationAccuracy).toFixed(2)}%  test ${(100 * accuracy).toFixed(2)}%`);
if (validationAccuracy < 0.9) {
  console.error(`validation accuracy ${(100 * validationAccuracy).toFixed(2)}% is below 90%: training failed; not writing the model`);
  process.exit(1);
}
const files = await writeLayersModel(model, {
  neuronIds: model.spec.hidden.map((w) => Array.from({ length: w }, (_, i) => i)),
  provenance: {
    data: train.name,
    split: '7,000 train / 1,000 validation / 2,000 test, stratified, seed 20180920',
    initSeed: seed,
    ...settings,
    validationAccuracy,
    testAccuracy: accuracy,
  },
});
const dir = join(PROJECT_ROOT, 'public', BUNDLED_MODEL_DIR);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'model.json'), files.modelJson);
writeFileSync(join(dir, files.weightsFileName), files.weights);
console.log(`wrote ${BUNDLED_MODEL_DIR}: ${mlpParamCount(model)} parameters, test accuracy ${(100 * accuracy).toFixed(2)}%`);
