// The slice of the WebExtension API the extension uses, typed here (the project has no
// @types/chrome), and the one place that picks `browser` (Firefox) or `chrome` (Chromium).
// Both return promises from the calls used here (Chromium since MV3).

export interface MessageSender {
  id?: string;
  url?: string;
  origin?: string;
  frameId?: number;
  documentId?: string;
  tab?: { id?: number; url?: string; windowId?: number };
}

export interface Port {
  name: string;
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(listener: (message: unknown) => void): void };
  onDisconnect: { addListener(listener: (port: Port) => void): void };
  /** Firefox sets the reason of a disconnect here; Chromium uses runtime.lastError. */
  error?: { message?: string } | null;
}

export interface StorageArea {
  get(keys: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
  setAccessLevel?(options: { accessLevel: 'TRUSTED_CONTEXTS' | 'TRUSTED_AND_UNTRUSTED_CONTEXTS' }): Promise<void>;
}

export interface Tab {
  id?: number;
  url?: string;
  windowId?: number;
  active?: boolean;
}

export type MessageListener = (message: unknown, sender: MessageSender, sendResponse: (response: unknown) => void) => boolean | undefined | void;

export interface BrowserApi {
  runtime: {
    id: string;
    lastError?: { message?: string } | null;
    getURL(path: string): string;
    connectNative(application: string): Port;
    sendMessage(message: unknown): Promise<unknown>;
    onMessage: { addListener(listener: MessageListener): void };
    getManifest(): { version: string };
  };
  tabs: {
    query(query: { active?: boolean; lastFocusedWindow?: boolean; currentWindow?: boolean }): Promise<Tab[]>;
    get(tabId: number): Promise<Tab>;
    sendMessage(tabId: number, message: unknown, options?: { frameId?: number; documentId?: string }): Promise<unknown>;
    update(tabId: number, properties: { active?: boolean }): Promise<Tab>;
    onRemoved: { addListener(listener: (tabId: number) => void): void };
  };
  windows: {
    create(options: { url: string; type: 'popup' | 'normal'; width?: number; height?: number; focused?: boolean }): Promise<unknown>;
    update(windowId: number, properties: { focused?: boolean }): Promise<unknown>;
  };
  storage: { session: StorageArea; local: StorageArea };
}

/** `browser` where it exists (Firefox), else `chrome` (Chromium). */
export function browserApi(): BrowserApi {
  const scope = globalThis as unknown as { browser?: BrowserApi; chrome?: BrowserApi };
  const api = scope.browser ?? scope.chrome;
  if (!api) throw new Error('No WebExtension API in this context.');
  return api;
}
