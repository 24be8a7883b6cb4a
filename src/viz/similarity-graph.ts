/**
 * The similarity graph (d3-force on SVG). Nodes are one layer's neurons,
 * coloured by preferred class and sized by outgoing weight norm; edges join
 * pairs whose |Pearson r| reaches a threshold, each node's strongest few
 * only (edgesPerNode, default 3), so that the graph stays readable and every
 * edge can be clicked. The next candidate merge and a previewed pair stand out.
 *
 * Pure rendering: it is given the correlation matrix and everything else,
 * computes nothing the engine computes, and reports clicks and hovers
 * through callbacks. Called again with a new spec it updates in place: the
 * layout restarts warm (surviving nodes keep their positions), removed nodes
 * fade out, and a neuron that comes back (undo) reappears where it was.
 *
 * This module wires the parts in ./similarity together:
 * - edges.ts: which edges are drawn (pure);
 * - layout.ts: the plot box, node sizes, seeded start and force layout (pure);
 * - hit-targets.ts: where each edge's click target point is and how the
 *   targets stack, so that nodes and other edges do not hide it (pure);
 * - draw.ts and overlay.ts: the SVG; text.ts: the words;
 * - interact.ts: pointer handlers; animate.ts: the layout's frames and fades.
 *
 * Smoothness with 300 nodes: the layout runs in requestAnimationFrame with a
 * time budget per frame; plain edges are a handful of <path>s; the edges'
 * hit lines are repositioned every few frames.
 *
 * Every edge can be clicked: besides its full-length hit line (weakest edges
 * at the bottom), each edge has a short target pill on top of all hit lines,
 * placed once the layout is at rest (and, while steps come quickly, once
 * they pause) so that no node and no other edge covers its target point: the
 * edge's midpoint when that is free, else the nearest free point along it.
 *
 * The SVG carries data-layout="running" | "settled" and data-targets=
 * "pending" | "placed" (for tests and screenshots). Every node and edge
 * target carries its neuron ids: circle.sg-node[data-id],
 * line.sg-hit[data-a][data-b] (full length), line.sg-target[data-a][data-b]
 * (the pill, with its target point data-hit-x, data-hit-y in the line's own
 * coordinates, and data-hit-t, its position along the edge: 0.5 is the
 * midpoint), line.sg-hit-special for the next merge and the previewed pair.
 */
import { motionPacer, RAPID_UPDATE_MS } from './motion';
import { sizeScale } from './sizes';
import { createLayoutRunner, fadeIn, fadeOut, type LayoutRunner } from './similarity/animate';
import type { DrawnNode, GraphLink, HitSelection } from './similarity/draw';
import {
  createScene,
  drawEdges,
  drawHoverEdge,
  joinHits,
  layoutFrame,
  placeTargets,
  removeScene,
  writeHitEnds,
  writeNodeAttributes,
  writeNodeOpacity,
  writeNodePositions,
  writeTargetEnds,
} from './similarity/draw';
import { selectEdges } from './similarity/edges';
import { createInteraction } from './similarity/interact';
import type { ForceLayout, NodeStore, PlotBox } from './similarity/layout';
import { clampNode, createForceLayout, nodeSpacing, plotBox, radiusScale, reconcileNodes, seedPositions } from './similarity/layout';
import type { Special } from './similarity/overlay';
import { drawCaptions, drawOverlay, placeCaptions, specialBlockers, specialEdges } from './similarity/overlay';
import type { SimilarityGraph, SimilarityGraphCallbacks, SimilarityGraphSpec } from './similarity/spec';
import { DEFAULT_EDGES_PER_NODE, DEFAULT_LAYOUT_SEED, DEFAULT_MAX_EDGES, pairKey } from './similarity/spec';
import { fitNote, graphAriaLabel, noteVariants, type NoteFacts } from './similarity/text';

export type { SimilarityGraph, SimilarityGraphCallbacks, SimilarityGraphSpec, SimilarityNode } from './similarity/spec';
export { DEFAULT_EDGES_PER_NODE, DEFAULT_LAYOUT_SEED, DEFAULT_MAX_EDGES } from './similarity/spec';

/** Relax the layout again once this fraction of the nodes (removed, or with changed edges) has changed since it last did. */
const DRIFT_RELAYOUT = 0.08;

