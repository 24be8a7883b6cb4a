import { useStore } from '../state/store';
import { formatInt } from './format';

/** Where the data comes from, and how long start-up took. */
export function Footer() {
  const data = useStore((s) => s.data);
  const firstScreenMs = useStore((s) => s.boot.firstScreenMs);
  return (
    <footer className="app-footer">
      <span>
        {data
          ? `Data: ${data.train.name.replace(' (train)', '')} — ${formatInt(data.train.count)} for training, ${formatInt(data.test.count)} held out for testing (fixed, seeded, stratified split).`
          : 'Loading data…'}
      </span>
      {firstScreenMs !== null && (
        <span data-testid="first-screen-ms" data-ms={firstScreenMs}>
          Ready {(firstScreenMs / 1000).toFixed(2)} s after opening the page.
        </span>
      )}
    </footer>
  );
}
