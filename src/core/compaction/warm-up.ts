/**
 * Runs the engine's step, undo and redo paths on a small throwaway network
 * (its own session, so it cannot change any result), so that the user's
 * first step does not also pay for the JavaScript engine compiling the
 * dense loops: measured in Chromium, the first step took 60-90 ms longer
 * than later ones without this. In slices, between which the page gets turns.
 */
import type { Dataset } from '../data/dataset';
import { subset } from '../data/dataset';
import { initMlp } from '../model/mlp';
import { yieldToEventLoop } from '../yield';
import { CompactionSession } from './session';
import type { Method } from './types';

export async function warmUpEngine(data: Dataset, methods: readonly Method[], rounds = 4): Promise<void> {
  const n = Math.min(data.count, 400);
  const probe = subset(data, Int32Array.from({ length: n }, (_, i) => i), 'warm-up');
  const model = initMlp({ inputSize: data.rows * data.cols, hidden: [48, 24], numClasses: data.numClasses, activation: 'relu' }, 1);
  const s = await CompactionSession.create({ model, probe, heldOut: probe }, true);
  for (let r = 0; r < rounds; r++) {
    for (const method of methods) {
      s.steps(method, 6);
      s.undo();
      s.redo();
      s.preview(method);
      s.reset();
      await yieldToEventLoop();
    }
  }
}
