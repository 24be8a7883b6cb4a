import { useEffect, useRef, useState } from 'react';
import { clearProbeInput, pickTestDigit, showTestDigit } from '../../state/actions/probe-input';
import { useStore } from '../../state/store';
import { paintDigit } from '../../viz/digit-gallery';
import { DrawPad } from './DrawPad';
import './draw.css';
import { Predictions } from './Predictions';
import { why } from '../why-disabled';

/**
 * Draw a digit (or pick a test digit) and see what the original and the
 * compacted network make of it; the network view lights every neuron by its
 * activation for it.
 */
export function DrawPanel() {
  const ready = useStore((s) => s.compaction.ready);
  const input = useStore((s) => s.probeInput);
  const testCount = useStore((s) => s.data?.test.count ?? 0);
  const [typed, setTyped] = useState('');
  const preview = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = preview.current;
    if (!c) return;
    if (input) paintDigit(c, input.pixels, 0, input.rows, input.cols, 1);
    else c.getContext('2d')?.clearRect(0, 0, c.width, c.height);
  }, [input]);

  const pick = () => {
    const i = pickTestDigit();
    if (i >= 0) setTyped(String(i));
  };
  const showTyped = () => {
    const i = Number(typed);
    if (typed.trim() !== '' && Number.isInteger(i)) showTestDigit(i);
  };
  const typedBad = typed.trim() !== '' && !(Number.isInteger(Number(typed)) && Number(typed) >= 0 && Number(typed) < testCount);

  return (
    <section className="panel draw-panel" aria-labelledby="draw-title">
      <h2 id="draw-title">Draw a digit</h2>
      <p className="explain">
        Draw with a mouse, a finger or a pen, or pick a test digit. Both networks classify it, and the network view lights every neuron by its activation
        for it (removed neurons as ghosts, at their activation in the original network).
      </p>
      <div className="draw-body">
        <div className="draw-left">
          <DrawPad onPick={pick} />
          <div className="draw-buttons">
            <button type="button" data-testid="draw-clear" onClick={clearProbeInput} disabled={!input} {...why(!input && 'Nothing drawn or picked yet.')}>
              Clear
            </button>
            <button type="button" data-testid="pick-test-digit" onClick={pick} disabled={!testCount} {...why(!testCount && 'Loading the digits…')}>
              Pick a test digit
            </button>
          </div>
          <div className="draw-index">
            <label>
              Test digit #
              <input
                type="text"
                inputMode="numeric"
                data-testid="test-digit-index"
                value={typed}
                aria-invalid={typedBad}
                aria-describedby="test-digit-range"
                onChange={(e) => setTyped(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key === 'Enter') showTyped();
                }}
              />
            </label>
            <button type="button" onClick={showTyped} disabled={typedBad || typed.trim() === ''} {...why((typedBad || typed.trim() === '') && 'Type a test digit’s number first.')}>
              Show
            </button>
            <span id="test-digit-range" className={typedBad ? 'draw-range bad' : 'draw-range'}>
              0 to {Math.max(0, testCount - 1).toLocaleString('en-US')}
            </span>
          </div>
        </div>
        <div className="draw-right">
          <div className="draw-seen">
            <canvas ref={preview} width={28} height={28} data-testid="draw-input-preview" aria-hidden="true" />
            <span>
              {input
                ? input.source === 'test'
                  ? `Test digit #${input.testIndex} (a ${input.label}), as the networks see it`
                  : 'Your drawing as the networks see it: 28 × 28, centred by its centre of mass'
                : 'What the networks see appears here'}
            </span>
          </div>
          <Predictions ready={ready} />
        </div>
      </div>
    </section>
  );
}
