// The relay's protocol logic, independent of sockets: validates each client message,
// appends to the store, answers, and fans records out to the subscribers of that doc.
// The WebSocket server and the in-process (embedded) mode both drive it.
import { fromBase64Url, toBase64Url } from '../main/sync/canonical-encoding';
import type { RelayEndpoint } from '../main/sync/relay-connection';
import { clientMessageSchema, MAX_RECORD_BYTES, parseMessage, type ClientMessage, type ServerMessage } from '../main/sync/relay-protocol';
import type { RelayStore } from './relay-store';

const MAX_SUBSCRIPTIONS = 100_000;

interface Connection {
  send(message: ServerMessage): void;
  subscriptions: Set<string>;
}

export class RelayHub implements RelayEndpoint {
  readonly #subscribers = new Map<string, Set<Connection>>();

  constructor(readonly store: RelayStore) {}

  connect(send: (text: string) => void): { receive(text: string): void; close(): void } {
    const connection: Connection = { send: (message) => send(JSON.stringify(message)), subscriptions: new Set() };
    return {
      receive: (text) => {
        const message = parseMessage(clientMessageSchema, text);
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
        const record = fromBase64Url(message.record);
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
        // Backlog and registration happen in one synchronous step, so no record falls between them.
        let seq = message.sinceSeq;
        for (const stored of this.store.readSince(message.docId, message.sinceSeq)) {
          connection.send({ type: 'record', docId: message.docId, seq: stored.seq, record: toBase64Url(stored.record) });
          seq = stored.seq;
        }
        connection.subscriptions.add(message.docId);
        let set = this.#subscribers.get(message.docId);
        if (!set) this.#subscribers.set(message.docId, (set = new Set()));
        set.add(connection);
        connection.send({ type: 'live', docId: message.docId, seq });
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
        this.store.putSnapshot(message.docId, message.seq, fromBase64Url(message.data));
        connection.send({ type: 'snapshot', id: message.id, docId: message.docId, seq: message.seq, data: null });
        return;
      }
      case 'snapshot-get': {
        const snapshot = this.store.getSnapshot(message.docId);
        connection.send({ type: 'snapshot', id: message.id, docId: message.docId, seq: snapshot?.seq ?? 0, data: snapshot ? toBase64Url(snapshot.data) : null });
        return;
      }
    }
  }
}
