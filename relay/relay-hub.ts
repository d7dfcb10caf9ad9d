// The relay's protocol logic, independent of sockets: validates each client message,
// appends to the store, answers, and fans records out to the subscribers of that doc.
// The WebSocket server and the in-process (embedded) mode both drive it.
import type { RelayEndpoint } from '../main/sync/relay-connection';
import { clientMessageSchema, decodeFrame, encodeFrame, MAX_RECORD_BYTES, type ClientMessage, type ServerMessage } from '../main/sync/relay-protocol';
import type { RelayStore } from './relay-store';

const MAX_SUBSCRIPTIONS = 100_000;

interface Connection {
  send(message: ServerMessage): void;
  subscriptions: Set<string>;
}

export class RelayHub implements RelayEndpoint {
  readonly #subscribers = new Map<string, Set<Connection>>();

  constructor(readonly store: RelayStore) {}

  connect(send: (frame: Uint8Array) => void): { receive(frame: Uint8Array): void; close(): void } {
    const connection: Connection = { send: (message) => send(encodeFrame(message)), subscriptions: new Set() };
    return {
      receive: (frame) => {
        const message = decodeFrame(clientMessageSchema, frame);
        if (!message) {
          connection.send({ type: 'error', code: 'INVALID_INPUT', message: 'The relay did not understand that message.' });
          return;
        }
        this.#handle(connection, message);
      },
      close: () => {
        for (const docId of connection.subscriptions) this.#subscribers.get(docId)?.delete(connection);
        connection.subscriptions.clear();
      },
    };
  }

  #handle(connection: Connection, message: ClientMessage): void {
    switch (message.type) {
      case 'publish': {
        const record = message.record;
        if (!record.length || record.length > MAX_RECORD_BYTES) {
          connection.send({ type: 'error', id: message.id, code: 'PAYLOAD_TOO_LARGE', message: 'A record must hold between 1 byte and 8 MiB.' });
          return;
        }
        const { seq, duplicate } = this.store.append(message.docId, record);
        connection.send({ type: 'published', id: message.id, docId: message.docId, seq });
        if (!duplicate) {
          for (const subscriber of this.#subscribers.get(message.docId) ?? []) {
            subscriber.send({ type: 'record', docId: message.docId, seq, record: message.record });
          }
        }
        return;
      }
      case 'subscribe': {
        if (!connection.subscriptions.has(message.docId) && connection.subscriptions.size >= MAX_SUBSCRIPTIONS) {
          connection.send({ type: 'error', code: 'INVALID_INPUT', message: 'Too many subscriptions on one connection.' });
          return;
        }
        // Snapshot, backlog and registration happen in one synchronous step, so no record falls between them.
        // Each message goes out once the next is known, so the last one can carry `live`.
        let seq = message.sinceSeq;
        let held: Extract<ServerMessage, { type: 'record' | 'snapshot' }> | undefined;
        const hold = (next: typeof held) => {
          if (held) connection.send(held);
          held = next;
        };
        const snapshot = message.snapshot && seq === 0 ? this.store.getSnapshot(message.docId) : undefined;
        if (snapshot) {
          hold({ type: 'snapshot', docId: message.docId, seq: snapshot.seq, data: snapshot.data });
          seq = snapshot.seq;
        }
        for (const stored of this.store.readSince(message.docId, seq)) {
          hold({ type: 'record', docId: message.docId, seq: stored.seq, record: stored.record });
          seq = stored.seq;
        }
        connection.subscriptions.add(message.docId);
        let set = this.#subscribers.get(message.docId);
        if (!set) this.#subscribers.set(message.docId, (set = new Set()));
        set.add(connection);
        if (held) connection.send({ ...held, live: true });
        else connection.send({ type: 'live', docId: message.docId, seq });
        return;
      }
      case 'unsubscribe':
        connection.subscriptions.delete(message.docId);
        this.#subscribers.get(message.docId)?.delete(connection);
        return;
      case 'snapshot-put': {
        if (message.seq > this.store.lastSeq(message.docId)) {
          connection.send({ type: 'error', id: message.id, code: 'INVALID_INPUT', message: 'A snapshot cannot cover records the relay has not seen.' });
          return;
        }
        this.store.putSnapshot(message.docId, message.seq, message.data);
        connection.send({ type: 'snapshot', id: message.id, docId: message.docId, seq: message.seq, data: null });
        return;
      }
      case 'snapshot-get': {
        const snapshot = this.store.getSnapshot(message.docId);
        connection.send({ type: 'snapshot', id: message.id, docId: message.docId, seq: snapshot?.seq ?? 0, data: snapshot?.data ?? null });
        return;
      }
    }
  }
}
