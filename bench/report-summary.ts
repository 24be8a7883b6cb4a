/**
 * The summary at the top of docs/results.md, computed from the runs (so a
 * rerun that shows something else says something else): what holds, with its
 * interval, and what does not.
 */
import type { Method } from '../src/core/compaction';
import { METHOD_LABELS, METHODS } from '../src/core/compaction';
import type { CompactionData, RecoveryData } from './bench-data';
import { AUTO_METHODS } from './compaction-runs';
import { ci, excludesZero, f1, pct, signed } from './format';
import { mean, pairedSummary } from './stats';
import { autoMinusUniform, catchUp, recoveryCurve, rowsOf, testSpread } from './summaries';

function lsMinus(c: CompactionData, m: Method, f: number) {
  const a = rowsOf(c, 'ls', 'uniform', f);
  const b = rowsOf(c, m, 'uniform', f);
  return pairedSummary(a.map((r) => (100 * (r.test - b.find((x) => x.model === r.model && x.probe === r.probe)!.test)) / c.sizes.test));
}

export function renderSummary(c: CompactionData | null, r: RecoveryData | null): string {
  const out: string[] = [];
  if (c) {
    const runs = c.modelSeeds.length * c.probeSeeds.length;
    const base = mean(c.models.map((m) => (100 * m.test) / c.sizes.test));
    const ls = c.fractions.map((f) => testSpread(c, 'ls', 'uniform', f));
    const others = METHODS.filter((m) => m !== 'ls');
    const best = c.fractions.map((f) => others.map((m) => ({ m, s: testSpread(c, m, 'uniform', f) })).sort((a, b) => b.s.mean - a.s.mean)[0]);
    const lead = c.fractions.map((f, i) => ({ f, s: lsMinus(c, best[i].m, f) }));
    const notAhead = c.fractions.flatMap((f) => others.filter((m) => !(excludesZero(lsMinus(c, m, f).ci95) && lsMinus(c, m, f).mean > 0)).map((m) => `${METHOD_LABELS[m]} at ${pct(f)}`));
    out.push(
      `- **Without retraining**, least-squares unification keeps ${c.fractions.map((f, i) => `${f1(ls[i].mean)}% at ${pct(f)}`).join(', ')} of the test digits ` +
        `(mean over ${runs} runs; the original models: ${f1(base)}%). The best other method at each fraction: ` +
        `${c.fractions.map((_, i) => `${METHOD_LABELS[best[i].m]} ${f1(best[i].s.mean)}% (least squares ${signed(lead[i].s.mean)} points, ${ci(lead[i].s.ci95)})`).join('; ')}. ` +
        (notAhead.length
          ? `Least squares is not ahead by an interval that excludes zero of: ${notAhead.join(', ')}.`
          : 'Least squares is ahead of every other method at every fraction by a paired 95% interval that excludes zero.'),
    );
    for (const m of AUTO_METHODS) {
      const d = c.fractions.map((f) => ({ f, a: autoMinusUniform(c, m, f) }));
      const yes = d.filter((x) => excludesZero(x.a.runs.ci95));
      const robust = yes.filter((x) => excludesZero(x.a.models.ci95));
      const no = d.filter((x) => !excludesZero(x.a.runs.ci95));
      out.push(
        `- **Automatic minus uniform, ${METHOD_LABELS[m]}** (equal parameter counts): ` +
          (yes.length ? `distinguishable from zero at ${yes.map((x) => `${pct(x.f)} (${signed(x.a.runs.mean, 2)} points, ${ci(x.a.runs.ci95, 2)})`).join(', ')}` : 'distinguishable from zero at no fraction') +
          (no.length ? `; not distinguishable at ${no.map((x) => pct(x.f)).join(', ')} (${no.map((x) => signed(x.a.runs.mean, 2)).join(', ')} points)` : '') +
          (c.modelSeeds.length > 1 && yes.length ? `. Over the ${c.modelSeeds.length} model means alone (conservative), ${robust.length ? `still at ${robust.map((x) => pct(x.f)).join(', ')}` : 'at none of them'}` : '') +
          (() => {
            const k = AUTO_METHODS.length * c.fractions.length;
            const fragile = yes.filter((x) => x.a.runs.p >= 0.05 / k);
            return fragile.length ? `; corrected for the ${k} comparisons (Bonferroni), not at ${fragile.map((x) => `${pct(x.f)} (p = ${x.a.runs.p.toFixed(3)})`).join(', ')}.` : '.';
          })(),
      );
    }
  }
  if (r) {
    const E = r.settings.epochs;
    const baselines = METHODS.filter((m) => m !== 'ls' && m !== 'pair');
    for (const f of r.fractions.filter((x) => x >= 0.8)) {
      const k = baselines.map((m) => ({ m, k: catchUp(r, m, f) }));
      out.push(
        `- **Fine-tuning at ${pct(f)} removed** (${r.modelSeeds.length * r.probeSeeds.length} runs): to reach least squares' ${f1(k[0].k.target)}% without retraining, ` +
          k.map(({ m, k: x }) => `${METHOD_LABELS[m]} needs ${x.epochs === null ? `more than ${E} epochs` : `${x.epochs} epoch${x.epochs === 1 ? '' : 's'} (${x.seconds!.toFixed(1)} s here)`}`).join(', ') +
          ` (mean curves). Least squares itself goes from ${f1(recoveryCurve(r, 'ls', f)[0].mean)}% to ${f1(recoveryCurve(r, 'ls', f)[E].mean)}% in ${E} epochs.`,
      );
    }
    const epochSecs = mean(r.rows.flatMap((x) => x.points.slice(1).map((p) => p.seconds)));
    out.push(
      `- **What the retraining costs here:** one fine-tuning epoch of these compacted networks takes ${epochSecs.toFixed(2)} s on average on this shared machine ` +
        `(${r.sizes.train.toLocaleString('en-US')} digits, batch ${r.settings.batchSize}). On a model this small the retraining that unification avoids costs seconds: what unification saves here is the training step itself ` +
        `(it needs unlabelled probe inputs, no labels, no optimiser), not much time.`,
    );
  }
  return out.length ? `## Summary\n\n${out.join('\n')}` : '';
}
