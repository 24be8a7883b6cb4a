/**
 * Training survives a failing backend and a reload (Node, fake services): the
 * run pauses with a message, moves to the next backend, and resumes from its
 * last checkpoint; after a reload, the stored epoch-end checkpoint is offered.
 */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { bootFresh, until } from '../node/state-harness';
import { reset, train, updateSettings } from './actions/training';
import { useStore } from './store';

const SMALL = { hidden: [16], epochs: 3, batchSize: 128, learningRate: 0.003, seed: 5 };

describe('training that survives', () => {
  it('pauses when the backend is lost, moves to the next one and resumes from the last checkpoint', async () => {
    const sv = await bootFresh();
    updateSettings(SMALL);
    const done = train();
    await until((s) => s.training.epochs.length >= 1, 120_000, 'the first epoch');
    const before = tf.getBackend();
    expect(sv.loseBackend).not.toBeNull();
    sv.loseBackend!('the WebGL context was lost (simulated)');
    await done;
    let st = useStore.getState();
    expect(st.training.status).toBe('paused');
    expect(st.training.resumable).toMatchObject({ epoch: expect.any(Number), reason: expect.stringMatching(/simulated/) });
    expect(st.backend?.name).not.toBe(before);
    expect(tf.getBackend()).toBe(st.backend?.name);
    const notice = st.notices.find((n) => /Training paused/.test(n.text))!;
    expect(notice.text).toMatch(new RegExp(`moved to ${st.backend!.name}.*Resume`));
    const at = st.training.resumable!;

    await train();
    st = useStore.getState();
    expect(st.training.status).toBe('done');
    expect(st.training.resumable).toBeNull();
    // Every epoch reported exactly once, in order, whatever was trained again after the checkpoint.
    expect(st.training.epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    const steps = st.training.losses.map((l) => l.step);
    expect(new Set(steps).size).toBe(steps.length);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    expect(st.training.epochs.at(-1)!.epoch).toBeGreaterThanOrEqual(at.epoch);
    expect(st.model?.source).toBe('trained');
    await until((s) => s.compaction.ready, 60_000, 'the explorer on the trained model');
  });

  it('after a reload during training, offers to resume from the last epoch and finishes the run', async () => {
    const sv = await bootFresh();
    updateSettings({ ...SMALL, epochs: 2 });
    void train();
    await until((s) => s.training.epochs.length >= 1, 120_000, 'the first epoch');
    await until(() => sv.workStore.map.has('training'), 10_000, 'the stored checkpoint');
    const stored = sv.workStore.map.get('training');
    // The old page goes away (in Node the module's run would otherwise go on beside the new one).
    reset();

    // The reload: a new page with the same storage.
    await bootFresh({ before: (next) => next.workStore.map.set('training', stored) });
    const notice = useStore.getState().notices.find((n) => /interrupted by a reload after epoch 1 of 2/.test(n.text))!;
    expect(notice.action?.label).toMatch(/Resume training from epoch/);
    expect(useStore.getState().training.status).toBe('idle');
    notice.action!.run();
    await until((s) => s.training.status === 'done', 120_000, 'the resumed run to finish');
    const st = useStore.getState();
    expect(st.training.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(st.model?.widths).toEqual([784, 16, 10]);
  });
});
