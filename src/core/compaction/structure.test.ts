/** The engine on the bundled LeNet-300-100: schedules, stop rules, accuracy, incremental structures. */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, loadEmbeddedDataset } from '../../node/load-embedded';
import { initNodeBackend } from '../../node/tf-node';
import { chooseProbe } from '../coding/probe';
import type { Dataset } from '../data/dataset';
import { splitDataset } from '../data/split';
import { BUNDLED_MODEL_DIR } from '../io/bundled';
import { parseModelJson, readLayersModel } from '../io/read-layers-model';
import { evaluateAccuracy } from '../model/forward';
import type { Mlp } from '../model/mlp';
import { mlpParamCount } from '../model/mlp';
import { paramCount } from '../model/spec';
import { uniformTargetWidths } from './export';
import { spdInverse } from './linalg';
import { runToTarget } from './run';
import { CompactionSession } from './session';
import { lsLayer } from './unification';

let model: Mlp;
let ids: number[][] | undefined;
let test: Dataset;
let s: CompactionSession;
let tensorsAtStart: number;

beforeAll(async () => {
  await initNodeBackend('wasm');
  tensorsAtStart = tf.memory().numTensors;
  const dir = join(PROJECT_ROOT, 'public', BUNDLED_MODEL_DIR);
  const read = readLayersModel(parseModelJson(readFileSync(join(dir, 'model.json'), 'utf8')), new Map([['model.weights.bin', new Uint8Array(readFileSync(join(dir, 'model.weights.bin')))]]));
  model = read.mlp;
  ids = read.meta.neuronIds;
  const split = splitDataset(loadEmbeddedDataset());
  test = split.test;
  s = await CompactionSession.create({ model, neuronIds: ids, probe: chooseProbe(split.train).data, heldOut: test, validation: split.validation, trackAccuracy: false });
});

