/** The pair list's actions: a row previews its merge (focus, hover) and applies it (Enter, click). */
import type { PairRow } from '../../core/explore/pair-candidates';
import { useStore } from '../store';
import { applyPairPreview, clearPairPreview, currentSession, step } from './compaction';
import { patchExplorer } from './compaction/publish';

/** Shows a row's merge as the pair preview (the graph marks it, the preview card describes it); a baseline's step has none. */
export function previewCandidate(row: PairRow | null): void {
  if (!row || row.kind === 'step' || (row.kind === 'pair' && row.heirId === null)) {
    if (useStore.getState().explorer.pairPreview) clearPairPreview();
    return;
  }
  const p = useStore.getState().explorer.pairPreview;
  const heirId = row.heirId ?? -1;
  if (p && p.layer === row.layer && p.removedId === row.removedId && p.heirId === heirId && (p.kind ?? 'pair') === row.kind) return;
  patchExplorer({ pairPreview: { layer: row.layer, removedId: row.removedId, heirId, preview: row.preview, kind: row.kind === 'ls' ? 'ls' : undefined } });
}

/** Applies a row's merge as the next step (a baseline's row: the method's next step). A row that no longer holds (its neurons went meanwhile) does nothing. */
export function applyCandidate(row: PairRow): void {
  const s = currentSession();
  if (!s || !s.isAlive(row.layer, row.removedId) || (row.kind === 'pair' && !s.isAlive(row.layer, row.heirId!))) return;
  if (row.kind === 'step') {
    step(1);
    return;
  }
  previewCandidate(row);
  applyPairPreview();
}
