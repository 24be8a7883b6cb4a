import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { HideableControl } from '../core/share/link-state';
import { applyTourStep, closeTour, redoTourStep, replayTourStep, tourDemo, undoTourStep } from '../state/actions/tour';
import { neuronOutput } from '../state/neuron-output';
import { useStore } from '../state/store';
import { ShowAllControls } from './classroom/ShowAllControls';
import { placeCard, subjectTopFor, type Placement } from './tour/placement';
import { tourStops, type TourFacts } from './tour/stops';
import './tour/tour.css';

/** How long the page has to settle on the hand-over's stop before the step is taken (so the animation is seen). */
const DEMO_DELAY_MS = 450;

/** The live facts the stops' words are made of. */
function useTourFacts(demoFailed: TourFacts['demoFailed']): TourFacts | null {
  const model = useStore((s) => s.model);
  const data = useStore((s) => s.data);
  const c = useStore((s) => s.compaction);
  const explorer = useStore((s) => s.explorer);
  const hidden = useStore((s) => s.hidden);
  const shownAnyway = useStore((s) => s.shownAnyway);
  return useMemo(() => {
    if (!model || !c.ready) return null;
    // Read again whenever the history moves (c.serial, c.cursor are dependencies).
    const d = tourDemo();
    const p = c.preview;
    const out = p ? neuronOutput(p.layer, p.removedId) : null;
    return {
      modelName: model.name,
      source: model.source,
      dataName: data?.train.name ?? '',
      classes: data?.train.numClasses ?? c.originalWidths.at(-1) ?? 10,
      activation: model.mlp.spec.activation,
      originalWidths: c.originalWidths,
      widths: c.widths,
      baseParams: c.baseParams,
      params: c.params,
      cursor: c.cursor,
      accuracy: c.accuracy,
      testCount: data?.test.count ?? 0,
      probeCount: explorer.view?.codes.count ?? 0,
      viewLayer: explorer.view?.layer ?? explorer.layer,
      threshold: explorer.threshold,
      method: c.method,
      preview: p,
      previewConstant: out?.constant ? out.mean : null,
      demo: d && {
        layer: d.layer,
        removedId: d.removedId,
        heirId: d.heirId,
        correlation: d.correlation,
        a: d.record.heirs[0]?.coef ?? 0,
        c: d.record.biasCoef,
        relCost: d.record.relCost,
        saved: d.paramsBefore - d.record.paramsAfter,
      },
      demoFailed: d ? null : demoFailed,
      hidden: (shownAnyway ? [] : hidden) as HideableControl[],
    };
  }, [model, data, c, explorer, hidden, shownAnyway, demoFailed]);
}

/**
 * The part of the page the user sees, in the coordinates of position: fixed
 * (the layout viewport): the visual viewport, which is smaller when the page
 * is wider than a phone's screen or zoomed in.
 */
function visibleArea(): { left: number; top: number; width: number; height: number } {
  const vv = window.visualViewport;
  if (vv) return { left: vv.offsetLeft, top: vv.offsetTop, width: vv.width, height: vv.height };
  return { left: 0, top: 0, width: document.documentElement.clientWidth, height: window.innerHeight };
}

/** An element's box relative to the visible area. */
function boxIn(el: Element, area: ReturnType<typeof visibleArea>) {
  const r = el.getBoundingClientRect();
  return { left: r.left - area.left, top: r.top - area.top, width: r.width, height: r.height };
}

/** Whether an element is shown (a classroom link may hide a panel). */
function shown(el: Element | null): el is HTMLElement {
  return el instanceof HTMLElement && el.getClientRects().length > 0;
}

/** A guided tour over the live model; started from the header or by a classroom link. Also mounts the classroom "Show all controls" bar. */
export function Tour() {
  return (
    <>
      <ShowAllControls />
      <TourCard />
    </>
  );
}

function TourCard() {
  const open = useStore((s) => s.tourOpen);
  const ready = useStore((s) => s.compaction.ready);
  if (!open || !ready) return null;
  return <TourDialog />;
}

