import { useId, useState, type ReactNode } from 'react';
import './show-data.css';

/**
 * A chart's numbers on request: a toggle that shows a real table (for screen
 * readers, and for anyone who wants the exact values). The table is built
 * only while shown.
 */
export function ShowData({ what, children, testid }: { what: string; children: () => ReactNode; testid?: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  return (
    <div className="show-data">
      <button
        type="button"
        className="show-data-toggle"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        data-testid={testid}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? `Hide the data` : `Show data`}
        <span className="visually-hidden"> of {what}</span>
      </button>
      {open && (
        // Scrolls when long, so it takes the keyboard focus (a scrollable region must be reachable).
        <div id={id} className="show-data-body" role="region" aria-label={`Data of ${what}`} tabIndex={0}>
          {children()}
        </div>
      )}
    </div>
  );
}
