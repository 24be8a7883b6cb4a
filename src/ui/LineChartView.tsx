import { useEffect, useRef } from 'react';
import type { LineChartSpec } from '../viz/line-chart';
import { renderLineChart } from '../viz/line-chart';
import { drawWhenSeen, forgetDeferredDraw } from '../platform/deferred-draw';

/** Hosts a d3 line chart; the renderer does the drawing. */
export function LineChartView({ spec, testId, label }: { spec: LineChartSpec; testId?: string; label: string }) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (el) drawWhenSeen(el, () => renderLineChart(el, spec));
  }, [spec]);
  useEffect(() => {
    const el = ref.current;
    return () => {
      if (el) forgetDeferredDraw(el);
    };
  }, []);
  return <svg ref={ref} data-testid={testId} role="img" aria-label={label} className="chart" />;
}
