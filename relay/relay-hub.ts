// The relay's protocol logic, independent of sockets: challenges each connection,
// authenticates it per workspace (access-control.ts), validates each client message, appends
// to the store, answers, and fans records out to the subscribers of that doc. When a
// workspace's chain names a new current key (an Owner or Admin opened an epoch), connections
// still on an older key lose every subscription but the team chain. What one client may cost
// is bounded by relay-limits.ts (per address, per workspace, per connection). The WebSocket
// server and the in-process (embedded) mode both drive it. What it does (appends, deliveries,
// refusals by reason, catch-up reads, store errors, notify lag) is counted through the
// RelayMetrics it is handed (relay-metrics.ts; nothing by default).
//
// Store calls are asynchronous (log-store.ts: SQLite or PostgreSQL), so two orders are kept
// explicitly. Per connection: its messages are handled one after another in arrival order
// (a promise chain), so its answers come back in the order it asked. Per doc: a publish
// (append, acknowledgement, fan-out) and the end of a subscribe (the records appended while its
// backlog was read, then its registration) run in a queue of their own (keyed-queue.ts), so
// concurrent publishes from several connections get consecutive numbers and every subscriber
// receives a doc's records once each, in order. A connection's queued frames are bounded: past
// a high-water mark the transport stops reading (backpressure) until they are handled.
//
// Several relay nodes on one PostgreSQL (issue 20): records another node appends arrive as
// notifications carrying ids only (log-notifications.ts: `onAppended`). The hub keeps, per doc
// with local subscribers, the last number it delivered to them (`#delivered`): every subscriber
// of the doc has received exactly the records up to it (from its own starting point). A
// notification for a doc with local subscribers queues, in the doc's turn, a read of
// everything after that number (not just the notified record: one read serves a burst, and a
// lost notification is made up by the next one), fanned out like a local publish. A local
// publish whose number is not the next one (another node appended in between) reads the gap
// the same way first; a record at or below the number is never sent again, so this node's
// own appends, notified back to it, are not delivered twice. When the listening connection
// comes back (`onReconnected`), every subscribed doc is read from its number: notifications
// missed while it was down lose nothing. A new subscriber is registered at the doc's number,
// its backlog read up to it. Chain appends by another node supersede this node's connections
// on an older key as soon as they are notified (and every workspace is checked again after a
// reconnect); the workspace byte counter is read again from the store every
// SHARED_BYTES_TTL_MS, so the quota is shared across nodes to within what they accept meanwhile.
import { randomBytes } from 'node:crypto';
import { toBase64Url } from '../protocol/canonical-encoding';
import { chainLogId, parseDocId } from '../protocol/doc-ids';
import type { RelayEndpoint } from '../protocol/relay-endpoint';
import { clientMessageSchema, decodeFrame, encodeFrame, MAX_RECORD_BYTES, type ClientMessage, type ServerMessage } from '../protocol/relay-frames';
import { authenticate, refusal, type Access, type Operation } from './access-control';
import { WorkspaceChainKeys } from './chain-keys';
import { KeyedQueue } from './keyed-queue';
import type { AppendListener } from './log-notifications';
import type { RelayLogStore } from './log-store';
import { BucketsPerKey, DEFAULT_RELAY_LIMITS, HourlyCounter, TokenBucket, type RelayLimits } from './relay-limits';
import { NO_METRICS, type LimitRefusalReason, type RelayMetrics } from './relay-metrics';

const MAX_SUBSCRIPTIONS = 100_000;
/** Bytes of received frames a connection may have waiting before its transport stops reading, and when it reads again. */
const QUEUED_HIGH = 16 * 1024 * 1024;
const QUEUED_LOW = 4 * 1024 * 1024;
/** Several nodes: how long this node trusts its count of a workspace's bytes before reading it again. */
const SHARED_BYTES_TTL_MS = 10_000;
/** A catch-up read that failed (the store unreachable) is tried again after this long. */
const CATCH_UP_RETRY_MS = 1_000;

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
  /** The end of this connection's chain of messages being handled. */
  tail: Promise<void>;
  queuedBytes: number;
  /** Auth messages received but not handled yet (a large frame after one may be a member's). */
  pendingAuths: number;
  paused: boolean;
  pause(): void;
  resume(): void;
}

