import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../core/compaction';
import { fineTuneMarks } from './finetune-marks';

const step = (paramsAfter: number, accuracyAfter?: number): HistoryRecord => ({ method: 'magnitude', layer: 0, removedId: paramsAfter, heirs: [], biasCoef: 0, cost: 0, paramsAfter, accuracyAfter });
const tune = (paramsAfter: number, accuracyAfter: number, seed: number): HistoryRecord => ({ kind: 'finetune', epochs: 1, learningRate: 0.001, batchSize: 128, seed, paramsAfter, accuracyAfter });

describe('fine-tune marks for the compaction chart', () => {
  it('each fine-tune is a vertical move at its parameter count, from the accuracy before it to the one after', () => {
    const records = [tune(1000, 0.97, 1), step(900, 0.9), step(800, 0.8), tune(800, 0.88, 2), step(700), tune(700, 0.85, 3)];
    expect(fineTuneMarks({ records, cursor: 4, baseAccuracy: 0.95 })).toEqual([
      { step: 1, params: 1000, before: 0.95, after: 0.97, applied: true, settings: { epochs: 1, learningRate: 0.001, batchSize: 128, seed: 1 } },
      { step: 4, params: 800, before: 0.8, after: 0.88, applied: true, settings: { epochs: 1, learningRate: 0.001, batchSize: 128, seed: 2 } },
      { step: 6, params: 700, before: null, after: 0.85, applied: false, settings: { epochs: 1, learningRate: 0.001, batchSize: 128, seed: 3 } },
    ]);
    expect(fineTuneMarks({ records: [step(10, 0.5)], cursor: 1, baseAccuracy: 0.9 })).toEqual([]);
  });
});
