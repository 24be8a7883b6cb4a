import { useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { showAllControls } from '../../state/actions/view-mode';
import { useStore } from '../../state/store';
import './classroom.css';

/**
 * The way out of a classroom link: while the link hides controls, a bar at the
 * very top of the page says so and brings them all back for this tab only.
 * (It sits above the app, outside it, so no layout and no hidden panel can
 * take it away.)
 */
export function ShowAllControls() {
  const hidden = useStore((s) => s.hidden);
  const shownAnyway = useStore((s) => s.shownAnyway);
  const [host] = useState(() => {
    const el = document.createElement('div');
    el.className = 'classroom-bar-host';
    return el;
  });
  useEffect(() => {
    document.body.prepend(host);
    return () => host.remove();
  }, [host]);
  if (hidden.length === 0 || shownAnyway) return null;
  return createPortal(
    <div className="classroom-bar" role="region" aria-label="Classroom link">
      <span>This link hides some controls for the class.</span>
      <button type="button" data-testid="show-all-controls" onClick={showAllControls}>
        Show all controls
      </button>
    </div>,
    host,
  );
}
