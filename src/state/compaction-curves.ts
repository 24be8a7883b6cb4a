/**
 * The curves of the compaction chart (test accuracy against parameters): the
 * user's steps, the redoable steps after the cursor, and each comparison
 * run. The chart draws them and the comparison export writes them, from this
 * one function, so a file holds exactly the points drawn. Also the export's
 * formats (CSV, JSON with a summary per method).
 */
import { COST_METHODS, METHOD_LABELS, METHODS, type Method } from '../core/compaction';
import { accuracyOf, type Accuracy } from '../core/stats/accuracy';
import { tunedKey, type CompactionState, type CurvePoint } from './compaction-types';

export interface Curve {
  /** The chart's name for it (its legend entry and data-series). */
  name: string;
  kind: 'yours' | 'redo' | 'comparison';
  /** The comparison run's method (null for the user's steps, which may mix methods). */
  method: Method | null;
  /** A comparison run with 1 epoch of fine-tuning at each point. */
  tuned?: boolean;
  points: CurvePoint[];
}

export type CurveSource = Pick<CompactionState, 'records' | 'cursor' | 'baseParams' | 'baseAccuracy' | 'baselines'>;

export const YOUR_STEPS = 'your steps';
export const REDO_STEPS = 'redo';

/** Comparison runs (in METHODS order), then the redoable steps, then the user's steps (drawn last, on top). */
export function compactionCurves(c: CurveSource): Curve[] {
  const mine: CurvePoint[] = [{ params: c.baseParams, accuracy: c.baseAccuracy ?? 0 }];
  for (const r of c.records.slice(0, c.cursor)) if (r.accuracyAfter !== undefined) mine.push({ params: r.paramsAfter, accuracy: r.accuracyAfter });
  // The steps after the cursor, joined to the current point.
  const tail: CurvePoint[] = [mine[mine.length - 1]];
  for (const r of c.records.slice(c.cursor)) if (r.accuracyAfter !== undefined) tail.push({ params: r.paramsAfter, accuracy: r.accuracyAfter });
  const curves: Curve[] = [];
  for (const m of METHODS) {
    const pts = c.baselines[m];
    if (pts) curves.push({ name: METHOD_LABELS[m], kind: 'comparison', method: m, points: pts });
    const tuned = c.baselines[tunedKey(m)];
    if (tuned) curves.push({ name: `${METHOD_LABELS[m]}, fine-tuned 1 epoch`, kind: 'comparison', method: m, tuned: true, points: tuned });
  }
  if (tail.length > 1) curves.push({ name: REDO_STEPS, kind: 'redo', method: null, points: tail });
  curves.push({ name: YOUR_STEPS, kind: 'yours', method: null, points: mine });
  return curves;
}

/** CSV with one row per point: series, kind, method, point (0-based along the curve), parameters, test accuracy. */
export function curvesToCsv(curves: readonly Curve[]): string {
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  const rows = ['series,kind,method,point,params,test_accuracy'];
  for (const c of curves) c.points.forEach((p, i) => rows.push([quote(c.name), c.kind, c.method ?? '', i, p.params, p.accuracy].join(',')));
  return rows.join('\n') + '\n';
}

/** Where a method's curve ends. */
export interface MethodSummary {
  series: string;
  method: Method | null;
  /** Layer widths, input to output. */
  widths: number[];
  /** 'learned': found by structure learning (a run to target of a unification method, which compares layers); 'final': where the steps ended. */
  widthsAre: 'learned' | 'final';
  params: number;
  testAccuracy: number;
  testCorrect: number;
  testDigits: number;
  /** 95% Wilson score interval of the test accuracy. */
  ci95: [number, number];
}

/** The test digits the accuracies are measured on, in words and numbers. */
export interface DigitsNote {
  set: 'test';
  count: number;
  dataset: string;
  description: string;
}

export interface CurvesDocument {
  format: 'neurounify-compaction-curves';
  version: 1;
  model: string;
  digits: DigitsNote;
  curves: Curve[];
  summary: MethodSummary[];
}

function summaryOf(series: string, method: Method | null, widths: number[], widthsAre: MethodSummary['widthsAre'], params: number, acc: Accuracy): MethodSummary {
  return { series, method, widths, widthsAre, params, testAccuracy: acc.value, testCorrect: acc.correct, testDigits: acc.n, ci95: acc.ci95 };
}

/**
 * The export's JSON: the curves and a summary per method. `current` is the
 * user's network now (its widths and test accuracy as counts); comparison
 * runs are summarised from their last point (accuracy = correct / testDigits
 * exactly, so the count is recovered by rounding) and where they ended.
 */
export function curvesDocument(
  c: CurveSource & Pick<CompactionState, 'widths' | 'learnedWidths' | 'baselineEnds' | 'params'>,
  current: Accuracy | null,
  model: string,
  digits: DigitsNote,
): CurvesDocument {
  const curves = compactionCurves(c);
  const summary: MethodSummary[] = [];
  for (const curve of curves) {
    if (curve.kind !== 'comparison' || !curve.method || curve.tuned) continue;
    const last = curve.points[curve.points.length - 1];
    const end = c.baselineEnds[curve.method];
    const acc = accuracyOf(Math.round(last.accuracy * digits.count), digits.count);
    summary.push(summaryOf(curve.name, curve.method, end?.widths ?? [], COST_METHODS.includes(curve.method) ? 'learned' : 'final', end?.params ?? last.params, acc));
  }
  if (current) {
    const learned = c.learnedWidths !== null && c.learnedWidths.length === c.widths.length && c.learnedWidths.every((w, i) => w === c.widths[i]);
    summary.push(summaryOf(YOUR_STEPS, null, c.widths.slice(), learned ? 'learned' : 'final', c.params, current));
  }
  return { format: 'neurounify-compaction-curves', version: 1, model, digits, curves, summary };
}
