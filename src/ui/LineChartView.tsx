import { useEffect, useRef } from 'react';
import type { LineChartSpec } from '../viz/line-chart';
import { renderLineChart } from '../viz/line-chart';

/** Hosts a d3 line chart; the renderer does the drawing. */
export function LineChartView({ spec, testId, label }: { spec: LineChartSpec; testId?: string; label: string }) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (ref.current) renderLineChart(ref.current, spec);
  }, [spec]);
  return <svg ref={ref} data-testid={testId} role="img" aria-label={label} className="chart" />;
}
