/**
 * Dev gallery for the similarity graph and the network view (served by
 * `npx vite` at /dev/graph.html; screenshots by `npx tsx dev/shoot-graph.ts`).
 *
 * Gallery-only code: it loads the bundled LeNet-300-100 and the embedded
 * digits, computes the hidden codes of a probe set, Pearson correlations,
 * preferred classes, outgoing weight norms and a greedy pairwise
 * unification schedule (cost E(i <- j) = SS_j (1 - r_ij^2) ||W[j]||^2, fold
 * W[i] += a W[j]) itself, so the renderers can be looked at with real numbers.
 * Each layer's schedule is computed on the original codes (a real engine
 * recomputes the later layer's codes after unifying an earlier one; for
 * pictures that does not matter). The app gets all of this from the engine.
 */
import * as tf from '@tensorflow/tfjs';
import { datasetFromBytes } from '../src/core/data/decode';
import { EMBEDDED_DATA_FILE, EMBEDDED_DATA_NAME } from '../src/core/data/embedded';
import { splitDataset } from '../src/core/data/split';
import { BUNDLED_MODEL_DIR } from '../src/core/io/bundled';
import { parseModelJson, readLayersModel, weightPaths } from '../src/core/io/read-layers-model';
import type { Mlp } from '../src/core/model/mlp';
import { initBrowserBackend } from '../src/platform/tf-browser';
import { createNetworkView } from '../src/viz/network-view';
import type { NetworkStep, NetworkView, NetworkViewSpec } from '../src/viz/network-view';
import { createSimilarityGraph } from '../src/viz/similarity-graph';
import type { SimilarityGraph, SimilarityGraphSpec } from '../src/viz/similarity-graph';

const PROBE = 1000;

const statusEl = document.getElementById('status')!;
const eventsEl = document.getElementById('events')!;
function status(s: string): void {
  statusEl.textContent = s;
}
function logEvent(s: string): void {
  eventsEl.textContent = s;
}

async function fetchBytes(url: string): Promise<Uint8Array> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

// ---- gallery-only maths -----------------------------------------------------------

interface LayerInfo {
  n: number;
  N: number;
  /** Pearson r, n x n. */
  corr: Float32Array;
  sd: Float64Array;
  /** Sum of squared centred values. */
  ss: Float64Array;
  /** Preferred class (argmax of the class means), -1 for a dead neuron. */
  cls: Int8Array;
  /** Outgoing weights n x out (the next layer's W). */
  W: Float32Array;
  out: number;
  norm0: Float64Array;
}

interface Step extends NetworkStep {
  cost: number;
  /** ||W[heir]|| after the fold. */
  heirNorm: number;
}

function layerInfo(codes: Float32Array, N: number, n: number, labels: Uint8Array, next: { W: Float32Array; outSize: number }): LayerInfo {
  const mean = new Float64Array(n);
  const ss = new Float64Array(n);
  for (let s = 0; s < N; s++) for (let i = 0; i < n; i++) mean[i] += codes[s * n + i];
  for (let i = 0; i < n; i++) mean[i] /= N;
  const cross = new Float64Array(n * n);
  const xc = new Float64Array(n);
  for (let s = 0; s < N; s++) {
    for (let i = 0; i < n; i++) xc[i] = codes[s * n + i] - mean[i];
    for (let i = 0; i < n; i++) {
      const a = xc[i];
      if (a === 0) continue;
      const row = i * n;
      for (let j = i; j < n; j++) cross[row + j] += a * xc[j];
    }
  }
  for (let i = 0; i < n; i++) ss[i] = cross[i * n + i];
  const corr = new Float32Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = i; j < n; j++) {
      const d = Math.sqrt(ss[i] * ss[j]);
      const r = d > 1e-12 ? cross[i * n + j] / d : 0;
      corr[i * n + j] = r;
      corr[j * n + i] = r;
    }
  const sd = ss.map((v) => Math.sqrt(v / N));
  const classMean = new Float64Array(10 * n);
  const counts = new Float64Array(10);
  for (let s = 0; s < N; s++) {
    const c = labels[s];
    counts[c]++;
    for (let i = 0; i < n; i++) classMean[c * n + i] += codes[s * n + i];
  }
  const cls = new Int8Array(n);
  for (let i = 0; i < n; i++) {
    let best = -1;
    let bv = 0;
    for (let c = 0; c < 10; c++) {
      const v = classMean[c * n + i] / Math.max(1, counts[c]);
      if (v > bv) (bv = v), (best = c);
    }
    cls[i] = best;
  }
  const out = next.outSize;
  const norm0 = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let q = 0;
    for (let o = 0; o < out; o++) q += next.W[i * out + o] ** 2;
    norm0[i] = Math.sqrt(q);
  }
  return { n, N, corr, sd, ss, cls, W: next.W.slice(), out, norm0 };
}

