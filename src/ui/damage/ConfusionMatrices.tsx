import { useMemo } from 'react';
import type { DigitDamage } from '../../core/stats/damage';
import { confusionColors, formatDifference, renderConfusion, type ConfusionSpec } from '../../viz/confusion';
import { useRendered } from './useRendered';

function Matrix({ spec, label }: { spec: ConfusionSpec; label: string }) {
  const ref = useRendered<SVGSVGElement, ConfusionSpec>(renderConfusion, spec);
  return <svg ref={ref} role="img" aria-label={label} className="chart confusion" data-kind={spec.kind} />;
}

/** The original network's confusion matrix, the compacted one's beside it, and their difference. */
export function ConfusionMatrices({ damage }: { damage: DigitDamage }) {
  const n = damage.numClasses;
  const specs = useMemo(() => {
    const o = damage.confusion.original;
    const c = damage.confusion.current;
    const diff = Int32Array.from(c, (v, i) => v - o[i]);
    const max = Math.max(1, ...o, ...c);
    const maxDiff = Math.max(3, ...Array.from(diff, Math.abs));
    return {
      original: { title: 'Original network', numClasses: n, values: o, kind: 'counts', max } as ConfusionSpec,
      current: { title: 'Compacted network', numClasses: n, values: c, kind: 'counts', max } as ConfusionSpec,
      diff: { title: 'Change (compacted − original)', numClasses: n, values: diff, kind: 'difference', max: maxDiff } as ConfusionSpec,
      changed: diff.reduce((a, v) => a + (v !== 0 ? 1 : 0), 0),
      biggest: Array.from(diff)
        .map((v, i) => ({ v, t: Math.floor(i / n), p: i % n }))
        .filter((d) => d.t !== d.p && d.v > 0)
        .sort((a, b) => b.v - a.v || a.t - b.t || a.p - b.p)
        .slice(0, 3),
    };
  }, [damage, n]);
  const words = specs.biggest.length
    ? `New confusions: ${specs.biggest.map((d) => `${d.t} read as ${d.p} (${formatDifference(d.v)})`).join(', ')}.`
    : 'No new confusions.';
  return (
    <div className="damage-part">
      <h3>Confusion matrices</h3>
      <div className="confusion-row" data-testid="confusion-matrix" data-changed={specs.changed}>
        <Matrix spec={specs.original} label="Confusion matrix of the original network: rows are the true digit, columns the predicted one" />
        <Matrix spec={specs.current} label="Confusion matrix of the compacted network" />
        <Matrix spec={specs.diff} label={`Difference of the two matrices. ${words}`} />
      </div>
      <p className="damage-note">
        <span className="key" style={{ background: confusionColors(2, 'difference', 5).fill }} aria-hidden="true" /> orange: more digits than the original network put there,{' '}
        <span className="key" style={{ background: confusionColors(-2, 'difference', 5).fill }} aria-hidden="true" /> purple: fewer. {words}
      </p>
    </div>
  );
}
