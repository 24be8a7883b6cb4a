import { useEffect, useMemo } from 'react';
import type { DigitDamage } from '../../core/stats/damage';
import { watchDamageTrail } from '../../state/actions/damage';
import type { DamageTrail } from '../../state/compaction-types';
import { useStore } from '../../state/store';
import { renderClassAccuracy, type ClassAccuracySpec } from '../../viz/class-accuracy';
import { useVizScale, useWidth } from '../hooks';
import { BrokenDigits } from './BrokenDigits';
import { ConfusionMatrices } from './ConfusionMatrices';
import './damage.css';
import { useRendered, useSeenOnce } from './useRendered';

/**
 * Which digits the compaction hurts: accuracy per digit (original, before
 * this step, now, and along the session), the confusion matrices of both
 * networks and their difference, and the test digits it broke.
 */
export function DamagePanel() {
  const ready = useStore((s) => s.compaction.ready);
  const damage = useStore((s) => s.compaction.damage);
  const [ref, seen] = useSeenOnce<HTMLElement>();
  // The per-step trail is computed only once the panel has been seen.
  useEffect(() => (seen ? watchDamageTrail() : undefined), [seen]);
  return (
    <section className="panel damage-panel" aria-labelledby="damage-title" ref={ref}>
      <h2 id="damage-title">Which digits it hurts</h2>
      <p className="explain">
        On the {damage ? damage.predictions.current.length.toLocaleString('en-US') : ''} held-out test digits: accuracy per digit, what each network predicts for each digit, and the
        digits the compacted network gets wrong that the original got right.
      </p>
      {ready && damage ? (
        <>
          <ClassAccuracyChart />
          <ConfusionMatrices damage={damage} />
          <BrokenDigits damage={damage} />
        </>
      ) : (
        <p className="damage-wait">{ready ? 'This data set has no test digits.' : 'Waiting for the model…'}</p>
      )}
    </section>
  );
}

function classSpec(damage: DigitDamage, trail: DamageTrail | null, cursor: number, length: number, width: number, scale: number): ClassAccuracySpec {
  const perStep = trail && trail.classCounts.length === damage.numClasses ? trail.perStep : null;
  return {
    width,
    scale,
    counts: damage.classes.original.map((a) => a.n),
    original: damage.classes.original.map((a) => a.correct),
    now: damage.classes.current.map((a) => a.correct),
    before: cursor > 0 && perStep && perStep.length > cursor - 1 ? perStep[cursor - 1] : null,
    trail: perStep,
    cursor,
    length,
  };
}

function worstDigit(damage: DigitDamage): string {
  const worst = damage.classes.current.map((a, k) => ({ k, drop: damage.classes.original[k].value - a.value })).sort((p, q) => q.drop - p.drop || p.k - q.k)[0];
  return worst && worst.drop > 0
    ? `Digit ${worst.k} lost the most: ${(100 * worst.drop).toFixed(1)} points since the original network.`
    : 'No digit is less accurate than in the original network.';
}

function ClassAccuracyChart() {
  const damage = useStore((s) => s.compaction.damage)!;
  const cursor = useStore((s) => s.compaction.cursor);
  const length = useStore((s) => s.compaction.records.length);
  const trail = useStore((s) => s.damageTrail);
  const [wrap, width] = useWidth<HTMLDivElement>(360);
  const scale = useVizScale();
  const spec = useMemo(() => classSpec(damage, trail, cursor, length, width, scale), [damage, cursor, length, trail, width, scale]);
  const ref = useRendered<SVGSVGElement, ClassAccuracySpec>(renderClassAccuracy, spec);
  const summary = worstDigit(damage);
  return (
    <div ref={wrap} className="damage-part">
      <h3>Accuracy per digit</h3>
      <svg ref={ref} data-testid="class-accuracy" role="img" aria-label={`Test accuracy per digit, originally, before this step and now. ${summary}`} className="chart" />
      <p className="damage-note">{summary}</p>
    </div>
  );
}
