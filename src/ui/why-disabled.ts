/**
 * Disabled controls say why: the reason the explorer's controls are not
 * available now (loading, a network training, a run or a fine-tune under way),
 * and the attributes that put a reason on a control (tooltip and screen-reader
 * description).
 */
import { useStore } from '../state/store';

/** Whether the compaction session cannot apply a merge now (not set up yet, or a run to target under way). */
export function useCompactionBusy(): boolean {
  return useStore((s) => !s.compaction.ready || s.compaction.run !== null);
}

/** Why the explorer (stepper, charts, exports, inspector) cannot take input now, or undefined when it can. */
export function useExplorerBusy(): string | undefined {
  return useStore((s) => {
    if (s.boot.phase === 'error') return 'NeuroUnify could not start: reload the page.';
    if (s.boot.phase !== 'ready') return 'Loading the model and the digits…';
    if (s.training.status === 'running' || s.training.status === 'paused') return 'A new network is training: the explorer opens on it when training ends (or Reset).';
    if (s.compaction.run) return 'Running to the target: Stop it first.';
    if (s.finetune.status !== 'idle') return 'Fine-tuning: wait for it, or cancel it.';
    if (!s.compaction.ready) return 'Setting up the explorer on this model…';
    return undefined;
  });
}

/** A control's reason for being disabled, as a tooltip and a screen-reader description (nothing when enabled). */
export function why(reason: string | undefined | null | false): { title?: string; 'aria-description'?: string } {
  return reason ? { title: reason, 'aria-description': reason } : {};
}
