// The sandboxed preload: exposes `window.tessera`, one function per contract channel plus
// `on(event, listener)` returning its unsubscribe function. No logic lives here; names come
// from the contract's channel list and the shape from main/ipc/bridge.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CHANNEL_NAMES, EVENT_NAMES } from '../main/ipc/contract/channel-names';
import { buildTesseraApi } from '../main/ipc/bridge';
import type { Result } from '../main/ipc/result';

const api = buildTesseraApi(
  CHANNEL_NAMES,
  EVENT_NAMES,
  (channel, input) => ipcRenderer.invoke(`tessera:${channel}`, input) as Promise<Result<unknown>>,
  (event, listener) => {
    // Keep the exact function we registered so removal always finds it.
    const registered = (_e: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(`tessera-event:${event}`, registered);
    return () => {
      ipcRenderer.removeListener(`tessera-event:${event}`, registered);
    };
  },
);

contextBridge.exposeInMainWorld('tessera', api);
