import { StrictMode } from 'react';
// d3's bundle is marked side-effect free, so a production build drops the
// transition methods it adds to selections unless they are imported directly.
import 'd3-transition';
import { createRoot } from 'react-dom/client';
import { browserServices } from './platform/browser-services';
import { loseWebglContextForTest } from './platform/tf-browser';
import { boot } from './state/actions/boot';
import { storeSnapshot } from './state/inspect';
import { provideServices } from './state/services';
import { useStore } from './state/store';
import { App } from './ui/App';
import './ui/styles.css';

provideServices(browserServices());
// Read-only, for tests and benchmarks that drive the built app.
(window as unknown as { neurounify: unknown }).neurounify = {
  snapshot: () => storeSnapshot(useStore.getState()),
  loseWebglContext: loseWebglContextForTest,
};
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
void boot();
