/** Messages for the user: at most five on screen, newest last. */
import { useStore } from '../store';
import type { Notice } from '../types';

export function pushNotice(kind: Notice['kind'], text: string, detail?: string, action?: Notice['action']): void {
  useStore.setState((s) => {
    const notice: Notice = { id: s.noticeSerial + 1, kind, text, ...(detail ? { detail } : {}), ...(action ? { action } : {}) };
    return { noticeSerial: notice.id, notices: [...s.notices.slice(-4), notice] };
  });
}

export function dismissNotice(id: number): void {
  useStore.setState((s) => ({ notices: s.notices.filter((n) => n.id !== id) }));
}

/** Clears notices that no longer hold (for instance "Restored your work" after New session). */
export function dismissAllNotices(): void {
  useStore.setState({ notices: [] });
}

/** A name for messages: long names are cut in the middle, so a message stays readable. */
export function shortName(name: string, max = 60): string {
  if (name.length <= max) return name;
  const half = Math.floor((max - 1) / 2);
  return `${name.slice(0, half)}…${name.slice(-half)}`;
}