/** Greedy pairwise unification (gallery-only copy of the method, for pictures). */
function pairwiseSchedule(L: LayerInfo, layer: number, steps: number): Step[] {
  const { n, corr, ss, sd, out } = L;
  const W = L.W.slice();
  const nsq = new Float64Array(n);
  for (let i = 0; i < n; i++) nsq[i] = L.norm0[i] ** 2;
  const alive = new Uint8Array(n).fill(1);
  const list: Step[] = [];
  for (let t = 0; t < steps; t++) {
    let bi = -1;
    let bj = -1;
    let be = Infinity;
    for (let j = 0; j < n; j++) {
      if (!alive[j]) continue;
      const base = ss[j] * nsq[j];
      if (base >= be) continue;
      for (let i = 0; i < n; i++) {
        if (i === j || !alive[i]) continue;
        const r = corr[i * n + j];
        const e = base * (1 - r * r);
        if (e < be) (be = e), (bi = i), (bj = j);
      }
    }
    if (bj < 0) break;
    const a = sd[bi] > 0 ? (corr[bi * n + bj] * sd[bj]) / sd[bi] : 0;
    let q = 0;
    for (let o = 0; o < out; o++) {
      W[bi * out + o] += a * W[bj * out + o];
      q += W[bi * out + o] ** 2;
    }
    nsq[bi] = q;
    alive[bj] = 0;
    list.push({ layer, removedId: bj, heirs: [{ id: bi, coef: a }], cost: be, heirNorm: Math.sqrt(q) });
  }
  return list;
}

/** Least-squares emulation of j by its k most correlated survivors (for the multi-heir animation). */
function lsHeirs(L: LayerInfo, j: number, alive: (i: number) => boolean, k = 8): { id: number; coef: number }[] {
  const { n, corr, sd } = L;
  const cand = [...Array(n).keys()]
    .filter((i) => i !== j && alive(i) && sd[i] > 0)
    .sort((a, b) => Math.abs(corr[b * n + j]) - Math.abs(corr[a * n + j]))
    .slice(0, k);
  const m = cand.length;
  const A = cand.map((a) => cand.map((b) => corr[a * n + b] * sd[a] * sd[b]));
  const y = cand.map((a) => corr[a * n + j] * sd[a] * sd[j]);
  const tr = A.reduce((s, row, q) => s + row[q], 0);
  for (let q = 0; q < m; q++) A[q][q] += 1e-6 * (tr / Math.max(1, m));
  // Gaussian elimination with partial pivoting.
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(A[r][c]) > Math.abs(A[p][c])) p = r;
    [A[c], A[p]] = [A[p], A[c]];
    [y[c], y[p]] = [y[p], y[c]];
    for (let r = c + 1; r < m; r++) {
      const f = A[r][c] / A[c][c];
      for (let q = c; q < m; q++) A[r][q] -= f * A[c][q];
      y[r] -= f * y[c];
    }
  }
  const x = new Array<number>(m).fill(0);
  for (let r = m - 1; r >= 0; r--) {
    let s = y[r];
    for (let q = r + 1; q < m; q++) s -= A[r][q] * x[q];
    x[r] = s / A[r][r];
  }
  return cand.map((id, q) => ({ id, coef: x[q] }));
}

// ---- state after k steps ----------------------------------------------------------------

interface LayerState {
  info: LayerInfo;
  steps: Step[];
}

function aliveAfter(ls: LayerState, k: number): { alive: Uint8Array; norms: Float64Array } {
  const alive = new Uint8Array(ls.info.n).fill(1);
  const norms = ls.info.norm0.slice();
  for (let t = 0; t < k && t < ls.steps.length; t++) {
    alive[ls.steps[t].removedId] = 0;
    norms[ls.steps[t].heirs[0].id] = ls.steps[t].heirNorm;
  }
  return { alive, norms };
}

