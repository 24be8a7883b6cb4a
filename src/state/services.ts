/**
 * What the actions need from the world outside the store, in one small
 * interface: the page address, fetching, the tfjs backend, the clipboard,
 * downloads and key-value storage. The browser's implementation lives in
 * src/platform/browser-services.ts and is provided once at start-up; tests in
 * Node provide fakes (src/node/fake-services.ts). Nothing in
 * src/state touches window, document, location or IndexedDB directly.
 */
import type { ActiveBackend } from '../core/backend/choose';

/** A small async key-value store (IndexedDB in the browser, a Map in tests). */
export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
  entries(): Promise<[string, unknown][]>;
}

export interface Services {
  /** The page's base URL: bundled files are fetched relative to it. */
  baseUrl: string;
  /** The page address. */
  location: {
    /** The query string ("?hidden=64-32"), or "". */
    search(): string;
    /** The hash ("#s1...."), or "". */
    hash(): string;
    href(): string;
    /** Replaces the address (no reload, no new history entry). */
    replace(url: string): void;
  };
  /** Fetches a same-origin file, reporting progress 0..1 when the size is known. */
  fetchBytes(url: string, onProgress?: (fraction: number) => void): Promise<Uint8Array>;
  /** Starts the tfjs backend (a requested one, or the best that works). */
  initBackend(requested: string | null): Promise<ActiveBackend>;
  /** After `failed` stopped working: the next backend that works (wasm, then cpu), or null. */
  fallBackFrom(failed: string): Promise<ActiveBackend | null>;
  /** Calls `onLost` if the active backend is lost (a WebGL context loss); returns the unsubscribe. */
  watchBackendLoss(onLost: (reason: string) => void): () => void;
  /** Copies text to the clipboard; rejects when the browser refuses. */
  copyText(text: string): Promise<void>;
  /** Hands a file to the user (a download in the browser). */
  download(blob: Blob, fileName: string): void;
  /** The saved work (autosave); null when the browser has no storage. */
  workStore: KeyValueStore | null;
  /** Models saved by name; null when the browser has no storage. */
  modelStore: KeyValueStore | null;
}

let provided: Services | null = null;

/** Called once at start-up (main.tsx) or by a test. */
export function provideServices(s: Services): void {
  provided = s;
}

export function services(): Services {
  if (!provided) throw new Error('services were not provided (call provideServices first)');
  return provided;
}
