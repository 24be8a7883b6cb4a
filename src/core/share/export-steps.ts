/**
 * The step log as files: JSON (pretty, stable key order) and CSV (RFC 4180, quoting by d3's
 * csvFormatValue). Numbers are written with JavaScript's shortest round-trip form, so every float64
 * reads back exactly; a missing optional value is null in JSON and an empty field in CSV.
 *
 * A fine-tune is a row of its own, in history order. JSON (version 2, written only when the log
 * has one): method "finetune", null layer, removedId, biasCoef, cost and relCost, no heirs, the
 * accuracy and parameters after it, and a "finetune" object { epochs, learningRate, batchSize,
 * seed }. CSV: method "finetune", empty removal fields, and four more columns at the end
 * (FINETUNE_CSV_COLUMNS, only when the log has a fine-tune; empty on removal rows).
 */
import { csvFormatRow, csvFormatValue } from 'd3';
import type { FineTuneRecord, HistoryRecord, MergeRecord } from '../compaction/types';
import { isFineTune } from '../compaction/types';
import { accuracyOf } from '../stats/accuracy';

export const STEPS_JSON_FORMAT = 'neurounify-steps';

export const STEPS_CSV_HEADER = [
  'step',
  'method',
  'layer',
  'removed_id',
  'heirs',
  'bias_coef',
  'cost',
  'rel_cost',
  'accuracy_after',
  'params_after',
] as const;

/** The columns a CSV with a fine-tune adds after STEPS_CSV_HEADER. */
export const FINETUNE_CSV_COLUMNS = ['finetune_epochs', 'finetune_learning_rate', 'finetune_batch_size', 'finetune_seed'] as const;

/** A fine-tune's row with the keys of a removal's (see ordered), and its settings. */
function orderedFineTune(r: FineTuneRecord, index: number) {
  return {
    step: index + 1,
    method: 'finetune' as const,
    layer: null,
    removedId: null,
    heirs: [],
    biasCoef: null,
    cost: null,
    relCost: null,
    accuracyAfter: r.accuracyAfter ?? null,
    paramsAfter: r.paramsAfter,
    finetune: { epochs: r.epochs, learningRate: r.learningRate, batchSize: r.batchSize, seed: r.seed },
  };
}

/** One record with a fixed key order; `step` counts from 1. */
function ordered(r: MergeRecord, index: number) {
  return {
    step: index + 1,
    method: r.method,
    layer: r.layer,
    removedId: r.removedId,
    heirs: r.heirs.map((h) => ({ id: h.id, coef: h.coef })),
    biasCoef: r.biasCoef,
    cost: r.cost,
    relCost: r.relCost ?? null,
    accuracyAfter: r.accuracyAfter ?? null,
    paramsAfter: r.paramsAfter,
  };
}

/** How many digits the held-out sets have (the accuracies' denominators). */
export interface HeldOutSizes {
  test: number;
  validation?: number;
}

/** Each step's accuracies as counts with 95% Wilson intervals, on the test digits (they report) and the validation digits (they decide). */
function accuracies(r: HistoryRecord, index: number, sizes: HeldOutSizes) {
  const on = (correct: number | undefined, n: number | undefined) => (correct === undefined || !n ? null : accuracyOf(correct, n));
  return { step: index + 1, test: on(r.testCorrectAfter, sizes.test), validation: on(r.validationCorrectAfter, sizes.validation) };
}

/**
 * { "format": "neurounify-steps", "version": 1, "steps": [...] }, two-space indent, keys in the
 * order of ordered(). Given the held-out sizes, an "accuracy" list follows, one entry per step:
 * { step, test, validation }, each { correct, n, value, ci95: [lo, hi] } (95% Wilson interval) or
 * null when not tracked. Non-finite numbers become null (JSON has no NaN).
 */
export function recordsToJson(records: readonly HistoryRecord[], sizes?: HeldOutSizes): string {
  const steps = records.map((r, i) => (isFineTune(r) ? orderedFineTune(r, i) : ordered(r, i)));
  const file = { format: STEPS_JSON_FORMAT, version: records.some(isFineTune) ? 2 : 1, steps, ...(sizes ? { heldOut: sizes, accuracy: records.map((r, i) => accuracies(r, i, sizes)) } : {}) };
  return `${JSON.stringify(file, null, 2)}\n`;
}

/** Shortest text that parses back to the same float64 (keeps the sign of -0). */
export function formatNumber(x: number | undefined): string {
  if (x === undefined) return '';
  return Object.is(x, -0) ? '-0' : String(x);
}

/**
 * An RFC 4180 field: d3's csvFormatValue quotes it when it holds a comma, a quote or a line break
 * (doubling the quotes); `forceQuotes` quotes a field that needs none as well.
 */
export function csvField(text: string, forceQuotes = false): string {
  const field = csvFormatValue(text);
  return forceQuotes && field === text ? `"${text}"` : field;
}

/**
 * CSV with STEPS_CSV_HEADER, CRLF line ends; heirs as "id:coef;id:coef" (always quoted, so a step
 * without heirs reads as an empty string, not a missing value). d3's csvFormatRows would join rows
 * with LF and cannot force quotes, so rows are joined here from d3-quoted fields.
 */
export function recordsToCsv(records: readonly HistoryRecord[]): string {
  const tuned = records.some(isFineTune);
  const lines = [csvFormatRow(tuned ? [...STEPS_CSV_HEADER, ...FINETUNE_CSV_COLUMNS] : [...STEPS_CSV_HEADER])];
  records.forEach((r, i) => {
    if (isFineTune(r)) {
      const settings = [r.epochs, r.learningRate, r.batchSize, r.seed].map((x) => formatNumber(x));
      lines.push([String(i + 1), 'finetune', '', '', '""', '', '', '', formatNumber(r.accuracyAfter), String(r.paramsAfter), ...settings].join(','));
      return;
    }
    const heirs = r.heirs.map((h) => `${h.id}:${formatNumber(h.coef)}`).join(';');
    const fields = [
      String(i + 1),
      csvField(r.method),
      String(r.layer),
      String(r.removedId),
      csvField(heirs, true),
      formatNumber(r.biasCoef),
      formatNumber(r.cost),
      formatNumber(r.relCost),
      formatNumber(r.accuracyAfter),
      String(r.paramsAfter),
    ];
    if (tuned) fields.push('', '', '', '');
    lines.push(fields.join(','));
  });
  return `${lines.join('\r\n')}\r\n`;
}
