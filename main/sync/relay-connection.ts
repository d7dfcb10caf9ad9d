// How a sync client reaches a relay: a connector opens a link (binary frames both ways, see
// protocol/relay-frames.ts).
// Two connectors: WebSocket for a relay across the network or the LAN, and in-process for
// a relay this desktop embeds (and for tests, which can wrap it to inject faults).
import type { Duplex } from 'node:stream';
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


/**
 * A relay over WebSocket. Frames sent in one turn leave together: the socket is corked at the
 * first and uncorked on the next tick, so a burst (a bulk share subscribes and publishes 1,000
 * logs) is a few writes instead of one system call per frame. Order and framing are unchanged.
 */
export function webSocketConnector(url: string): RelayConnector {
  return (handlers) => {
    const socket = new WebSocket(url, { maxPayload: 16 * 1024 * 1024 });
    // The TCP (or TLS) socket the WebSocket runs on, once upgraded.
    let raw: Duplex | undefined;
    let corked = false;
    const uncork = () => {
      corked = false;
      raw?.uncork();
    };
    socket.on('upgrade', (response) => {
      raw = response.socket;
    });
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
        if (socket.readyState !== WebSocket.OPEN) return;
        if (raw && !corked) {
          corked = true;
          raw.cork();
          process.nextTick(uncork);
        }
        socket.send(frame);
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
