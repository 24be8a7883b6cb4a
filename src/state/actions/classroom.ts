/**
 * Classroom links, made in the Share panel: the current state's link with the
 * controls to hide, the tour, presenter mode and the starting point chosen by
 * the teacher. Opening one hides exactly those controls (a "Show all controls"
 * button brings them back for that tab only: see view-mode.ts).
 */
import { encodeLinkState, HIDEABLE_CONTROLS, type HideableControl, type LinkState } from '../../core/share/link-state';
import { services } from '../services';
import { currentLinkState } from './link';
import { pushNotice } from './notices';

export interface ClassroomChoice {
  /** Controls the link hides (any order; the link lists them in HIDEABLE_CONTROLS order). */
  hide: readonly HideableControl[];
  /** Start with the guided tour. */
  tour: boolean;
  /** Open in presenter mode. */
  present: boolean;
  /** 'current': the state as it is now (every step, the redoable ones too); 'original': the uncompressed model, no steps. */
  start: 'current' | 'original';
}

export const DEFAULT_CLASSROOM_CHOICE: ClassroomChoice = { hide: [], tour: true, present: false, start: 'current' };

/** The state a classroom link holds: `base` (the current link state) with the teacher's choices. Pure. */
export function classroomLinkState(base: LinkState, choice: ClassroomChoice): LinkState {
  const original = choice.start === 'original';
  return {
    ...base,
    steps: original ? [] : base.steps.map((t) => [...t] as LinkState['steps'][number]),
    cursor: original ? 0 : base.cursor,
    hide: HIDEABLE_CONTROLS.filter((c) => choice.hide.includes(c)),
    tour: choice.tour,
    present: choice.present,
  };
}

/** The full URL of a classroom link: `pageHref` with its hash replaced. Pure; throws if the state is invalid. */
export function classroomHref(pageHref: string, base: LinkState, choice: ClassroomChoice): string {
  const url = new URL(pageHref);
  url.hash = encodeLinkState(classroomLinkState(base, choice));
  return url.href;
}

/** The classroom link of the current state, or null while there is nothing to share (loading, training). */
export function classroomUrl(choice: ClassroomChoice): string | null {
  const base = currentLinkState();
  if (!base) return null;
  try {
    return classroomHref(services().location.href(), base, choice);
  } catch {
    return null;
  }
}

/** Copies a classroom link (the address bar keeps this tab's own state). */
export async function copyClassroomLink(url: string): Promise<void> {
  try {
    await services().copyText(url);
    pushNotice('info', 'Classroom link copied. Open it to see what your class will see.');
  } catch {
    pushNotice('info', 'The browser did not allow copying: select the link in the field and copy it from there.');
  }
}
