// The relay's protocol logic, independent of sockets: challenges each connection,
// authenticates it per workspace (access-control.ts), validates each client message, appends
// to the store, answers, and fans records out to the subscribers of that doc. When a
// workspace's chain names a new current key (an Owner or Admin opened an epoch), connections
// still on an older key lose every subscription but the team chain. What one client may cost
// is bounded by relay-limits.ts (per address, per workspace, per connection). The WebSocket
// server and the in-process (embedded) mode both drive it.
import { randomBytes } from 'node:crypto';
import { toBase64Url } from '../protocol/canonical-encoding';
import { parseDocId } from '../protocol/doc-ids';
import type { RelayEndpoint } from '../protocol/relay-endpoint';
import { clientMessageSchema, decodeFrame, encodeFrame, MAX_RECORD_BYTES, type ClientMessage, type ServerMessage } from '../protocol/relay-frames';
import { authenticate, refusal, type Access, type Operation } from './access-control';
import { WorkspaceChainKeys } from './chain-keys';
import { BucketsPerKey, DEFAULT_RELAY_LIMITS, HourlyCounter, TokenBucket, type RelayLimits } from './relay-limits';
import type { RelayStore } from './relay-store';

const MAX_SUBSCRIPTIONS = 100_000;

interface Connection {
  send(message: ServerMessage): void;
  subscriptions: Set<string>;
  nonce: string;
  access: Map<string, Access>;
  address: string;
  frames: TokenBucket;
  subscribes: TokenBucket;
  closed: boolean;
  disconnect(): void;
}

export interface ConnectOptions {
  /** The remote address (quotas per address); in-process connections share one. */
  address?: string;
  /** Ends the transport; the transport then calls close(). */
  disconnect?: () => void;
}

const newNonce = () => toBase64Url(randomBytes(32));

export class RelayHub implements RelayEndpoint {
  readonly #subscribers = new Map<string, Set<Connection>>();
  readonly #connections = new Set<Connection>();
  readonly #chains: WorkspaceChainKeys;
  readonly limits: RelayLimits;
  readonly #perAddress = new Map<string, number>();
  readonly #pins = new HourlyCounter();
  readonly #addressSubscribes: BucketsPerKey;
  /** Bytes stored per workspace, read from the store once and kept up to date on append. */
  readonly #workspaceBytes = new Map<string, number>();

  constructor(
    readonly store: RelayStore,
    limits: Partial<RelayLimits> = {},
  ) {
    this.#chains = new WorkspaceChainKeys(store);
    this.limits = { ...DEFAULT_RELAY_LIMITS, ...limits };
    this.#addressSubscribes = new BucketsPerKey(this.limits.addressSubscribesPerSecond, this.limits.addressSubscribeBurst);
  }

  /** Open connections (what a slow reader's disconnection or a quota is seen by). */
  get connectionCount(): number {
    return this.#connections.size;
  }

