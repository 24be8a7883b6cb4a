/**
 * The one handle on the engine's compaction session for the current model, and
 * everything that lives and dies with it: the layer-view cache, the probe's
 * class bands, the stepper's queue, the play timer, a run under way, a publish
 * in waiting. Replacing or dropping the handle aborts its `alive` signal, so
 * work still in flight for it stops by itself.
 */
import type { CompactionSession, HistoryRecord } from '../../../core/compaction';
import type { Dataset } from '../../../core/data/dataset';
import type { ClassBand } from '../../../core/explore/probe-by-class';
import type { LayerViewCache } from '../../../core/explore/layer-view';
import type { CompactionState } from '../../compaction-types';
import type { Sliced } from '../../../core/sliced';

export type ChangeKind = NonNullable<CompactionState['lastChange']>['kind'];

export interface Handle {
  readonly engine: CompactionSession;
  readonly views: LayerViewCache;
  readonly probe: Dataset;
  readonly bands: ClassBand[];
  /** Aborted when this handle is replaced or dropped. */
  readonly alive: AbortSignal;
  /** Aborts `alive` (the host calls it when the handle is replaced or dropped). */
  readonly end: () => void;
  /** Aborted whenever the history is replaced (a link, a restore, a run): a ×10 under way then stops. */
  history: AbortController;
  /**
   * Whether the engine's changes, and the reads after them, run in slices
   * (a big model: see sliced.ts); decided from the model's size alone.
   */
  readonly sliced: boolean;
  /** A change of the engine under way in slices (see sliced.ts), which finishNow can complete at once. */
  inflight: Sliced<unknown> | null;
  /** Stepper actions waiting behind a ×10 (or, on a big model, any change or refresh) under way, chained in order. */
  queue: Promise<void> | null;
  /** A change waiting to be published (see refreshSoon). */
  pending: { kind: ChangeKind; record: HistoryRecord | null } | null;
  playTimer: ReturnType<typeof setTimeout> | null;
  run: AbortController | null;
}
