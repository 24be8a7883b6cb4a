/**
 * The text half of `npm run bench:train` (bench/train.ts): the tables, the
 * kernel profiles and the hand-written notes it keeps in docs/bench-train.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { BackendName } from '../src/core/backend/choose';
import type { BenchEnvironment, EpochResult, KernelRow, Method, ProfileResult } from './train-page';
import type { NodeRow } from './train-node';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export const f2 = (x: number) => x.toFixed(2);
export const list = (xs: number[], d = 2) => xs.map((x) => x.toFixed(d)).join(', ');

export interface Timed extends EpochResult {
  /** CPU seconds all Chromium processes used during the epoch. */
  cpu: number;
}

export interface Series {
  env: BenchEnvironment;
  cold: Timed;
  warm: Timed[];
  tensorsBefore: number;
  tensorsAfter: number;
}

export interface Row {
  backend: BackendName;
  series: Partial<Record<Method, Series>>;
  /** 1-minute load average before and after: the host is shared, so say how busy it was. */
  load: [number, number];
}

export function profileText(p: ProfileResult): string {
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
export const NOTES_MARKER = '<!-- NOTES: everything below is kept by bench:train -->';

export function keptNotes(file: string): string {
  if (!existsSync(file)) return '';
  const text = readFileSync(file, 'utf8');
  const i = text.indexOf(NOTES_MARKER);
  return i < 0 ? '' : text.slice(i);
}

export function browserTables(rows: Row[], methods: readonly Method[]): { table: string[]; detail: string[] } {
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

export function nodeTable(rows: NodeRow[]): string[] {
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