describe('on LeNet-300-100', () => {
  it("the engine's accuracy agrees with a tfjs forward pass", async () => {
    expect(s.baseAccuracy).toBeCloseTo(await evaluateAccuracy(model, test), 3);
    s.reset();
    await runToTarget(s, { method: 'ls', targetWidths: uniformTargetWidths([300, 100], 0.8) });
    expect(Math.abs(s.accuracy()! - (await evaluateAccuracy(s.current().mlp, test)))).toBeLessThanOrEqual(1 / 2000);
  });

  it('uniform removal: least squares keeps accuracy, pairwise beats magnitude', async () => {
    const at = async (method: 'ls' | 'pair' | 'magnitude', f: number) => {
      s.reset();
      const r = await runToTarget(s, { method, targetWidths: uniformTargetWidths([300, 100], f) });
      expect(r.stoppedBy).toBe('widths');
      expect(r.widths).toEqual([784, 300 - Math.round(300 * f), 100 - Math.round(100 * f), 10]);
      return r.accuracy!;
    };
    expect(await at('ls', 0.5)).toBeGreaterThan(s.baseAccuracy! - 0.01);
    expect(await at('ls', 0.8)).toBeGreaterThan(s.baseAccuracy! - 0.03);
    expect((await at('pair', 0.7)) - (await at('magnitude', 0.7))).toBeGreaterThan(0.15);
  });

  it('the downdated inverse Gram matches a fresh inverse after 250 removals', () => {
    s.reset();
    s.steps('ls', 250, { layer: 0 });
    const env = s.env(0);
    const ls = lsLayer(env);
    const g = env.gram();
    expect(Array.from(ls.positions())).toEqual(Array.from(g.idx));
    for (let a = 0; a < g.k; a++) g.S[a * g.k + a] += ls.lambda;
    const fresh = spdInverse(g.S, g.k)!;
    const down = ls.inverse();
    let worst = 0;
    let scale = 0;
    fresh.forEach((v, i) => {
      worst = Math.max(worst, Math.abs(v - down[i]));
      scale = Math.max(scale, Math.abs(v));
    });
    expect(worst / scale).toBeLessThan(1e-6);
  });

  it('global schedule: stops at the parameter target and learns the widths', async () => {
    s.reset();
    const target = Math.round(0.1 * mlpParamCount(model));
    const seen: number[] = [];
    const r = await runToTarget(s, { method: 'ls', targetParams: target, onProgress: (p) => seen.push(p.params), sliceMs: 0 });
    expect(r.stoppedBy).toBe('params');
    expect(r.params).toBeLessThanOrEqual(target);
    expect(r.records.at(-2)!.paramsAfter).toBeGreaterThan(target);
    expect(r.widths[1]).toBeLessThan(300);
    expect(r.widths[2]).toBeLessThan(100);
    expect(new Set(r.records.map((x) => x.layer))).toEqual(new Set([0, 1]));
    expect(seen.length).toBeGreaterThan(1);
    expect(r.accuracy!).toBeGreaterThan(0.85);
    // At equal parameters the learned structure is at least as accurate as uniform removal.
    const learned = r.accuracy!;
    let f = 0.85;
    while (paramCount([784, ...uniformTargetWidths([300, 100], f), 10]) > target) f += 0.001;
    s.reset();
    await runToTarget(s, { method: 'ls', targetWidths: uniformTargetWidths([300, 100], f) });
    expect(s.params()).toBeLessThanOrEqual(target);
    expect(learned).toBeGreaterThanOrEqual(s.accuracy()!);
  });

  it('accuracy budget: stops before the drop exceeds it, without a dangling step', async () => {
    // The budget is taken on the validation digits, in whole digits: 2 points of 1,000 = 20 digits.
    s.reset();
    const base = s.baseAccuracies.validation!;
    expect(base.n).toBe(1000);
    const allowed = 20;
    const r = await runToTarget(s, { method: 'pair', maxAccuracyDrop: 0.02 });
    expect(r.stoppedBy).toBe('accuracy');
    expect(r.decidedOn).toBe('validation');
    expect(base.correct - r.accuracies.validation!.correct).toBeLessThanOrEqual(allowed);
    expect(r.records.every((x) => base.correct - x.validationCorrectAfter! <= allowed)).toBe(true);
    expect(s.canRedo).toBe(false);
    expect(s.length).toBe(r.records.length);
    s.step('pair');
    expect(base.correct - s.correctCounts().validation!).toBeGreaterThan(allowed);
    // Test accuracy is reported alongside (not decided on).
    expect(r.accuracy).toBe(r.accuracies.test!.value);
    expect(r.records.every((x) => x.accuracyAfter === x.testCorrectAfter! / 2000)).toBe(true);
  });

  it('cost threshold: every step is under it, the next one is not', async () => {
    s.reset();
    const r = await runToTarget(s, { method: 'pair', maxRelCost: 1e-3, trackAccuracy: false });
    expect(r.stoppedBy).toBe('cost');
    expect(r.records.length).toBeGreaterThan(10);
    expect(r.records.every((x) => x.relCost! <= 1e-3 && x.accuracyAfter === undefined)).toBe(true);
    expect(s.preview('pair')!.relCost!).toBeGreaterThan(1e-3);
  });

  it('runs can be aborted, and report progress between slices', async () => {
    s.reset();
    const ctl = new AbortController();
    const v = s.version;
    let refused = '';
    const r = await runToTarget(s, {
      method: 'ls',
      schedule: 'uniform',
      maxSteps: 300,
      sliceMs: 0,
      signal: ctl.signal,
      onProgress: () => {
        ctl.abort();
        expect(s.isRunning).toBe(true);
        try {
          s.undo();
        } catch (e) {
          refused = (e as Error).message;
        }
      },
    });
    expect(refused).toMatch(/run is in progress/);
    expect(r.stoppedBy).toBe('aborted');
    expect(r.records.length).toBe(1);
    expect(s.isRunning).toBe(false);
    expect(s.version).toBeGreaterThan(v);
    expect(s.undo()).toBe(true);
  });

  it('baselines run through the same interface and schedules', async () => {
    for (const method of ['random', 'magnitude', 'apoz', 'srinivas', 'merging'] as const) {
      s.reset();
      const r = await runToTarget(s, { method, targetParams: 150_000 });
      expect(r.stoppedBy).toBe('params');
      expect(r.records.every((x) => x.method === method)).toBe(true);
      // uniform schedule: widths stay at the same fraction of the original
      expect(Math.abs(r.widths[1] / 300 - r.widths[2] / 100)).toBeLessThan(0.02);
    }
    expect(() => s.preview('magnitude', { schedule: 'global' })).toThrow(/cost method/);
  });

  it('leaves no tensors behind', () => {
    expect(tf.memory().numTensors).toBe(tensorsAtStart);
  });
});