export interface ConnectOptions {
  /** The remote address (quotas per address); in-process connections share one. */
  address?: string;
  /** Ends the transport; the transport then calls close(). */
  disconnect?: () => void;
  /** Stop and restart reading from the transport (backpressure while received frames wait); in-process callers pass neither. */
  pause?: () => void;
  resume?: () => void;
}

const newNonce = () => toBase64Url(randomBytes(32));

export interface HubOptions {
  /** The store is shared with other relay nodes, whose appends arrive through onAppended (log-notifications.ts). */
  shared?: boolean;
  /** What the hub counts (relay-metrics.ts); nothing by default. */
  metrics?: RelayMetrics;
}

export class RelayHub implements RelayEndpoint, AppendListener {
  readonly #subscribers = new Map<string, Set<Connection>>();
  readonly #connections = new Set<Connection>();
  readonly #chains: WorkspaceChainKeys;
  readonly limits: RelayLimits;
  readonly #perAddress = new Map<string, number>();
  readonly #pins = new HourlyCounter();
  readonly #addressSubscribes: BucketsPerKey;
  /** Bytes stored per workspace, read from the store once and kept up to date on append. */
  readonly #workspaceBytes = new Map<string, Promise<number>>();
  /** When each workspace's byte count was read from the store (several nodes: it expires). */
  readonly #bytesReadAt = new Map<string, number>();
  /** Per doc with local subscribers: the last number every one of them has been sent. */
  readonly #delivered = new Map<string, number>();
  /** Docs with a catch-up read queued and not started yet (a burst of notifications queues one). */
  readonly #catchUpsQueued = new Set<string>();
  /** Docs whose first local subscriber is being registered: a notification meanwhile must not be dropped. */
  readonly #registering = new Set<string>();
  readonly #shared: boolean;
  readonly #metrics: RelayMetrics;
  /** Per doc with a catch-up queued by a notification: when the first such notification arrived (notify lag). */
  readonly #notifiedAt = new Map<string, number>();
  /** Publishes and subscription ends per doc id, one at a time. */
  readonly #docs = new KeyedQueue();
  /** Messages received and not yet handled, over all connections, and who waits for none. */
  #busy = 0;
  #idleWaiters: (() => void)[] = [];

  constructor(
    readonly store: RelayLogStore,
    limits: Partial<RelayLimits> = {},
    options: HubOptions = {},
  ) {
    this.#shared = options.shared === true;
    this.#metrics = options.metrics ?? NO_METRICS;
    this.#chains = new WorkspaceChainKeys(store);
    this.limits = { ...DEFAULT_RELAY_LIMITS, ...limits };
    this.#addressSubscribes = new BucketsPerKey(this.limits.addressSubscribesPerSecond, this.limits.addressSubscribeBurst);
  }

  /** Open connections (what a slow reader's disconnection or a quota is seen by). */
  get connectionCount(): number {
    return this.#connections.size;
  }

