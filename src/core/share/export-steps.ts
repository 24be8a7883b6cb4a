/**
 * The step log as files: JSON (pretty, stable key order) and CSV (RFC 4180, quoting by d3's
 * csvFormatValue). Numbers are written with JavaScript's shortest round-trip form, so every float64
 * reads back exactly; a missing optional value is null in JSON and an empty field in CSV.
 */
import { csvFormatRow, csvFormatValue } from 'd3';
import type { MergeRecord } from '../compaction/types';
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
function accuracies(r: MergeRecord, index: number, sizes: HeldOutSizes) {
  const on = (correct: number | undefined, n: number | undefined) => (correct === undefined || !n ? null : accuracyOf(correct, n));
  return { step: index + 1, test: on(r.testCorrectAfter, sizes.test), validation: on(r.validationCorrectAfter, sizes.validation) };
}

/**
 * { "format": "neurounify-steps", "version": 1, "steps": [...] }, two-space indent, keys in the
 * order of ordered(). Given the held-out sizes, an "accuracy" list follows, one entry per step:
 * { step, test, validation }, each { correct, n, value, ci95: [lo, hi] } (95% Wilson interval) or
 * null when not tracked. Non-finite numbers become null (JSON has no NaN).
 */
export function recordsToJson(records: readonly MergeRecord[], sizes?: HeldOutSizes): string {
  const file = { format: STEPS_JSON_FORMAT, version: 1, steps: records.map(ordered), ...(sizes ? { heldOut: sizes, accuracy: records.map((r, i) => accuracies(r, i, sizes)) } : {}) };
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
export function recordsToCsv(records: readonly MergeRecord[]): string {
  const lines = [csvFormatRow(STEPS_CSV_HEADER)];
  records.forEach((r, i) => {
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
    lines.push(fields.join(','));
  });
  return `${lines.join('\r\n')}\r\n`;
}
