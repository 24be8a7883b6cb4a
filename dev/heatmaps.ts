/**
 * Dev gallery for the heatmap renderers (src/viz/code-heatmap, profile-heatmap,
 * weight-image, color-legend) and the seriation (src/core/layout/seriation),
 * on real codes: the bundled LeNet-300-100 on 2,000 seeded training images.
 *   npx vite   then open /dev/heatmaps.html   (?filter=gray|deutan|protan)
 * Probe, codes, correlations, profiles and the class order come from the
 * engine (src/core/coding), exactly as the app passes them; only the synthetic
 * tanh panel runs a small tfjs forward pass of its own for pre-activations.
 */
import * as tf from '@tensorflow/tfjs';
import { chooseProbe, classOrder, classProfiles, computeCodes, correlationMatrix } from '../src/core/coding';
import { datasetFromBytes } from '../src/core/data/decode';
import { EMBEDDED_DATA_FILE } from '../src/core/data/embedded';
import { splitDataset } from '../src/core/data/split';
import { BUNDLED_MODEL_DIR } from '../src/core/io/bundled';
import { parseModelJson, readLayersModel, weightPaths } from '../src/core/io/read-layers-model';
import { seriate } from '../src/core/layout/seriation';
import type { Mlp } from '../src/core/model/mlp';
import { makeRng, shuffleInPlace } from '../src/core/random';
import { initBrowserBackend } from '../src/platform/tf-browser';
import type { ClassBand, CodeHeatmapSpec, HeatmapRenderInfo, RowHighlight } from '../src/viz/code-heatmap';
import { classBandsFromSortedLabels, codeHeatmapLayout, heatmapHit, renderCodeHeatmap } from '../src/viz/code-heatmap';
import { renderColorLegend } from '../src/viz/color-legend';
import { divergingScale, sequentialScale } from '../src/viz/color-scales';
import { OKABE_ITO } from '../src/viz/palette';
import type { ProfileHeatmapSpec } from '../src/viz/profile-heatmap';
import { profileHit, renderProfileHeatmap } from '../src/viz/profile-heatmap';
import type { WeightImageSpec } from '../src/viz/weight-image';
import { renderWeightImage, weightImageHit } from '../src/viz/weight-image';

const statusEl = document.getElementById('status') as HTMLElement;
const gallery = document.getElementById('gallery') as HTMLElement;
const tip = document.getElementById('tip') as HTMLElement;
const lines: string[] = [];
function log(s: string): void {
  lines.push(s);
  statusEl.textContent = lines.join('\n');
  console.log(s);
}

const filter = new URLSearchParams(location.search).get('filter');
if (filter === 'gray') document.body.style.filter = 'grayscale(1)';
else if (filter === 'deutan' || filter === 'protan') document.body.style.filter = `url(#${filter})`;

async function bytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

async function loadModel(): Promise<Mlp> {
  const dir = `/${BUNDLED_MODEL_DIR}/`;
  const json = parseModelJson(new TextDecoder().decode(await bytes(`${dir}model.json`)));
  const names = weightPaths(json).map((p) => p.split('/').pop() as string);
  const files = await Promise.all(names.map((n) => bytes(dir + n)));
  return readLayersModel(json, new Map(names.map((n, i) => [n, files[i]]))).mlp;
}

interface LayerData {
  width: number;
  /** Neuron-major codes in probe order (the engine's LayerCodes.values): values[i * N + s]. */
  codes: Float32Array;
  /** Pearson correlation, width x width (the engine's correlationMatrix). */
  corr: Float32Array;
  /** Mean output per class, width x 10 (the engine's classProfiles). */
  profile: Float64Array;
}

/** Layer 1's pre-activations, neuron-major (gallery-only, for the synthetic tanh panel). */
function preActivations1(m: Mlp, pixels: Uint8Array, N: number): Float32Array {
  const L = m.layers[0];
  return tf.tidy(() => {
    const x = tf.div(tf.tensor2d(pixels, [N, L.inSize], 'int32'), 255) as tf.Tensor2D;
    const z = tf.add(tf.matMul(x, tf.tensor2d(L.W, [L.inSize, L.outSize])), tf.tensor1d(L.b));
    return tf.transpose(z).dataSync() as Float32Array;
  });
}

