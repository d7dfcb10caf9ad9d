// The browser half of the web test host: installs `window.tessera` over a loopback
// WebSocket. The host serves this function's source text, so it must stay self-contained
// (no imports, no outer references); the API shape comes from main/ipc/bridge's builder,
// passed in as `build`.
import type { buildTesseraApi } from '../../main/ipc/bridge';

export type ShimConfig = { wsUrl: string; channels: readonly string[]; events: readonly string[] };

export function installTesseraShim(config: ShimConfig, build: typeof buildTesseraApi): void {
  const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? '';
  // Keep the token out of the visible URL and the history.
  history.replaceState(null, '', location.pathname + location.search);
  const socket = new WebSocket(`${config.wsUrl}?token=${encodeURIComponent(token)}`);
  const opened = new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () => reject(new Error('Tessera test host unreachable')));
  });
  let nextId = 1;
  const pending = new Map<number, (result: unknown) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  socket.addEventListener('message', (message) => {
    const data = JSON.parse(String(message.data)) as
      | { id: number; result: unknown }
      | { event: string; payload: unknown };
    if ('id' in data) {
      pending.get(data.id)?.(data.result);
      pending.delete(data.id);
    } else {
      for (const listener of listeners.get(data.event) ?? []) listener(data.payload);
    }
  });
  socket.addEventListener('close', () => {
    for (const resolve of pending.values()) {
      resolve({ ok: false, error: { code: 'INTERNAL', message: 'The connection to Tessera closed.' } });
    }
    pending.clear();
  });
  const api = build(
    config.channels,
    config.events,
    async (channel, input) => {
      await opened;
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve as (result: unknown) => void);
        socket.send(JSON.stringify({ id, channel, input }));
      });
    },
    (event, listener) => {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      set.add(listener);
      return () => {
        set.delete(listener);
      };
    },
  );
  Object.defineProperty(window, 'tessera', { value: api, writable: false, configurable: false });
}
