/**
 * Links that reproduce the exact state: the URL hash holds the model source,
 * the method, the explicit steps, the fine-tunes (by their settings and seed),
 * the cursor and the view (see core/share/link-state for the encoding).
 * Opening a link replays the steps on the same model and trains its
 * fine-tunes again; a bad hash gives a clear message and the defaults. A link
 * whose training (the model's, its fine-tunes') would take long here asks first.
 */
import { initMlp } from '../../core/model/mlp';
import { estimateTrainingTime } from '../../core/train/estimate';
import { decodeLinkState, encodeLinkState, type LinkProblem, type LinkState } from '../../core/share/link-state';
import { services } from '../services';
import { useStore } from '../store';
import { startCompaction, workHistory } from './compaction';
import { pushNotice } from './notices';
import { applyWorkParts } from './work-parts';
import { train } from './training';

/** What a refused link's problem means, in plain words. */
const LINK_PROBLEMS: Record<LinkProblem, string> = {
  empty: 'This link holds no state.',
  damaged: 'This link could not be opened: it is damaged (perhaps cut short or changed when it was copied).',
  older: 'This link could not be opened: it was made by an earlier version of NeuroUnify, whose data and model differ, so its steps cannot be reproduced.',
  newer: 'This link could not be opened: it was made by a newer version of NeuroUnify. Open it with that version.',
  foreign: 'This link could not be opened: its address does not hold a NeuroUnify state.',
  invalid: 'This link could not be opened: it holds settings this version does not accept.',
};

/** The current state as a LinkState. */
export function currentLinkState(): LinkState | null {
  const st = useStore.getState();
  const m = st.model;
  if (!m || !st.compaction.ready) return null;
  let model: LinkState['model'];
  if (m.source === 'bundled') model = { kind: 'bundled' };
  else if (m.source === 'imported' && m.fingerprint) model = { kind: 'imported', fingerprint: m.fingerprint };
  else if (m.trainedWith) model = { kind: 'trained', ...m.trainedWith };
  else return null;
  const work = workHistory();
  return {
    v: 2,
    model,
    method: st.compaction.method,
    steps: work.steps,
    ...(work.finetunes.length ? { finetunes: work.finetunes } : {}),
    cursor: st.compaction.cursor,
    layer: st.explorer.layer,
    selected: st.explorer.selected ? [st.explorer.selected.layer, st.explorer.selected.id] : null,
    threshold: st.explorer.threshold,
    normalization: st.explorer.normalization,
    hide: st.hidden as LinkState['hide'],
    // A plain shared link never starts the tour (a classroom link chooses that explicitly).
    tour: false,
    present: st.presenter,
  };
}

/** The shareable URL of the current state. */
export function shareUrl(): string | null {
  const s = currentLinkState();
  if (!s) return null;
  const url = new URL(services().location.href());
  try {
    url.hash = encodeLinkState(s);
  } catch (e) {
    pushNotice('error', 'This state cannot be put in a link.', e instanceof Error ? e.message : String(e));
    return null;
  }
  return url.href;
}

export async function copyShareLink(): Promise<void> {
  if (!currentLinkState()) {
    pushNotice('warning', 'Nothing to share yet: the model is still loading or training.');
    return;
  }
  const url = shareUrl();
  if (!url) return;
  const sv = services();
  sv.location.replace(url);
  try {
    await sv.copyText(url);
    pushNotice('info', 'Link copied: it reopens exactly this state.');
  } catch {
    pushNotice('info', 'The link is in the address bar: copy it from there.');
  }
}

/** A link that would train for longer than this on this device asks first. */
export const ASK_BEFORE_TRAINING_SECONDS = 60;

/**
 * At start: applies the link in the hash, if any. Returns false when there is
 * none, it was rejected, or it waits for the user (a link that would train for
 * long asks first: the app meanwhile starts as it would without the link).
 */
