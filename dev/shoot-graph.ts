/**
 * Screenshots of the dev gallery (dev/graph.html) and the update timings:
 *   npx tsx dev/shoot-graph.ts [--scale=2] [--no-measure]
 * Starts a vite dev server on the repository, opens the gallery in Chromium,
 * writes dev/shots/graph-*.png (not committed) and prints the measurements.
 */
import { chromium } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'vite';
import { launchOptions } from '../e2e/browser-launch';

const root = join(import.meta.dirname, '..');
const shots = join(import.meta.dirname, 'shots');
mkdirSync(shots, { recursive: true });
const scale = Number(process.argv.find((a) => a.startsWith('--scale='))?.split('=')[1] ?? 1);
const measure = !process.argv.includes('--no-measure');

// Port 0: any free port (other dev scripts may be running).
const server = await createServer({ root, logLevel: 'warn', server: { port: 0, host: '127.0.0.1' } });
await server.listen();
const base = (server.resolvedUrls?.local[0] ?? '').replace(/\/$/, '');
if (!base) throw new Error('vite did not report its URL');
const browser = await chromium.launch(launchOptions);

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  tdur?: number;
}
type Measured = Awaited<ReturnType<NonNullable<Window['__gallery']>['measure']>>;
function report(title: string, m: Measured): void {
  const stats = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return `median ${s[Math.floor(s.length / 2)].toFixed(1)} ms, max ${s[s.length - 1].toFixed(1)} ms (n=${s.length})`;
  };
  const tasks = (t: { duration: number }[]) => (t.length ? `${t.length} [${t.map((x) => x.duration).join(', ')} ms]` : 'none');
  console.log(`--- ${title} (tfjs backend ${m.backend})`);
  console.log(`similarity graph update() after one removal (300 nodes): ${stats(m.graphUpdateMs)}`);
  console.log(`network view update() after one removal: ${stats(m.networkUpdateMs)}`);
  console.log(`gallery spec building (not the renderers): ${stats(m.specBuildMs)}`);
  console.log(`step to next frame (both updates + rAF): ${stats(m.updateToFrameMs)}`);
  console.log(`longest frame gap while stepping (layout + hand-over running): ${m.maxFrameGapMs.toFixed(1)} ms`);
  console.log(`long tasks (>50 ms) while stepping: ${tasks(m.longTasks)}`);
  console.log(
    `fresh layout (switch layer): update() ${m.freshLayout.updateMs.toFixed(1)} ms, settled after ${m.freshLayout.settleMs.toFixed(0)} ms, ` +
      `longest frame gap ${m.freshLayout.maxFrameGapMs.toFixed(1)} ms, long tasks: ${tasks(m.freshLayout.longTasks)}`,
  );
}
const errors: string[] = [];
try {
  const context = await browser.newContext({ viewport: { width: 1240, height: 1000 }, deviceScaleFactor: scale });
  const page = await context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${base}/dev/graph.html`);
  await page.waitForFunction(() => window.__gallery !== undefined, null, { timeout: 120_000 });
  const err = await page.evaluate(() => window.__gallery?.error);
  if (err) throw new Error(`gallery failed: ${err}`);
  await page.waitForFunction(() => [...document.querySelectorAll('svg[data-layout]')].every((s) => s.getAttribute('data-layout') === 'settled'), null, {
    timeout: 30_000,
  });
  await page.waitForTimeout(500);
  const suffix = scale === 1 ? '' : `@${scale}x`;
  const shoot = async (id: string, name: string) => {
    const path = join(shots, `graph-${name}${suffix}.png`);
    await page.locator(`#${id}`).screenshot({ path });
    console.log('wrote', path);
  };
  console.log((await page.locator('#status').textContent()) ?? '');
  await shoot('panel-graph-l1', 'sim-l1');
  await shoot('panel-graph-l1-after', 'sim-l1-after');
  await shoot('panel-graph-l2', 'sim-l2');
  await shoot('panel-graph-narrow', 'sim-narrow');
  await shoot('panel-net', 'net');
  await shoot('panel-net-after', 'net-after');
  await shoot('panel-net-small', 'net-small');

  // Hover a node in the live graph (neighbour highlight), then shoot the live panel.
  const node = page.locator('#live-graph circle.sg-node').nth(40);
  await node.hover();
  await page.waitForTimeout(100);
  await shoot('panel-live', 'live-hover');
  await page.mouse.move(5, 5);

  // Reduced motion: no hand-over at all.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await page.evaluate(() => window.__gallery!.animPair());
  await page.waitForTimeout(50);
  console.log(`reduced motion: data-animating after a step = ${await page.locator('#net-anim').getAttribute('data-animating')}`);
  await page.emulateMedia({ reducedMotion: 'no-preference' });

  if (measure) {
    await page.waitForTimeout(300);
    report('full gallery (9 SVG views on the page)', await page.evaluate(() => window.__gallery!.measure()));
    await shoot('panel-live', 'live-after-steps');
    // The live panel alone (one graph, one network view), closer to the app's page.
    const lone = await context.newPage();
    lone.on('pageerror', (e) => errors.push(String(e)));
    await lone.goto(`${base}/dev/graph.html?only=live`);
    await lone.waitForFunction(() => window.__gallery?.ready === true, null, { timeout: 120_000 });
    await lone.waitForTimeout(500);
    // Also trace it: the Long Tasks API measures wall time, which other processes on a
    // busy machine stretch; the trace's thread time (tdur) is the CPU the task itself used.
    const cdp = await context.newCDPSession(lone);
    const events: TraceEvent[] = [];
    cdp.on('Tracing.dataCollected', (d: { value: object[] }) => events.push(...(d.value as TraceEvent[])));
    await cdp.send('Tracing.start', { categories: 'devtools.timeline,disabled-by-default-devtools.timeline,toplevel,blink.user_timing', transferMode: 'ReportEvents' });
    const m = await lone.evaluate(() => window.__gallery!.measure());
    const finished = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
    await cdp.send('Tracing.end');
    await finished;
    report('live panel alone', m);
    const fa = events.find((e) => e.name === 'FireAnimationFrame');
    if (fa) {
      const tasks = events.filter((e) => e.name === 'RunTask' && e.ph === 'X' && e.pid === fa.pid && e.tid === fa.tid);
      const wall = tasks.map((t) => (t.dur ?? 0) / 1000);
      const cpu = tasks.map((t) => (t.tdur ?? 0) / 1000);
      const top = (xs: number[]) => [...xs].sort((a, b) => b - a).slice(0, 5).map((x) => x.toFixed(0)).join(', ');
      console.log(
        `renderer main thread, whole measurement (${tasks.length} tasks): longest wall ${top(wall)} ms; ` +
          `longest CPU ${top(cpu)} ms; tasks over 50 ms: ${wall.filter((x) => x > 50).length} by wall, ${cpu.filter((x) => x > 50).length} by CPU; ` +
          `CPU/wall overall ${(cpu.reduce((a, b) => a + b, 0) / Math.max(1, wall.reduce((a, b) => a + b, 0))).toFixed(2)}`,
      );
      // The tasks that ran a step (they hold the 'graph-update-start' mark): both update() calls plus the gallery's spec building.
      const marks = events.filter((e) => e.name === 'graph-update-start');
      const stepTasks = tasks.filter((t) => marks.some((mk) => mk.ts! >= t.ts! && mk.ts! <= t.ts! + (t.dur ?? 0)));
      const st = stepTasks.map((t) => (t.tdur ?? 0) / 1000).sort((a, b) => a - b);
      if (st.length)
        console.log(`step tasks (graph + network update() + spec building), CPU: median ${st[Math.floor(st.length / 2)].toFixed(1)} ms, max ${st[st.length - 1].toFixed(1)} ms (n=${st.length})`);

    }
    await lone.close();
  }

  // The hand-over, frozen mid-flight: a second page under Playwright's fake clock
  // (it drives performance.now, timers and requestAnimationFrame, so d3 transitions too).
  const page2 = await context.newPage();
  page2.on('pageerror', (e) => errors.push(String(e)));
  await page2.clock.install();
  await page2.goto(`${base}/dev/graph.html`);
  await page2.waitForFunction(() => window.__gallery?.ready === true, null, { timeout: 120_000 });
  await page2.waitForFunction(() => document.querySelector('#net-anim')?.getAttribute('data-animating') === 'false');
  const shoot2 = async (name: string) => {
    const path = join(shots, `graph-${name}${suffix}.png`);
    await page2.locator('#panel-net-anim').screenshot({ path, animations: 'allow' });
    console.log('wrote', path);
  };
  await page2.clock.pauseAt(Date.now() + 60_000);
  await page2.evaluate(() => window.__gallery!.animPair());
  await page2.clock.runFor(300);
  await shoot2('anim-pair-mid');
  await page2.clock.runFor(1000);
  await page2.evaluate(() => window.__gallery!.animLs());
  await page2.clock.runFor(330);
  await shoot2('anim-ls-mid');
  await page2.clock.runFor(180);
  await shoot2('anim-ls-late');
  await page2.clock.runFor(1000);
  await shoot2('anim-ls-end');
  await page2.evaluate(() => window.__gallery!.animUndo());
  await page2.clock.runFor(300);
  await shoot2('anim-undo-mid');
  await page2.clock.runFor(1000);
  await shoot2('anim-undo-end');
  await page2.close();
  console.log(errors.length ? `console errors:\n${errors.join('\n')}` : 'no console errors');
} finally {
  await browser.close();
  await server.close();
}
