/** The command line of `npm run compact`: argument parsing, parameter targets, and runs end to end on a small model. */
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from './tf-node';
import { randomDataset, tinyMlp, weightBits } from '../core/compaction/test-fixtures';
import { splitDataset } from '../core/data/split';
import { mlpParamCount } from '../core/model/mlp';
import { wilsonInterval } from '../core/stats/accuracy';
import { describeSummary, parseCompactArgs, parseParamTarget, resolveParamTarget, runCompaction, smallestParams, USAGE, UsageError } from './compact-cli';

const lenet = tinyMlp([300, 100], 1, 'relu', 784, 10); // only its shape matters for targets

describe('compact: arguments', () => {
  it('parses every mode and option', () => {
    expect(parseCompactArgs(['--method', 'ls', '--max-drop', '1', '--json'])).toEqual({ method: 'ls', mode: 'max-drop', maxDrop: 1, probe: 2000, seed: 1, json: true });
    expect(parseCompactArgs(['--method', 'pair', '--remove-fraction', '0.8', '--probe', '500', '--seed', '3', '--out', 'x'])).toEqual({
      method: 'pair',
      mode: 'remove-fraction',
      fraction: 0.8,
      probe: 500,
      seed: 3,
      out: 'x',
      json: false,
    });
    expect(parseCompactArgs(['--method', 'magnitude', '--target-params', '20%', '--schedule', 'uniform', '--model', 'm'])).toMatchObject({
      mode: 'target-params',
      targetParams: { share: 0.2, text: '20%' },
      schedule: 'uniform',
      modelDir: 'm',
    });
    expect(parseCompactArgs(['--help'])).toBeNull();
    expect(parseCompactArgs(['--method', 'magnitude', '--remove-fraction', '0.8', '--finetune-epochs', '2', '--finetune-lr', '0.0005', '--finetune-seed', '9', '--json'])).toMatchObject({
      finetune: { epochs: 2, learningRate: 0.0005, batchSize: 128, seed: 9 },
    });
    // The defaults are the bundled model's training settings.
    expect(parseCompactArgs(['--method', 'ls', '--max-drop', '1', '--finetune-epochs', '1'])!.finetune).toEqual({ epochs: 1, learningRate: 0.001, batchSize: 128, seed: 1 });
  });

  it('refuses what does not make sense, with the reason', () => {
    const bad: [string[], RegExp][] = [
      [['--max-drop', '1'], /--method is required/],
      [['--method', 'nope', '--max-drop', '1'], /unknown method/],
      [['--method', 'ls'], /exactly one/],
      [['--method', 'ls', '--max-drop', '1', '--target-params', '10%'], /exactly one/],
      [['--method', 'ls', '--max-drop=-1'], /--max-drop must be/],
      [['--method', 'ls', '--max-drop', '101'], /--max-drop must be/],
      [['--method', 'ls', '--remove-fraction', '1'], /\[0, 1\)/],
      [['--method', 'magnitude', '--max-drop', '1', '--schedule', 'global'], /global schedule needs a cost/],
      [['--method', 'ls', '--remove-fraction', '0.5', '--schedule', 'uniform'], /applies to --target-params/],
      [['--method', 'ls', '--max-drop', '1', '--bogus'], /bogus/],
      [['--method', 'ls', '--target-params', '1.5'], /fraction lies in \(0, 1\)/],
      [['--method', 'ls', '--target-params', '0%'], /percentages/],
      [['--method', 'ls', '--target-params', 'ten'], /--target-params must be/],
      [['--method', 'ls', '--max-drop', '1', '--finetune-epochs', '0'], /--finetune-epochs must be an integer from 1 to 200/],
      [['--method', 'ls', '--max-drop', '1', '--finetune-epochs', '1', '--finetune-lr', '5'], /--finetune-lr must be a number from 0.00001 to 1|--finetune-lr must be a number from 1e-5 to 1/],
      [['--method', 'ls', '--max-drop', '1', '--finetune-seed', '3'], /--finetune-seed needs --finetune-epochs/],
    ];
    for (const [argv, msg] of bad) {
      expect(() => parseCompactArgs(argv)).toThrow(UsageError);
      expect(() => parseCompactArgs(argv)).toThrow(msg);
    }
  });

  it('--target-params: percentages and fractions are shares, a bare integer counts parameters', () => {
    expect(parseParamTarget('20%')).toEqual({ share: 0.2, text: '20%' });
    expect(parseParamTarget('0.2')).toEqual({ share: 0.2, text: '0.2' });
    expect(parseParamTarget('26661')).toEqual({ count: 26661 });
    const total = mlpParamCount(lenet);
    expect(resolveParamTarget(parseParamTarget('20%'), lenet)).toBe(Math.floor(0.2 * total));
    expect(resolveParamTarget(parseParamTarget('0.2'), lenet)).toBe(Math.floor(0.2 * total));
    expect(resolveParamTarget(parseParamTarget('26661'), lenet)).toBe(26661);
    expect(USAGE).toMatch(/bare integer/);
  });

  it('refuses a target below the smallest possible network, saying why', () => {
    expect(smallestParams(lenet)).toBe(784 + 1 + 1 + 1 + 10 + 10); // 784-1-1-10
    expect(() => resolveParamTarget(parseParamTarget('20'), lenet)).toThrow(/smallest network with these layers \(784-1-1-10\) has 807.*--target-params 20%/);
    expect(() => resolveParamTarget(parseParamTarget('0.001'), lenet)).toThrow(/0\.001 of 266610 parameters \(266\)/);
    expect(resolveParamTarget(parseParamTarget('807'), lenet)).toBe(807);
  });
});

