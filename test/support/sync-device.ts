// A device as the relay operations tests need it: the real sync client (main/sync/sync-client.ts)
// over real WebSockets, following one doc through a log that keeps the records it applied, and
// publishing records of its own. Its connector dials the given URLs in turn (one URL: always the
// same, e.g. a load balancer) and taps every record frame the relay sends, so a test sees the
// numbers delivered across reconnections (a number delivered twice or skipped shows), and how
// many connections the device opened.
import { workspaceRelayAccess } from '../../protocol/relay-access';
import { decodeFrame, serverMessageSchema } from '../../protocol/relay-frames';
import { webSocketConnector, type RelayConnector } from '../../main/sync/relay-connection';
import { SyncClient } from '../../main/sync/sync-client';
import type { SyncedLog } from '../../main/sync/synced-log';
import type { Workspace } from '../../main/sync/workspace';

export type SyncDevice = ReturnType<typeof syncDevice>;

export function syncDevice(urls: string[], workspace: Workspace, docId: string) {
  const applied: string[] = [];
  const delivered: number[] = [];
  let connections = 0;
  let emit: (record: Uint8Array) => void = () => {};
  const log: SyncedLog = {
    docId,
    receive: (record) => applied.push(new TextDecoder().decode(record)),
    onOutgoing: (listener) => {
      emit = listener;
      return () => {};
    },
  };
  const connector: RelayConnector = (handlers) =>
    webSocketConnector(urls[connections++ % urls.length]!)({
      ...handlers,
      onMessage: (frame) => {
        const message = decodeFrame(serverMessageSchema, frame);
        if (message?.type === 'record' && message.docId === docId) delivered.push(message.seq);
        handlers.onMessage(frame);
      },
    });
  const client = new SyncClient(connector, { access: workspaceRelayAccess(workspace), retryDelayMs: () => 100 });
  client.attach(log);
  client.start();
  return {
    client,
    /** Texts of the records applied, in the order the relay numbered them. */
    applied,
    /** Every record number the relay sent this device, over all its connections, in arrival order. */
    delivered,
    connections: () => connections,
    publish: (text: string) => emit(new TextEncoder().encode(text)),
    lastSeq: () => client.status().logs[0]!.lastSeq,
    stop: () => client.stop(),
  };
}