function TourDialog() {
  const [k, setK] = useState(0);
  const [demoFailed, setDemoFailed] = useState<TourFacts['demoFailed']>(null);
  const facts = useTourFacts(demoFailed);
  const stops = useMemo(() => (facts ? tourStops(facts) : []), [facts]);
  const card = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<Placement | null>(null);
  const returnTo = useRef<Element | null>(null);
  const stop = stops[Math.min(k, stops.length - 1)];
  const demoAt = stops.findIndex((s) => s.demo);

  // Focus: remember where it was when the tour opened; give it back on close.
  useLayoutEffect(() => {
    returnTo.current = document.activeElement;
    return () => {
      const el = returnTo.current;
      if (el instanceof HTMLElement && el.isConnected) el.focus({ preventScroll: true });
    };
  }, []);

  const close = useCallback(() => closeTour(), []);

  /** The next (dir 1) or previous (dir -1) stop whose subject is on the page. */
  const neighbour = (dir: 1 | -1): number => {
    for (let q = k + dir; q >= 0 && q < stops.length; q += dir) if (shown(document.querySelector(stops[q].target))) return q;
    return -1;
  };
  const next = () => {
    const q = neighbour(1);
    if (q < 0) close();
    else setK(q);
  };
  const back = () => {
    const q = neighbour(-1);
    if (q >= 0) setK(q);
  };

  // The hand-over: made (or redone) on its stop, after a pause once the page has scrolled to it; undone before it.
  // After it, only redone if it was undone: a step the user changed meanwhile is theirs, and the tour makes no second one.
  useEffect(() => {
    if (demoAt < 0) return;
    if (k < demoAt) {
      undoTourStep();
      return;
    }
    if (k > demoAt) {
      redoTourStep();
      return;
    }
    const t = setTimeout(() => {
      const r = applyTourStep();
      setDemoFailed(typeof r === 'string' ? r : null);
    }, DEMO_DELAY_MS);
    return () => clearTimeout(t);
  }, [k, demoAt]);

  // Escape closes, wherever focus is.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      e.preventDefault();
      close();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [close]);

  // Each stop: its subject outlined and scrolled into place (again when the hand-over's words arrive: the card grows).
  const target = stop?.target;
  const demoShown = Boolean(stop?.demo && facts?.demo);
  useLayoutEffect(() => {
    const el = target ? document.querySelector(target) : null;
    let area = visibleArea();
    const cardHeight = card.current?.scrollHeight ?? 240;
    if (shown(el)) {
      el.classList.add('tour-subject');
      let box = boxIn(el, area);
      if (box.left < 0 || box.left + Math.min(box.width, area.width) > area.width) {
        // Sideways out of sight (a page wider than a phone's screen): the browser brings it in, panning the visual viewport if need be.
        el.scrollIntoView({ block: 'nearest', inline: 'start', behavior: 'instant' });
        area = visibleArea();
        box = boxIn(el, area);
      }
      const want = subjectTopFor(box, cardHeight, area);
      window.scrollBy({ top: box.top - want, behavior: 'instant' });
    }
    return () => el?.classList.remove('tour-subject');
  }, [target, demoShown]);

  // Placement: after every render (the words change the card's height), and on scroll and resize.
  const placeNow = useCallback(() => {
    const el = target ? document.querySelector(target) : null;
    const area = visibleArea();
    const inArea = placeCard(shown(el) ? boxIn(el, area) : null, card.current?.scrollHeight ?? 240, area);
    const p = { ...inArea, left: inArea.left + area.left, top: inArea.top + area.top };
    setPlace((old) => (old && old.left === p.left && old.top === p.top && old.width === p.width && old.height === p.height && old.side === p.side ? old : p));
  }, [target]);
  useLayoutEffect(placeNow);

  // Focus into the card when it opens and at every stop (once it is placed, so it can take focus).
  const placed = place !== null;
  useEffect(() => {
    const el = card.current;
    if (!placed || !el) return;
    if (document.activeElement === el) el.blur(); // focused again, so the new stop is announced
    el.focus({ preventScroll: true });
  }, [k, placed]);
  useEffect(() => {
    const vv = window.visualViewport;
    window.addEventListener('scroll', placeNow, { passive: true });
    window.addEventListener('resize', placeNow);
    vv?.addEventListener('scroll', placeNow);
    vv?.addEventListener('resize', placeNow);
    return () => {
      window.removeEventListener('scroll', placeNow);
      window.removeEventListener('resize', placeNow);
      vv?.removeEventListener('scroll', placeNow);
      vv?.removeEventListener('resize', placeNow);
    };
  }, [placeNow]);

  if (!stop) return null;
  const shownCount = stops.filter((s) => shown(document.querySelector(s.target))).length || stops.length;
  const position = stops.slice(0, k + 1).filter((s) => shown(document.querySelector(s.target))).length || k + 1;
  const last = neighbour(1) < 0;
  return (
    <div
      ref={card}
      className={`tour-dialog tour-${place?.side ?? 'centre'}`}
      role="dialog"
      aria-modal="false"
      aria-labelledby="tour-title"
      aria-describedby="tour-body"
      tabIndex={-1}
      data-testid="tour"
      data-stop={k + 1}
      style={place ? { left: place.left, top: place.top, width: place.width, maxHeight: place.height } : { visibility: 'hidden' }}
      onKeyDown={(e) => {
        // Arrows move through the tour here (not the stepper's → step).
        if (e.key === 'ArrowRight' || e.key === 'ArrowLeft') {
          e.stopPropagation();
          e.preventDefault();
          if (e.key === 'ArrowRight') next();
          else back();
        }
      }}
    >
      <div className="tour-head">
        <h3 id="tour-title">{stop.title}</h3>
        <button type="button" className="tour-close" data-testid="tour-close" aria-label="Close the tour" onClick={close}>
          ×
        </button>
      </div>
      <div id="tour-body" className="tour-body">
        {stop.paragraphs.map((t, q) => (
          <p key={q}>{t}</p>
        ))}
      </div>
      <div className="tour-foot">
        <span className="tour-progress">
          {position} / {shownCount}
        </span>
        {stop.demo && facts?.demo && (
          <button type="button" data-testid="tour-replay" onClick={replayTourStep}>
            Watch again
          </button>
        )}
        <button type="button" data-testid="tour-back" disabled={neighbour(-1) < 0} onClick={back}>
          Back
        </button>
        <button type="button" className="primary" data-testid="tour-next" onClick={next}>
          {last ? 'Done' : 'Next'}
        </button>
      </div>
    </div>
  );
}
