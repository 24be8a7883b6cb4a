/**
 * What the views read never changes what the engine computes: a session whose
 * every view is read after every step (every layer's LayerView with the
 * all-layers range, the preferred classes of every layer, the accuracies and
 * per-digit damage, the preview of the next step and of a pair, and the
 * method's caches built ahead) takes
 * bit-identical steps to a headless one, for every method, over a few hundred
 * steps with undo and redo in between.
 *
 * Sizes: 49 inputs (7 x 7 random pixels), hidden 160-100-60, 10 classes;
 * 300 probe, 150 validation and 200 test samples; 300 steps per method.
 * (This test failed for pair and ls on the engine before the activation
 * caches became independent of read order, and again, with the previews,
 * before Gram matrices and structures were tied to the layer's birth.)
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { initNodeBackend } from '../../node/tf-node';
import { CompactionSession, METHODS } from '../compaction';
import type { MergeRecord, Method } from '../compaction';
import { randomDataset, tinyMlp } from '../compaction/test-fixtures';
import { LayerViewCache } from './layer-view';

beforeAll(async () => {
  await initNodeBackend('cpu');
});

const probe = randomDataset(300, 71, 7, 7, 10);
const heldOut = randomDataset(200, 72, 7, 7, 10);
const validation = randomDataset(150, 73, 7, 7, 10);
const model = tinyMlp([160, 100, 60], 9, 'relu', 49, 10);
const STEPS = 300;

async function session(): Promise<CompactionSession> {
  return CompactionSession.create({ model, probe, heldOut, validation, seed: 3 });
}

/** Runs the same script of steps, undos and redos; `look` runs after every change. */
function drive(s: CompactionSession, method: Method, look: () => void): MergeRecord[] {
  const out: MergeRecord[] = [];
  for (let k = 0; k < STEPS; k++) {
    const r = s.step(method);
    if (!r) break;
    out.push(r);
    look();
    if (k % 40 === 39) {
      s.undo();
      look();
      s.undo();
      look();
      s.redo();
      look();
    }
  }
  return out;
}

describe('results never depend on the view', () => {
  for (const method of METHODS) {
    it(`${method}: every view read after every step gives the headless steps, bit for bit`, async () => {
      const plain = await session();
      const watched = await session();
      const views = new LayerViewCache(probe.labels, 10);
      const look = () => {
        for (let l = 0; l < watched.hiddenLayers; l++) views.view(watched, l, { allLayers: true });
        for (let l = 0; l < watched.hiddenLayers; l++) views.preferredClasses(watched, l);
        watched.accuracies();
        watched.perDigit();
        watched.preview(method); // the app previews the next step after every change
        // Hovering a pair in the similarity graph previews unifying it (the last layer's first two neurons).
        const ids = watched.aliveIds()[watched.hiddenLayers - 1];
        if (ids.length > 1) watched.previewUnify(watched.hiddenLayers - 1, ids[0], ids[1]);
      };
      expect(await watched.prepare(method)).toBe(true); // the app builds the method's caches ahead
      look();
      const a = drive(plain, method, () => {});
      const b = drive(watched, method, look);
      expect(a.length).toBeGreaterThan(200);
      expect(a.every((r) => r.validationCorrectAfter !== undefined && r.testCorrectAfter !== undefined)).toBe(true);
      expect(b).toEqual(a);
      expect(watched.records()).toEqual(plain.records());
      expect(watched.current()).toEqual(plain.current());
    }, 120_000);
  }
});
