/**
 * Which functions make the long main-thread tasks of a big model import, and of
 * the steps after it: records a Chrome trace (for the tasks, layout and paint)
 * and a CPU profile (for the functions) in one run, then prints, for every task
 * over the threshold, its trace children and the functions sampled inside it.
 *
 *   npx vite build --minify false --outDir /tmp/dist-prof
 *   (cd /tmp/dist-prof && python3 -m http.server 4195 --bind 127.0.0.1)
 *   npx tsx bench/big-import-profile.ts http://127.0.0.1:4195/ 1024-1024-1024-1024 [thresholdMs]
 */
import { chromium } from '@playwright/test';
import { launchOptions } from '../e2e/browser-launch';
import { initMlp } from '../src/core/model/mlp';
import { writeLayersModel } from '../src/core/io/write-layers-model';

interface TraceEvent { name: string; cat: string; ph: string; ts: number; dur?: number; tid: number; pid: number; args?: Record<string, unknown> }
interface ProfNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }

const url = process.argv[2];
const hidden = process.argv[3].split('-').map(Number);
const threshold = Number(process.argv[4] ?? 150);
const actions = (process.argv[5] ?? 'step,step,x10,undo,step').split(',');
const browser = await chromium.launch(launchOptions);
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto(url);
await page.waitForFunction(() => !(document.querySelector('[data-testid="step"]') as HTMLButtonElement | null)?.disabled, null, { timeout: 60_000 });
await page.waitForTimeout(1500);
const m = await writeLayersModel(initMlp({ inputSize: 784, hidden, numClasses: 10, activation: 'relu' }, 3));
const cdp = await page.context().newCDPSession(page);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 250 });
await browser.startTracing(page, { categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'toplevel', 'v8'] });
await cdp.send('Profiler.start');
await page.getByTestId('import-files').setInputFiles([
  { name: 'model.json', mimeType: 'application/json', buffer: Buffer.from(m.modelJson) },
  { name: m.weightsFileName, mimeType: 'application/octet-stream', buffer: Buffer.from(m.weights) },
]);
const t0 = Date.now();
await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="notice-info"]')].some((n) => /Imported a/.test(n.textContent ?? '')), null, { timeout: 600_000 });
await page.waitForFunction(() => !(document.querySelector('[data-testid="step"]') as HTMLButtonElement | null)?.disabled, null, { timeout: 600_000 });
console.log(`import took ${Date.now() - t0} ms`);
await page.waitForTimeout(2000);
for (const a of actions) {
  const id = a === 'x10' ? 'step-10' : a;
  await page.getByTestId(id).click();
  await page.waitForTimeout(a === 'x10' ? 3000 : 600);
}
await page.waitForTimeout(1000);
const { profile } = await cdp.send('Profiler.stop');
const trace = JSON.parse((await browser.stopTracing()).toString()) as { traceEvents: TraceEvent[] };
await browser.close();

const events = trace.traceEvents;
const mainTid = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain')?.tid;
const main = events.filter((e) => e.tid === mainTid && e.ph === 'X' && e.dur !== undefined);
const tasks = main.filter((e) => (e.name === 'RunTask' || e.name === 'ThreadControllerImpl::RunTask') && e.dur! > threshold * 1000);

const nodes = new Map<number, ProfNode>((profile.nodes as ProfNode[]).map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of nodes.values()) for (const c of n.children ?? []) parent.set(c, n.id);
let t = profile.startTime;
const times = (profile.timeDeltas as number[]).map((d) => (t += d));
const samples = profile.samples as number[];
const key = (n: ProfNode) => `${n.callFrame.functionName || '(anon)'}:${n.callFrame.lineNumber}`;
const top = (m: Map<string, number>, k: number) => [...m].sort((x, y) => y[1] - x[1]).slice(0, k).map(([f, v]) => `${f} ${(v / 1000).toFixed(0)}`).join(' | ');

for (const task of tasks) {
  const end = task.ts + task.dur!;
  const kids = new Map<string, number>();
  for (const e of main) {
    if (e === task || e.ts < task.ts || e.ts + e.dur! > end) continue;
    if (!['Layout', 'UpdateLayoutTree', 'Paint', 'PrePaint', 'Layerize', 'MajorGC', 'MinorGC', 'V8.GC_MARK_COMPACTOR', 'FunctionCall', 'FireAnimationFrame', 'EventDispatch', 'TimerFire', 'v8.run', 'ParseHTML', 'HitTest', 'UpdateLayer', 'Commit', 'RunMicrotasks', 'V8.GCScavenger', 'V8.GCFinalizeMC', 'BlinkGC.AtomicPhase'].includes(e.name)) continue;
    kids.set(e.name, (kids.get(e.name) ?? 0) + e.dur!);
  }
  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  for (let i = 0; i < samples.length; i++) {
    if (times[i] < task.ts || times[i] > end) continue;
    const dt = (times[i + 1] ?? times[i]) - times[i];
    const n = nodes.get(samples[i])!;
    self.set(key(n), (self.get(key(n)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = n.id; id !== undefined; id = parent.get(id)) {
      const k = key(nodes.get(id)!);
      if (seen.has(k)) continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + dt);
    }
  }
  console.log(`TASK ${(task.dur! / 1000).toFixed(0)} ms at +${((task.ts - tasks[0].ts) / 1000).toFixed(0)}\n  trace: ${top(kids, 10)}\n  self: ${top(self, 10)}\n  incl: ${top(incl, 30)}`);
}
