/**
 * What the compaction and recovery benches store (bench/results/*.json): every
 * run, so that docs/results.md can be rendered from both parts, and anyone can
 * recompute a figure from the raw counts.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Method } from '../src/core/compaction';
import { PROJECT_ROOT } from '../src/node/load-embedded';
import type { CompactionRow } from './compaction-runs';
import type { EpochPoint, FineTuneSettings } from './recovery-runs';

export interface MachineLoad {
  cpus: number;
  /** 1-minute load averages sampled during the run. */
  start: number;
  end: number;
  mean: number;
  max: number;
  samples: number;
}

export interface RunInfo {
  generated: string;
  command: string;
  backend: string;
  wallSeconds: number;
  load: MachineLoad;
  /** Wall seconds of each part of the run (training the models, compaction runs, fine-tuning, timings). */
  phases: { training: number; compaction: number; recovery: number; timings: number };
}

export interface ModelInfo {
  seed: number;
  /** Correct digits of the trained model. */
  test: number;
  validation: number;
  trainSeconds: number;
  /** Seed 1 only: how many weights differ in any bit from public/models/lenet-300-100 (0 = bit-identical). */
  bundledDiffering?: number;
}

export interface MergingCheck {
  model: number;
  fraction: number;
  /** Largest cosine between a pruned and a kept neuron of hidden layer 1 (incoming weights; with the bias appended). */
  weightsOnly: number;
  withBias: number;
}

export interface TimingLine {
  what: string;
  min: number;
  med: number;
  max: number | null;
}

export interface Timings {
  repeats: number;
  machine: string;
  lines: TimingLine[];
  notes: string[];
}

export interface CompactionData extends RunInfo {
  sizes: { train: number; validation: number; test: number; probe: number };
  fractions: number[];
  modelSeeds: number[];
  probeSeeds: number[];
  originalParams: number;
  models: ModelInfo[];
  rows: CompactionRow[];
  merging: MergingCheck[];
  timings: Timings | null;
}

export interface RecoveryRow {
  model: number;
  probe: number;
  method: Method;
  fraction: number;
  widths: number[];
  params: number;
  /** Seconds the compaction itself took (no fine-tuning). */
  compactSeconds: number;
  points: EpochPoint[];
}

export interface RecoveryData extends RunInfo {
  sizes: { train: number; validation: number; test: number; probe: number };
  settings: FineTuneSettings;
  fractions: number[];
  modelSeeds: number[];
  probeSeeds: number[];
  models: ModelInfo[];
  rows: RecoveryRow[];
}

export const RESULTS_DIR = join(PROJECT_ROOT, 'bench', 'results');

/** Writes the data as JSON with one run per line (compact, and a rerun's diff reads run by run). */
export function saveJson(name: string, value: { rows: unknown[] }): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const { rows, ...rest } = value;
  const head = JSON.stringify(rest, null, 1).replace(/\n}$/, '');
  writeFileSync(join(RESULTS_DIR, name), `${head},\n "rows": [\n${rows.map((r) => '  ' + JSON.stringify(r)).join(',\n')}\n ]\n}\n`);
}

export function loadJson<T>(name: string): T | null {
  const p = join(RESULTS_DIR, name);
  return existsSync(p) ? (JSON.parse(readFileSync(p, 'utf8')) as T) : null;
}
