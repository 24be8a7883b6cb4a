/**
 * Fine-tuning in the state layer (Node, fake browser services, the bundled
 * model on the wasm backend): a fine-tune from the stepper is one history
 * entry with live curves, undo and redo restore the figures and the weights
 * exactly, a cancelled one changes nothing, and a copied link and the saved
 * work reproduce the fine-tuned state (the fine-tune trained again).
 */
import * as tf from '@tensorflow/tfjs';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { isFineTune } from '../core/compaction';
import { weightBits } from '../core/compaction/test-fixtures';
import { parseModelJson, readLayersModel } from '../core/io/read-layers-model';
import { decodeLinkState, DEFAULT_LINK_STATE, encodeLinkState } from '../core/share/link-state';
import { bootFresh, settled, until } from '../node/state-harness';
import { currentSession, redo, setMethod, step, undo } from './actions/compaction';
import { cancelFineTune, fineTuneDefaults, resumeFineTune, startFineTune } from './actions/finetune';
import { exportModel, exportSessionFile, exportStepsCsv } from './actions/export';
import { importFiles } from './actions/import';
import { copyShareLink, declinePendingLink } from './actions/link';
import { fineTuneMarks } from './finetune-marks';
import { useStore } from './store';

const figures = () => {
  const c = useStore.getState().compaction;
  return { cursor: c.cursor, length: c.records.length, params: c.params, accuracy: c.accuracy, method: c.method };
};
const bits = () => weightBits(currentSession()!.current().mlp);