function graphSpec(
  ls: LayerState,
  k: number,
  layerKey: number,
  opts: Partial<SimilarityGraphSpec> & { width: number; height: number; threshold: number },
): SimilarityGraphSpec {
  const { alive, norms } = aliveAfter(ls, k);
  const n = ls.info.n;
  const ids: number[] = [];
  for (let i = 0; i < n; i++) if (alive[i]) ids.push(i);
  const m = ids.length;
  const sub = new Float32Array(m * m);
  for (let a = 0; a < m; a++) {
    const row = ids[a] * n;
    for (let b = 0; b < m; b++) sub[a * m + b] = ls.info.corr[row + ids[b]];
  }
  const nextStep = ls.steps[k];
  return {
    nodes: ids.map((id) => ({ id, preferredClass: ls.info.cls[id], size: norms[id] })),
    correlation: sub,
    candidate: nextStep ? [nextStep.heirs[0].id, nextStep.removedId] : null,
    candidateRemovedId: nextStep ? nextStep.removedId : null,
    selectedId: null,
    previewEdge: null,
    layoutKey: layerKey,
    ...opts,
  };
}

function netLayers(layers: LayerState[], ks: number[]): NetworkViewSpec['layers'] {
  return layers.map((ls, l) => {
    const { alive } = aliveAfter(ls, ks[l]);
    const originalIds = [...Array(ls.info.n).keys()];
    return { originalIds, aliveIds: originalIds.filter((i) => alive[i]), preferredClass: ls.info.cls };
  });
}

// ---- main ---------------------------------------------------------------------------------

interface Measured {
  graphUpdateMs: number[];
  networkUpdateMs: number[];
  specBuildMs: number[];
  updateToFrameMs: number[];
  maxFrameGapMs: number;
  longTasks: { start: number; duration: number }[];
  freshLayout: { updateMs: number; settleMs: number; longTasks: { start: number; duration: number }[]; maxFrameGapMs: number };
  backend: string;
}

declare global {
  interface Window {
    __gallery?: {
      ready: boolean;
      error?: string;
      step(count?: number): void;
      undo(): void;
      animPair(): void;
      animLs(): void;
      animUndo(): void;
      measure(): Promise<Measured>;
    };
  }
}

