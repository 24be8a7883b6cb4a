import { useState } from 'react';
import { METHOD_LABELS } from '../../core/compaction';
import type { Connection, NeuronInspection } from '../../core/explore/inspect';
import { previewMerge, previewRemoval, selectNeuron } from '../../state/actions/compaction';
import { useStore } from '../../state/store';
import { shareWords } from '../explorer/step-words';
import { formatInt } from '../format';
import { fmt, signed } from './numbers';
import { useCompactionBusy } from '../why-disabled';

type Info = NeuronInspection;

/** Where a connection leads: a pixel (row, column), a digit, or a neuron. */
function endName(kind: 'pixels' | 'neurons' | 'digits', id: number, side = 28): string {
  if (kind === 'pixels') return `pixel (${Math.floor(id / side) + 1}, ${(id % side) + 1})`;
  if (kind === 'digits') return `digit ${id}`;
  return `#${id}`;
}

function ConnectionTable({ caption, kind, list, testid }: { caption: string; kind: 'pixels' | 'neurons' | 'digits'; list: Connection[]; testid: string }) {
  if (list.length === 0) return <p className="explain">{caption}: none (all zero).</p>;
  return (
    <table className="data-table inspector-table" data-testid={testid}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">{kind === 'pixels' ? 'pixel (row, col)' : kind === 'digits' ? 'output' : 'neuron'}</th>
          <th scope="col">weight</th>
        </tr>
      </thead>
      <tbody>
        {list.map((c) => (
          <tr key={c.id}>
            <th scope="row">{endName(kind, c.id)}</th>
            <td className={c.weight < 0 ? 'neg' : 'pos'}>{signed(c.weight)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The strongest incoming and outgoing weights (the first layer's incoming ones are also drawn as an image). */
export function Connections({ info }: { info: Info }) {
  const c = info.connections;
  const from = info.layer === 0 ? 'the image' : `hidden layer ${info.layer}`;
  const to = c.to === 'digits' ? 'the output' : `hidden layer ${info.layer + 2}`;
  return (
    <div className="inspector-tables">
      <ConnectionTable caption={`Strongest from ${from}`} kind={c.from} list={c.incoming} testid="inspector-incoming" />
      <ConnectionTable caption={`Strongest to ${to}`} kind={c.to} list={c.outgoing} testid="inspector-outgoing" />
    </div>
  );
}

/** The most similar neurons (select one, or preview unifying this one into it), and "unify this into…" any partner. */
export function SimilarNeurons({ info }: { info: Info }) {
  const busy = useCompactionBusy();
  const [partner, setPartner] = useState<number | null>(null);
  const chosen = partner !== null && info.partners.some((p) => p.id === partner) ? partner : (info.partners[0]?.id ?? null);
  if (info.partners.length === 0) return <p className="explain">It is the last neuron of its layer.</p>;
  return (
    <>
      <table className="data-table inspector-table" data-testid="inspector-similar">
        <caption>Codes that correlate most with #{info.id}&apos;s (Pearson r)</caption>
        <thead>
          <tr>
            <th scope="col">neuron</th>
            <th scope="col">r</th>
            <th scope="col">
              <span className="visually-hidden">actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {info.similar.map((s) => (
            <tr key={s.id}>
              <th scope="row">
                <button type="button" className="link-button" onClick={() => selectNeuron(info.layer, s.id)} aria-label={`Inspect #${s.id}`}>
                  #{s.id}
                </button>
              </th>
              <td>{Number.isFinite(s.r) ? s.r.toFixed(3) : '—'}</td>
              <td>
                <button type="button" className="small-button" disabled={busy} onClick={() => previewMerge(info.layer, info.id, s.id)} aria-label={`Unify into #${s.id} (preview)`}>
                  Unify into
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="unify-into">
        <label className="inline">
          Unify #{info.id} into
          <select value={chosen ?? ''} onChange={(e) => setPartner(Number(e.target.value))} data-testid="inspector-partner">
            {info.partners.map((p) => (
              <option key={p.id} value={p.id}>
                #{p.id} (r {Number.isFinite(p.r) ? p.r.toFixed(2) : '—'})
              </option>
            ))}
          </select>
        </label>
        <button type="button" disabled={busy || chosen === null} data-testid="inspector-unify-into" onClick={() => chosen !== null && previewMerge(info.layer, info.id, chosen)}>
          Preview
        </button>
      </div>
    </>
  );
}

/** What pairwise and least-squares unification would do with the neuron (the engine's previews), and the current method. */
export function WhatUnificationDoes({ info }: { info: Info }) {
  const method = useStore((s) => s.compaction.method);
  const busy = useCompactionBusy();
  const params = useStore((s) => s.compaction.params);
  if (!info.pair && !info.ls) return <p className="explain">{info.previewNote ?? 'The engine cannot tell now.'}</p>;
  const costWords = (cost: number, rel: number | undefined) =>
    cost === 0 ? 'costs nothing' : `disturbs the next layer’s input by ${shareWords(rel)} of its variation (error ${fmt(cost)})`;
  const lsTop = info.ls ? [...info.ls.heirs].sort((a, b) => Math.abs(b.coef) - Math.abs(a.coef)).slice(0, 4) : [];
  const current = (m: 'pair' | 'ls') => (method === m ? <span className="current-method">current method</span> : null);
  return (
    <div data-testid="inspector-removal">
      {method !== 'pair' && method !== 'ls' && (
        <p className="explain">{METHOD_LABELS[method]} prunes without heirs: its job would simply be dropped. Unification would hand it on:</p>
      )}
      {info.pair && (
        <div className="removal">
          <p>
            {current('pair')}
            <strong>Pairwise:</strong> the cheapest heir is <strong>#{info.pair.heirId}</strong>, x<sub>{info.id}</sub> ≈ {fmt(info.pair.preview.heirs[0]?.coef ?? 0)} · x
            <sub>{info.pair.heirId}</sub> {signed(info.pair.preview.biasCoef).replace(/^([+−])/, '$1 ')}; it {costWords(info.pair.preview.cost, info.pair.preview.relCost)}.
          </p>
          <button type="button" className="small-button" disabled={busy} data-testid="inspector-preview-pair" onClick={() => previewMerge(info.layer, info.id, info.pair!.heirId)}>
            Preview this merge
          </button>
        </div>
      )}
      {info.ls && (
        <div className="removal">
          <p>
            {current('ls')}
            <strong>Least squares:</strong> the {formatInt(info.ls.heirs.length)} other neurons take over
            {lsTop.length > 0 && <>, the largest shares {lsTop.map((h) => `#${h.id} (${signed(h.coef)})`).join(', ')}</>}; it {costWords(info.ls.cost, info.ls.relCost)}.
          </p>
          <button type="button" className="small-button" disabled={busy} data-testid="inspector-preview-ls" onClick={() => previewRemoval(info.layer, info.id)}>
            Preview this removal
          </button>
        </div>
      )}
      <p className="explain">Either saves {formatInt(params - (info.ls ?? info.pair!.preview).paramsAfter)} parameters.</p>
    </div>
  );
}

/** The removals the neuron inherited from in this session. */
export function History({ info }: { info: Info }) {
  const h = info.history;
  if (h.length === 0) return <p className="explain" data-testid="inspector-history">It has not inherited from any removal yet.</p>;
  const shown = h.slice(-30);
  return (
    <table className="data-table inspector-table" data-testid="inspector-history">
      <caption>
        An heir of {h.length} removal{h.length === 1 ? '' : 's'}
        {shown.length < h.length ? ` (the last ${shown.length})` : ''}: W[#{info.id}] += coefficient · W[removed]
      </caption>
      <thead>
        <tr>
          <th scope="col">step</th>
          <th scope="col">removed</th>
          <th scope="col">coefficient</th>
          <th scope="col">share</th>
        </tr>
      </thead>
      <tbody>
        {shown.map((e) => (
          <tr key={e.step}>
            <th scope="row">{e.step}</th>
            <td title={METHOD_LABELS[e.method]}>#{e.removedId}</td>
            <td>{signed(e.coef)}</td>
            <td>{e.heirs === 1 ? 'sole heir' : `${e.rank} of ${e.heirs}`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
