import { StrictMode } from 'react';
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
