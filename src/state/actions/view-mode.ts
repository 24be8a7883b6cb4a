/** How the page presents itself: presenter mode, and controls a classroom link hid. */
import { useStore } from '../store';

export function setPresenter(on: boolean): void {
  useStore.setState({ presenter: on });
}

/** Brings back every control a classroom link hid, for this tab only (links made from here still hide them). */
export function showAllControls(): void {
  useStore.setState({ shownAnyway: true });
}
