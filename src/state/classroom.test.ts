/** The classroom-link builder: the chosen controls, tour, presenter mode and start travel in the link, and nothing else changes. */
import { describe, expect, it } from 'vitest';
import { decodeLinkState, DEFAULT_LINK_STATE, HIDEABLE_CONTROLS, type LinkState } from '../core/share/link-state';
import { classroomHref, classroomLinkState, type ClassroomChoice } from './actions/classroom';

const base: LinkState = {
  ...DEFAULT_LINK_STATE,
  model: { kind: 'trained', hidden: [16, 8], activation: 'tanh', learningRate: 0.003, batchSize: 64, epochs: 2, seed: 7 },
  method: 'ls',
  steps: [
    [1, 0, 3, -1],
    [0, 0, 5, 2],
    [1, 1, 4, -1],
  ],
  cursor: 2,
  layer: 1,
  selected: [1, 6],
  threshold: 0.75,
  normalization: 'layer',
  // As if this tab had itself been opened from a classroom link.
  hide: ['codes'],
  tour: true,
  present: true,
};

const choice = (c: Partial<ClassroomChoice>): ClassroomChoice => ({ hide: [], tour: false, present: false, start: 'current', ...c });

function decodeHref(href: string): LinkState {
  const d = decodeLinkState(new URL(href).hash);
  if (!d.ok) throw new Error(d.error);
  return d.state;
}

describe('classroomLinkState', () => {
  it('hides exactly the chosen controls, in the link format’s order, each once', () => {
    const s = classroomLinkState(base, choice({ hide: ['timeline', 'method', 'training', 'method'] }));
    expect(s.hide).toEqual(['training', 'method', 'timeline']);
    expect(classroomLinkState(base, choice({ hide: [] })).hide).toEqual([]);
    expect(classroomLinkState(base, choice({ hide: [...HIDEABLE_CONTROLS].reverse() })).hide).toEqual([...HIDEABLE_CONTROLS]);
  });

  it('sets the tour and presenter mode as chosen, whatever the current state has', () => {
    expect(classroomLinkState(base, choice({ tour: false, present: false }))).toMatchObject({ tour: false, present: false });
    expect(classroomLinkState({ ...base, tour: false, present: false }, choice({ tour: true, present: true }))).toMatchObject({ tour: true, present: true });
  });

  it('starts from the current step with the whole history, or from the uncompressed model with none', () => {
    const current = classroomLinkState(base, choice({ start: 'current' }));
    expect(current.steps).toEqual(base.steps);
    expect(current.cursor).toBe(2);
    const original = classroomLinkState(base, choice({ start: 'original' }));
    expect(original.steps).toEqual([]);
    expect(original.cursor).toBe(0);
  });

  it('keeps the model, the method and the view, and does not change the state it was given', () => {
    const before = structuredClone(base);
    const s = classroomLinkState(base, choice({ hide: ['similarity'], start: 'original' }));
    expect(s).toMatchObject({ v: 2, model: base.model, method: 'ls', layer: 1, selected: [1, 6], threshold: 0.75, normalization: 'layer' });
    expect(base).toEqual(before);
    s.steps.push([0, 0, 0, 1]);
    expect(base.steps).toHaveLength(3);
  });
});

describe('classroomHref', () => {
  it('puts the state in the hash of the page address, replacing a hash it had and keeping its query', () => {
    const href = classroomHref('https://example.org/app/?hidden=16-8#s2.old', base, choice({ hide: ['method'], tour: true }));
    const url = new URL(href);
    expect(url.origin + url.pathname + url.search).toBe('https://example.org/app/?hidden=16-8');
    expect(url.hash).toMatch(/^#s2\./);
    expect(decodeHref(href)).toEqual(classroomLinkState(base, choice({ hide: ['method'], tour: true })));
  });

  it('opens hiding the method picker and starting the tour, from the uncompressed model', () => {
    const s = decodeHref(classroomHref('http://127.0.0.1:4173/', base, choice({ hide: ['method'], tour: true, start: 'original' })));
    expect(s.hide).toEqual(['method']);
    expect(s.tour).toBe(true);
    expect(s.present).toBe(false);
    expect(s.steps).toEqual([]);
    expect(s.cursor).toBe(0);
  });

  it('throws on a state the link format refuses (a bug in the caller, not a link to hand out)', () => {
    expect(() => classroomHref('http://x/', { ...base, cursor: 9 }, choice({}))).toThrow(/cursor/);
  });
});
