/** Helpers around a session's result: uniform target widths, and the files of a compacted model. */
import type { LayersModelFiles } from '../io/write-layers-model';
import { writeLayersModel } from '../io/write-layers-model';
import type { Mlp } from '../model/mlp';
import type { HistoryRecord } from './types';
import { isFineTune } from './types';

/** Widths after removing the fraction f of every hidden layer (rounded, at least 1 left). */
export function uniformTargetWidths(hidden: readonly number[], f: number): number[] {
  if (!(f >= 0 && f < 1)) throw new Error(`the fraction removed must be in [0, 1), got ${f}`);
  return hidden.map((n) => Math.max(1, n - Math.round(f * n)));
}

export interface CompactedFiles extends LayersModelFiles {
  /**
   * merges.json: the records in history order, to replay on the original
   * model. Version 1 holds removals only; version 2 (written only when the
   * history has a fine-tune) also lists the fine-tunes among them, as
   * { kind: "finetune", epochs, learningRate, batchSize, seed, paramsAfter,
   * accuracies after }: settings, not weights (a replay trains them again).
   */
  mergesJson: string;
}

/** The compacted model in the TensorFlow.js LayersModel format (ids in the metadata) and its merge records (and fine-tunes). */
export async function exportCompacted(
  mlp: Mlp,
  neuronIds: number[][],
  records: readonly HistoryRecord[],
  provenance: Record<string, unknown> = {},
): Promise<CompactedFiles> {
  const files = await writeLayersModel(mlp, { neuronIds, provenance });
  // One record per line: compact, yet diffable and readable.
  const head = JSON.stringify({ format: 'neurounify-merges', version: records.some(isFineTune) ? 2 : 1, provenance });
  const mergesJson = `${head.slice(0, -1)},"records":[\n${records.map((r) => JSON.stringify(r)).join(',\n')}\n]}\n`;
  return { ...files, mergesJson };
}
