// Builds `window.tessera` from the channel list and two transport functions. The Electron
// preload passes ipcRenderer-based functions; the web test host's shim passes WebSocket ones.
// One builder serves both, so the two transports cannot drift apart.
import type { TesseraApi } from './contract';
import type { Result } from './result';

export type Invoke = (channel: string, input: unknown) => Promise<Result<unknown>>;
export type Subscribe = (event: string, listener: (payload: unknown) => void) => () => void;

export function buildTesseraApi(
  channelNames: readonly string[],
  eventNames: readonly string[],
  invoke: Invoke,
  subscribe: Subscribe,
): TesseraApi {
  const api: Record<string, Record<string, (input?: unknown) => Promise<Result<unknown>>>> = {};
  for (const name of channelNames) {
    const dot = name.indexOf('.');
    const domain = name.slice(0, dot);
    const method = name.slice(dot + 1);
    const slot = (api[domain] ??= {});
    slot[method] = (input?: unknown) => invoke(name, input ?? {});
  }
  const on = (event: string, listener: (payload: unknown) => void) => {
    if (!eventNames.includes(event)) throw new Error(`Unknown Tessera event "${event}"`);
    return subscribe(event, listener);
  };
  return Object.freeze({ ...api, on }) as unknown as TesseraApi;
}
