import { describe, expect, it } from 'vitest';
import { fitNote, graphAriaLabel, noteVariants, type NoteFacts } from './text';

const facts = (over: Partial<NoteFacts>): NoteFacts => ({ nodes: 300, drawn: 436, qualifying: 848, threshold: 0.6, perNode: 3, maxEdges: 600, ...over });

describe('the note under the graph', () => {
  it('says how many pairs qualify and how many are drawn, and why', () => {
    expect(noteVariants(facts({}))[0]).toBe("436 of 848 pairs with |r| ≥ 0.60: each neuron's strongest 3 · dashed: r < 0");
    expect(noteVariants(facts({ drawn: 40, qualifying: 40 }))[0]).toBe('40 pairs with |r| ≥ 0.60 · dashed: r < 0');
    expect(noteVariants(facts({ drawn: 0, qualifying: 0 }))[0]).toBe('no pair reaches |r| ≥ 0.60: lower the threshold');
    expect(noteVariants(facts({ perNode: Infinity, drawn: 600, qualifying: 900 }))[0]).toBe('900 pairs with |r| ≥ 0.60; only the strongest 600 drawn · dashed: r < 0');
    expect(noteVariants(facts({ nodes: 0 }))).toEqual(['']);
  });

  it('takes the longest wording that fits the width, else the shortest', () => {
    const variants = noteVariants(facts({}));
    for (let q = 1; q < variants.length; q++) expect(variants[q].length).toBeLessThan(variants[q - 1].length);
    expect(fitNote(variants, 1000, 6)).toBe(variants[0]);
    const at345 = fitNote(variants, 345, 6);
    expect(at345.length * 5.9).toBeLessThanOrEqual(345 - 12);
    expect(variants.indexOf(at345)).toBeGreaterThan(0);
    expect(fitNote(variants, 100, 6)).toBe(variants[variants.length - 1]);
  });

  it('labels the SVG with the counts and the next merge', () => {
    expect(graphAriaLabel(facts({}), [3, 7])).toBe("Similarity graph: 300 neurons, 436 edges with |r| ≥ 0.60 (each neuron's strongest 3); next merge #3 and #7");
    expect(graphAriaLabel(facts({ drawn: 40, qualifying: 40 }), null)).toBe('Similarity graph: 300 neurons, 40 edges with |r| ≥ 0.60');
  });
});
