import { describe, expect, it } from 'vitest';
import { compactionChartSize, graphSize, heatmapSizes, learningChartWidth, networkSize } from './panel-sizes';

const WIDTHS = [296, 342, 480, 688, 900, 1240, 1800];

describe('drawing sizes for a panel width', () => {
  it('never makes the heatmaps wider together than their panel', () => {
    for (const w of WIDTHS) {
      for (const scale of [1, 1.7]) {
        const s = heatmapSizes(w, 12, scale);
        if (s.stacked) {
          expect(s.code).toBeLessThanOrEqual(Math.max(200, w));
          expect(s.profile).toBeLessThanOrEqual(Math.max(200, w));
        } else expect(s.code + 12 + s.profile).toBeLessThanOrEqual(w);
      }
    }
    // Side by side on a wide panel, stacked on a phone's.
    expect(heatmapSizes(900, 12).stacked).toBe(false);
    expect(heatmapSizes(342, 12).stacked).toBe(true);
  });

  it('fits the charts and the graph to the panel (down to a phone), and the network view beyond a minimum only', () => {
    for (const w of WIDTHS) {
      expect(compactionChartSize(w).width).toBe(Math.max(240, w));
      expect(graphSize(w).width).toBe(Math.max(260, w));
      const n = networkSize(w);
      expect(n.width).toBe(Math.max(n.minWidth, w));
      expect(learningChartWidth(w, 16)).toBeLessThanOrEqual(Math.max(220, w));
    }
  });

  it('grows every drawing with a wider panel and with a larger scale', () => {
    expect(compactionChartSize(880).height).toBeGreaterThan(compactionChartSize(300).height);
    expect(networkSize(1200).height).toBeGreaterThan(networkSize(600).height);
    for (const f of [compactionChartSize, graphSize, networkSize]) expect(f(880, 1.7).height).toBeGreaterThan(f(880, 1).height);
    expect(heatmapSizes(900, 12, 1.7).height).toBeGreaterThan(heatmapSizes(900, 12, 1).height);
    // Two learning curves side by side only when both get at least 260 px (times the scale).
    expect(learningChartWidth(600, 16)).toBe(292);
    expect(learningChartWidth(500, 16)).toBe(500);
    expect(learningChartWidth(600, 16, 1.7)).toBe(600);
  });
});
