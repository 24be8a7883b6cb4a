/** The browser's implementation of the services the state layer uses (src/state/services.ts). */
import { createStore, del, entries, get, set } from 'idb-keyval';
import type { KeyValueStore, Services } from '../state/services';
import { downloadBlob } from './download';
import { fetchBytes } from './fetch-bytes';
import { fallBackFrom, initBrowserBackend, watchBackendLoss } from './tf-browser';

function idbStore(db: string, name: string): KeyValueStore | null {
  if (typeof indexedDB === 'undefined') return null;
  const store = createStore(db, name);
  return {
    get: (key) => get(key, store),
    set: (key, value) => set(key, value, store),
    del: (key) => del(key, store),
    entries: () => entries<string, unknown>(store),
  };
}

export function browserServices(): Services {
  return {
    baseUrl: document.baseURI,
    location: {
      search: () => window.location.search,
      hash: () => window.location.hash,
      href: () => window.location.href,
      replace: (url) => history.replaceState(null, '', url),
    },
    fetchBytes,
    initBackend: initBrowserBackend,
    fallBackFrom,
    watchBackendLoss,
    copyText: (text) => navigator.clipboard.writeText(text),
    download: downloadBlob,
    workStore: idbStore('neurounify', 'sessions'),
    modelStore: idbStore('neurounify-models', 'models'),
  };
}