describe('fine-tuning from the stepper', () => {
  it('is one history entry with live curves; undo and redo restore it exactly; a link and the saved work reproduce it', async () => {
    const sv = await bootFresh({ backend: 'wasm' });
    await setMethod('magnitude');
    step(60);
    await settled();
    const before = figures();
    const preBits = bits();
    expect(fineTuneDefaults()).toEqual({ epochs: 1, learningRate: 0.001, batchSize: 128, seed: 1 });
    const rec = await startFineTune(fineTuneDefaults());
    expect(rec).toMatchObject({ kind: 'finetune', epochs: 1, learningRate: 0.001, batchSize: 128, seed: 1, paramsAfter: before.params });
    const st = useStore.getState();
    expect(st.finetune.status).toBe('idle');
    expect(st.finetune.losses).toHaveLength(Math.ceil(st.data!.train.count / 128)); // one loss per batch of the 7,000 training digits
    expect(st.finetune.epochs).toHaveLength(1);
    expect(st.finetune.curvesOf).toBe(st.compaction.originalIds);
    const after = figures();
    expect(after).toMatchObject({ cursor: 61, length: 61, params: before.params });
    expect(after.accuracy).not.toBe(before.accuracy);
    expect(isFineTune(st.compaction.records[60])).toBe(true);
    expect(st.compaction.lastChange).toMatchObject({ kind: 'step', record: rec });
    expect(fineTuneMarks(st.compaction)).toEqual([{ step: 61, params: before.params, before: before.accuracy, after: after.accuracy, applied: true, settings: fineTuneDefaults() }]);
    const postBits = bits();
    undo();
    await settled();
    expect(figures()).toEqual({ ...before, length: 61 });
    expect(bits()).toEqual(preBits);
    redo();
    await settled();
    expect(figures()).toEqual(after);
    expect(bits()).toEqual(postBits);
    step(5);
    await settled();
    const end = figures();
    const endBits = bits();

    // The exported model is the fine-tuned one; its merges.json and the steps CSV list the fine-tune in order.
    await exportModel();
    const zip = unzipSync(new Uint8Array(await sv.downloads.at(-1)!.blob.arrayBuffer()));
    const merges = JSON.parse(strFromU8(zip['merges.json']));
    expect(merges.version).toBe(2);
    expect(merges.records.map((r: { kind?: string }) => r.kind ?? 'removal')).toEqual([...Array(60).fill('removal'), 'finetune', ...Array(5).fill('removal')]);
    const exported = readLayersModel(parseModelJson(strFromU8(zip['model.json'])), new Map([['model.weights.bin', zip['model.weights.bin']]]));
    expect(weightBits(exported.mlp)).toEqual(endBits);
    exportStepsCsv();
    const csv = await sv.downloads.at(-1)!.blob.text();
    expect(csv.split('\r\n')[61]).toMatch(/^61,finetune,,,"",,,,0\.\d+,\d+,1,0\.001,128,1$/);

    // The link holds the fine-tune by its settings; a fresh start trains it again, to the same bits.
    await copyShareLink();
    const hash = new URL(sv.copied[0]).hash;
    const link = decodeLinkState(hash);
    expect(link.ok && link.state.finetunes).toEqual([{ at: 60, epochs: 1, learningRate: 0.001, batchSize: 128, seed: 1 }]);
    expect(link.ok && link.state.steps).toHaveLength(65);
    await new Promise((r) => setTimeout(r, 600)); // the autosave waits for a quiet moment
    const saved = sv.workStore.map.get('current') as { version: number; finetunes: unknown[] };
    expect(saved.version).toBe(2);
    expect(saved.finetunes).toEqual([{ at: 60, epochs: 1, learningRate: 0.001, batchSize: 128, seed: 1 }]);

    await exportSessionFile();
    await until(() => sv.downloads.some((d) => /neurounify-session/.test(d.fileName)), 5000, 'the session export');
    const sessionText = await sv.downloads.find((d) => /neurounify-session/.test(d.fileName))!.blob.text();
    expect(JSON.parse(sessionText).finetunes).toEqual([{ at: 60, epochs: 1, learningRate: 0.001, batchSize: 128, seed: 1 }]);

    await bootFresh({ hash, backend: 'wasm' });
    expect(figures()).toEqual(end);
    expect(bits()).toEqual(endBits);
    expect(useStore.getState().notices.filter((n) => n.kind === 'error')).toEqual([]);

    await bootFresh({ backend: 'wasm', before: (next) => next.workStore.map.set('current', saved) });
    expect(figures()).toEqual(end);
    expect(bits()).toEqual(endBits);
    expect(useStore.getState().notices.some((n) => /Restored your session: 66 of 66 steps \(1 fine-tune trained again\)/.test(n.text))).toBe(true);

    // A work file brings the fine-tune back too (trained again before the session is installed).
    await bootFresh({ backend: 'wasm' });
    const bytes = new TextEncoder().encode(sessionText);
    await importFiles([{ name: 'session.json', size: bytes.length, arrayBuffer: async () => bytes.slice().buffer }]);
    expect(figures()).toEqual(end);
    expect(bits()).toEqual(endBits);
    expect(useStore.getState().notices.some((n) => /Session restored: 66 of 66 steps/.test(n.text))).toBe(true);
  }, 300_000);

  it('a cancelled fine-tune changes nothing and leaves no tensor alive', async () => {
    await bootFresh({ backend: 'wasm' });
    await setMethod('ls');
    step(40);
    await settled();
    await startFineTune({ ...fineTuneDefaults(), epochs: 1 }); // warm-up (kernels)
    undo();
    await settled();
    const before = figures();
    const preBits = bits();
    const tensors = tf.memory().numTensors;
    const pending = startFineTune({ ...fineTuneDefaults(), epochs: 3 });
    await until((s) => s.finetune.losses.length > 3, 60_000, 'the fine-tune to start');
    // While it trains the model is busy: steps and undos are ignored.
    step(1);
    undo();
    cancelFineTune();
    expect(await pending).toBeNull();
    await settled();
    expect(figures()).toEqual(before);
    expect(bits()).toEqual(preBits);
    expect(useStore.getState().finetune.status).toBe('idle');
    expect(useStore.getState().notices.some((n) => /Fine-tune cancelled/.test(n.text))).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors);
    redo();
    await settled();
    undo();
    await settled();
    expect(tf.memory().numTensors).toBe(tensors);
  }, 300_000);

  it('a failing backend pauses the fine-tune, moves to the next backend, and Resume finishes it from the last checkpoint', async () => {
    const sv = await bootFresh({ backend: 'wasm' });
    await setMethod('magnitude');
    step(200);
    await settled();
    const before = figures();
    const pending = startFineTune({ ...fineTuneDefaults(), epochs: 2 });
    await until((s) => s.finetune.epochs.length === 1, 120_000, 'the first epoch');
    await until((s) => s.finetune.losses.length > s.finetune.batchesPerEpoch + 2, 60_000, 'batches of the second epoch');
    sv.loseBackend!('the WebGL context was lost');
    await until((s) => s.finetune.resumable !== null, 60_000, 'the fine-tune to pause');
    const st = useStore.getState();
    expect(st.finetune.status).toBe('paused');
    // The last checkpoint: the first epoch's end (or a later one, taken every few seconds).
    expect(st.finetune.resumable).toMatchObject({ reason: 'the WebGL context was lost' });
    expect(st.finetune.resumable!.epoch * 1000 + st.finetune.resumable!.batch).toBeGreaterThanOrEqual(1055);
    expect(st.backend?.name).toBe('cpu');
    expect(st.notices.some((n) => /Fine-tune paused: the wasm backend stopped working\. NeuroUnify moved to cpu/.test(n.text))).toBe(true);
    expect(figures()).toEqual(before);
    resumeFineTune();
    const rec = await pending;
    expect(rec).toMatchObject({ kind: 'finetune', epochs: 2 });
    expect(useStore.getState().finetune.epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(figures()).toMatchObject({ cursor: before.cursor + 1, params: before.params });
  }, 300_000);

  it('a link whose fine-tunes would train for long asks first, and declined it trains nothing', async () => {
    const hash = encodeLinkState({ ...DEFAULT_LINK_STATE, method: 'magnitude', steps: [[3, 0, 5, -1]], finetunes: [{ at: 1, epochs: 200, learningRate: 0.001, batchSize: 128, seed: 1 }], cursor: 2 });
    await bootFresh({ hash: `#${hash}`, backend: 'wasm' });
    const st = useStore.getState();
    expect(st.pendingLink?.state.finetunes).toHaveLength(1);
    expect(st.pendingLink!.seconds).toBeGreaterThan(60);
    // Meanwhile the app runs on its defaults.
    expect(st.compaction).toMatchObject({ ready: true, cursor: 0 });
    // Declined: nothing trains.
    declinePendingLink();
    expect(useStore.getState().finetune.status).toBe('idle');
    expect(useStore.getState().compaction.records).toHaveLength(0);
  }, 120_000);
});