describe('compact: runs end to end on a small model', () => {
  // 4 x 4 random images, 4 classes, split 7 : 1 : 2 (700 / 100 / 200 of 1,000).
  const data = splitDataset(randomDataset(1000, 91, 4, 4, 4));
  const mlp = tinyMlp([24, 16], 5, 'relu', 16, 4);
  const model = { mlp, name: 'tiny' };

  beforeAll(async () => {
    await initNodeBackend('cpu');
  });

  it('--max-drop decides on the validation digits, within the budget by count, and reports both sets with intervals', async () => {
    const a = parseCompactArgs(['--method', 'ls', '--max-drop', '3', '--probe', '300', '--json'])!;
    const { summary, session } = await runCompaction(a, model, data);
    expect(summary.decidedOn).toBe('validation');
    expect(summary.stoppedBy).toBe('accuracy');
    const v = summary.accuracy.validation!;
    const b = summary.baseline.validation!;
    expect([v.n, b.n, summary.accuracy.test!.n]).toEqual([100, 100, 200]);
    expect(b.correct - v.correct).toBeLessThanOrEqual(3); // 3 points of 100 digits
    // The next step would have lost more than 3 digits.
    session.step('ls');
    expect(b.correct - session.correctCounts().validation!).toBeGreaterThan(3);
    for (const x of [summary.accuracy.test!, summary.accuracy.validation!, summary.baseline.test!, summary.baseline.validation!]) {
      expect(Object.keys(x).sort()).toEqual(['ci95', 'correct', 'n', 'value']);
      expect(x.value).toBe(x.correct / x.n);
      expect(x.ci95).toEqual(wilsonInterval(x.correct, x.n));
    }
    expect(summary.accuracyBefore).toBe(summary.baseline.test!.value);
    expect(summary.accuracyAfter).toBe(summary.accuracy.test!.value);
    const json = JSON.parse(JSON.stringify(summary));
    expect(json.accuracy.validation.ci95).toHaveLength(2);
    expect(describeSummary(summary).join('\n')).toMatch(/decided on the validation digits/);
  });

  it('--target-params 20% stops at the parameter target; no accuracy decides', async () => {
    const { summary } = await runCompaction(parseCompactArgs(['--method', 'pair', '--target-params', '20%', '--probe', '300'])!, model, data);
    expect(summary.decidedOn).toBeNull();
    expect(summary.stoppedBy).toBe('params');
    expect(summary.target).toBe(Math.floor(0.2 * mlpParamCount(mlp)));
    expect(summary.params).toBeLessThanOrEqual(summary.target);
    expect(summary.accuracy.test!.n).toBe(200);
  });

  it('--remove-fraction and a refused target', async () => {
    const { summary } = await runCompaction(parseCompactArgs(['--method', 'magnitude', '--remove-fraction', '0.5', '--probe', '300'])!, model, data);
    expect(summary.widths).toEqual([16, 12, 8, 4]);
    expect(summary.decidedOn).toBeNull();
    await expect(runCompaction(parseCompactArgs(['--method', 'ls', '--target-params', '20'])!, model, data)).rejects.toThrow(/smallest network/);
  });

  it('--finetune-epochs fine-tunes the compacted model and reports the accuracy before and after, with intervals', async () => {
    const a = parseCompactArgs(['--method', 'magnitude', '--remove-fraction', '0.5', '--probe', '300', '--finetune-epochs', '3', '--finetune-lr', '0.01', '--finetune-batch', '32', '--json'])!;
    const { summary, session, records } = await runCompaction(a, model, data);
    const plain = await runCompaction(parseCompactArgs(['--method', 'magnitude', '--remove-fraction', '0.5', '--probe', '300'])!, model, data);
    const f = summary.finetune!;
    expect(f).toMatchObject({ epochs: 3, learningRate: 0.01, batchSize: 32, seed: 1, backend: 'cpu' });
    // Before: the compacted model's, as a run without fine-tuning reports it; after: the fine-tuned model's, which is the final one.
    expect(f.before).toEqual(plain.summary.accuracy);
    expect(f.after).toEqual(session.accuracies());
    expect(summary.accuracy).toEqual(f.after);
    expect(summary.accuracyAfter).toBe(f.after.test!.value);
    for (const x of [f.before.test!, f.before.validation!, f.after.test!, f.after.validation!]) {
      expect(Object.keys(x).sort()).toEqual(['ci95', 'correct', 'n', 'value']);
      expect(x.ci95).toEqual(wilsonInterval(x.correct, x.n));
    }
    expect([f.after.test!.n, f.after.validation!.n]).toEqual([200, 100]);
    // The fine-tuned weights are what --out writes; the records list the fine-tune after the removals.
    expect(weightBits(session.current().mlp)).not.toEqual(weightBits(plain.session.current().mlp));
    expect(summary.widths).toEqual(plain.summary.widths);
    expect(summary.steps).toBe(plain.summary.steps);
    expect(records.map((r) => r.kind ?? 'removal').slice(-2)).toEqual(['removal', 'finetune']);
    expect(describeSummary(summary).join('\n')).toMatch(/compacted -> .* fine-tuned[\s\S]*fine-tune: 3 epochs, learning rate 0.01, batch 32, seed 1, on cpu/);
    expect(plain.summary.finetune).toBeNull();
  });
});