export async function openLinkFromHash(hash: string): Promise<boolean> {
  const text = hash.replace(/^#/, '');
  if (!text) return false;
  const decoded = decodeLinkState(text);
  if (!decoded.ok) {
    pushNotice('error', `${LINK_PROBLEMS[decoded.problem]} The app started with its defaults instead.`, decoded.error);
    return false;
  }
  const s = decoded.state;
  useStore.setState({ hidden: s.hide, tourOpen: s.tour, presenter: s.present });
  if (s.model.kind === 'imported') {
    pushNotice('error', 'This link refers to an imported model, which is not in this browser, so the app started with its defaults instead. Import the model first, then open the link again.');
    return false;
  }
  if (s.model.kind === 'trained' || s.finetunes?.length) {
    const seconds = (await estimateLinkTraining(s)) + (await estimateLinkFineTunes(s));
    if (seconds > ASK_BEFORE_TRAINING_SECONDS) {
      useStore.setState({ pendingLink: { state: s, seconds } });
      return false;
    }
  }
  return applyLink(s);
}

/** Seconds the link's training would take here (a few real batches timed). */
async function estimateLinkTraining(s: LinkState): Promise<number> {
  if (s.model.kind !== 'trained') return 0;
  const data = useStore.getState().data!;
  const { kind: _kind, ...settings } = s.model;
  const spec = { inputSize: data.train.rows * data.train.cols, hidden: settings.hidden, numClasses: data.train.numClasses, activation: settings.activation };
  try {
    return (await estimateTrainingTime(initMlp(spec, settings.seed), data.train, settings)).seconds;
  } catch {
    return Infinity; // could not even time it: ask
  }
}

/**
 * Seconds the link's fine-tunes would train here: a few real batches of each
 * network as it stands at its fine-tune (the widths the removals before it
 * leave) are timed, and the rest extrapolated (see core/train/estimate).
 */
async function estimateLinkFineTunes(s: LinkState): Promise<number> {
  const st = useStore.getState();
  const data = st.data!;
  const hidden = s.model.kind === 'trained' ? s.model.hidden : st.bundled?.model.mlp.spec.hidden;
  const activation = s.model.kind === 'trained' ? s.model.activation : (st.bundled?.model.mlp.spec.activation ?? 'relu');
  if (!hidden || !s.finetunes?.length) return 0;
  let seconds = 0;
  const perEpoch = new Map<string, number>();
  for (const f of s.finetunes) {
    const widths = hidden.slice();
    for (const [, layer] of s.steps.slice(0, f.at - s.finetunes.filter((g) => g.at < f.at).length)) widths[layer] = Math.max(1, widths[layer] - 1);
    const key = `${widths.join('-')}/${f.batchSize}`;
    if (!perEpoch.has(key)) {
      const spec = { inputSize: data.train.rows * data.train.cols, hidden: widths, numClasses: data.train.numClasses, activation };
      try {
        perEpoch.set(key, (await estimateTrainingTime(initMlp(spec, f.seed), data.train, { ...f, epochs: 1 })).seconds);
      } catch {
        return Infinity; // could not even time it: ask
      }
    }
    seconds += perEpoch.get(key)! * f.epochs;
  }
  return seconds;
}

/** The user agreed to the long training a link needs. */
export async function acceptPendingLink(): Promise<void> {
  const p = useStore.getState().pendingLink;
  if (!p) return;
  useStore.setState({ pendingLink: null });
  await applyLink(p.state);
}

/** The user declined: the app stays as it started; the link stays in the address, so a reload asks again. */
export function declinePendingLink(): void {
  if (!useStore.getState().pendingLink) return;
  useStore.setState({ pendingLink: null });
  pushNotice('info', 'The link was not opened: its network would take long to train here. Reload the page to be asked again.');
}

async function applyLink(s: LinkState): Promise<boolean> {
  if (s.model.kind === 'trained') {
    const { kind: _kind, ...settings } = s.model;
    useStore.setState((st) => ({ training: { ...st.training, settings } }));
    pushNotice('info', 'This link was made with a model trained in the browser: training it again with the same settings and seed…');
    await train();
    if (useStore.getState().model?.source !== 'trained') return false;
  } else {
    const b = useStore.getState().bundled;
    if (!b) return false;
    useStore.setState({ model: b.model });
    await startCompaction(b.model.mlp, b.neuronIds);
  }
  const error = await applyWorkParts({
    method: s.method,
    steps: s.steps,
    finetunes: s.finetunes,
    cursor: s.cursor,
    view: { layer: s.layer, threshold: s.threshold, normalization: s.normalization },
  });
  if (error) {
    pushNotice('error', 'The link’s steps do not fit this model, so the app started with its defaults instead.', error);
    return false;
  }
  if (s.selected) useStore.setState((st) => ({ explorer: { ...st.explorer, selected: { layer: s.selected![0], id: s.selected![1] } } }));
  return true;
}
