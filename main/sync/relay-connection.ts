// How a sync client reaches a relay: a connector opens a link (text frames both ways).
// Two connectors: WebSocket for a relay across the network or the LAN, and in-process for
// a relay this desktop embeds (and for tests, which can wrap it to inject faults).
import WebSocket from 'ws';

export interface RelayLink {
  send(text: string): void;
  close(): void;
}

export interface LinkHandlers {
  onOpen(): void;
  onMessage(text: string): void;
  onClose(): void;
}

export type RelayConnector = (handlers: LinkHandlers) => RelayLink;

/** What a relay offers an in-process client: the same text protocol, without a socket. */
export interface RelayEndpoint {
  connect(send: (text: string) => void): { receive(text: string): void; close(): void };
}

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
    socket.on('message', (data: WebSocket.RawData) => handlers.onMessage(data.toString()));
    socket.on('close', closeOnce);
    socket.on('error', () => socket.terminate());
    return {
      send: (text) => {
        if (socket.readyState === WebSocket.OPEN) socket.send(text);
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
    const connection = endpoint.connect((text) => later(() => handlers.onMessage(text)));
    later(() => handlers.onOpen());
    return {
      send: (text) => later(() => connection.receive(text)),
      close: () => {
        if (!open) return;
        open = false;
        connection.close();
        setImmediate(() => handlers.onClose());
      },
    };
  };
}
