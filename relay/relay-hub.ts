// The relay's protocol logic, independent of sockets: challenges each connection,
// authenticates it per workspace (access-control.ts), validates each client message, appends
// to the store, answers, and fans records out to the subscribers of that doc. When a
// workspace's key advances, connections still on an older key lose every subscription but
// the team chain. The WebSocket server and the in-process (embedded) mode both drive it.
import { randomBytes } from 'node:crypto';
import { toBase64Url } from '../protocol/canonical-encoding';
import { parseDocId } from '../protocol/doc-ids';
import type { RelayEndpoint } from '../protocol/relay-endpoint';
import { clientMessageSchema, decodeFrame, encodeFrame, MAX_RECORD_BYTES, type ClientMessage, type ServerMessage } from '../protocol/relay-frames';
import { authenticate, refusal, type Access, type Operation } from './access-control';
import type { RelayStore } from './relay-store';

const MAX_SUBSCRIPTIONS = 100_000;

interface Connection {
  send(message: ServerMessage): void;
  subscriptions: Set<string>;
  nonce: string;
  access: Map<string, Access>;
}

const newNonce = () => toBase64Url(randomBytes(32));

export class RelayHub implements RelayEndpoint {
  readonly #subscribers = new Map<string, Set<Connection>>();
  readonly #connections = new Set<Connection>();

  constructor(readonly store: RelayStore) {}

  connect(send: (frame: Uint8Array) => void): { receive(frame: Uint8Array): void; close(): void } {
    const connection: Connection = { send: (message) => send(encodeFrame(message)), subscriptions: new Set(), nonce: newNonce(), access: new Map() };
    this.#connections.add(connection);
    connection.send({ type: 'challenge', nonce: connection.nonce });
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
        this.#connections.delete(connection);
        for (const docId of connection.subscriptions) this.#subscribers.get(docId)?.delete(connection);
        connection.subscriptions.clear();
      },
    };
  }

  #refused(connection: Connection, message: ClientMessage, operation: Operation): boolean {
    if (message.type === 'auth') return false;
    const why = refusal(connection.access, message.docId, operation);
    if (!why) return false;
    connection.send({ type: 'error', ...('id' in message ? { id: message.id } : {}), docId: message.docId, ...why });
    return true;
  }

  #authenticate(connection: Connection, message: Extract<ClientMessage, { type: 'auth' }>): void {
    const nonce = connection.nonce;
    // Each proof is good for one attempt.
    connection.nonce = newNonce();
    const before = this.store.accessKeys(message.workspaceId).at(-1);
    const result = authenticate(this.store, message, nonce);
    if ('code' in result) {
      // A failed attempt (a wrong key, a replayed proof) changes nothing the connection had.
      connection.send({ type: 'error', id: message.id, ...result });
    } else {
      connection.access.set(message.workspaceId, result);
      if (result.level === 'chain') this.#dropSubscriptions(connection, message.workspaceId, (kind) => kind !== 'chain');
      connection.send({ type: 'authenticated', id: message.id, workspaceId: message.workspaceId, access: result.level });
      if (before !== undefined && before !== this.store.accessKeys(message.workspaceId).at(-1)) this.#supersede(message.workspaceId, result.key);
    }
    connection.send({ type: 'challenge', nonce: connection.nonce });
  }

  /** The workspace's key advanced: every connection on an older one keeps only the chain. */
  #supersede(workspaceId: string, current: string): void {
    for (const other of this.#connections) {
      const access = other.access.get(workspaceId);
      if (access?.level !== 'full' || access.key === current) continue;
      other.access.set(workspaceId, { level: 'chain', key: access.key });
      this.#dropSubscriptions(other, workspaceId, (kind) => kind !== 'chain');
      other.send({ type: 'error', code: 'RELAY_AUTH_STALE', message: 'The workspace key changed; catch up on the team chain and authenticate again.' });
    }
  }

  #dropSubscriptions(connection: Connection, workspaceId: string, drop: (kind: string) => boolean): void {
    for (const docId of connection.subscriptions) {
      const ref = parseDocId(docId);
      if (ref?.workspaceId !== workspaceId || ref.kind === 'join' || !drop(ref.kind)) continue;
      connection.subscriptions.delete(docId);
      this.#subscribers.get(docId)?.delete(connection);
    }
  }

  #handle(connection: Connection, message: ClientMessage): void {
    const reads = message.type === 'subscribe' || message.type === 'snapshot-get' || message.type === 'unsubscribe';
    if (this.#refused(connection, message, reads ? 'read' : 'write')) return;
    switch (message.type) {
      case 'auth':
        this.#authenticate(connection, message);
        return;
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
