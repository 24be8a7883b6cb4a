/**
 * Step timings of the engine on one model and probe set: the correlation
 * matrix, single steps with and without held-out accuracy, building a
 * layer's structure, and whole automatic runs. Wall clock on a shared
 * machine: the load average is recorded next to them.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { computeCodes } from '../src/core/coding/codes';
import { correlationMatrix } from '../src/core/coding/stats';
import type { Method } from '../src/core/compaction';
import { CompactionSession, runToTarget } from '../src/core/compaction';
import type { Dataset } from '../src/core/data/dataset';
import type { Mlp } from '../src/core/model/mlp';
import { mlpParamCount } from '../src/core/model/mlp';
import type { TimingLine, Timings } from './bench-data';

export function machineLoad(): string {
  const p = '/proc/pressure/cpu';
  const some = existsSync(p) ? /some avg10=([\d.]+)/.exec(readFileSync(p, 'utf8'))?.[1] : undefined;
  return `load average ${loadavg()[0].toFixed(2)} on ${cpus().length} CPUs${some ? `, CPU pressure (some, 10 s) ${some}%` : ''}`;
}

function line(what: string, xs: number[]): TimingLine {
  const s = xs.slice().sort((a, b) => a - b);
  return { what, min: s[0], med: s[s.length >> 1], max: s[s.length - 1] };
}

export async function measureTimings(model: { mlp: Mlp; neuronIds?: number[][] }, probe: Dataset, test: Dataset, validation: Dataset, repeats: number): Promise<Timings> {
  const open = (track: boolean) => CompactionSession.create({ model: model.mlp, neuronIds: model.neuronIds, probe, heldOut: test, validation, trackAccuracy: track });
  async function timeSteps(method: Method, count: number, track: boolean): Promise<{ first: number; steps: number[] }> {
    const s = await open(track);
    const t0 = performance.now();
    s.preview(method, { layer: 0 }); // builds the layer's structure (Gram matrix, then the inverse or the table)
    const first = performance.now() - t0;
    const steps: number[] = [];
    for (let i = 0; i < count; i++) {
      const a = performance.now();
      s.step(method, { layer: 0 });
      steps.push(performance.now() - a);
    }
    return { first, steps };
  }
  const lines: TimingLine[] = [];
  const codes0 = (await computeCodes(model.mlp, probe, 0))[0];
  const corr: number[] = [];
  for (let i = 0; i < 2 * repeats; i++) {
    const a = performance.now();
    correlationMatrix(codes0);
    corr.push(performance.now() - a);
  }
  lines.push(line(`Pearson correlation matrix, ${codes0.width} neurons over ${probe.count.toLocaleString('en-US')} probes`, corr));
  const firsts: Record<string, number> = {};
  for (const [label, method, track] of [
    ['least-squares step, layer of 300 (first 50 steps)', 'ls', false],
    ['pairwise step, layer of 300 (first 50 steps)', 'pair', false],
    ['least-squares step + validation and test accuracy', 'ls', true],
    ['pairwise step + validation and test accuracy', 'pair', true],
  ] as const) {
    const runs = [];
    for (let i = 0; i < repeats; i++) runs.push(await timeSteps(method, 50, track));
    lines.push(line(label, runs.flatMap((r) => r.steps)));
    if (!track) firsts[method] = Math.min(...runs.map((r) => r.first));
  }
  lines.push({ what: `building layer 0's least-squares structure (Gram 300 x 300 over ${probe.count.toLocaleString('en-US')} probes + inverse), fastest`, min: firsts.ls, med: firsts.ls, max: null });
  lines.push({ what: "building layer 0's pair table (Gram + RSS table), fastest", min: firsts.pair, med: firsts.pair, max: null });

  const full = mlpParamCount(model.mlp);
  const setup: number[] = [];
  const run: number[] = [];
  const cpu: number[] = [];
  let autoNote = '';
  for (let i = 0; i < repeats; i++) {
    const c = process.cpuUsage();
    const a = performance.now();
    const s = await open(false);
    const b = performance.now();
    const r = await runToTarget(s, { method: 'ls', targetParams: Math.round(0.1 * full) });
    const used = process.cpuUsage(c);
    setup.push(b - a);
    run.push(performance.now() - b);
    cpu.push((used.user + used.system) / 1000);
    autoNote = `Automatic (least squares, global) to 10% of the parameters: widths ${r.widths.join('-')}, test accuracy ${(100 * r.accuracy!).toFixed(1)}%.`;
  }
  lines.push(line('automatic (ls, global) to 10% of the parameters: session setup', setup));
  lines.push(line('automatic (ls, global) to 10% of the parameters: the run, final accuracy included', run));
  lines.push(
    line(
      'automatic (ls, global) to 10% of the parameters: total',
      setup.map((x, i) => x + run[i]),
    ),
  );
  lines.push(line('the same, CPU time of the process (user + system)', cpu));

  const drop: number[] = [];
  let dropNote = '';
  const s = await open(false);
  for (let i = 0; i < repeats; i++) {
    s.reset();
    const a = performance.now();
    const r = await runToTarget(s, { method: 'ls', maxAccuracyDrop: 0.01 });
    drop.push(performance.now() - a);
    const v = r.accuracies.validation!;
    const base = s.baseAccuracies.validation!;
    dropNote =
      `Automatic (least squares, global) within 1 point of the original validation accuracy (stop decided on the ${v.n.toLocaleString('en-US')} validation digits): ` +
      `${r.records.length} steps, widths ${r.widths.join('-')}, validation ${(100 * base.value).toFixed(1)}% -> ${(100 * v.value).toFixed(1)}% ` +
      `(${base.correct - v.correct} digits lost), test ${(100 * s.baseAccuracies.test!.value).toFixed(1)}% -> ${(100 * r.accuracies.test!.value).toFixed(1)}%.`;
  }
  lines.push(line('automatic (ls, global) within 1 point of validation accuracy (both sets tracked after every step)', drop));
  return { repeats, machine: machineLoad(), lines, notes: [autoNote, dropNote] };
}
