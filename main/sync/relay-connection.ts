// How a sync client reaches a relay: a connector opens a link (binary frames both ways, see
// protocol/relay-frames.ts).
// Two connectors: WebSocket for a relay across the network or the LAN, and in-process for
// a relay this desktop embeds (and for tests, which can wrap it to inject faults).
import WebSocket from 'ws';
import { rawBytes, type RelayEndpoint } from '../../protocol/relay-endpoint';

export interface RelayLink {
  send(frame: Uint8Array): void;
  close(): void;
}

export interface LinkHandlers {
  onOpen(): void;
  onMessage(frame: Uint8Array): void;
  onClose(): void;
}

export type RelayConnector = (handlers: LinkHandlers) => RelayLink;


export function webSocketConnector(url: string): RelayConnector {
  return (handlers) => {
    const socket = new WebSocket(url, { maxPayload: 16 * 1024 * 1024 });
    let closed = false;
    const closeOnce = () => {
      if (closed) return;
      closed = true;
      handlers.onClose();
    };
    socket.on('open', () => handlers.onOpen());
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data: WebSocket.RawData, isBinary: boolean) => {
      if (isBinary) handlers.onMessage(rawBytes(data));
    });
    socket.on('close', closeOnce);
    socket.on('error', () => socket.terminate());
    return {
      send: (frame) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(frame);
      },
      close: () => socket.terminate(),
    };
  };
}

/** Delivers on later macrotasks in both directions, like a network would, never re-entrantly. */
export function inProcessConnector(endpoint: RelayEndpoint): RelayConnector {
  return (handlers) => {
    let open = true;
    const later = (fn: () => void) => setImmediate(() => open && fn());
    const connection = endpoint.connect((frame) => later(() => handlers.onMessage(frame)));
    later(() => handlers.onOpen());
    return {
      send: (frame) => later(() => connection.receive(frame)),
      close: () => {
        if (!open) return;
        open = false;
        connection.close();
        setImmediate(() => handlers.onClose());
      },
    };
  };
}