function maxPair(corr: Float32Array, n: number, among?: ArrayLike<number>): [number, number, number] {
  const idx = among ? Array.from(among) : Array.from({ length: n }, (_, i) => i);
  let best: [number, number, number] = [0, 1, -Infinity];
  for (let a = 0; a < idx.length; a++) {
    for (let b = a + 1; b < idx.length; b++) {
      const r = corr[idx[a] * n + idx[b]];
      if (r > best[2]) best = [idx[a], idx[b], r];
    }
  }
  return best;
}

function argmaxVariance(codes: Float32Array, width: number, N: number): number {
  let best = 0;
  let bestV = -1;
  for (let i = 0; i < width; i++) {
    let s = 0;
    let ss = 0;
    for (let k = 0; k < N; k++) {
      const v = codes[i * N + k];
      s += v;
      ss += v * v;
    }
    const v = ss / N - (s / N) ** 2;
    if (v > bestV) {
      bestV = v;
      best = i;
    }
  }
  return best;
}

function section(title: string, note: string): HTMLElement {
  const el = document.createElement('section');
  el.className = 'panel';
  el.innerHTML = `<h2></h2><p class="note"></p><div class="pair"></div>`;
  (el.querySelector('h2') as HTMLElement).textContent = title;
  (el.querySelector('p') as HTMLElement).textContent = note;
  gallery.appendChild(el);
  return el.querySelector('.pair') as HTMLElement;
}

function canvasIn(parent: HTMLElement, testId: string): HTMLCanvasElement {
  const c = document.createElement('canvas');
  c.dataset.testid = testId;
  parent.appendChild(c);
  return c;
}

const timings: { what: string; ms: number }[] = [];
function timed(what: string, info: { ms: number }): void {
  timings.push({ what, ms: info.ms });
}

function attachTooltip(canvas: HTMLCanvasElement, describe: (x: number, y: number) => string | null): void {
  canvas.addEventListener('mousemove', (e) => {
    const r = canvas.getBoundingClientRect();
    const text = describe(e.clientX - r.left, e.clientY - r.top);
    if (!text) {
      tip.style.display = 'none';
      return;
    }
    tip.textContent = text;
    tip.style.display = 'block';
    tip.style.left = `${e.clientX + 12}px`;
    tip.style.top = `${e.clientY + 12}px`;
  });
  canvas.addEventListener('mouseleave', () => (tip.style.display = 'none'));
}

function codeTooltip(canvas: HTMLCanvasElement, spec: CodeHeatmapSpec): void {
  attachTooltip(canvas, (x, y) => {
    const h = heatmapHit(spec, x, y);
    return h ? `neuron #${h.id} · sample ${h.sample} (class ${h.classLabel})\noutput ${h.value.toFixed(3)}` : null;
  });
}

function profileTooltip(canvas: HTMLCanvasElement, spec: ProfileHeatmapSpec): void {
  attachTooltip(canvas, (x, y) => {
    const h = profileHit(spec, x, y);
    return h ? `neuron #${h.id} · class ${h.classLabel}\nmean output ${h.value.toFixed(3)}` : null;
  });
}

function stats(xs: number[]): string {
  const s = xs.slice().sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return `min ${s[0].toFixed(2)} ms, median ${q(0.5).toFixed(2)} ms, p90 ${q(0.9).toFixed(2)} ms, max ${s[s.length - 1].toFixed(2)} ms (${s.length} runs)`;
}

