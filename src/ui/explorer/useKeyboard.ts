import { useEffect } from 'react';
import { redo, step, togglePlay, undo } from '../../state/actions/compaction';

/** → step, shift+→ ten steps, space play/pause, ctrl/cmd+z undo, ctrl/cmd+shift+z (or ctrl+y) redo. */
export function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (t && (t.tagName === 'INPUT' || t.tagName === 'SELECT' || t.tagName === 'TEXTAREA' || t.isContentEditable)) return;
      const mod = e.ctrlKey || e.metaKey;
      if (e.key === 'ArrowRight' && !mod) {
        step(e.shiftKey ? 10 : 1);
      } else if (e.key === ' ' && !mod) {
        if (t?.tagName === 'BUTTON') return; // the button's own click handles it
        togglePlay();
      } else if (mod && e.key.toLowerCase() === 'z') {
        if (e.shiftKey) redo();
        else undo();
      } else if (mod && e.key.toLowerCase() === 'y') {
        redo();
      } else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
