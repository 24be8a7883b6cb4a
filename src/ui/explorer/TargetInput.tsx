import { useState } from 'react';
import { setTarget } from '../../state/actions/compaction';
import { useStore } from '../../state/store';
import { why } from '../why-disabled';

const LIMITS = {
  params: { min: 1, max: 99, step: 1, unit: '% of the parameters' },
  drop: { min: 0.1, max: 50, step: 0.1, unit: 'points of accuracy' },
} as const;

/**
 * The run-to-target number: it can be cleared and retyped freely; a value is
 * applied only when it is in range, and a value out of range says so.
 */
export function TargetInput({ disabled, reason }: { disabled: boolean; reason?: string }) {
  const target = useStore((s) => s.compaction.target);
  const shown = target.kind === 'params' ? String(Math.round(target.value * 100)) : String(target.value);
  // What the user is typing; null while the box is not being edited (it then shows the store's value).
  const [draft, setDraft] = useState<string | null>(null);
  const text = draft ?? shown;
  const lim = LIMITS[target.kind];
  const v = Number(text);
  const valid = text.trim() !== '' && Number.isFinite(v) && v >= lim.min && v <= lim.max;
  return (
    <span className="target-input">
      <input
        type="number"
        aria-label="Target value"
        data-testid="target-value"
        aria-invalid={!valid}
        aria-describedby={valid ? undefined : 'target-error'}
        min={lim.min}
        max={lim.max}
        step={lim.step}
        value={text}
        disabled={disabled}
        {...why(reason)}
        onBlur={() => setDraft(null)}
        onChange={(e) => {
          setDraft(e.target.value);
          const n = Number(e.target.value);
          if (e.target.value.trim() === '' || !Number.isFinite(n) || n < lim.min || n > lim.max) return;
          setTarget(target.kind === 'params' ? { kind: 'params', value: n / 100 } : { kind: 'drop', value: n });
        }}
      />
      {!valid && (
        <span className="field-error" id="target-error" role="alert">
          Enter {lim.min} to {lim.max} {lim.unit}.
        </span>
      )}
    </span>
  );
}
