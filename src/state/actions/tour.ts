/** The guided tour: open and closed (its stops live in the UI). */
import { useStore } from '../store';

export function openTour(): void {
  useStore.setState({ tourOpen: true });
}

export function closeTour(): void {
  useStore.setState({ tourOpen: false });
}
