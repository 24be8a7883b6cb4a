import { useMemo, useState } from 'react';
import { HIDEABLE_CONTROLS, type HideableControl } from '../../core/share/link-state';
import { classroomUrl, copyClassroomLink, DEFAULT_CLASSROOM_CHOICE, type ClassroomChoice } from '../../state/actions/classroom';
import { useStore } from '../../state/store';
import './classroom.css';

/** What each control a classroom link can hide is called on the page. */
export const HIDEABLE_LABELS: Record<HideableControl, string> = {
  training: 'Training a new network',
  method: 'Method picker',
  'run-to-target': 'Run to target',
  baselines: 'Comparison with other methods',
  'import-export': 'Share, import and export',
  similarity: 'Similar-neurons graph',
  codes: 'Neuron codes (heatmaps)',
  timeline: 'Timeline',
};

/** Makes a classroom link: which controls to hide, the tour, presenter mode, where to start. */
export function ClassroomLinkBuilder() {
  const [open, setOpen] = useState(false);
  return (
    <details className="classroom" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary data-testid="classroom-builder">Classroom link…</summary>
      {open && <BuilderForm />}
    </details>
  );
}

function BuilderForm() {
  const [choice, setChoice] = useState<ClassroomChoice>(DEFAULT_CLASSROOM_CHOICE);
  const ready = useStore((s) => s.compaction.ready);
  const cursor = useStore((s) => s.compaction.cursor);
  const steps = useStore((s) => s.compaction.records.length);
  const records = useStore((s) => s.compaction.records);
  const method = useStore((s) => s.compaction.method);
  const explorer = useStore((s) => s.explorer);
  const model = useStore((s) => s.model);
  // The link of the state on screen: made again whenever it changes (only while the builder is open).
  const url = useMemo(() => {
    void [records, cursor, method, explorer.layer, explorer.selected, explorer.threshold, explorer.normalization, model];
    return ready ? classroomUrl(choice) : null;
  }, [choice, ready, records, cursor, method, explorer.layer, explorer.selected, explorer.threshold, explorer.normalization, model]);
  const set = (patch: Partial<ClassroomChoice>) => setChoice((c) => ({ ...c, ...patch }));
  const toggleHide = (control: HideableControl, on: boolean) =>
    set({ hide: on ? [...choice.hide, control] : choice.hide.filter((c) => c !== control) });

  return (
    <div className="classroom-form">
      <p className="explain">A link for your class: it opens this model with the controls you choose hidden. Students can bring them back (for themselves) with “Show all controls”.</p>
      <fieldset>
        <legend>Hide</legend>
        <div className="choices">
          {HIDEABLE_CONTROLS.map((control) => (
            <label key={control}>
              <input type="checkbox" data-testid={`classroom-hide-${control}`} checked={choice.hide.includes(control)} onChange={(e) => toggleHide(control, e.target.checked)} />
              {HIDEABLE_LABELS[control]}
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset>
        <legend>Start from</legend>
        <div className="choices">
          <label>
            <input type="radio" name="classroom-start" data-testid="classroom-start-current" checked={choice.start === 'current'} onChange={() => set({ start: 'current' })} />
            This step (step {cursor} of {steps})
          </label>
          <label>
            <input type="radio" name="classroom-start" data-testid="classroom-start-original" checked={choice.start === 'original'} onChange={() => set({ start: 'original' })} />
            The uncompressed model
          </label>
        </div>
      </fieldset>
      <fieldset>
        <legend>When it opens</legend>
        <div className="choices">
          <label>
            <input type="checkbox" data-testid="classroom-tour" checked={choice.tour} onChange={(e) => set({ tour: e.target.checked })} />
            Start the guided tour
          </label>
          <label>
            <input type="checkbox" data-testid="classroom-present" checked={choice.present} onChange={(e) => set({ present: e.target.checked })} />
            Presenter mode (large type, for a projector)
          </label>
        </div>
      </fieldset>
      <input
        id="classroom-url"
        className="classroom-url"
        data-testid="classroom-url"
        readOnly
        value={url ?? (ready ? 'This state cannot be put in a link.' : 'The model is still loading or training…')}
        onFocus={(e) => e.currentTarget.select()}
        aria-label="Classroom link"
      />
      <div className="button-row">
        <button type="button" className="primary" data-testid="classroom-link" disabled={!url} onClick={() => url && void copyClassroomLink(url)}>
          Copy classroom link
        </button>
        {url && (
          <a className="classroom-preview" data-testid="classroom-preview" href={url} target="_blank" rel="noopener">
            Preview in a new tab
          </a>
        )}
      </div>
    </div>
  );
}
