// A raw WebSocket connection to a relay, speaking its frames directly: what an attacker (or a
// misbehaving client) sends, with every message the relay answers and a way to wait for one.
import WebSocket from 'ws';
import { authMessage, type RelayCredentials } from '../../protocol/relay-access';
import { decodeFrame, encodeFrame, serverMessageSchema, type ClientMessage, type ServerMessage } from '../../protocol/relay-frames';

export type RawRelayClient = Awaited<ReturnType<typeof rawRelayClient>>;

export interface RawRelayClientOptions {
  /** The local address to connect from (any 127.x.y.z: the relay's per-address limits count each one apart). */
  localAddress?: string;
  /** Sees each message first; one it returns true for is not kept in `received` (long-running clients). */
  onMessage?(message: ServerMessage): boolean;
}

export async function rawRelayClient(url: string, options: RawRelayClientOptions = {}) {
  const socket = new WebSocket(url, options.localAddress ? { localAddress: options.localAddress } : {});
  const received: ServerMessage[] = [];
  const waiters = new Set<() => void>();
  let closed = false;
  const notify = () => {
    for (const w of [...waiters]) w();
  };
  socket.on('message', (data: Buffer) => {
    const message = decodeFrame(serverMessageSchema, new Uint8Array(data))!;
    if (options.onMessage?.(message)) return;
    received.push(message);
    notify();
  });
  socket.on('close', () => {
    closed = true;
    notify();
  });
  socket.on('error', () => {});
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const until = <T>(found: () => T | undefined) =>
    new Promise<T>((resolve) => {
      const check = () => {
        const value = found();
        if (value === undefined) return;
        waiters.delete(check);
        resolve(value);
      };
      waiters.add(check);
      check();
    });
  const next = (match: (m: ServerMessage) => boolean, from = 0) => until(() => received.slice(from).find(match));
  const send = (message: ClientMessage) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(encodeFrame(message));
  };
  const auth = async (credentials: RelayCredentials, id = 1) => {
    const challenge = (await next((m) => m.type === 'challenge', received.findLastIndex((m) => m.type === 'challenge'))) as { nonce: string };
    const from = received.length;
    send(authMessage(credentials, challenge.nonce, id));
    return next((m) => (m.type === 'authenticated' || m.type === 'error') && 'id' in m && m.id === id, from);
  };
  return {
    socket,
    received,
    next,
    send,
    auth,
    /** Resolves once the relay closed this connection. */
    closed: () => until(() => (closed ? true : undefined)),
    isClosed: () => closed,
    close: () => socket.close(),
  };
}