async function main(): Promise<void> {
  const t0 = performance.now();
  const backend = await initBrowserBackend(null);
  log(`tfjs backend: ${backend.name} (${backend.reason})`);
  const [dataBytes, mlp] = await Promise.all([bytes(`/${EMBEDDED_DATA_FILE}`), loadModel()]);
  const data = datasetFromBytes(dataBytes, EMBEDDED_DATA_FILE);
  const { train } = splitDataset(data);

  // The engine's probe set (2,000 training images, seed 1), codes, correlations, profiles and class order.
  const probe = chooseProbe(train);
  const labels = probe.data.labels;
  const colOrder = classOrder(labels, 10);
  const sortedLabels = Uint8Array.from(colOrder, (s) => labels[s]);
  const bands: ClassBand[] = classBandsFromSortedLabels(sortedLabels);
  const tf0 = performance.now();
  const codes = await computeCodes(mlp, probe.data);
  const tf1 = performance.now();
  const layers: LayerData[] = codes.map((c) => ({
    width: c.width,
    codes: c.values,
    corr: correlationMatrix(c),
    profile: classProfiles(c, labels, 10),
  }));
  log(`data and model ${(tf0 - t0).toFixed(0)} ms; engine: codes ${(tf1 - tf0).toFixed(0)} ms, correlations and profiles ${(performance.now() - tf1).toFixed(0)} ms`);

  // Seriation, cold and warm.
  const serCold: number[] = [];
  const orders = layers.map((L) => {
    const t = performance.now();
    const o = seriate(L.corr, L.width);
    serCold.push(performance.now() - t);
    return o;
  });
  const serWarm: number[] = [];
  for (let i = 0; i < 10; i++) {
    const t = performance.now();
    seriate(layers[0].corr, layers[0].width);
    serWarm.push(performance.now() - t);
  }
  log(`seriation: layer 1 (300) first call ${serCold[0].toFixed(1)} ms, layer 2 (100) ${serCold[1].toFixed(1)} ms; layer 1 warm ${stats(serWarm)}`);

  const ids = layers.map((L) => Int32Array.from({ length: L.width }, (_, i) => i));
  const prof = layers.map((L) => L.profile);
  const PROBE = probe.data.count;
  let gmax = 0;
  for (const L of layers) for (const v of L.codes) if (v > gmax) gmax = v;
  const globalRange: [number, number] = [0, gmax];

  const highlightsFor = (l: number, among?: ArrayLike<number>): RowHighlight[] => {
    const L = layers[l];
    const [heir, removed, r] = maxPair(L.corr, L.width, among);
    let sel = argmaxVariance(L.codes, L.width, PROBE);
    if (among && !Array.from(among).includes(sel)) sel = among[0];
    log(`layer ${l + 1}: selected #${sel}; candidate pair #${removed} into #${heir} (r = ${r.toFixed(3)})`);
    return [
      { row: sel, color: OKABE_ITO.blue, label: `#${sel}` },
      { row: removed, color: OKABE_ITO.vermillion, label: `#${removed}` },
      { row: heir, color: OKABE_ITO.green, label: `#${heir}` },
    ];
  };
  const hl = layers.map((_, l) => highlightsFor(l));

  const codeSpec = (l: number, extra: Partial<CodeHeatmapSpec> = {}): CodeHeatmapSpec => ({
    values: layers[l].codes,
    rows: layers[l].width,
    cols: PROBE,
    rowOrder: orders[l],
    rowIds: ids[l],
    colOrder,
    classBands: bands,
    normalize: 'neuron',
    globalRange,
    signed: false,
    highlights: hl[l],
    width: 600,
    height: 300,
    caption: `${PROBE.toLocaleString('en')} probe images, by class`,
    bandTitle: 'digit',
    ...extra,
  });
  const profileSpec = (l: number, extra: Partial<ProfileHeatmapSpec> = {}): ProfileHeatmapSpec => ({
    values: prof[l],
    rows: layers[l].width,
    classes: 10,
    rowOrder: orders[l],
    rowIds: ids[l],
    normalize: 'neuron',
    globalRange,
    signed: false,
    highlights: hl[l],
    width: 222,
    height: 300,
    margin: { left: 14 },
    highlightLabels: false,
    ...extra,
  });

  const checks: string[] = [];
  const drawCode = (parent: HTMLElement, name: string, spec: CodeHeatmapSpec): HeatmapRenderInfo => {
    const c = canvasIn(parent, name);
    const info = renderCodeHeatmap(c, spec);
    timed(`${name} (${spec.rowOrder.length} x ${spec.colOrder?.length ?? spec.cols}, ${spec.width}x${spec.height})`, info);
    codeTooltip(c, spec);
    // Hit-test self-check: the middle of each highlighted row hits that row.
    for (const h of spec.highlights ?? []) {
      const k = Array.from(spec.rowOrder).indexOf(h.row);
      if (k < 0) continue;
      const L = codeHeatmapLayout(spec);
      const y = L.plot.y + ((k + 0.5) * L.plot.h) / L.displayRows;
      const hit = heatmapHit(spec, L.plot.x + L.plot.w / 2, y);
      if (!hit || hit.row !== h.row || hit.id !== spec.rowIds[h.row]) checks.push(`${name}: row ${h.row} hit ${JSON.stringify(hit)}`);
    }
    return info;
  };
  const drawProfile = (parent: HTMLElement, name: string, spec: ProfileHeatmapSpec): void => {
    const c = canvasIn(parent, name);
    timed(`${name} (${spec.rowOrder.length} x ${spec.classes})`, renderProfileHeatmap(c, spec));
    profileTooltip(c, spec);
  };
  const drawWeights = (parent: HTMLElement, name: string, spec: WeightImageSpec): void => {
    const c = canvasIn(parent, name);
    timed(`${name} (28x28, ${spec.width}x${spec.height})`, renderWeightImage(c, spec));
    attachTooltip(c, (x, y) => {
      const h = weightImageHit(spec, x, y, c.width / spec.width);
      return h ? `pixel (${h.row}, ${h.col})  weight ${h.weight.toFixed(3)}` : null;
    });
  };

  const W1 = mlp.layers[0];
  const sel1 = hl[0][0].row;

  // 1. The main view.
  let p = section(
    'Layer 1 — 300 neurons, each row scaled to its own range, similar neurons together',
    'Left: what each neuron outputs on each probe image (columns grouped by digit; each pixel column is the mean of ~4 images). Middle: mean output per digit, same rows. Right: the selected neuron\u2019s incoming weights.',
  );
  drawCode(p, 'code-l1', codeSpec(0));
  drawProfile(p, 'profile-l1', profileSpec(0));
  drawWeights(p, 'weights-selected', { weights: W1.W, offset: sel1, stride: W1.outSize, width: 190, height: 250, title: `#${sel1}: incoming weights` });

  // 2. Original order, for comparison.
  p = section('Layer 1, rows in their original order (no seriation)', 'The same data without reordering: similar neurons are scattered.');
  drawCode(p, 'code-l1-unordered', codeSpec(0, { rowOrder: ids[0] }));

  // 3. Layer and global normalisation.
  p = section('Layer 1, one colour range for the whole layer', 'Strong and weak neurons can now be compared; weak ones fade.');
  drawCode(p, 'code-l1-layer', codeSpec(0, { normalize: 'layer' }));
  drawProfile(p, 'profile-l1-layer', profileSpec(0, { normalize: 'layer' }));
  p = section('Layer 1, global colour range (both layers)', `Range [0, ${gmax.toFixed(2)}], shared by every layer.`);
  drawCode(p, 'code-l1-global', codeSpec(0, { normalize: 'global' }));

  // 4. Layer 2.
  p = section('Layer 2 — 100 neurons', 'Fewer, more class-specific neurons: rows are taller.');
  drawCode(p, 'code-l2', codeSpec(1));
  drawProfile(p, 'profile-l2', profileSpec(1));

  // 5. Signed values (synthetic: tanh of layer 1's pre-activations).
  const tanh1 = preActivations1(mlp, probe.data.pixels, PROBE).map((v) => Math.tanh(v));
  const tanhProf = classProfiles({ count: PROBE, width: 300, values: tanh1 }, labels, 10);
  p = section('Signed values (synthetic: tanh of layer 1\u2019s pre-activations)', 'What a tanh network\u2019s layer looks like: diverging scale, white is 0.');
  drawCode(p, 'code-tanh', codeSpec(0, { values: tanh1, signed: true }));
  drawProfile(p, 'profile-tanh', profileSpec(0, { values: tanhProf, signed: true }));
  p = section('Signed, one range for the layer', 'Symmetric around 0.');
  drawCode(p, 'code-tanh-layer', codeSpec(0, { values: tanh1, signed: true, normalize: 'layer' }));

  // 6. A compacted layer: 100 of the 300 neurons left.
  const alive = Array.from(shuffleInPlace(Int32Array.from(ids[0]), makeRng(5)).slice(0, 100)).sort((a, b) => a - b);
  const tA = performance.now();
  const aliveOrder = seriate(layers[0].corr, 300, { subset: alive });
  const tAlive = performance.now() - tA;
  p = section(`After compaction: 100 of 300 neurons left (seriated in ${tAlive.toFixed(1)} ms)`, 'rowOrder lists only the surviving neurons; the values stay full size.');
  const hlAlive = highlightsFor(0, alive);
  drawCode(p, 'code-l1-alive', codeSpec(0, { rowOrder: aliveOrder, highlights: hlAlive }));
  drawProfile(p, 'profile-l1-alive', profileSpec(0, { rowOrder: aliveOrder, highlights: hlAlive }));

  // 7. The candidate pair's weights, on one scale.
  const [, rem, heir] = hl[0];
  let m = 0;
  for (const j of [rem.row, heir.row]) for (let i = 0; i < 784; i++) m = Math.max(m, Math.abs(W1.W[i * W1.outSize + j]));
  p = section('Incoming weights of the candidate pair (shared scale)', 'Similar codes do not need similar weights: many weight patterns produce the same behaviour on real digits.');
  drawWeights(p, 'weights-removed', { weights: W1.W, offset: rem.row, stride: W1.outSize, range: m, width: 190, height: 250, title: `#${rem.row} (remove)` });
  drawWeights(p, 'weights-heir', { weights: W1.W, offset: heir.row, stride: W1.outSize, range: m, width: 190, height: 250, title: `#${heir.row} (heir)` });
  drawWeights(p, 'weights-small', { weights: W1.W, offset: sel1, stride: W1.outSize, width: 120, height: 150 });

  // 8. Legends.
  p = section('Legends', 'Sequential (viridis) and diverging (RdBu, negative blue).');
  const l1 = canvasIn(p, 'legend-seq');
  renderColorLegend(l1, { lut: sequentialScale(), labels: ['0', '1.5', '3'], title: 'output', width: 260 });
  const l2 = canvasIn(p, 'legend-div');
  renderColorLegend(l2, { lut: divergingScale(), labels: ['\u22120.3', '0', '0.3'], title: 'weight', width: 260 });

  // 9. Large.
  p = section('Large (1000 x 480)', 'More pixel columns than samples per class: less averaging.');
  drawCode(p, 'code-l1-large', codeSpec(0, { width: 1000, height: 480 }));

  // 10. Small, and fewer samples than pixel columns (each sample several pixels wide).
  p = section('Small (420 x 220), and 200 samples (fewer samples than pixels)', 'Narrow panels keep their labels; with few samples each one gets its own pixel columns.');
  drawCode(p, 'code-l1-small', codeSpec(0, { width: 420, height: 220 }));
  const few = Int32Array.from(colOrder.filter((_, k) => k % 10 === 0));
  drawCode(p, 'code-l1-few', codeSpec(0, { width: 600, height: 220, colOrder: few, classBands: classBandsFromSortedLabels(Uint8Array.from(few, (s) => labels[s])), caption: '200 probe images, by class' }));

  // Timings: every render above, then repeated renders of the main view.
  const bench = document.createElement('canvas');
  const benchRuns = (spec: CodeHeatmapSpec): number[] => {
    const xs: number[] = [];
    for (let i = 0; i < 25; i++) xs.push(renderCodeHeatmap(bench, spec).ms);
    return xs;
  };
  const b1 = benchRuns(codeSpec(0, { dpr: 1 }));
  const b2 = benchRuns(codeSpec(0, { dpr: 2 }));
  const b3 = benchRuns(codeSpec(0, { dpr: 2, width: 1000, height: 480 }));
  const b4 = benchRuns(codeSpec(0, { dpr: 2, colOrder: undefined, values: regroup(layers[0].codes, 300, colOrder) }));
  log(`renders (first draw of each panel, page dpr ${devicePixelRatio}):`);
  for (const t of timings) log(`  ${t.what.padEnd(52)} ${t.ms.toFixed(2)} ms`);
  log(`code heatmap 300 x 2000, 600x300, dpr 1:  ${stats(b1)}`);
  log(`code heatmap 300 x 2000, 600x300, dpr 2:  ${stats(b2)}`);
  log(`code heatmap 300 x 2000, 1000x480, dpr 2: ${stats(b3)}`);
  log(`same, values pre-grouped (no colOrder), 600x300 dpr 2: ${stats(b4)}`);
  log(checks.length ? `hit-test self-check FAILED:\n  ${checks.join('\n  ')}` : 'hit-test self-check: ok');
  document.body.dataset.ready = '1';
}

/** A copy with columns in class order (to time the path without colOrder). */
function regroup(codes: Float32Array, rows: number, order: Int32Array): Float32Array {
  const N = order.length;
  const out = new Float32Array(rows * N);
  for (let r = 0; r < rows; r++) for (let c = 0; c < N; c++) out[r * N + c] = codes[r * N + order[c]];
  return out;
}

main().catch((e: unknown) => {
  log(`ERROR: ${(e as Error).stack ?? String(e)}`);
  document.body.dataset.ready = 'error';
});