  connect(send: (frame: Uint8Array) => void, options: ConnectOptions = {}): { receive(frame: Uint8Array): void; close(): void } {
    const address = options.address ?? 'in-process';
    const connection: Connection = {
      send: (message) => send(encodeFrame(message)),
      subscriptions: new Set(),
      nonce: newNonce(),
      access: new Map(),
      address,
      frames: new TokenBucket(this.limits.framesPerSecond, this.limits.frameBurst),
      subscribes: new TokenBucket(this.limits.subscribesPerSecond, this.limits.subscribeBurst),
      closed: false,
      disconnect: options.disconnect ?? (() => {}),
    };
    const close = () => {
      if (!this.#connections.delete(connection)) return;
      connection.closed = true;
      const left = (this.#perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.#perAddress.set(address, left);
      else this.#perAddress.delete(address);
      for (const docId of connection.subscriptions) this.#subscribers.get(docId)?.delete(connection);
      connection.subscriptions.clear();
      this.#addressSubscribes.prune();
    };
    this.#connections.add(connection);
    this.#perAddress.set(address, (this.#perAddress.get(address) ?? 0) + 1);
    if (options.address && this.#perAddress.get(address)! > this.limits.connectionsPerAddress) {
      this.#drop(connection, close, 'RELAY_RATE_LIMITED', 'Too many connections from this address; try again later.');
      return { receive: () => {}, close };
    }
    connection.send({ type: 'challenge', nonce: connection.nonce });
    return {
      receive: (frame) => {
        if (connection.closed) return;
        if (!connection.frames.take()) {
          this.#drop(connection, close, 'RELAY_RATE_LIMITED', 'Too many messages too fast; the relay closed this connection. Reconnect later.');
          return;
        }
        if (frame.length > this.limits.unauthenticatedFrameBytes && ![...connection.access.values()].some((a) => a.level === 'full')) {
          this.#drop(connection, close, 'RELAY_AUTH_REQUIRED', 'Authenticate with the workspace key before sending large messages.');
          return;
        }
        const message = decodeFrame(clientMessageSchema, frame);
        if (!message) {
          connection.send({ type: 'error', code: 'INVALID_INPUT', message: 'The relay did not understand that message.' });
          return;
        }
        // A subscribe reads a backlog: its own budget, per connection and per address.
        if (message.type === 'subscribe' && !(connection.subscribes.take() && this.#addressSubscribes.take(address))) {
          this.#drop(connection, close, 'RELAY_RATE_LIMITED', 'Too many subscriptions too fast; the relay closed this connection. Reconnect later.');
          return;
        }
        this.#handle(connection, message);
      },
      close,
    };
  }

  /** Says why, then ends the connection (the client reconnects with backoff). */
  #drop(connection: Connection, close: () => void, code: 'RELAY_RATE_LIMITED' | 'RELAY_AUTH_REQUIRED', message: string): void {
    connection.send({ type: 'error', code, message });
    close();
    connection.disconnect();
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
    let result = authenticate(this.store, this.#chains, message, nonce, () => this.#pins.tryAdd(connection.address, this.limits.newWorkspacesPerAddressPerHour));
    if (!('code' in result) && result.level === 'full' && connection.access.get(message.workspaceId)?.level !== 'full' && this.#fullConnections(message.workspaceId) >= this.limits.connectionsPerWorkspace) {
      result = { code: 'RELAY_RATE_LIMITED', message: 'Too many devices of this workspace are connected to this relay; try again later.' };
    }
    if ('code' in result) {
      // A failed attempt (a wrong key, a replayed proof) changes nothing the connection had.
      connection.send({ type: 'error', id: message.id, ...result });
    } else {
      connection.access.set(message.workspaceId, result);
      if (result.level === 'chain') this.#dropSubscriptions(connection, message.workspaceId, (kind) => kind !== 'chain');
      connection.send({ type: 'authenticated', id: message.id, workspaceId: message.workspaceId, access: result.level });
    }
    connection.send({ type: 'challenge', nonce: connection.nonce });
  }

  #fullConnections(workspaceId: string): number {
    let n = 0;
    for (const c of this.#connections) if (c.access.get(workspaceId)?.level === 'full') n++;
    return n;
  }

  #bytesOf(workspaceId: string): number {
    let bytes = this.#workspaceBytes.get(workspaceId);
    if (bytes === undefined) this.#workspaceBytes.set(workspaceId, (bytes = this.store.workspaceBytes(workspaceId)));
    return bytes;
  }

  /** Why a record of this size may not be stored in this doc, or undefined. */
  #quotaRefusal(docId: string, size: number): string | undefined {
    const ref = parseDocId(docId)!;
    if (ref.kind === 'join') {
      if (size > this.limits.joinRecordBytes) return `A join request may hold at most ${this.limits.joinRecordBytes} bytes.`;
      if (this.store.lastSeq(docId) >= this.limits.joinRecordsPerMailbox) return 'This join mailbox is full; ask the inviter for a new invitation.';
    }
    if (this.#bytesOf(ref.workspaceId) + size > this.limits.workspaceBytes) {
      return "This workspace's storage on the relay is full; ask the relay's operator to raise its quota.";
    }
    return undefined;
  }

  /** The workspace's chain names a new current key: every connection on another one keeps only the chain. */
  #supersede(workspaceId: string, current: string | undefined): void {
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
        const full = this.#quotaRefusal(message.docId, record.length);
        if (full) {
          connection.send({ type: 'error', id: message.id, docId: message.docId, code: 'RELAY_QUOTA_EXCEEDED', message: full });
          return;
        }
        const chainOf = parseDocId(message.docId)?.kind === 'chain' ? parseDocId(message.docId)!.workspaceId : undefined;
        const before = chainOf && this.#chains.keysOf(chainOf).at(-1);
        const { seq, duplicate } = this.store.append(message.docId, record);
        if (!duplicate) this.#workspaceBytes.set(parseDocId(message.docId)!.workspaceId, this.#bytesOf(parseDocId(message.docId)!.workspaceId) + record.length);
        connection.send({ type: 'published', id: message.id, docId: message.docId, seq });
        if (!duplicate) {
          for (const subscriber of this.#subscribers.get(message.docId) ?? []) {
            subscriber.send({ type: 'record', docId: message.docId, seq, record: message.record });
          }
          const current = chainOf && this.#chains.keysOf(chainOf).at(-1);
          if (chainOf && current !== before) this.#supersede(chainOf, current);
        }
        return;
      }
      case 'subscribe': {
        const limit = [...connection.access.values()].some((a) => a.level === 'full') ? MAX_SUBSCRIPTIONS : this.limits.unauthenticatedSubscriptions;
        if (!connection.subscriptions.has(message.docId) && connection.subscriptions.size >= limit) {
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
