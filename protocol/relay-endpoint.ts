// How frames reach a relay: the in-process endpoint a relay offers (same frames, no socket)
// and the bytes of a WebSocket message. Shared by the relay server and the sync client.
import type WebSocket from 'ws';

/** What a relay offers an in-process client: the same frames, without a socket. */
export interface RelayEndpoint {
  /** `options`: the remote address (quotas per address) and how to end the transport; an in-process caller passes neither. */
  connect(send: (frame: Uint8Array) => void, options?: { address?: string; disconnect?: () => void }): { receive(frame: Uint8Array): void; close(): void };
}

/** The bytes of a WebSocket message, whichever form `ws` delivered it in. */
export function rawBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  return new Uint8Array(data instanceof ArrayBuffer ? data : data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
}