  /** Resolves once every message received so far is handled (tests; a graceful stop before closing the store). */
  idle(): Promise<void> {
    return this.#busy === 0 ? Promise.resolve() : new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  connect(send: (frame: Uint8Array) => void, options: ConnectOptions = {}): { receive(frame: Uint8Array): void; close(): void } {
    const address = options.address ?? 'in-process';
    const connection: Connection = {
      // Nothing goes out once the connection is closed (a message handled after its peer left).
      send: (message) => {
        if (!connection.closed) send(encodeFrame(message));
      },
      subscriptions: new Set(),
      nonce: newNonce(),
      access: new Map(),
      address,
      frames: new TokenBucket(this.limits.framesPerSecond, this.limits.frameBurst),
      subscribes: new TokenBucket(this.limits.subscribesPerSecond, this.limits.subscribeBurst),
      closed: false,
      disconnect: options.disconnect ?? (() => {}),
      tail: Promise.resolve(),
      queuedBytes: 0,
      pendingAuths: 0,
      paused: false,
      pause: options.pause ?? (() => {}),
      resume: options.resume ?? (() => {}),
    };
    const close = () => {
      if (!this.#connections.delete(connection)) return;
      connection.closed = true;
      const left = (this.#perAddress.get(address) ?? 1) - 1;
      if (left > 0) this.#perAddress.set(address, left);
      else this.#perAddress.delete(address);
      for (const docId of [...connection.subscriptions]) this.#unregister(connection, docId);
      this.#addressSubscribes.prune();
    };
    this.#connections.add(connection);
    this.#perAddress.set(address, (this.#perAddress.get(address) ?? 0) + 1);
    if (options.address && this.#perAddress.get(address)! > this.limits.connectionsPerAddress) {
      this.#metrics.limitRefused('connections_per_address');
      this.#drop(connection, close, 'RELAY_RATE_LIMITED', 'Too many connections from this address; try again later.');
      return { receive: () => {}, close };
    }
    connection.send({ type: 'challenge', nonce: connection.nonce });
    return {
      receive: (frame) => {
        if (connection.closed) return;
        if (!connection.frames.take()) {
          this.#metrics.limitRefused('frame_rate');
          this.#drop(connection, close, 'RELAY_RATE_LIMITED', 'Too many messages too fast; the relay closed this connection. Reconnect later.');
          return;
        }
        const large = frame.length > this.limits.unauthenticatedFrameBytes;
        // Checked again in turn: an auth still waiting to be handled may grant the key.
        if (large && !hasFullAccess(connection) && connection.pendingAuths === 0) {
          this.#metrics.authRefused('auth_required');
          this.#drop(connection, close, 'RELAY_AUTH_REQUIRED', 'Authenticate with the workspace key before sending large messages.');
          return;
        }
        const message = decodeFrame(clientMessageSchema, frame);
        // A subscribe reads a backlog: its own budget, per connection and per address.
        if (message?.type === 'subscribe' && !(connection.subscribes.take() && this.#addressSubscribes.take(address))) {
          this.#metrics.limitRefused('subscribe_rate');
          this.#drop(connection, close, 'RELAY_RATE_LIMITED', 'Too many subscriptions too fast; the relay closed this connection. Reconnect later.');
          return;
        }
        if (message?.type === 'auth') connection.pendingAuths++;
        this.#inTurn(connection, close, frame.length, async () => {
          if (message?.type === 'auth') connection.pendingAuths--;
          if (large && !hasFullAccess(connection) && message?.type !== 'auth') {
            this.#metrics.authRefused('auth_required');
            this.#drop(connection, close, 'RELAY_AUTH_REQUIRED', 'Authenticate with the workspace key before sending large messages.');
          } else if (!message) {
            connection.send({ type: 'error', code: 'INVALID_INPUT', message: 'The relay did not understand that message.' });
          } else {
            await this.#handle(connection, message);
          }
        });
      },
      close,
    };
  }

  /**
   * Handles a received frame after every earlier one of the connection. A store that fails (a
   * PostgreSQL server restarting) ends the connection: the client reconnects with backoff, then
   * resends and resubscribes from what it holds, so nothing is lost.
   */
  #inTurn(connection: Connection, close: () => void, bytes: number, task: () => Promise<void>): void {
    this.#busy++;
    connection.queuedBytes += bytes;
    if (!connection.paused && connection.queuedBytes > QUEUED_HIGH) {
      connection.paused = true;
      connection.pause();
    }
    connection.tail = connection.tail
      .then(() => (connection.closed ? undefined : task()))
      .catch(() => {
        this.#metrics.storeError();
        if (!connection.closed) this.#drop(connection, close, 'RELAY_UNAVAILABLE', 'The relay could not reach its storage; reconnect later.');
      })
      .finally(() => {
        connection.queuedBytes -= bytes;
        if (connection.paused && connection.queuedBytes < QUEUED_LOW) {
          connection.paused = false;
          connection.resume();
        }
        if (--this.#busy === 0) for (const resolve of this.#idleWaiters.splice(0)) resolve();
      });
  }

  /** Says why, then ends the connection (the client reconnects with backoff). */
  #drop(connection: Connection, close: () => void, code: 'RELAY_RATE_LIMITED' | 'RELAY_AUTH_REQUIRED' | 'RELAY_UNAVAILABLE', message: string): void {
    connection.send({ type: 'error', code, message });
    close();
    connection.disconnect();
  }

