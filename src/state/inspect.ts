/**
 * A plain-data picture of the store, for tests and benchmarks that drive the
 * built app (exposed read-only as window.neurounify.snapshot()): everything a
 * user's work consists of, without notices (a refusal adds one) or objects
 * that are not data (the engine, the layer view).
 */
import type { AppState } from './types';

export function storeSnapshot(s: AppState) {
  const c = s.compaction;
  const e = s.explorer;
  return {
    boot: s.boot.phase,
    backend: s.backend?.name ?? null,
    data: s.data && { train: s.data.train.count, test: s.data.test.count, name: s.data.train.name },
    model: s.model && { source: s.model.source, name: s.model.name, params: s.model.params, widths: s.model.widths, testAccuracy: s.model.testAccuracy, fingerprint: s.model.fingerprint ?? null },
    training: { status: s.training.status, settings: s.training.settings, epochs: s.training.epochs.length },
    finetune: { status: s.finetune.status, settings: s.finetune.settings, epochs: s.finetune.epochs.length },
    compaction: {
      ready: c.ready,
      method: c.method,
      cursor: c.cursor,
      serial: c.serial,
      records: c.records,
      baseAccuracy: c.baseAccuracy,
      baseParams: c.baseParams,
      accuracy: c.accuracy,
      params: c.params,
      widths: c.widths,
      aliveIds: c.aliveIds,
      preview: c.preview,
      playing: c.playing,
      speed: c.speed,
      target: c.target,
      learnedWidths: c.learnedWidths,
      baselines: Object.keys(c.baselines).sort(),
    },
    explorer: { layer: e.layer, selected: e.selected, threshold: e.threshold, normalization: e.normalization, pairPreview: e.pairPreview, viewLayer: e.view?.layer ?? null },
    hidden: s.hidden,
    shownAnyway: s.shownAnyway,
    tourOpen: s.tourOpen,
    presenter: s.presenter,
  };
}
