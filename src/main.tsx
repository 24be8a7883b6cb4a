import { StrictMode } from 'react';
// d3's bundle is marked side-effect free, so a production build drops the
// transition methods it adds to selections unless they are imported directly.
import 'd3-transition';
import { createRoot } from 'react-dom/client';
import { browserServices } from './platform/browser-services';
import { boot } from './state/actions/boot';
import { provideServices } from './state/services';
import { App } from './ui/App';
import './ui/styles.css';

provideServices(browserServices());
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
void boot();
