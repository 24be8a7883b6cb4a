import { csvParseRows } from 'd3';
import { describe, expect, it } from 'vitest';
import type { HistoryRecord, MergeRecord } from '../compaction/types';
import { wilsonInterval } from '../stats/accuracy';
import { csvField, FINETUNE_CSV_COLUMNS, formatNumber, recordsToCsv, recordsToJson, STEPS_CSV_HEADER } from './export-steps';

const records: MergeRecord[] = [
  { method: 'pair', layer: 0, removedId: 17, heirs: [{ id: 3, coef: 0.1 + 0.2 }], biasCoef: -1.5e-300, cost: 1 / 3, relCost: 2e-9, accuracyAfter: 0.9583, paramsAfter: 266_200 },
  { method: 'ls', layer: 1, removedId: 4, heirs: [{ id: 1, coef: Math.PI }, { id: 9, coef: -0 }], biasCoef: 0, cost: 12345.678901234567, paramsAfter: 266_000 },
  { method: 'random', layer: 0, removedId: 2, heirs: [], biasCoef: 0, cost: 0, paramsAfter: 265_215 },
];

describe('step log export', () => {
  it('JSON: wrapper, stable key order, null for missing values, exact numbers', () => {
    const text = recordsToJson(records);
    const o = JSON.parse(text) as { format: string; version: number; steps: Record<string, unknown>[] };
    expect([o.format, o.version]).toEqual(['neurounify-steps', 1]);
    expect(Object.keys(o.steps[0])).toEqual(['step', 'method', 'layer', 'removedId', 'heirs', 'biasCoef', 'cost', 'relCost', 'accuracyAfter', 'paramsAfter']);
    expect(Object.keys(o.steps[1])).toEqual(Object.keys(o.steps[0]));
    expect(o.steps[1]).toMatchObject({ step: 2, relCost: null, accuracyAfter: null, cost: 12345.678901234567 });
    expect(o.steps[0]).toMatchObject({ heirs: [{ id: 3, coef: 0.30000000000000004 }], biasCoef: -1.5e-300 });
    expect(text).toContain('\n  "steps": [\n    {\n      "step": 1,');
    // Key order does not depend on the order the record's fields were set in.
    const shuffled = records.map((r) => Object.fromEntries(Object.entries(r).reverse()) as unknown as MergeRecord);
    expect(recordsToJson(shuffled)).toBe(text);
  });

  it('CSV: header, one row per step, heirs quoted, floats that read back exactly', () => {
    const text = recordsToCsv(records);
    expect(text.split('\r\n')[0]).toBe('step,method,layer,removed_id,heirs,bias_coef,cost,rel_cost,accuracy_after,params_after');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.split('\r\n')[1]).toBe('1,pair,0,17,"3:0.30000000000000004",-1.5e-300,0.3333333333333333,2e-9,0.9583,266200');
    const rows = csvParseRows(text);
    expect(rows).toHaveLength(4);
    expect(rows[0]).toEqual([...STEPS_CSV_HEADER]);
    expect(rows[2]).toEqual(['2', 'ls', '1', '4', '1:3.141592653589793;9:-0', '0', '12345.678901234567', '', '', '266000']);
    expect(rows[3][4]).toBe('');
    expect(text.split('\r\n')[3]).toContain(',"",');
    expect(Number(rows[1][6])).toBe(1 / 3);
    expect(Object.is(Number(rows[2][4].split(';')[1].split(':')[1]), -0)).toBe(true);
    expect(recordsToCsv([])).toBe(`${STEPS_CSV_HEADER.join(',')}\r\n`);
  });

  it('quotes fields per RFC 4180', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('', true)).toBe('""');
    expect(csvParseRows(`${csvField('x,"y"\r\nz')},w\r\n`)).toEqual([['x,"y"\r\nz', 'w']]);
    expect([formatNumber(undefined), formatNumber(-0), formatNumber(NaN), formatNumber(1e21)]).toEqual(['', '-0', 'NaN', '1e+21']);
  });

  it('JSON: with the held-out sizes, every step carries its accuracies with 95% Wilson intervals', () => {
    const tracked: MergeRecord[] = [{ ...records[0], testCorrectAfter: 1917, validationCorrectAfter: 991 }, records[2]];
    const o = JSON.parse(recordsToJson(tracked, { test: 2000, validation: 1000 }));
    expect(o.heldOut).toEqual({ test: 2000, validation: 1000 });
    expect(o.accuracy[0].test).toEqual({ correct: 1917, n: 2000, value: 0.9585, ci95: wilsonInterval(1917, 2000) });
    expect(o.accuracy[0].validation.ci95[0]).toBeLessThan(0.991);
    expect(o.accuracy[0].validation.ci95[1]).toBeGreaterThan(0.991);
    expect(o.accuracy[1]).toEqual({ step: 2, test: null, validation: null });
    // The steps themselves are as without sizes.
    expect(o.steps).toEqual(JSON.parse(recordsToJson(tracked)).steps);
  });

  it('lists a fine-tune as a row of its own, with its settings (JSON version 2, four more CSV columns)', () => {
    const tuned: HistoryRecord[] = [
      records[0],
      { kind: 'finetune', epochs: 1, learningRate: 0.001, batchSize: 128, seed: 1, accuracyAfter: 0.96, testCorrectAfter: 1920, validationCorrectAfter: 970, paramsAfter: 266_200 },
      records[1],
    ];
    const o = JSON.parse(recordsToJson(tuned, { test: 2000, validation: 1000 }));
    expect(o.version).toBe(2);
    expect(o.steps[1]).toEqual({
      step: 2,
      method: 'finetune',
      layer: null,
      removedId: null,
      heirs: [],
      biasCoef: null,
      cost: null,
      relCost: null,
      accuracyAfter: 0.96,
      paramsAfter: 266_200,
      finetune: { epochs: 1, learningRate: 0.001, batchSize: 128, seed: 1 },
    });
    expect(o.steps[2]).toEqual({ ...JSON.parse(recordsToJson(records)).steps[1], step: 3 });
    expect(o.accuracy[1].test).toEqual({ correct: 1920, n: 2000, value: 0.96, ci95: wilsonInterval(1920, 2000) });
    expect(JSON.parse(recordsToJson(records)).version).toBe(1);
    const rows = csvParseRows(recordsToCsv(tuned));
    expect(rows[0]).toEqual([...STEPS_CSV_HEADER, ...FINETUNE_CSV_COLUMNS]);
    expect(rows[2]).toEqual(['2', 'finetune', '', '', '', '', '', '', '0.96', '266200', '1', '0.001', '128', '1']);
    expect(rows[1].slice(-4)).toEqual(['', '', '', '']);
    expect(rows[1].slice(0, 10)).toEqual(csvParseRows(recordsToCsv(records))[1]);
    expect(rows[3].slice(1, 10)).toEqual(csvParseRows(recordsToCsv(records))[2].slice(1));
  });
});

