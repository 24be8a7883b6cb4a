/** The fine-tuning section of docs/results.md (issue 14: how much retraining unification saves). */
import { METHOD_LABELS, METHODS } from '../src/core/compaction';
import type { CompactionData, RecoveryData } from './bench-data';
import { ci, excludesZero, f1, int, pct, pm, signed } from './format';
import { pairedSummary } from './stats';
import { catchUp, epochSeconds, recoveryCurve, recoveryRows } from './summaries';

export function renderRecovery(r: RecoveryData, c: CompactionData | null): string {
  const runs = r.modelSeeds.length * r.probeSeeds.length;
  const n = r.sizes.test;
  const E = r.settings.epochs;
  const shown = [...new Set([0, 1, 3, E])].filter((e) => e <= E).sort((a, b) => a - b);
  const out: string[] = [];
  const fewer = c && c.probeSeeds.length > r.probeSeeds.length;
  out.push(`## Fine-tuning after compaction: the retraining unification is said to save

Every method's network at 50/70/80/90% of each hidden layer removed (uniform, front to back, as above), fine-tuned as the method
left it (its current widths and weights) with the same Trainer as training: Adam lr ${r.settings.learningRate}, batch ${r.settings.batchSize}, the
${int(r.sizes.train)} training digits, fine-tune seed ${r.settings.seed} (the same sample order for every network), up to ${E} epochs. Test accuracy (%) on the
${int(n)} test digits, mean ± sd over ${runs} runs: ${r.modelSeeds.length} models x ${r.probeSeeds.length} probe sets (probe seeds ${r.probeSeeds.join(', ')})${fewer ? `; fewer probe sets than the
comparison above (${c!.probeSeeds.length}), to keep the bench's time reasonable` : ''}. "s / epoch" is the mean wall time of one fine-tuning epoch of
that method's networks here (shared machine, see the load above).`);
  for (const f of r.fractions) {
    out.push(`### ${pct(f)} removed (${int(recoveryRows(r, 'ls', f)[0].params)} parameters)

| method (test accuracy, %) | ${shown.map((e) => `${e} epoch${e === 1 ? '' : 's'}`).join(' | ')} | s / epoch |
|---|${shown.map(() => '---').join('|')}|---|
${METHODS.map((m) => {
  const curve = recoveryCurve(r, m, f);
  return `| ${METHOD_LABELS[m]} | ${shown.map((e) => pm(curve[e].mean, curve[e].sd)).join(' | ')} | ${epochSeconds(r, m, f).toFixed(2)} |`;
}).join('\n')}`);
  }
  out.push('![test accuracy against epochs of fine-tuning](recovery-plot.svg)');

  const others = METHODS.filter((m) => m !== 'ls');
  out.push(`### How many epochs to reach least-squares unification without retraining

For each other method, the first number of fine-tuning epochs at which its mean test accuracy reaches least-squares
unification's mean test accuracy *without* fine-tuning at the same fraction (the same ${runs} runs), and the wall time those epochs take
here (the Trainer's epoch times, mean over the runs). In brackets: in how many of the ${runs} runs the method reaches, within ${E} epochs,
least squares' accuracy on the same model and probe set, and the median number of epochs that took.

| | ${r.fractions.map(pct).join(' | ')} |
|---|${r.fractions.map(() => '---').join('|')}|
| least squares, no fine-tuning (the target) | ${r.fractions.map((f) => `${f1(catchUp(r, 'pair', f).target)}%`).join(' | ')} |
| least-squares compaction itself (wall, mean) | ${r.fractions.map((f) => `${(recoveryRows(r, 'ls', f).reduce((a, x) => a + x.compactSeconds, 0) / runs).toFixed(2)} s`).join(' | ')} |
${others
  .map(
    (m) =>
      `| ${METHOD_LABELS[m]} | ${r.fractions
        .map((f) => {
          const k = catchUp(r, m, f);
          const head = k.epochs === null ? `not within ${E} epochs` : k.epochs === 0 ? '0 epochs (already there)' : `${k.epochs} epoch${k.epochs === 1 ? '' : 's'}, ${k.seconds!.toFixed(1)} s`;
          return `${head} (${k.runsReaching}/${k.runs} runs${k.medianEpochs !== null ? `; median ${k.medianEpochs}` : ''})`;
        })
        .join(' | ')} |`,
  )
  .join('\n')}`);

  const cells = others.map((m) => ({
    m,
    cells: r.fractions.map((f) => {
      const ls = recoveryRows(r, 'ls', f);
      const rows = recoveryRows(r, m, f);
      return [1, Math.min(3, E)].map((e) =>
        pairedSummary(
          rows.map((x) => {
            const own = ls.find((y) => y.model === x.model && y.probe === x.probe)!;
            return (100 * (x.points[e].test - own.points[0].test)) / n;
          }),
        ),
      );
    }),
  }));
  out.push(`Each method after 1 and ${Math.min(3, E)} epochs of fine-tuning minus least-squares unification without any, in points of test accuracy,
paired on the same model and probe set: mean and 95% t interval over the ${runs} runs (t with ${runs - 1} degrees of freedom; the runs share
${r.modelSeeds.length} models). A negative interval: still below least squares without retraining; a positive one: above it; one that
straddles zero: not distinguishable with these runs.

| method, after 1 / ${Math.min(3, E)} epochs (test, points) | ${r.fractions.map(pct).join(' | ')} |
|---|${r.fractions.map(() => '---').join('|')}|
${cells.map((x) => `| ${METHOD_LABELS[x.m]} | ${x.cells.map(([a, b]) => `${signed(a.mean)} ${ci(a.ci95)} / ${signed(b.mean)} ${ci(b.ci95)}`).join(' | ')} |`).join('\n')}

${cells
  .map((x) => {
    const at = (k: 0 | 1, sign: number) =>
      r.fractions.filter((_, i) => excludesZero(x.cells[i][k].ci95) && Math.sign(x.cells[i][k].mean) === sign).map(pct);
    const say = (k: 0 | 1) => {
      const below = at(k, -1);
      const above = at(k, 1);
      const parts = [below.length ? `below at ${below.join(', ')}` : '', above.length ? `above at ${above.join(', ')}` : ''].filter(Boolean);
      return parts.length ? parts.join('; ') : 'not distinguishable at any fraction';
    };
    return `- **${METHOD_LABELS[x.m]}:** after 1 epoch ${say(0)}; after ${Math.min(3, E)} epochs ${say(1)}.`;
  })
  .join('\n')}`);
  return out.join('\n\n');
}