async function main(): Promise<void> {
  status('starting tfjs…');
  const backend = await initBrowserBackend(new URLSearchParams(location.search).get('backend'));
  status(`backend ${backend.name}; loading data and model…`);
  const [dataBytes, jsonBytes] = await Promise.all([fetchBytes(`/${EMBEDDED_DATA_FILE}`), fetchBytes(`/${BUNDLED_MODEL_DIR}/model.json`)]);
  const data = splitDataset(datasetFromBytes(dataBytes, EMBEDDED_DATA_NAME));
  const json = parseModelJson(new TextDecoder().decode(jsonBytes));
  const files = new Map<string, Uint8Array>();
  for (const p of weightPaths(json)) {
    const name = p.split('/').pop()!;
    files.set(name, await fetchBytes(`/${BUNDLED_MODEL_DIR}/${name}`));
  }
  const mlp: Mlp = readLayersModel(json, files).mlp;

  status('computing codes…');
  const train = data.train;
  const N = Math.min(PROBE, train.count);
  const f = train.rows * train.cols;
  const [h1, h2] = tf.tidy(() => {
    const x = tf.div(tf.tensor2d(train.pixels.subarray(0, N * f), [N, f], 'int32'), 255) as tf.Tensor2D;
    const a1 = tf.relu(tf.add(tf.matMul(x, tf.tensor2d(mlp.layers[0].W, [784, mlp.layers[0].outSize])), tf.tensor1d(mlp.layers[0].b))) as tf.Tensor2D;
    const a2 = tf.relu(tf.add(tf.matMul(a1, tf.tensor2d(mlp.layers[1].W, [mlp.layers[0].outSize, mlp.layers[1].outSize])), tf.tensor1d(mlp.layers[1].b)));
    return [a1, a2];
  });
  const codes1 = (await h1.data()) as Float32Array;
  const codes2 = (await h2.data()) as Float32Array;
  h1.dispose();
  h2.dispose();
  const labels = train.labels.subarray(0, N);
  const n1 = mlp.layers[0].outSize;
  const n2 = mlp.layers[1].outSize;
  status('correlations and schedules…');
  await new Promise((r) => setTimeout(r, 0));
  const info1 = layerInfo(codes1, N, n1, labels, mlp.layers[1]);
  const info2 = layerInfo(codes2, N, n2, labels, mlp.layers[2]);
  const layers: LayerState[] = [
    { info: info1, steps: pairwiseSchedule(info1, 0, Math.round(n1 * 0.8)) },
    { info: info2, steps: pairwiseSchedule(info2, 1, Math.round(n2 * 0.8)) },
  ];
  const dead1 = info1.cls.filter((c) => c < 0).length;
  const dead2 = info2.cls.filter((c) => c < 0).length;
  status(
    `backend ${backend.name}; probe ${N} training digits; hidden 1: ${n1} neurons (${dead1} never fire), hidden 2: ${n2} (${dead2} never fire); ` +
      `schedules: ${layers[0].steps.length} + ${layers[1].steps.length} pairwise steps`,
  );

  const svgOf = (id: string) => document.getElementById(id) as unknown as SVGSVGElement;
  const noop = { onNodeClick() {}, onEdgeClick() {}, onHover() {} };
  const noopNet = { onNeuronClick() {}, onNeuronHover() {}, onNeuronLeave() {} };

  // Static panels (left out with ?only=live, to time the live panel alone).
  const onlyLive = new URLSearchParams(location.search).get('only') === 'live';
  if (onlyLive) for (const el of document.querySelectorAll('.panel:not(#panel-live)')) el.remove();
  if (!onlyLive) {
    createSimilarityGraph(svgOf('graph-l1'), noop).update(graphSpec(layers[0], 0, 0, { width: 560, height: 420, threshold: 0.5 }));
    {
      const k = 120;
      const spec = graphSpec(layers[0], k, 0, { width: 560, height: 420, threshold: 0.5 });
      // Select the best-connected survivor, preview its strongest partner that is not the candidate.
      const m = spec.nodes.length;
      let best = 0;
      let bestDeg = -1;
      for (let a = 0; a < m; a++) {
        let deg = 0;
        for (let b = 0; b < m; b++) if (a !== b && Math.abs(spec.correlation[a * m + b]) >= 0.5) deg++;
        if (deg > bestDeg) (bestDeg = deg), (best = a);
      }
      let partner = -1;
      let pr = -1;
      for (let b = 0; b < m; b++) {
        if (b === best) continue;
        const r = Math.abs(spec.correlation[best * m + b]);
        const id = spec.nodes[b].id;
        if (spec.candidate && spec.candidate.includes(id)) continue;
        if (r > pr && r < 0.8) (pr = r), (partner = b);
      }
      spec.selectedId = spec.nodes[best].id;
      spec.previewEdge = partner >= 0 ? [spec.nodes[best].id, spec.nodes[partner].id] : null;
      createSimilarityGraph(svgOf('graph-l1-after'), noop).update(spec);
    }
    createSimilarityGraph(svgOf('graph-l2'), noop).update(graphSpec(layers[1], 0, 1, { width: 560, height: 420, threshold: 0.4 }));
    createSimilarityGraph(svgOf('graph-narrow'), noop).update(graphSpec(layers[0], 0, 0, { width: 320, height: 280, threshold: 0.3 }));

    createNetworkView(svgOf('net'), noopNet).update({
      width: 560,
      height: 360,
      layers: netLayers(layers, [0, 0]),
      selected: null,
      lastStep: null,
      stepSerial: 0,
    });
    {
      const ks = [Math.round(n1 * 0.6), Math.round(n2 * 0.5)];
      const nl = netLayers(layers, ks);
      createNetworkView(svgOf('net-after'), noopNet).update({
        width: 560,
        height: 360,
        layers: nl,
        selected: { layer: 1, id: nl[1].aliveIds[3] },
        lastStep: null,
        stepSerial: 0,
      });
    }

    // A small three-hidden-layer model (ids only; colours from a fixed pattern).
    const small = [64, 32, 16].map((n, l) => {
      const originalIds = [...Array(n).keys()];
      return {
        originalIds,
        aliveIds: originalIds.filter((i) => (i * 7 + l) % 5 !== 0),
        preferredClass: Int8Array.from(originalIds, (i) => (i * 3 + l) % 10),
      };
    });
    createNetworkView(svgOf('net-small'), noopNet).update({
      width: 360,
      height: 240,
      layers: small,
      selected: { layer: 0, id: 3 },
      lastStep: null,
      stepSerial: 0,
    });
  }

  // The animation panel (a detached SVG with ?only=live).
  const anim = createNetworkView(onlyLive ? document.createElementNS('http://www.w3.org/2000/svg', 'svg') : svgOf('net-anim'), noopNet);
  let animSerial = 0;
  const animKs = [30, 10];
  const animBase = (): NetworkViewSpec => ({ width: 560, height: 360, layers: netLayers(layers, animKs), selected: null, lastStep: null, stepSerial: animSerial });
  anim.update(animBase());
  let lastAnim: NetworkStep | null = null;
  const animPair = () => {
    const step = layers[0].steps[animKs[0]];
    animKs[0]++;
    animSerial++;
    lastAnim = step;
    anim.update({ ...animBase(), lastStep: step });
  };
  const animLs = () => {
    // Layer 2: emulate the next neuron by its 8 most correlated survivors.
    const { alive } = aliveAfter(layers[1], animKs[1]);
    const step = layers[1].steps[animKs[1]];
    const heirs = lsHeirs(layers[1].info, step.removedId, (i) => alive[i] === 1 && i !== step.removedId);
    animKs[1]++;
    animSerial++;
    lastAnim = { layer: 1, removedId: step.removedId, heirs };
    anim.update({ ...animBase(), lastStep: lastAnim });
  };
  const animUndo = () => {
    if (!lastAnim) return;
    animKs[lastAnim.layer]--;
    animSerial--;
    anim.update({ ...animBase(), lastStep: lastAnim, direction: 'undo' });
    lastAnim = null;
  };
  if (!onlyLive) {
    document.getElementById('btn-anim-pair')!.onclick = animPair;
    document.getElementById('btn-anim-ls')!.onclick = animLs;
    document.getElementById('btn-anim-undo')!.onclick = animUndo;
  }

  // The live panel: both views linked, like the app will do.
  const live = { layer: 0, ks: [0, 0], serial: 0, threshold: 0.5, selected: null as { layer: number; id: number } | null, preview: null as [number, number] | null };
  const history: Step[] = [];
  let liveGraph: SimilarityGraph;
  let liveNet: NetworkView;
  const liveGraphSpec = () => {
    const s = graphSpec(layers[live.layer], live.ks[live.layer], live.layer, { width: 560, height: 420, threshold: live.threshold });
    s.selectedId = live.selected && live.selected.layer === live.layer ? live.selected.id : null;
    s.previewEdge = live.preview;
    return s;
  };
  const liveNetSpec = (lastStep: NetworkStep | null, direction?: 'undo'): NetworkViewSpec => ({
    width: 560,
    height: 360,
    layers: netLayers(layers, live.ks),
    selected: live.selected,
    lastStep,
    stepSerial: live.serial,
    direction,
  });
  liveGraph = createSimilarityGraph(svgOf('live-graph'), {
    onNodeClick(id) {
      live.selected = { layer: live.layer, id };
      logEvent(`onNodeClick(${id})`);
      render(null);
    },
    onEdgeClick(a, b) {
      live.preview = [a, b];
      logEvent(`onEdgeClick(${a}, ${b})`);
      render(null);
    },
    onHover(id) {
      logEvent(`onHover(${id})`);
    },
  });
  liveNet = createNetworkView(svgOf('live-net'), {
    onNeuronClick(layer, id) {
      live.selected = { layer, id };
      if (layer !== live.layer) live.layer = layer;
      (document.getElementById('sel-layer') as HTMLSelectElement).value = String(layer);
      logEvent(`onNeuronClick(${layer}, ${id})`);
      render(null);
    },
    onNeuronHover(layer, id, x, y) {
      logEvent(`onNeuronHover(${layer}, ${id}, ${Math.round(x)}, ${Math.round(y)})`);
    },
    onNeuronLeave() {
      logEvent('onNeuronLeave()');
    },
  });
  function render(lastStep: NetworkStep | null, direction?: 'undo'): { graphMs: number; netMs: number; specMs: number } {
    const t0 = performance.now();
    const gs = liveGraphSpec();
    const ns = liveNetSpec(lastStep, direction);
    const t1 = performance.now();
    performance.mark('graph-update-start');
    liveGraph.update(gs);
    performance.mark('graph-update-end');
    liveNet.update(ns);
    performance.mark('net-update-end');
    const g = performance.measure('graph-update', 'graph-update-start', 'graph-update-end');
    const nm = performance.measure('network-update', 'graph-update-end', 'net-update-end');
    return { graphMs: g.duration, netMs: nm.duration, specMs: t1 - t0 };
  }
  const step = (count = 1) => {
    let last: Step | null = null;
    for (let q = 0; q < count; q++) {
      const ls = layers[live.layer];
      const s = ls.steps[live.ks[live.layer]];
      if (!s) break;
      live.ks[live.layer]++;
      history.push(s);
      last = s;
    }
    if (!last) return null;
    live.serial++;
    if (live.selected && live.selected.layer === last.layer && live.selected.id === last.removedId) live.selected = null;
    live.preview = null;
    return render(last);
  };
  const undo = () => {
    const s = history.pop();
    if (!s) return null;
    live.ks[s.layer]--;
    live.serial--;
    live.layer = s.layer;
    return render(s, 'undo');
  };
  document.getElementById('btn-step')!.onclick = () => step(1);
  document.getElementById('btn-step10')!.onclick = () => step(10);
  document.getElementById('btn-undo')!.onclick = () => undo();
  document.getElementById('sel-layer')!.onchange = (e) => {
    live.layer = Number((e.target as HTMLSelectElement).value);
    live.preview = null;
    render(null);
  };
  const thr = document.getElementById('thr') as HTMLInputElement;
  thr.oninput = () => {
    live.threshold = Number(thr.value);
    document.getElementById('thr-v')!.textContent = live.threshold.toFixed(2);
    render(null);
  };
  render(null);

  const waitSettled = async (svg: SVGSVGElement, timeout = 10_000) => {
    const t0 = performance.now();
    while (svg.getAttribute('data-layout') !== 'settled' && performance.now() - t0 < timeout) await new Promise((r) => setTimeout(r, 20));
    return performance.now() - t0;
  };
  const frameWatch = () => {
    let last = performance.now();
    let max = 0;
    let on = true;
    const loop = () => {
      const now = performance.now();
      max = Math.max(max, now - last);
      last = now;
      if (on) requestAnimationFrame(loop);
    };
    requestAnimationFrame(loop);
    return () => {
      on = false;
      return max;
    };
  };

  async function measure(): Promise<Measured> {
    if (live.layer !== 0) {
      live.layer = 0;
      render(null);
    }
    await waitSettled(svgOf('live-graph'));
    await new Promise((r) => setTimeout(r, 700));
    const longTasks: { start: number; duration: number }[] = [];
    const obs = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) longTasks.push({ start: Math.round(e.startTime), duration: Math.round(e.duration) });
    });
    obs.observe({ type: 'longtask', buffered: false });
    const stopWatch = frameWatch();
    const graphUpdateMs: number[] = [];
    const networkUpdateMs: number[] = [];
    const specBuildMs: number[] = [];
    const updateToFrameMs: number[] = [];
    for (let q = 0; q < 12; q++) {
      const t0 = performance.now();
      const r = step(1)!;
      await new Promise((res) => requestAnimationFrame(() => res(null)));
      updateToFrameMs.push(performance.now() - t0 - r.specMs);
      graphUpdateMs.push(r.graphMs);
      networkUpdateMs.push(r.netMs);
      specBuildMs.push(r.specMs);
      await new Promise((res) => setTimeout(res, 450));
    }
    await waitSettled(svgOf('live-graph'));
    const maxFrameGapMs = stopWatch();
    await new Promise((r) => setTimeout(r, 100));
    // A fresh layout: switch to hidden 2 and back to hidden 1.
    const freshTasks: { start: number; duration: number }[] = [];
    const mark = longTasks.length;
    const stop2 = frameWatch();
    const t0 = performance.now();
    live.layer = 1;
    render(null);
    await waitSettled(svgOf('live-graph'));
    live.layer = 0;
    const t1 = performance.now();
    const fr = render(null);
    const settle = await waitSettled(svgOf('live-graph'));
    const gap2 = stop2();
    await new Promise((r) => setTimeout(r, 100));
    obs.disconnect();
    freshTasks.push(...longTasks.slice(mark));
    void t0;
    void t1;
    return {
      graphUpdateMs,
      networkUpdateMs,
      specBuildMs,
      updateToFrameMs,
      maxFrameGapMs,
      longTasks: longTasks.slice(0, mark),
      freshLayout: { updateMs: fr.graphMs, settleMs: settle, longTasks: freshTasks, maxFrameGapMs: gap2 },
      backend: backend.name,
    };
  }

  window.__gallery = { ready: true, step: (c) => void step(c), undo: () => void undo(), animPair, animLs, animUndo, measure };
}

main().catch((e) => {
  const msg = e instanceof Error ? `${e.message}\n${e.stack}` : String(e);
  status(`error: ${msg}`);
  window.__gallery = {
    ready: false,
    error: msg,
    step() {},
    undo() {},
    animPair() {},
    animLs() {},
    animUndo() {},
    measure: () => Promise.reject(new Error(msg)),
  };
});
