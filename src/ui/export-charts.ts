/** Saving a drawn chart (SVG by its test id, or a canvas) as SVG or PNG. */
import { flushDeferredDraws } from '../platform/deferred-draw';
import { canvasToPng, downloadBlob, downloadText, svgToPng, svgToText } from '../platform/download';
import { pushNotice } from '../state/actions/notices';

function find<T extends Element>(testId: string): T | null {
  return document.querySelector<T>(`[data-testid="${testId}"]`);
}

export async function exportChart(testId: string, format: 'svg' | 'png'): Promise<void> {
  flushDeferredDraws();
  const svg = find<SVGSVGElement>(testId);
  if (!svg) return;
  try {
    if (format === 'svg') downloadText(svgToText(svg), `neurounify-${testId}.svg`, 'image/svg+xml');
    else downloadBlob(await svgToPng(svg), `neurounify-${testId}.png`);
  } catch (e) {
    pushNotice('error', 'Could not export the chart.', e instanceof Error ? e.message : String(e));
  }
}

export async function exportCanvas(testId: string): Promise<void> {
  flushDeferredDraws();
  const canvas = find<HTMLCanvasElement>(testId);
  if (canvas) downloadBlob(await canvasToPng(canvas), `neurounify-${testId}.png`);
}
