// Wires the handler table to Electron: one ipcMain.handle per known channel, each call
// checked by the sender guard (top-level app frame only) before the dispatcher sees it,
// and bus events forwarded to the window.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { KNOWN_CHANNELS, type Dispatch } from '../ipc/dispatcher';
import { checkSender } from '../ipc/sender-guard';
import { fail } from '../ipc/result';
import type { EventBus } from '../event-bus';
import type { Logger } from '../logger';

export function registerIpc(
  dispatch: Dispatch,
  allowedOrigins: ReadonlySet<string>,
  log: Logger,
): void {
  for (const channel of KNOWN_CHANNELS) {
    ipcMain.handle(`tessera:${channel}`, async (event: IpcMainInvokeEvent, payload: unknown) => {
      const frame = event.senderFrame;
      const verdict = checkSender(
        channel,
        { frameUrl: frame?.url ?? null, isTopLevel: frame !== null && frame.parent === null },
        KNOWN_CHANNELS,
        allowedOrigins,
      );
      if (!verdict.allowed) {
        log.warn('ipc.sender_refused', { channel, code: verdict.code });
        return fail(verdict.code, 'This request did not come from the Tessera window.');
      }
      return dispatch(channel, payload, { transport: 'electron' });
    });
  }
}

export function forwardEvents(bus: EventBus, window: BrowserWindow): () => void {
  return bus.subscribe((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(`tessera-event:${event}`, payload);
  });
}
