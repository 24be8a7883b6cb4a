import { useEffect, useState } from 'react';
import { setMethod, step } from '../state/actions/compaction';
import { closeTour } from '../state/actions/tour';
import { useStore } from '../state/store';

interface TourStop {
  target: string;
  title: string;
  text: string;
  /** Something to do on the live model when the stop opens. */
  act?: () => void;
}

const STOPS: TourStop[] = [
  {
    target: '.network-panel',
    title: '1 · A trained network',
    text: 'This is LeNet-300-100, trained on handwritten digits: 784 pixels in, two hidden layers of 300 and 100 neurons, 10 digits out. It has 266,610 parameters. Can it be smaller without forgetting what it learned?',
  },
  {
    target: '.codes-panel',
    title: '2 · Neuro-Coding',
    text: 'Describe each neuron by what it does: its outputs on 2,000 real images. That row of numbers is the neuron’s code. Rows here are codes, columns are images grouped by digit. Bright means the neuron fires.',
  },
  {
    target: '.similarity-panel',
    title: '3 · Neurons that behave alike',
    text: 'Two neurons whose codes rise and fall together are nearly redundant. Each line joins such a pair (Pearson correlation above the threshold). The highlighted pair is the cheapest one to unify.',
  },
  {
    target: '.stepper',
    title: '4 · Neuro-Unification',
    text: 'Instead of just deleting a neuron, let another neuron take over its behaviour: fit its code as a·(heir’s code) + c and fold a and c into the next layer’s weights. Watch one step now.',
    act: () => {
      void setMethod('pair');
      step(1);
    },
  },
  {
    target: '.compaction-panel',
    title: '5 · Shrink, and keep accuracy',
    text: 'Each step saves parameters; the curve shows what it costs in accuracy. Least-squares unification lets all remaining neurons share the behaviour and keeps accuracy even at 80% fewer parameters. Compare with plain pruning using the boxes.',
  },
  {
    target: '.stepper',
    title: '6 · Let it find the structure',
    text: '“Run to target” always takes the cheapest removal in any layer, so the network learns how wide each layer needs to be. Try it, then share the link: it reopens exactly this state.',
  },
];

/** A guided tour over the live model; started from the header or by a classroom link. */
export function Tour() {
  const open = useStore((s) => s.tourOpen);
  const ready = useStore((s) => s.compaction.ready);
  const [k, setK] = useState(0);
  const [box, setBox] = useState<DOMRect | null>(null);
  const stop = STOPS[k];

  useEffect(() => {
    if (!open || !ready) return;
    const el = document.querySelector(stop.target);
    if (!el) return;
    el.scrollIntoView({ block: 'center', behavior: 'smooth' });
    el.classList.add('tour-focus');
    const place = () => setBox(el.getBoundingClientRect());
    const t = setTimeout(place, 400);
    window.addEventListener('scroll', place, { passive: true });
    window.addEventListener('resize', place);
    return () => {
      clearTimeout(t);
      el.classList.remove('tour-focus');
      window.removeEventListener('scroll', place);
      window.removeEventListener('resize', place);
    };
  }, [open, ready, k, stop.target]);

  if (!open || !ready) return null;
  const close = () => {
    closeTour();
    setK(0);
  };
  const top = box ? Math.min(window.innerHeight - 230, Math.max(12, box.bottom + 12 > window.innerHeight - 230 ? box.top - 230 : box.bottom + 12)) : 80;
  const left = box ? Math.min(window.innerWidth - 400, Math.max(12, box.left)) : 24;
  return (
    <div className="tour-card" role="dialog" aria-labelledby="tour-title" data-testid="tour" style={{ top, left }}>
      <h3 id="tour-title">{stop.title}</h3>
      <p>{stop.text}</p>
      <div className="button-row">
        <button type="button" onClick={close}>
          Close
        </button>
        <button type="button" disabled={k === 0} onClick={() => setK(k - 1)}>
          Back
        </button>
        <button
          type="button"
          className="primary"
          data-testid="tour-next"
          onClick={() => {
            if (k === STOPS.length - 1) return close();
            STOPS[k + 1].act?.();
            setK(k + 1);
          }}
        >
          {k === STOPS.length - 1 ? 'Done' : 'Next'}
        </button>
      </div>
      <span className="tour-count">
        {k + 1} / {STOPS.length}
      </span>
    </div>
  );
}
