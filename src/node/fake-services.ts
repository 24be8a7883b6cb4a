/**
 * Services for running the state layer in Node (tests): files are fetched from
 * public/, the backend is tfjs's cpu or wasm in Node, storage is a Map, the
 * clipboard and downloads are recorded. Every fake can be swapped per test.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KeyValueStore, Services } from '../state/services';
import { PROJECT_ROOT } from './load-embedded';
import { initNodeBackend, type NodeBackend } from './tf-node';

export class MemoryStore implements KeyValueStore {
  readonly map = new Map<string, unknown>();
  async get(key: string) {
    return this.map.get(key);
  }
  async set(key: string, value: unknown) {
    this.map.set(key, value);
  }
  async del(key: string) {
    this.map.delete(key);
  }
  async entries() {
    return [...this.map.entries()];
  }
}

export interface FakeServices extends Services {
  /** The address as the page would show it. */
  url: URL;
  copied: string[];
  downloads: { fileName: string; blob: Blob }[];
  workStore: MemoryStore;
  modelStore: MemoryStore;
  /** Set while the state layer watches for a lost backend: call it to simulate a loss. */
  loseBackend: ((reason: string) => void) | null;
}

const BASE = 'http://neurounify.test/app/';

export function fakeServices(o: { hash?: string; search?: string; backend?: NodeBackend } = {}): FakeServices {
  const url = new URL(BASE);
  url.search = o.search ?? '';
  url.hash = o.hash ?? '';
  const sv: FakeServices = {
    url,
    copied: [],
    downloads: [],
    baseUrl: BASE,
    location: {
      search: () => sv.url.search,
      hash: () => sv.url.hash,
      href: () => sv.url.href,
      replace: (href) => {
        sv.url = new URL(href, sv.url);
      },
    },
    async fetchBytes(href, onProgress) {
      const u = new URL(href);
      if (!u.href.startsWith(BASE)) throw new Error(`fake fetch: ${href} is not under ${BASE}`);
      const bytes = new Uint8Array(await readFile(join(PROJECT_ROOT, 'public', decodeURIComponent(u.pathname.slice(new URL(BASE).pathname.length)))));
      onProgress?.(1);
      return bytes;
    },
    async initBackend() {
      const name = await initNodeBackend(o.backend ?? 'cpu');
      return { name: name as NodeBackend, reason: 'Node test' };
    },
    async fallBackFrom(failed) {
      const name = failed === 'cpu' ? 'wasm' : 'cpu';
      await initNodeBackend(name);
      return { name, reason: `${failed} stopped working; moved to ${name}` };
    },
    watchBackendLoss(onLost) {
      sv.loseBackend = onLost;
      return () => {
        sv.loseBackend = null;
      };
    },
    loseBackend: null,
    async copyText(text) {
      sv.copied.push(text);
    },
    download(blob, fileName) {
      sv.downloads.push({ blob, fileName });
    },
    workStore: new MemoryStore(),
    modelStore: new MemoryStore(),
  };
  return sv;
}
