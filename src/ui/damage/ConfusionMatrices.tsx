import { useMemo } from 'react';
import type { DigitDamage } from '../../core/stats/damage';
import { confusionColors, confusionLayout, formatDifference, renderConfusion, widestNumber, type ConfusionSpec } from '../../viz/confusion';
import { useVizScale, useWidth } from '../hooks';
import { useRendered } from './useRendered';

function Matrix({ spec, label }: { spec: ConfusionSpec; label: string }) {
  const ref = useRendered<SVGSVGElement, ConfusionSpec>(renderConfusion, spec);
  return <svg ref={ref} role="img" aria-label={label} className="chart confusion" data-kind={spec.kind} />;
}

/** The gap between matrices side by side at scale 1 (px; it grows with the drawings). */
const GAP = 14;

/**
 * The original network's confusion matrix, the compacted one's beside it,
 * and their difference: as many side by side as fit the panel, with cells
 * large enough for the widest number at the renderers' size scale.
 */
export function ConfusionMatrices({ damage }: { damage: DigitDamage }) {
  const n = damage.numClasses;
  const scale = useVizScale();
  const [row, width] = useWidth<HTMLDivElement>(360);
  const counts = useMemo(() => {
    const o = damage.confusion.original;
    const c = damage.confusion.current;
    const diff = Int32Array.from(c, (v, i) => v - o[i]);
    return {
      o,
      c,
      diff,
      widest: widestNumber({ values: o, kind: 'counts' }, { values: c, kind: 'counts' }, { values: diff, kind: 'difference' }),
      changed: diff.reduce((a, v) => a + (v !== 0 ? 1 : 0), 0),
      biggest: Array.from(diff)
        .map((v, i) => ({ v, t: Math.floor(i / n), p: i % n }))
        .filter((d) => d.t !== d.p && d.v > 0)
        .sort((a, b) => b.v - a.v || a.t - b.t || a.p - b.p)
        .slice(0, 3),
    };
  }, [damage, n]);
  const gap = Math.round(GAP * scale);
  const specs = useMemo(() => {
    const { o, c, diff } = counts;
    // On a panel too narrow for a matrix at this scale, the layout brings the scale down.
    const fitted = confusionLayout({ numClasses: n, widest: counts.widest, scale, width, gap, count: 3 });
    const maxWidth = Math.floor((width - (fitted.perRow - 1) * gap) / fitted.perRow);
    const max = Math.max(1, ...o, ...c);
    const maxDiff = Math.max(3, ...Array.from(diff, Math.abs));
    const common = { numClasses: n, cell: fitted.cell, maxWidth, scale: fitted.scale };
    return {
      original: { ...common, title: 'Original network', values: o, kind: 'counts', max } as ConfusionSpec,
      current: { ...common, title: 'Compacted network', values: c, kind: 'counts', max } as ConfusionSpec,
      diff: { ...common, title: 'Change (compacted − original)', values: diff, kind: 'difference', max: maxDiff } as ConfusionSpec,
      changed: counts.changed,
      biggest: counts.biggest,
    };
  }, [counts, n, scale, width, gap]);
  const words = specs.biggest.length
    ? `New confusions: ${specs.biggest.map((d) => `${d.t} read as ${d.p} (${formatDifference(d.v)})`).join(', ')}.`
    : 'No new confusions.';
  return (
    <div className="damage-part">
      <h3>Confusion matrices</h3>
      <div className="confusion-row" ref={row} style={{ columnGap: gap }} data-testid="confusion-matrix" data-changed={specs.changed}>
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
