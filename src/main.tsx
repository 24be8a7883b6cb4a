import { StrictMode } from 'react';
// d3's bundle is marked side-effect free, so a production build drops the
// transition methods it adds to selections unless they are imported directly.
import 'd3-transition';
import { createRoot } from 'react-dom/client';
import { boot } from './state/actions/boot';
import { App } from './ui/App';
import './ui/styles.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
void boot(window.location.search, document.baseURI);
