import { useEffect, useMemo, useRef, useState } from 'react';
import { drawWhenSeen, forgetDeferredDraw } from '../../platform/deferred-draw';
import { selectLayer, selectNeuron, setNormalization } from '../../state/actions/compaction';
import type { Normalization } from '../../core/explore/normalization';
import { useStore } from '../../state/store';
import { heatmapHit, renderCodeHeatmap, type CodeHeatmapSpec, type RowHighlight } from '../../viz/code-heatmap';
import { OKABE_ITO } from '../../viz/palette';
import { renderProfileHeatmap, type ProfileHeatmapSpec } from '../../viz/profile-heatmap';
import { renderWeightImage } from '../../viz/weight-image';
import { useVizScale, useWidth } from '../hooks';
import { heatmapSizes } from '../panel-sizes';
import { tooltipPosition } from '../tooltip-position';

/** The gap between the two heatmaps (0.75rem in styles.css: .heatmaps). */
const GAP = 12;

/** A pointer's position in the heatmap's own CSS px (the canvas may be drawn smaller than its spec). */
function canvasPoint(e: { clientX: number; clientY: number }, rect: DOMRect, spec: { width: number; height: number }): [number, number] {
  return [((e.clientX - rect.left) * spec.width) / Math.max(1, rect.width), ((e.clientY - rect.top) * spec.height) / Math.max(1, rect.height)];
}

/** Highlights: the selected neuron and the next candidate pair of the selected layer. */
function useHighlights(): RowHighlight[] {
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
    return out;
  }, [view, selected, preview]);
}

export function CodesPanel() {
  const view = useStore((s) => s.explorer.view);
  const bands = useStore((s) => s.explorer.bands);
  const normalization = useStore((s) => s.explorer.normalization);
  const selected = useStore((s) => s.explorer.selected);
  const hidden = useStore((s) => s.compaction.originalWidths.length - 2);
  const activation = useStore((s) => s.model?.mlp.spec.activation ?? 'relu');
  const highlights = useHighlights();
  const [wrap, width] = useWidth<HTMLDivElement>(600);
  const scale = useVizScale();
  const size = heatmapSizes(width, GAP * scale, scale);
  const codeRef = useRef<HTMLCanvasElement>(null);
  const profileRef = useRef<HTMLCanvasElement>(null);
  const weightRef = useRef<HTMLCanvasElement>(null);
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

  // Column (position) of the selected neuron in the first layer's incoming weights, while it is alive.
  const selectedPos = view && view.layer === 0 && selected?.layer === 0 ? (Array.prototype.indexOf.call(view.ids, selected.id) as number) : -1;
  const weightIndex = view && selectedPos >= 0 && view.alive.includes(selectedPos) ? selectedPos : -1;
  useEffect(() => {
    if (!view?.incoming || weightIndex < 0 || !weightRef.current) return;
    renderWeightImage(weightRef.current, {
      weights: view.incoming.W,
      offset: weightIndex,
      stride: view.incoming.outSize,
      width: Math.round(170 * scale),
      height: Math.round(200 * scale),
      scale,
      title: `#${view.ids[weightIndex]}: incoming weights`,
    });
  }, [view, weightIndex, scale]);

  return (
    <section className="panel codes-panel" aria-labelledby="codes-title">
      <div className="panel-head">
        <h2 id="codes-title">Neuron codes</h2>
        <div className="segmented" role="tablist" aria-label="Hidden layer">
          {Array.from({ length: Math.max(0, hidden) }, (_, l) => (
            <button key={l} type="button" role="tab" aria-selected={view?.layer === l} className={view?.layer === l ? 'on' : ''} onClick={() => void selectLayer(l)}>
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
          aria-label="Code heatmap: neurons by probe images"
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
            if (hit) selectNeuron(view.layer, hit.id);
          }}
        />
        <canvas ref={profileRef} data-testid="profile-heatmap" aria-label="Class profiles: mean output per digit" />
        {tip && (
          <div className="tooltip" style={tooltipPosition(tip.x, tip.y)} role="tooltip">
            {tip.text}
          </div>
        )}
      </div>
      {view?.layer === 0 && (
        <div className="weight-row">
          {weightIndex >= 0 ? (
            <canvas ref={weightRef} data-testid="weight-image" aria-label="Incoming weights of the selected neuron as a 28 by 28 image" />
          ) : (
            <p className="explain">Select a neuron (click or tap a row, a dot or a node) to see its incoming weights as a 28×28 image.</p>
          )}
        </div>
      )}
    </section>
  );
}