  #refused(connection: Connection, message: ClientMessage, operation: Operation): boolean {
    if (message.type === 'auth') return false;
    const why = refusal(connection.access, message.docId, operation);
    if (!why) return false;
    if (why.code === 'RELAY_AUTH_STALE') this.#metrics.authRefused('stale_key');
    else if (why.code === 'RELAY_AUTH_REQUIRED') this.#metrics.authRefused('auth_required');
    connection.send({ type: 'error', ...('id' in message ? { id: message.id } : {}), docId: message.docId, ...why });
    return true;
  }

  async #authenticate(connection: Connection, message: Extract<ClientMessage, { type: 'auth' }>): Promise<void> {
    const nonce = connection.nonce;
    // Each proof is good for one attempt.
    connection.nonce = newNonce();
    const mayPin = () => this.#pins.tryAdd(connection.address, this.limits.newWorkspacesPerAddressPerHour) || (this.#metrics.limitRefused('new_workspaces_per_address'), false);
    let result = await authenticate(this.store, this.#chains, message, nonce, mayPin);
    if (!('code' in result) && result.level === 'full' && connection.access.get(message.workspaceId)?.level !== 'full' && this.#fullConnections(message.workspaceId) >= this.limits.connectionsPerWorkspace) {
      this.#metrics.limitRefused('connections_per_workspace');
      result = { code: 'RELAY_RATE_LIMITED', message: 'Too many devices of this workspace are connected to this relay; try again later.' };
    }
    if ('code' in result && result.code === 'RELAY_AUTH_REFUSED') this.#metrics.authRefused('unknown_key');
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

  /** Read from the store once per workspace (one read shared by concurrent callers), then counted on append. */
  #bytesOf(workspaceId: string): Promise<number> {
    let bytes = this.#workspaceBytes.get(workspaceId);
    const stale = this.#shared && Date.now() - (this.#bytesReadAt.get(workspaceId) ?? 0) > SHARED_BYTES_TTL_MS;
    if (bytes === undefined || stale) {
      this.#bytesReadAt.set(workspaceId, Date.now());
      this.#workspaceBytes.set(workspaceId, (bytes = this.store.workspaceBytes(workspaceId)));
      // A failed read is tried again next time.
      void bytes.catch(() => this.#workspaceBytes.delete(workspaceId));
    }
    return bytes;
  }

  /**
   * Why a record of this size may not be stored in this doc, or undefined. Asked in the doc's
   * turn: exact per doc; publishes to other docs of the workspace at the same moment may each
   * pass, so a workspace can end up at most their records over its quota.
   */
  async #quotaRefusal(docId: string, size: number): Promise<{ reason: LimitRefusalReason; message: string } | undefined> {
    const ref = parseDocId(docId)!;
    if (ref.kind === 'join') {
      if (size > this.limits.joinRecordBytes) return { reason: 'join_mailbox', message: `A join request may hold at most ${this.limits.joinRecordBytes} bytes.` };
      if ((await this.store.lastSeq(docId)) >= this.limits.joinRecordsPerMailbox) return { reason: 'join_mailbox', message: 'This join mailbox is full; ask the inviter for a new invitation.' };
    }
    if ((await this.#bytesOf(ref.workspaceId)) + size > this.limits.workspaceBytes) {
      return { reason: 'workspace_quota', message: "This workspace's storage on the relay is full; ask the relay's operator to raise its quota." };
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
      this.#unregister(connection, docId);
    }
  }

  async #handle(connection: Connection, message: ClientMessage): Promise<void> {
    const reads = message.type === 'subscribe' || message.type === 'snapshot-get' || message.type === 'unsubscribe';
    if (this.#refused(connection, message, reads ? 'read' : 'write')) return;
    switch (message.type) {
      case 'auth':
        return this.#authenticate(connection, message);
      case 'publish': {
        const record = message.record;
        if (!record.length || record.length > MAX_RECORD_BYTES) {
          connection.send({ type: 'error', id: message.id, code: 'PAYLOAD_TOO_LARGE', message: 'A record must hold between 1 byte and 8 MiB.' });
          return;
        }
        return this.#docs.run(message.docId, () => this.#publish(connection, message));
      }
      case 'subscribe':
        return this.#subscribe(connection, message);
      case 'unsubscribe':
        this.#unregister(connection, message.docId);
        return;
      case 'snapshot-put': {
        if (message.seq > (await this.store.lastSeq(message.docId))) {
          connection.send({ type: 'error', id: message.id, code: 'INVALID_INPUT', message: 'A snapshot cannot cover records the relay has not seen.' });
          return;
        }
        await this.store.putSnapshot(message.docId, message.seq, message.data);
        connection.send({ type: 'snapshot', id: message.id, docId: message.docId, seq: message.seq, data: null });
        return;
      }
      case 'snapshot-get': {
        const snapshot = await this.store.getSnapshot(message.docId);
        connection.send({ type: 'snapshot', id: message.id, docId: message.docId, seq: snapshot?.seq ?? 0, data: snapshot?.data ?? null });
        return;
      }
    }
  }

  /** In the doc's turn: quota, append, acknowledgement and fan-out, so subscribers see the doc's records in order. */
  async #publish(connection: Connection, message: Extract<ClientMessage, { type: 'publish' }>): Promise<void> {
    const { docId, record } = message;
    const full = await this.#quotaRefusal(docId, record.length);
    if (full) {
      this.#metrics.limitRefused(full.reason);
      connection.send({ type: 'error', id: message.id, docId, code: 'RELAY_QUOTA_EXCEEDED', message: full.message });
      return;
    }
    const ref = parseDocId(docId)!;
    const chainOf = ref.kind === 'chain' ? ref.workspaceId : undefined;
    const before = chainOf && (await this.#chains.keysOf(chainOf)).at(-1);
    const { seq, duplicate } = await this.store.append(docId, record);
    if (!duplicate) this.#metrics.recordAppended(record.length);
    if (!duplicate) this.#workspaceBytes.set(ref.workspaceId, this.#bytesOf(ref.workspaceId).then((bytes) => bytes + record.length));
    connection.send({ type: 'published', id: message.id, docId, seq });
    if (duplicate) return;
    const delivered = this.#delivered.get(docId);
    if (delivered !== undefined && seq === delivered + 1) this.#fanOut(docId, seq, record);
    // Another node appended in between (its notification not handled yet): read the gap and this record in order.
    else if (delivered !== undefined && seq > delivered) await this.#catchUp(docId);
    const current = chainOf && (await this.#chains.keysOf(chainOf)).at(-1);
    if (chainOf && current !== before) this.#supersede(chainOf, current);
  }

  /**
   * Snapshot and backlog first, outside the doc's turn (a long backlog does not hold up its
   * publishers); then, in the doc's turn, what was appended meanwhile and the registration, so
   * no record falls between the backlog and the live ones and none comes twice. Each message
   * goes out once the next is known, so the last one can carry `live`.
   */
  async #subscribe(connection: Connection, message: Extract<ClientMessage, { type: 'subscribe' }>): Promise<void> {
    const { docId } = message;
    const limit = hasFullAccess(connection) ? MAX_SUBSCRIPTIONS : this.limits.unauthenticatedSubscriptions;
    if (!connection.subscriptions.has(docId) && connection.subscriptions.size >= limit) {
      this.#metrics.limitRefused('subscriptions_per_connection');
      connection.send({ type: 'error', code: 'INVALID_INPUT', message: 'Too many subscriptions on one connection.' });
      return;
    }
    // Subscribing again starts over from `sinceSeq`: no live record may interleave with the new backlog.
    this.#unregister(connection, docId);
    let seq = message.sinceSeq;
    let held: Extract<ServerMessage, { type: 'record' | 'snapshot' }> | undefined;
    const hold = (next: typeof held) => {
      if (held) this.#sendBacklog(connection, held);
      held = next;
    };
    const snapshot = message.snapshot && seq === 0 ? await this.store.getSnapshot(docId) : undefined;
    if (snapshot) {
      hold({ type: 'snapshot', docId, seq: snapshot.seq, data: snapshot.data });
      seq = snapshot.seq;
    }
    const backlog = async (upTo = Infinity) => {
      for await (const stored of this.store.readSince(docId, seq)) {
        if (stored.seq > upTo) break;
        hold({ type: 'record', docId, seq: stored.seq, record: stored.record });
        seq = stored.seq;
      }
    };
    await backlog();
    await this.#docs.run(docId, async () => {
      // Registered at the number the doc's other subscribers are brought to (the first subscriber: the log's end now).
      if (this.#subscribers.has(docId)) await this.#catchUp(docId);
      // A record another node commits after this read is notified while the doc has no number yet: #registering makes
      // onAppended queue a catch-up, which runs after this turn and reads past the number.
      if (!this.#subscribers.has(docId)) this.#registering.add(docId);
      let upTo: number;
      try {
        upTo = this.#subscribers.has(docId) ? this.#delivered.get(docId)! : await this.store.lastSeq(docId);
        await backlog(upTo);
      } finally {
        this.#registering.delete(docId);
      }
      // Still allowed? A new epoch may have left this connection with the chain only meanwhile.
      if (connection.closed || this.#refused(connection, message, 'read')) return;
      connection.subscriptions.add(docId);
      let set = this.#subscribers.get(docId);
      if (!set) this.#subscribers.set(docId, (set = new Set()));
      set.add(connection);
      this.#delivered.set(docId, upTo);
      if (held) this.#sendBacklog(connection, { ...held, live: true });
      else connection.send({ type: 'live', docId, seq });
    });
  }

  #unregister(connection: Connection, docId: string): void {
    connection.subscriptions.delete(docId);
    const set = this.#subscribers.get(docId);
    set?.delete(connection);
    if (set?.size === 0) this.#subscribers.delete(docId);
    this.#forgetIfUnsubscribed(docId);
  }

  /** No local subscriber left: the doc's number is forgotten (the next subscriber starts from the log's end). */
  #forgetIfUnsubscribed(docId: string): void {
    if (!this.#subscribers.has(docId)) this.#delivered.delete(docId);
  }

  #sendBacklog(connection: Connection, message: Extract<ServerMessage, { type: 'record' | 'snapshot' }>): void {
    if (message.type === 'record' && !connection.closed) this.#metrics.recordsDelivered(1);
    connection.send(message);
  }

  #fanOut(docId: string, seq: number, record: Uint8Array): void {
    const subscribers = this.#subscribers.get(docId) ?? new Set<Connection>();
    for (const subscriber of subscribers) subscriber.send({ type: 'record', docId, seq, record });
    this.#metrics.recordsDelivered(subscribers.size);
    this.#delivered.set(docId, seq);
  }

  /** In the doc's turn: sends its subscribers every record after the last one they were sent; how many records that was. */
  async #catchUp(docId: string): Promise<number> {
    const from = this.#delivered.get(docId);
    if (from === undefined) return 0;
    this.#metrics.catchUpRead();
    let records = 0;
    for await (const { seq, record } of this.store.readSince(docId, from)) {
      if (!this.#subscribers.has(docId)) break;
      this.#fanOut(docId, seq, record);
      records++;
    }
    return records;
  }

  /** Queues one catch-up read of the doc (several notifications before it starts share it); retried when the store fails. */
  #queueCatchUp(docId: string): void {
    if (this.#catchUpsQueued.has(docId)) return;
    this.#catchUpsQueued.add(docId);
    void this.#docs
      .run(docId, async () => {
        this.#catchUpsQueued.delete(docId);
        const notifiedAt = this.#notifiedAt.get(docId);
        this.#notifiedAt.delete(docId);
        // Notify lag: from the notification's arrival to the fan-out of what it announced (none: this node had sent it already).
        if ((await this.#catchUp(docId)) > 0 && notifiedAt !== undefined) this.#metrics.notifyLag((performance.now() - notifiedAt) / 1000);
      })
      .catch(() => {
        this.#metrics.storeError();
        if (this.#subscribers.has(docId)) setTimeout(() => this.#queueCatchUp(docId), CATCH_UP_RETRY_MS).unref();
      });
  }

  /** Chain appends (this node's or another's): connections on a key the chain no longer names as current keep the chain only. */
  #checkCurrentKey(workspaceId: string): void {
    if (![...this.#connections].some((c) => c.access.get(workspaceId)?.level === 'full')) return;
    void this.#docs
      .run(chainLogId(workspaceId), async () => this.#supersede(workspaceId, (await this.#chains.keysOf(workspaceId)).at(-1)))
      .catch(() => this.#metrics.storeError());
  }

  /** A record was committed to the shared store (log-notifications.ts), by this node or another. */
  onAppended(docId: string, seq: number): void {
    const ref = parseDocId(docId);
    if (ref?.kind === 'chain') this.#checkCurrentKey(ref.workspaceId);
    const delivered = this.#delivered.get(docId);
    if (this.#registering.has(docId) || (delivered !== undefined && seq > delivered && this.#subscribers.has(docId))) {
      if (!this.#notifiedAt.has(docId)) this.#notifiedAt.set(docId, performance.now());
      this.#queueCatchUp(docId);
    }
  }

  /** The notifications were interrupted: every subscribed doc is read from its last number, every workspace's key checked. */
  onReconnected(): void {
    for (const docId of this.#subscribers.keys()) this.#queueCatchUp(docId);
    const workspaces = new Set<string>();
    for (const connection of this.#connections) for (const [workspaceId, access] of connection.access) if (access.level === 'full') workspaces.add(workspaceId);
    for (const workspaceId of workspaces) this.#checkCurrentKey(workspaceId);
  }
}

const hasFullAccess = (connection: Connection) => [...connection.access.values()].some((a) => a.level === 'full');
