import { useEffect, useId, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { LayerView } from '../../core/explore/layer-view';
import { drawWhenSeen, forgetDeferredDraw } from '../../platform/deferred-draw';
import { selectLayer, selectNeuron, setNormalization } from '../../state/actions/compaction';
import type { Normalization } from '../../core/explore/normalization';
import { useStore } from '../../state/store';
import { heatmapHit, renderCodeHeatmap, type CodeHeatmapSpec, type RowHighlight } from '../../viz/code-heatmap';
import { displayRowOf, rowAnchor } from '../../viz/heatmap/keyboard';
import { INK, OKABE_ITO } from '../../viz/palette';
import { renderProfileHeatmap, type ProfileHeatmapSpec } from '../../viz/profile-heatmap';
import { nextIndex } from '../../viz/roving';
import { useVizScale, useWidth } from '../hooks';
import { heatmapSizes } from '../panel-sizes';
import { ShowData } from '../ShowData';
import { tooltipPosition } from '../tooltip-position';

/** The gap between the two heatmaps (0.75rem in styles.css: .heatmaps). */
const GAP = 12;

/** A pointer's position in the heatmap's own CSS px (the canvas may be drawn smaller than its spec). */
function canvasPoint(e: { clientX: number; clientY: number }, rect: DOMRect, spec: { width: number; height: number }): [number, number] {
  return [((e.clientX - rect.left) * spec.width) / Math.max(1, rect.width), ((e.clientY - rect.top) * spec.height) / Math.max(1, rect.height)];
}

/** Highlights: the selected neuron, the next candidate pair of the selected layer, and the row the keyboard is on. */
function useHighlights(keyboardRow: number | null): RowHighlight[] {
  const view = useStore((s) => s.explorer.view);
  const selected = useStore((s) => s.explorer.selected);
  const preview = useStore((s) => s.compaction.preview);
  return useMemo(() => {
    if (!view) return [];
    // Rows are positions; only alive ones are drawn.
    const rowOf = (id: number) => {
      const p = Array.prototype.indexOf.call(view.ids, id) as number;
      return p >= 0 && view.alive.includes(p) ? p : -1;
    };
    const out: RowHighlight[] = [];
    if (preview && preview.layer === view.layer) {
      const r = rowOf(preview.removedId);
      if (r >= 0) out.push({ row: r, color: OKABE_ITO.vermillion, label: `#${preview.removedId} ✕` });
      const heir = [...preview.heirs].sort((a, b) => Math.abs(b.coef) - Math.abs(a.coef))[0];
      const h = heir ? rowOf(heir.id) : -1;
      if (h >= 0 && preview.heirs.length === 1) out.push({ row: h, color: OKABE_ITO.green, label: `#${heir.id} ✓` });
    }
    if (selected && selected.layer === view.layer) {
      const r = rowOf(selected.id);
      if (r >= 0 && !out.some((o) => o.row === r)) out.push({ row: r, color: OKABE_ITO.blue, label: `#${selected.id} ●` });
    }
    // The keyboard's row comes first: its marker wins its row.
    if (keyboardRow !== null && keyboardRow >= 0 && keyboardRow < view.ids.length) out.unshift({ row: keyboardRow, color: INK, label: `▸ #${view.ids[keyboardRow]}` });
    return out;
  }, [view, selected, preview, keyboardRow]);
}

export function CodesPanel() {
  const view = useStore((s) => s.explorer.view);
  const bands = useStore((s) => s.explorer.bands);
  const normalization = useStore((s) => s.explorer.normalization);
  const selected = useStore((s) => s.explorer.selected);
  const hidden = useStore((s) => s.compaction.originalWidths.length - 2);
  const activation = useStore((s) => s.model?.mlp.spec.activation ?? 'relu');
  // The keyboard's row (a neuron id) while the code heatmap has the focus; it starts at the selected neuron.
  const [kbId, setKbId] = useState<number | null>(null);
  const [kbFocus, setKbFocus] = useState(false);
  const optionId = useId();
  const kbK = view ? Math.max(0, view.order.findIndex((p) => view.ids[p] === kbId)) : 0;
  const kbSource = view && view.order.length > 0 ? view.order[kbK] : -1;
  const highlights = useHighlights(kbFocus ? kbSource : null);
  const [wrap, width] = useWidth<HTMLDivElement>(600);
  const scale = useVizScale();
  const size = heatmapSizes(width, GAP * scale, scale);
  const codeRef = useRef<HTMLCanvasElement>(null);
  const profileRef = useRef<HTMLCanvasElement>(null);
  const [tip, setTip] = useState<{ x: number; y: number; text: string } | null>(null);

  const codeSpec = useMemo<CodeHeatmapSpec | null>(() => {
    if (!view) return null;
    return {
      values: view.codes.values,
      valuesToken: view.codes,
      rows: view.codes.width,
      cols: view.codes.count,
      rowOrder: view.order,
      rowIds: view.ids,
      classBands: bands,
      normalize: normalization,
      globalRange: view.allLayersRange ?? view.range,
      signed: activation === 'tanh',
      highlights,
      width: size.code,
      height: size.height,
      scale,
      caption: `${view.codes.count.toLocaleString('en-US')} probes`,
      bandTitle: 'digit',
    };
  }, [view, bands, normalization, activation, highlights, size.code, size.height, scale]);

  const profileSpec = useMemo<ProfileHeatmapSpec | null>(() => {
    if (!view) return null;
    return {
      values: view.profiles,
      rows: view.codes.width,
      classes: view.numClasses,
      rowOrder: view.order,
      rowIds: view.ids,
      normalize: normalization,
      globalRange: view.allLayersRange ?? view.range,
      signed: activation === 'tanh',
      highlights,
      // Beside the codes its rows line up with theirs and their labels serve both; stacked under them, it has its own.
      highlightLabels: size.stacked,
      width: size.profile,
      height: size.height,
      scale,
      margin: size.stacked ? undefined : { left: 10 * scale },
    };
  }, [view, normalization, activation, highlights, size.profile, size.height, size.stacked, scale]);

  // Off screen, the canvases catch up when they scroll into view (see deferred-draw.ts).
  useEffect(() => {
    const el = codeRef.current;
    if (codeSpec && el) drawWhenSeen(el, () => renderCodeHeatmap(el, codeSpec));
  }, [codeSpec]);
  useEffect(() => {
    const el = profileRef.current;
    if (profileSpec && el) drawWhenSeen(el, () => renderProfileHeatmap(el, profileSpec));
  }, [profileSpec]);
  useEffect(() => {
    const code = codeRef.current;
    const profile = profileRef.current;
    return () => {
      if (code) forgetDeferredDraw(code);
      if (profile) forgetDeferredDraw(profile);
    };
  }, []);

  // Where display row k is on screen, for the keyboard's tooltip (the canvas may be drawn smaller than its spec).
  const [kbTip, setKbTip] = useState<{ x: number; y: number; text: string } | null>(null);
  const showKeyboardRow = (k: number) => {
    const el = codeRef.current;
    if (!view || !codeSpec || !el || k < 0 || k >= view.order.length) return;
    const p = view.order[k];
    setKbId(view.ids[p]);
    const rect = el.getBoundingClientRect();
    const at = rowAnchor(codeSpec, k);
    setKbTip({ x: rect.left + (at.x * rect.width) / codeSpec.width, y: rect.top + (at.y * rect.height) / codeSpec.height, text: rowWords(view, p) });
  };
  const onHeatmapFocus = () => {
    setKbFocus(true);
    if (!view) return;
    const fromSelection = selected?.layer === view.layer ? displayRowOf(view.order, Array.prototype.indexOf.call(view.ids, selected.id) as number) : -1;
    showKeyboardRow(kbId !== null && view.order.some((p) => view.ids[p] === kbId) ? kbK : Math.max(0, fromSelection));
  };
  const onHeatmapKey = (e: KeyboardEvent<HTMLCanvasElement>) => {
    if (!view || view.order.length === 0) return;
    const k = nextIndex(e.key, kbK, view.order.length);
    if (k !== null) {
      e.preventDefault();
      showKeyboardRow(k);
    } else if (e.key === 'Enter' && kbSource >= 0) {
      e.preventDefault();
      selectNeuron(view.layer, view.ids[kbSource]);
    }
  };

  return (
    <section className="panel codes-panel" aria-labelledby="codes-title">
      <div className="panel-head">
        <h2 id="codes-title">Neuron codes</h2>
        <div className="segmented" role="tablist" aria-label="Hidden layer" data-arrow-keys="" onKeyDown={(e) => onTabKey(e, view?.layer ?? 0, hidden)}>
          {Array.from({ length: Math.max(0, hidden) }, (_, l) => (
            <button
              key={l}
              type="button"
              role="tab"
              aria-selected={view?.layer === l}
              tabIndex={(view?.layer ?? 0) === l ? 0 : -1}
              className={view?.layer === l ? 'on' : ''}
              onClick={() => void selectLayer(l)}
            >
              Hidden {l + 1}
            </button>
          ))}
        </div>
        <label className="inline">
          Colour per
          <select value={normalization} onChange={(e) => setNormalization(e.target.value as Normalization)} aria-label="Colour normalisation">
            <option value="neuron">neuron</option>
            <option value="layer">layer</option>
            <option value="global">all layers</option>
          </select>
        </label>
      </div>
      <p className="explain">
        A neuron&apos;s <em>code</em> is its output on each probe image: one row per neuron, one column per image, images grouped by digit.
        Similar rows sit together; <span style={{ color: OKABE_ITO.vermillion }}>✕</span> marks the neuron the next step removes, <span style={{ color: OKABE_ITO.green }}>✓</span> its heir. On the right, the mean output per digit.
      </p>
      <div className={size.stacked ? 'heatmaps stacked' : 'heatmaps'} ref={wrap}>
        <canvas
          ref={codeRef}
          data-testid="code-heatmap"
          tabIndex={0}
          role="listbox"
          data-arrow-keys=""
          aria-label={`Code heatmap of hidden layer ${(view?.layer ?? 0) + 1}: ${view?.order.length ?? 0} neurons by ${view?.codes.count ?? 0} probe images. Arrow keys move between neurons, Enter selects one.`}
          aria-activedescendant={view && kbSource >= 0 ? optionId : undefined}
          onKeyDown={onHeatmapKey}
          onFocus={onHeatmapFocus}
          onBlur={() => {
            setKbFocus(false);
            setKbTip(null);
          }}
          // A click selects its row; it does not take the keyboard focus (→ keeps stepping).
          onMouseDown={(e) => e.preventDefault()}
          onPointerMove={(e) => {
            if (!codeSpec) return;
            const rect = e.currentTarget.getBoundingClientRect();
            const hit = heatmapHit(codeSpec, ...canvasPoint(e, rect, codeSpec));
            setTip(hit ? { x: e.clientX, y: e.clientY, text: `#${hit.id}, digit ${hit.classLabel ?? '?'}: output ${hit.value.toFixed(3)}` } : null);
          }}
          onPointerLeave={() => setTip(null)}
          onClick={(e) => {
            if (!codeSpec || !view) return;
            const rect = e.currentTarget.getBoundingClientRect();
            // A row is chosen anywhere along it: a tap in the thin gap between two digits still counts.
            const [x, y] = canvasPoint(e, rect, codeSpec);
            const hit = heatmapHit(codeSpec, x, y) ?? heatmapHit(codeSpec, x - 3, y) ?? heatmapHit(codeSpec, x + 3, y);
            if (hit) {
              selectNeuron(view.layer, hit.id);
              setKbId(hit.id);
            }
          }}
        >
          {/* The keyboard's row, for screen readers (canvas fallback content is in the accessibility tree). */}
          {view && kbSource >= 0 && (
            <span role="option" id={optionId} aria-selected={selected?.layer === view.layer && selected.id === view.ids[kbSource]} aria-posinset={kbK + 1} aria-setsize={view.order.length}>
              {rowWords(view, kbSource)}
            </span>
          )}
        </canvas>
        <canvas ref={profileRef} data-testid="profile-heatmap" aria-label="Class profiles: mean output per digit" />
        {(tip ?? kbTip) && (
          <div className="tooltip" style={tooltipPosition((tip ?? kbTip)!.x, (tip ?? kbTip)!.y)} role="tooltip">
            {(tip ?? kbTip)!.text}
          </div>
        )}
      </div>
      {view && (
        <ShowData what="the neuron codes" testid="codes-show-data">
          {() => <CodesTable view={view} />}
        </ShowData>
      )}
    </section>
  );
}

/** A neuron's row in words (the keyboard's row, for screen readers and its tooltip). */
function rowWords(view: LayerView, p: number): string {
  const a = view.alive.indexOf(p);
  return `#${view.ids[p]}: prefers digit ${view.preferredClass[p]}, mean output ${view.stats.mean[p].toFixed(3)}, fires on ${(100 * view.firingRate[p]).toFixed(0)}% of probes${a >= 0 ? '' : ' (removed)'}`;
}

/** ←/→ (and Home/End) move between the layer tabs, selecting as they go. */
function onTabKey(e: KeyboardEvent<HTMLDivElement>, layer: number, count: number): void {
  const to = e.key === 'ArrowRight' ? layer + 1 : e.key === 'ArrowLeft' ? layer - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? count - 1 : null;
  if (to === null) return;
  e.preventDefault();
  const l = Math.max(0, Math.min(count - 1, to));
  void selectLayer(l);
  e.currentTarget.querySelectorAll<HTMLElement>('[role="tab"]')[l]?.focus();
}

/** The codes' data as a table: per neuron (in the heatmap's order), what it prefers and its mean output per digit. */
function CodesTable({ view }: { view: LayerView }) {
  const K = view.numClasses;
  return (
    <table className="data-table">
      <caption>
        Hidden layer {view.layer + 1}: {view.order.length} neurons, in the heatmap&apos;s order; mean output per digit
      </caption>
      <thead>
        <tr>
          <th scope="col">neuron</th>
          <th scope="col">prefers</th>
          <th scope="col">fires on</th>
          {Array.from({ length: K }, (_, k) => (
            <th scope="col" key={k}>
              {k}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {Array.from(view.order, (p) => (
          <tr key={p}>
            <th scope="row">#{view.ids[p]}</th>
            <td>{view.preferredClass[p]}</td>
            <td>{(100 * view.firingRate[p]).toFixed(0)}%</td>
            {Array.from({ length: K }, (_, k) => (
              <td key={k}>{view.profiles[p * K + k].toFixed(3)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
