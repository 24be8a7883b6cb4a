import { useEffect } from 'react';
import { clearPairPreview, redo, selectNeuron, step, togglePlay, undo } from '../../state/actions/compaction';
import { useStore } from '../../state/store';

/** Input types that are not text fields (their keys are Space, and the arrows for radio buttons). */
const TOGGLES = new Set(['checkbox', 'radio']);
const NOT_TEXT = new Set(['checkbox', 'radio', 'range', 'button', 'submit', 'reset', 'color', 'file', 'image']);

/**
 * Who owns a key pressed with the focus on `t`:
 * - 'all': a text field, a select or a slider keeps every key;
 * - 'arrows': a view that moves with the arrow keys (marked data-arrow-keys: the network view, the pair list,
 *   the code heatmap, the layer tabs) keeps the arrows, Home/End/PageUp/PageDown and Enter;
 * - 'toggle': a checkbox or a radio button keeps Space and the arrows;
 * - 'button': a button (or a summary) keeps Enter, and Space plays or pauses instead of pressing it;
 * - 'none': the page.
 */
export function keyOwner(t: Element | null): 'all' | 'arrows' | 'toggle' | 'button' | 'none' {
  if (!t || !(t instanceof HTMLElement || t instanceof SVGElement)) return 'none';
  const tag = t.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT' || (t instanceof HTMLElement && t.isContentEditable)) return 'all';
  if (tag === 'INPUT') {
    const type = (t as HTMLInputElement).type;
    if (type === 'range' || !NOT_TEXT.has(type)) return 'all';
    if (TOGGLES.has(type)) return 'toggle';
    return 'button';
  }
  if (t.closest('[data-arrow-keys]')) return 'arrows';
  if (tag === 'BUTTON' || tag === 'SUMMARY' || tag === 'A' || t.getAttribute('role') === 'button') return 'button';
  return 'none';
}

const ARROWS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown', 'Enter']);

/**
 * The global shortcuts: → step, shift+→ ten steps, space play/pause, ctrl/cmd+z undo, ctrl/cmd+shift+z (or
 * ctrl+y) redo, Escape lets go of the previewed pair, then of the selected neuron. They act whenever the focus
 * is not in a control that uses those keys itself (see keyOwner); a focused button keeps Enter, but Space
 * plays or pauses (it does not press the button again). A select chosen with the mouse gives the keyboard back
 * to the page (→ steps rather than changing the method); chosen with the keyboard, it keeps it.
 */
export function useKeyboard(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || e.altKey) return;
      const owner = keyOwner(e.target as Element | null);
      if (owner === 'all') return;
      if (owner === 'arrows' && ARROWS.has(e.key)) return;
      if (owner === 'toggle' && (e.key === ' ' || e.key.startsWith('Arrow'))) return;
      const mod = e.ctrlKey || e.metaKey;
      if (e.key === 'ArrowRight' && !mod) {
        step(e.shiftKey ? 10 : 1);
      } else if (e.key === ' ' && !mod) {
        togglePlay();
      } else if (mod && e.key.toLowerCase() === 'z') {
        if (e.shiftKey) redo();
        else undo();
      } else if (mod && e.key.toLowerCase() === 'y') {
        redo();
      } else if (e.key === 'Escape' && !mod) {
        if (!escape()) return;
      } else return;
      e.preventDefault();
    };
    // A button pressed with Space clicks on keyup: after the keydown played or paused, that click must not happen.
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.key === ' ' && !e.ctrlKey && !e.metaKey && keyOwner(e.target as Element | null) === 'button') e.preventDefault();
    };
    // A select's choice made with the pointer: the page gets the keyboard back.
    let pointerOn: EventTarget | null = null;
    const onPointerDown = (e: PointerEvent) => {
      pointerOn = e.target;
    };
    const onKeyDownCapture = () => {
      pointerOn = null;
    };
    const onChange = (e: Event) => {
      const t = e.target;
      if (t instanceof HTMLSelectElement && pointerOn === t) t.blur();
      pointerOn = null;
    };
    window.addEventListener('keydown', onKey);
    window.addEventListener('keyup', onKeyUp);
    window.addEventListener('pointerdown', onPointerDown, true);
    window.addEventListener('keydown', onKeyDownCapture, true);
    window.addEventListener('change', onChange, true);
    return () => {
      window.removeEventListener('keydown', onKey);
      window.removeEventListener('keyup', onKeyUp);
      window.removeEventListener('pointerdown', onPointerDown, true);
      window.removeEventListener('keydown', onKeyDownCapture, true);
      window.removeEventListener('change', onChange, true);
    };
  }, []);
}

/** Escape: lets go of the previewed pair, else of the selected neuron; false when there was nothing to let go of (or the tour has Escape). */
function escape(): boolean {
  const s = useStore.getState();
  if (s.tourOpen || s.pendingLink) return false;
  if (s.explorer.pairPreview) {
    clearPairPreview();
    return true;
  }
  if (s.explorer.selected) {
    selectNeuron(s.explorer.selected.layer, null);
    return true;
  }
  return false;
}
