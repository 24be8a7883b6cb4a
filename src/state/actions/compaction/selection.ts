/** What the user looks at: the method, the layer, the selected neuron, the similarity threshold, a pair's preview. */
import type { Method } from '../../../core/compaction';
import type { ExplorerState } from '../../compaction-types';
import { useStore } from '../../store';
import { host, idleHandle, replaceHistory } from './host';
import { enqueue, patchCompaction, patchExplorer, refresh, setWorking, warmAndPublish } from './publish';
import { driveChange } from './sliced';
import { engineCall } from './stepper';

/**
 * Switches the method; its caches are built in slices first, so the page
 * stays responsive. On a big model (see sliced.ts) in the stepper's queue,
 * after its work under way.
 */
export async function setMethod(method: Method): Promise<void> {
  patchCompaction({ method, preparing: method });
  const h = host.current;
  if (h?.sliced) {
    await enqueue(h, () => warmAndPublish(h, null, null));
    if (useStore.getState().compaction.method === method) patchCompaction({ preparing: null });
    return;
  }
  try {
    if (h && !h.engine.isRunning) await h.engine.prepare(method);
  } finally {
    if (useStore.getState().compaction.method === method) {
      patchCompaction({ preparing: null });
      if (h && host.current === h) refresh(h, null);
    }
  }
}

export async function selectLayer(layer: number): Promise<void> {
  const h = host.current;
  if (!h) return;
  const l = Math.max(0, Math.min(h.engine.hiddenLayers - 1, layer));
  patchExplorer({ layer: l });
  if (h.sliced) {
    // A big model: the layer's view is made in slices in the stepper's queue, after its work under way.
    await enqueue(h, () => warmAndPublish(h, null, null));
    return;
  }
  if (!h.engine.isRunning) await h.views.prepare(h.engine, l);
  if (host.current === h && useStore.getState().explorer.layer === l) refresh(h, null);
}

export function selectNeuron(layer: number, id: number | null): void {
  const h = host.current;
  if (!h) return;
  if (id === null) {
    patchExplorer({ selected: null });
    return;
  }
  if (layer !== useStore.getState().explorer.layer) patchExplorer({ layer });
  patchExplorer({ selected: { layer, id } });
  if (layer !== useStore.getState().explorer.view?.layer) refresh(h, null);
}

export function setThreshold(threshold: number): void {
  patchExplorer({ threshold: Math.max(0, Math.min(1, threshold)) });
}

export function setNormalization(normalization: ExplorerState['normalization']): void {
  const was = useStore.getState().explorer.normalization;
  patchExplorer({ normalization });
  const h = host.current;
  // The view gains or drops the all-layers range.
  if (h && (was === 'global') !== (normalization === 'global')) refresh(h, null);
}

/** Previews unifying a pair chosen in the similarity graph: the one with the lower cost is removed. */
export function previewPair(layer: number, a: number, b: number): void {
  const h = idleHandle();
  if (!h) return;
  const both = engineCall(() => [h.engine.previewUnify(layer, b, a), h.engine.previewUnify(layer, a, b)] as const, 'This pair cannot be previewed: the engine could not compute its unification.');
  if (!both) return;
  const [ab, ba] = both;
  const best = ab.cost <= ba.cost ? { removedId: b, heirId: a, preview: ab } : { removedId: a, heirId: b, preview: ba };
  patchExplorer({ pairPreview: { layer, ...best } });
}

/** Previews unifying `removedId` into `heirId`, in that direction (the inspector's "unify into…", the pair preview's swap). */
export function previewMerge(layer: number, removedId: number, heirId: number): void {
  const h = idleHandle();
  if (!h) return;
  const preview = engineCall(() => h.engine.previewUnify(layer, removedId, heirId), 'This pair cannot be previewed: the engine could not compute its unification.');
  if (preview) patchExplorer({ pairPreview: { layer, removedId, heirId, preview } });
}

/** Previews removing `removedId` by least squares (every other neuron of its layer inherits). */
export function previewRemoval(layer: number, removedId: number): void {
  const h = idleHandle();
  if (!h) return;
  const preview = engineCall(() => h.engine.previewRemoveByLeastSquares(layer, removedId), 'This removal cannot be previewed: the engine could not compute it.');
  if (!preview) return;
  const top = [...preview.heirs].sort((x, y) => Math.abs(y.coef) - Math.abs(x.coef))[0];
  patchExplorer({ pairPreview: { layer, removedId, heirId: top?.id ?? -1, preview, kind: 'ls' } });
}

/** Swaps the previewed pair's direction: the heir is removed and the removed neuron inherits. */
export function swapPairPreview(): void {
  const p = useStore.getState().explorer.pairPreview;
  if (p && p.kind !== 'ls') previewMerge(p.layer, p.heirId, p.removedId);
}

export function clearPairPreview(): void {
  patchExplorer({ pairPreview: null });
}

export function applyPairPreview(): void {
  const p = useStore.getState().explorer.pairPreview;
  const h = idleHandle();
  if (!p || !h) return;
  if (h.sliced) {
    // A big model: the merge is taken in slices in the stepper's queue, then shown once what the views read is ready.
    void enqueue(h, async () => {
      if (idleHandle() !== h) return;
      const e = h.engine;
      const work = p.kind === 'ls' ? e.removeByLeastSquaresSliced(p.layer, p.removedId) : e.unifySliced(p.layer, p.removedId, p.heirId);
      setWorking('Applying the merge…');
      try {
        const record = await driveChange(h, work, 'This merge cannot be computed, so it was not applied; the model is as it was.');
        if (!record || h.alive.aborted) return;
        replaceHistory(h);
        await warmAndPublish(h, 'step', record);
      } finally {
        setWorking(null);
      }
    });
    return;
  }
  const record = engineCall(
    () => (p.kind === 'ls' ? h.engine.removeByLeastSquares(p.layer, p.removedId) : h.engine.unify(p.layer, p.removedId, p.heirId)),
    'This merge cannot be computed, so it was not applied; the model is as it was.',
  );
  if (!record) return;
  replaceHistory(h);
  refresh(h, 'step', record);
}