function sameArray(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function createSimilarityGraph(svgEl: SVGSVGElement, callbacks: SimilarityGraphCallbacks): SimilarityGraph {
  const scene = createScene(svgEl);
  const pace = motionPacer();
  let layout: ForceLayout<DrawnNode> | null = null;
  let runner: LayoutRunner | null = null;
  let seed = NaN;

  // State kept between updates.
  let spec: SimilarityGraphSpec | null = null;
  let box: PlotBox = plotBox(200, 200);
  const store: NodeStore<DrawnNode> = { byId: new Map(), graveyard: new Map() };
  let nodes: DrawnNode[] = [];
  let links: GraphLink[] = [];
  let linkKeys = new Set<string>();
  let facts: NoteFacts = { nodes: 0, drawn: 0, qualifying: 0, threshold: 0, perNode: DEFAULT_EDGES_PER_NODE, maxEdges: DEFAULT_MAX_EDGES };
  let prevIds: number[] = [];
  let prevKey: string | number | undefined;
  let prevEdgeInputs: unknown[] = [];
  let specials: Special[] = [];
  let specialSig = '';
  let captionSig = '';
  let hitSel: HitSelection = scene.hitG.selectAll<SVGLineElement, GraphLink>('line.sg-hit');
  let targetSel: HitSelection = scene.targetG.selectAll<SVGLineElement, GraphLink>('line.sg-target');
  /** Change since the layout last relaxed, in nodes. */
  let drift = 0;
  let destroyed = false;
  let edgesDirty = true;
  /** Hit lines and target pills lag behind the nodes (moved during a run). */
  let hitsDirty = true;
  /** The target pills are placed for the current edges, specials and positions. */
  let hitsArranged = false;
  let arrangeTimer: ReturnType<typeof setTimeout> | null = null;
  let lastUpdateAt = -Infinity;
  /** Updates are coming quickly (playing): placing the pills waits until they pause. */
  let rapid = false;
  let styledFocus: number | null | undefined;
  let styledLinks: GraphLink[] | null = null;

  const interaction = createInteraction(callbacks, {
    focus: () => {
      restyle();
      drawPositions(false, true);
    },
    edge: () => restyle(),
    legend: () => {
      restyle();
      drawPositions(false);
    },
  });

  const focusId = () => interaction.hoverId ?? spec?.selectedId ?? null;

  function ensureLayout(nextSeed: number): boolean {
    if (layout && nextSeed === seed) return false;
    runner?.stop();
    seed = nextSeed;
    layout = createForceLayout<DrawnNode>(seed);
    runner = createLayoutRunner(layout, {
      frame: (done) => drawPositions(done),
      started: () => scene.svg.attr('data-layout', 'running'),
      settled: () => {
        scene.svg.attr('data-layout', 'settled');
        if (interaction.hoverEdge) restyle();
      },
    });
    return true;
  }

  function invalidateTargets(): void {
    if (hitsArranged) scene.svg.attr('data-targets', 'pending');
    hitsArranged = false;
  }

  /** Places the pills now, or (while updates come quickly) once they pause. */
  function requestArrange(): void {
    if (hitsArranged || hitsDirty) return;
    if (arrangeTimer) clearTimeout(arrangeTimer);
    arrangeTimer = null;
    if (!rapid) return arrange();
    arrangeTimer = setTimeout(() => {
      arrangeTimer = null;
      rapid = false;
      if (!destroyed && !runner?.running) requestArrange();
    }, RAPID_UPDATE_MS);
  }

  /** Places the edges' target pills and stacks them (at rest). */
  function arrange(): void {
    hitsArranged = true;
    scene.svg.attr('data-targets', 'placed');
    const index = new Map(links.map((l, q) => [l.key, q]));
    placeTargets(scene, targetSel, links, nodes, specialBlockers(specials, (key) => index.get(key) ?? -1, box.scale), box.scale);
  }

  /** Writes positions to the DOM: only circles that moved, edges only when something moved. */
  function drawPositions(final: boolean, force = false): void {
    const moved = writeNodePositions(nodes);
    if (moved) {
      // Click targets follow only when nodes moved (new ones get their ends when they are created).
      hitsDirty = true;
      invalidateTargets();
    }
    if (moved || force || edgesDirty) {
      edgesDirty = false;
      drawEdges(scene, links, focusId(), interaction.hoverId !== null, box.scale);
      if (spec) drawOverlay(scene, specials, { spec, byId: store.byId, hoverId: interaction.hoverId, box }, interaction.bindSpecialHits);
    }
    if (hitsDirty && (final || (runner?.frame ?? 0) % 10 === 0)) {
      hitsDirty = false;
      writeHitEnds(hitSel);
      writeTargetEnds(targetSel, box.scale);
    }
    if (final) requestArrange();
  }

  /** Opacity and emphasis: depends on hover, selection and legend hover, not on positions. */
  function restyle(): void {
    const f = focusId();
    if (f !== styledFocus || links !== styledLinks) edgesDirty = true;
    styledFocus = f;
    styledLinks = links;
    const { hoverId, legendClass, hoverEdge } = interaction;
    const neighbours = new Set<number>();
    if (f !== null) {
      neighbours.add(f);
      for (const l of links) {
        if (l.source.id === f) neighbours.add(l.target.id);
        else if (l.target.id === f) neighbours.add(l.source.id);
      }
    }
    writeNodeOpacity(nodes, (d) => (legendClass !== null && d.cls !== legendClass) || (hoverId !== null && !neighbours.has(d.id)));
    scene.edgeG.attr('opacity', hoverId !== null || legendClass !== null ? 0.3 : f !== null ? 0.75 : 1);
    drawHoverEdge(scene, hoverEdge ? links.find((l) => l.key === hoverEdge) : undefined, box.scale);
  }

  /** Nodes of the new spec, reusing the survivors' simulation state; returns what changed. */
  function placeNodes(next: SimilarityGraphSpec, fresh: boolean, oldBox: PlotBox | null): { unplaced: number; removed: number } {
    const n = next.nodes.length;
    if (fresh) {
      store.graveyard = new Map();
      store.byId = new Map();
    }
    let maxSize = -Infinity;
    for (const d of next.nodes) if (d.size > maxSize) maxSize = d.size;
    const made = reconcileNodes(store, next.nodes, radiusScale(box, n, Number.isFinite(maxSize) ? maxSize : 1), (s, k, x, y) => ({
      id: s.id, cls: s.preferredClass, size: s.size, r: 0, k, x, y, vx: 0, vy: 0, el: null, px: NaN, py: NaN, ar: NaN, acls: NaN, aop: 1,
    }));
    nodes = made.nodes;
    if (made.unplaced.length) seedPositions(made.unplaced, box, nodeSpacing(box, n));
    if (oldBox && !fresh && (oldBox.width !== box.width || oldBox.height !== box.height)) {
      // Keep the layout's shape: scale positions into the new box.
      const sx = box.halfW / Math.max(1, oldBox.halfW);
      const sy = box.halfH / Math.max(1, oldBox.halfH);
      const unplaced = new Set(made.unplaced);
      for (const d of nodes) {
        if (unplaced.has(d)) continue;
        d.x *= sx;
        d.y *= sy;
      }
    }
    for (const d of nodes) clampNode(d, box);
    return { unplaced: made.unplaced.length, removed: made.removed };
  }

  /** The edges of the new spec; returns whether the set changed and how many drawn pairs' r moved. */
  function chooseEdges(next: SimilarityGraphSpec, perNode: number, maxEdges: number): { changed: boolean; moved: number } {
    const sel = selectEdges(next.correlation, nodes.length, { threshold: next.threshold, perNode, maxEdges });
    const oldT = new Map(links.map((l) => [l.key, l.t]));
    const list: GraphLink[] = sel.edges.map((e) => {
      const key = pairKey(nodes[e.i].id, nodes[e.j].id);
      return { source: nodes[e.i], target: nodes[e.j], r: e.r, w: e.w, key, t: oldT.get(key) ?? 0.5 };
    });
    // Weakest first: the strongest edges' full-length hit lines are on top.
    list.sort((p, q) => Math.abs(p.r) - Math.abs(q.r));
    const keys = new Set(list.map((l) => l.key));
    const changed = keys.size !== linkKeys.size || list.some((l) => !linkKeys.has(l.key));
    // Pairs drawn before and now whose correlation moved (new codes); pairs that only
    // enter or leave the drawn set, or go with a removed node, do not count.
    const oldR = new Map(links.map((l) => [l.key, l.r]));
    let moved = 0;
    for (const l of list) {
      const r = oldR.get(l.key);
      if (r !== undefined && Math.abs(r - l.r) > 0.02) moved++;
    }
    links = list;
    linkKeys = keys;
    facts = { ...facts, qualifying: sel.qualifying };
    return { changed, moved };
  }

  function update(next: SimilarityGraphSpec): void {
    if (destroyed) return;
    const now = performance.now();
    rapid = now - lastUpdateAt < RAPID_UPDATE_MS;
    lastUpdateAt = now;
    const { width, height } = next;
    const n = next.nodes.length;
    scene.svg.attr('viewBox', `0 0 ${width} ${height}`).attr('width', width).attr('height', height);
    if (next.correlation.length !== n * n) {
      scene.emptyText.attr('x', width / 2).attr('y', height / 2).text(`correlation has ${next.correlation.length} entries, expected ${n} x ${n}`);
      return;
    }
    const perNode = next.edgesPerNode ?? DEFAULT_EDGES_PER_NODE;
    const maxEdges = next.maxEdges ?? DEFAULT_MAX_EDGES;
    const newLayout = ensureLayout(next.seed ?? DEFAULT_LAYOUT_SEED);
    const fresh = newLayout || next.layoutKey !== prevKey;
    const oldBox = spec ? box : null;
    const scale = sizeScale(next.scale);
    const resized = !oldBox || width !== oldBox.width || height !== oldBox.height || scale !== oldBox.scale;
    const ids = next.nodes.map((d) => d.id);
    const nodesChanged = fresh || !sameArray(ids, prevIds);
    const edgeInputs = [next.correlation, next.threshold, perNode, maxEdges];
    const edgesMayChange = nodesChanged || edgeInputs.some((v, q) => v !== prevEdgeInputs[q]);
    spec = next;
    box = plotBox(width, height, scale);
    if (resized) layoutFrame(scene, box, interaction.hoverLegend);

    const { unplaced, removed } = placeNodes(next, fresh, oldBox);
    let edgesChanged = false;
    let edgeMoved = 0;
    if (edgesMayChange) ({ changed: edgesChanged, moved: edgeMoved } = chooseEdges(next, perNode, maxEdges));
    prevIds = ids;
    prevKey = next.layoutKey;
    prevEdgeInputs = edgeInputs;

    const animate = pace() && !fresh;
    scene.nodeG
      .selectAll<SVGCircleElement, DrawnNode>('circle.sg-node:not(.sg-exiting)')
      .data(nodes, (d) => d.id)
      .join(
        (enter) => {
          const circles = enter.append('circle').attr('class', 'sg-node').attr('cx', (d) => d.x).attr('cy', (d) => d.y);
          interaction.bindNodes(circles);
          fadeIn(circles, animate);
          return circles;
        },
        (upd) => upd,
        (exit) => {
          exit.classed('sg-exiting', true);
          interaction.unbindNodes(exit);
          fadeOut(exit, animate);
          return exit;
        },
      )
      .each(function (d) {
        writeNodeAttributes(this, d);
      });

    if (edgesMayChange || resized) {
      hitSel = joinHits(scene.hitG, 'sg-hit', links, (enter) => (interaction.bindHits(enter), writeHitEnds(enter)), scale);
      targetSel = joinHits(scene.targetG, 'sg-target', links, (enter) => (interaction.bindHits(enter), writeTargetEnds(enter, scale)), scale);
      invalidateTargets();
    }
    interaction.forgetMissing((id) => store.byId.has(id), (key) => linkKeys.has(key));

    facts = { ...facts, nodes: n, drawn: links.length, threshold: next.threshold, perNode, maxEdges };
    scene.note.text(fitNote(noteVariants(facts), width, box.pad, scale));
    scene.emptyText.attr('x', width / 2).attr('y', box.cy).text(n === 0 ? 'no neurons left in this layer' : '');
    scene.svg.attr('aria-label', graphAriaLabel(facts, next.candidate));

    specials = specialEdges(next, store.byId);
    const sig = specials.map((s) => `${s.kind}:${s.a.id}:${s.b.id}`).join('|');
    if (sig !== specialSig) invalidateTargets();
    specialSig = sig;
    const captionKey = `${width}|${height}|${scale}|` + specials.map((s) => `${s.kind}:${s.label}:${s.r}`).join('|');
    if (captionKey !== captionSig) {
      captionSig = captionKey;
      drawCaptions(scene, placeCaptions(specials, box), box, n > 0, interaction.bindCaptions);
    }

    if (nodesChanged || edgesChanged || resized || fresh) {
      layout!.configure(nodes, links, box);
      if (fresh) {
        drift = 0;
        runner!.run(layout!.heatFresh(), true);
      } else {
        // Survivors keep their places and a neuron that comes back returns to
        // where it was: a step only fades a node out. The layout relaxes (gently,
        // briefly) once enough has changed since it last did, or a node is new.
        drift += removed + (edgeMoved / Math.max(1, links.length)) * n;
        if (unplaced || resized || drift >= DRIFT_RELAYOUT * Math.max(1, n)) {
          drift = 0;
          runner!.run(layout!.heatWarm());
        }
      }
    }
    restyle();
    if (!runner!.running) drawPositions(true, true);
    else if (spec) drawOverlay(scene, specials, { spec, byId: store.byId, hoverId: interaction.hoverId, box }, interaction.bindSpecialHits);
  }

  function destroy(): void {
    destroyed = true;
    if (arrangeTimer) clearTimeout(arrangeTimer);
    runner?.stop();
    removeScene(scene);
  }

  return { update, destroy };
}
