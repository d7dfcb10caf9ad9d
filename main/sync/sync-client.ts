// Keeps a set of synced logs in step with one relay: subscribes each from its last
// sequence number, publishes local records in order and keeps them until the relay
// acknowledges them (so offline edits go out on reconnect), and reconnects with backoff; it
// can move to another address of the same relay without losing either (`useConnector`).
// The relay deduplicates identical records, so resending after a drop is safe. A log that
// can take a snapshot starts from the relay's snapshot instead of the whole history; when
// that snapshot is refused, the client reconnects and reads the history instead. With a
// RelayAccess it answers the relay's challenge before subscribing, and authenticates again
// whenever this device learns a newer epoch key; logs the relay will not serve it (yet)
// are "blocked" and resubscribed after the next successful authentication.
import { TesseraError } from '../errors';
import { authMessage, type RelayAccess } from '../../protocol/relay-access';
import type { RelayConnector, RelayLink } from './relay-connection';
import { decodeFrame, encodeFrame, serverMessageSchema, type ClientMessage, type ServerMessage } from '../../protocol/relay-frames';
import type { SyncedLog } from './synced-log';

const RELAY_CODES = ['RELAY_UNAVAILABLE', 'RELAY_AUTH_REQUIRED', 'RELAY_AUTH_REFUSED', 'RELAY_AUTH_STALE'] as const;

interface Tracked {
  log: SyncedLog;
  lastSeq: number;
  live: boolean;
  outbox: { record: Uint8Array; requestId?: number }[];
  /** Set once a snapshot was refused: this log then always reads the whole history. */
  noSnapshot?: boolean;
  subscribed: boolean;
  /** The relay refused this log to this connection (no or an old workspace key). */
  blocked: boolean;
}

export interface SyncClientOptions {
  /** Delay before reconnect attempt n (1-based); default 250 ms doubling to 30 s. */
  retryDelayMs?: (attempt: number) => number;
  /** The workspace's relay-access keys; without it the client only reaches what the relay serves anyone (the chain, join mailboxes). */
  access?: RelayAccess;
}

export interface SyncStatus {
  connected: boolean;
  logs: { docId: string; lastSeq: number; live: boolean; unacknowledged: number; blocked?: true }[];
}

export class SyncClient {
  readonly #logs = new Map<string, Tracked>();
  /** The logs in the order attached, and where the last idle check found one still busy (see #isIdle). */
  readonly #order: Tracked[] = [];
  #busyAt = 0;
  readonly #pending = new Map<number, (message: ServerMessage) => void>();
  readonly #settled = new Set<() => void>();
  readonly #retryDelay: (attempt: number) => number;
  #link: RelayLink | undefined;
  #connected = false;
  #running = false;
  #attempt = 0;
  #nextRequest = 1;
  #timer: NodeJS.Timeout | undefined;
  readonly #access: RelayAccess | undefined;
  /** Authentication answered (or not needed) on this connection: logs may be used. */
  #ready = false;
  #nonce: string | undefined;
  #authRequest: number | undefined;
  /** The key list last presented: a new epoch (or one learned after a fork) changes it. */
  #presentedKeys: string | undefined;
  /** The nonce of the last attempt: a duplicated challenge carrying it must not start another. */
  #spentNonce: string | undefined;
  /**
   * A challenge came while an attempt was in flight: the relay answered something else (a
   * duplicated proof) in between, so the attempt's nonce may be spent and a refusal of it
   * says nothing about this device's keys.
   */
  #challengedDuringAttempt = false;

  #connector: RelayConnector;

  constructor(connector: RelayConnector, options: SyncClientOptions = {}) {
    this.#connector = connector;
    this.#retryDelay = options.retryDelayMs ?? ((n) => Math.min(30_000, 250 * 2 ** (n - 1)));
    this.#access = options.access;
  }

  /** Follows a log from `sinceSeq` (what this device has already applied, as persisted by the caller). */
  attach(log: SyncedLog, sinceSeq = 0): void {
    if (this.#logs.has(log.docId)) return;
    const tracked: Tracked = { log, lastSeq: sinceSeq, live: false, outbox: [], subscribed: false, blocked: false };
    this.#logs.set(log.docId, tracked);
    this.#order.push(tracked);
    log.onOutgoing((record) => {
      const item: Tracked['outbox'][number] = { record };
      tracked.outbox.push(item);
      if (this.#ready && tracked.subscribed) this.#publish(tracked, item);
      this.#reauthenticateIfNewer();
    });
    // Only this log: the others are started already (a new device attaches thousands, one at a time).
    if (this.#ready) this.#startLog(tracked);
  }

  start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#open();
  }

  stop(): void {
    this.#running = false;
    clearTimeout(this.#timer);
    const link = this.#link;
    this.#disconnected();
    link?.close();
  }

  /**
   * Another way to the same relay (its LAN or internet address, another node of it): the link
   * closes and, when running, the client connects through `connector` at once. The logs, their
   * sequence numbers and the records the relay has not acknowledged carry over.
   */
  useConnector(connector: RelayConnector): void {
    this.#connector = connector;
    clearTimeout(this.#timer);
    const link = this.#link;
    this.#disconnected();
    link?.close();
    this.#attempt = 0;
    if (this.#running) this.#open();
  }

  status(): SyncStatus {
    return {
      connected: this.#connected,
      logs: [...this.#logs.values()].map((t) => ({ docId: t.log.docId, lastSeq: t.lastSeq, live: t.live, unacknowledged: t.outbox.length, ...(t.blocked ? { blocked: true as const } : {}) })),
    };
  }

  /** Resolves once connected, every log is live and every local record is acknowledged. */
  idle(): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (!this.#isIdle()) return;
        this.#settled.delete(check);
        resolve();
      };
      this.#settled.add(check);
      check();
    });
  }

  /**
   * Stores the log's whole state as the relay snapshot, declared to cover what this device
   * has received. Only once live with nothing unacknowledged, so the snapshot holds no
   * local edit the relay has not numbered yet.
   */
  async publishSnapshot(log: SyncedLog & { snapshot(): Uint8Array }): Promise<void> {
    const tracked = this.#logs.get(log.docId);
    if (!tracked?.live || tracked.outbox.length) throw new TesseraError('RELAY_UNAVAILABLE', `${log.docId} is not in step with the relay yet; try again once sync is idle.`);
    await this.#request({ type: 'snapshot-put', id: 0, docId: log.docId, seq: tracked.lastSeq, data: log.snapshot() });
  }

  /** Starts a log from the relay's snapshot (when there is one) instead of its whole history. */
  async attachFromSnapshot(log: SyncedLog): Promise<void> {
    const reply = await this.#request({ type: 'snapshot-get', id: 0, docId: log.docId });
    const snapshot = reply.type === 'snapshot' && reply.data ? { seq: reply.seq, data: reply.data } : undefined;
    if (snapshot) log.receive(snapshot.data);
    this.attach(log, snapshot?.seq ?? 0);
  }

  /**
   * Asked after every message while someone awaits idle(): resumes at the log the last check
   * found busy (logs settle roughly in the order they were attached), then checks the ones
   * before it, so a workspace of 10,000 logs is not scanned whole for each of its messages.
   */
  #isIdle(): boolean {
    if (!this.#ready || this.#authRequest !== undefined) return false;
    const settled = (t: Tracked) => t.blocked || (t.live && !t.outbox.length);
    const order = this.#order;
    for (let i = this.#busyAt; i < order.length; i++) {
      if (settled(order[i]!)) continue;
      this.#busyAt = i;
      return false;
    }
    for (let i = 0; i < Math.min(this.#busyAt, order.length); i++) {
      if (settled(order[i]!)) continue;
      this.#busyAt = i;
      return false;
    }
    return true;
  }

  #open(): void {
    const link = this.#connector({
      onOpen: () => {
        if (this.#link !== link) return;
        this.#connected = true;
        this.#attempt = 0;
        // With access keys, wait for the relay's challenge.
        if (!this.#access) this.#becomeReady();
      },
      onMessage: (frame) => {
        if (this.#link === link) this.#onMessage(frame);
      },
      onClose: () => {
        if (this.#link !== link) return;
        this.#disconnected();
        if (this.#running) this.#timer = setTimeout(() => this.#open(), this.#retryDelay(++this.#attempt));
      },
    });
    this.#link = link;
  }

  #disconnected(): void {
    this.#link = undefined;
    this.#connected = false;
    this.#ready = false;
    this.#nonce = this.#authRequest = this.#presentedKeys = this.#spentNonce = undefined;
    this.#challengedDuringAttempt = false;
    for (const tracked of this.#logs.values()) {
      tracked.live = tracked.subscribed = tracked.blocked = false;
      for (const item of tracked.outbox) delete item.requestId;
    }
    for (const [id, reply] of this.#pending) {
      this.#pending.delete(id);
      reply({ type: 'error', id, code: 'RELAY_UNAVAILABLE', message: 'The connection to the relay closed.' });
    }
  }

  #onMessage(frame: Uint8Array): void {
    const message = decodeFrame(serverMessageSchema, frame);
    if (!message) return;
    const tracked = 'docId' in message && message.docId ? this.#logs.get(message.docId) : undefined;
    switch (message.type) {
      case 'record':
        if (tracked && message.seq > tracked.lastSeq) {
          tracked.lastSeq = message.seq;
          tracked.log.receive(message.record);
        }
        if (message.live) this.#caughtUp(tracked);
        break;
      case 'live':
        this.#caughtUp(tracked);
        break;
      case 'published':
        if (tracked) tracked.outbox = tracked.outbox.filter((item) => item.requestId !== message.id);
        break;
      case 'challenge':
        // A nonce proves one attempt; a copy of a challenge already answered (a duplicated
        // message) would only earn a refusal, and leave this device presenting nothing.
        if (message.nonce === this.#spentNonce) break;
        // While an attempt is in flight, the relay replaces this nonce when it answers it.
        if (this.#authRequest !== undefined) {
          this.#challengedDuringAttempt = true;
          break;
        }
        this.#nonce = message.nonce;
        if (!this.#ready && this.#authRequest === undefined) this.#authenticate();
        break;
      case 'authenticated':
        if (message.id === this.#authRequest) this.#authAnswered();
        break;
      case 'snapshot':
      case 'error':
        if (message.type === 'snapshot' && message.id === undefined) {
          // The start of a subscription from 0.
          if (tracked && message.data && tracked.lastSeq === 0 && tracked.log.receiveSnapshot && !this.#startFromSnapshot(tracked, message.seq, message.data)) return;
          if (message.live) this.#caughtUp(tracked);
        } else if (message.type === 'error' && message.id !== undefined && message.id === this.#authRequest) {
          // Refused: carry on with what the relay serves without a key. When the refusal may
          // only mean a spent nonce, present the keys again on the next challenge.
          if (this.#challengedDuringAttempt) this.#presentedKeys = undefined;
          this.#authAnswered();
        } else if (message.id !== undefined && this.#pending.has(message.id)) {
          this.#pending.get(message.id)!(message);
          this.#pending.delete(message.id);
        } else if (message.type === 'error' && message.code.startsWith('RELAY_AUTH_')) {
          this.#blocked(message);
          // The relay's chain named a new key: present ours again (this device may hold it, e.g. it opened that epoch).
          if (message.code === 'RELAY_AUTH_STALE' && message.id === undefined && !message.docId && this.#authRequest === undefined) this.#presentedKeys = undefined;
        } else if (message.id !== undefined) {
          // A record the relay refused will never be accepted: stop resending it.
          for (const t of this.#logs.values()) t.outbox = t.outbox.filter((item) => item.requestId !== message.id);
        } else if (tracked) {
          // A subscription refused for another reason (an id this relay does not serve).
          tracked.blocked = true;
          tracked.subscribed = false;
        }
        break;
    }
    this.#reauthenticateIfNewer();
    for (const check of [...this.#settled]) check();
  }

  #authenticate(): void {
    const credentials = this.#access?.credentials();
    if (!credentials || !this.#nonce) {
      this.#becomeReady();
      return;
    }
    this.#authRequest = this.#nextRequest++;
    this.#presentedKeys = credentials.keys.map((k) => k.publicKey).join(',');
    this.#challengedDuringAttempt = false;
    this.#send(authMessage(credentials, this.#nonce, this.#authRequest));
    // A nonce proves one attempt: the next waits for the relay's next challenge.
    this.#spentNonce = this.#nonce;
    this.#nonce = undefined;
  }

  #authAnswered(): void {
    this.#authRequest = undefined;
    this.#becomeReady();
  }

  /** After a chain change: a newer epoch key means a newer relay-access key to present. */
  #reauthenticateIfNewer(): void {
    if (!this.#access || !this.#ready || !this.#nonce || this.#authRequest !== undefined) return;
    const keys = this.#access.credentials()?.keys.map((k) => k.publicKey).join(',');
    if (keys && keys !== this.#presentedKeys) this.#authenticate();
  }

  /** Subscribes every log not subscribed on this connection and publishes what waits. */
  #becomeReady(): void {
    this.#ready = true;
    for (const tracked of this.#logs.values()) this.#startLog(tracked);
  }

  #startLog(tracked: Tracked): void {
    tracked.blocked = false;
    if (!tracked.subscribed) {
      tracked.subscribed = true;
      this.#subscribe(tracked);
    }
    for (const item of tracked.outbox) if (item.requestId === undefined) this.#publish(tracked, item);
  }

  /** The relay would not serve a log (or, without a doc id, every log but the chain) to this connection's key. */
  #blocked(message: Extract<ServerMessage, { type: 'error' }>): void {
    for (const tracked of this.#logs.values()) {
      const published = message.id !== undefined && tracked.outbox.some((i) => i.requestId === message.id);
      const refused = message.id !== undefined ? false : message.docId ? tracked.log.docId === message.docId : !tracked.log.docId.endsWith('/chain') && !tracked.log.docId.includes('/join/');
      if (!published && !refused) continue;
      tracked.blocked = true;
      // A refused publish leaves the subscription; a refused subscription or a superseded key does not.
      if (!published) tracked.subscribed = tracked.live = false;
      // Kept, to publish once the relay accepts this device's key again.
      for (const item of tracked.outbox) delete item.requestId;
    }
  }

  #subscribe(tracked: Tracked): void {
    const snapshot = tracked.lastSeq === 0 && !tracked.noSnapshot && !!tracked.log.receiveSnapshot;
    this.#send({ type: 'subscribe', docId: tracked.log.docId, sinceSeq: tracked.lastSeq, ...(snapshot ? { snapshot } : {}) });
  }

  /** False when the log refused it: then the rest of this link is ignored and the client reconnects to read the whole history. */
  #startFromSnapshot(tracked: Tracked, seq: number, data: Uint8Array): boolean {
    if (tracked.log.receiveSnapshot!(data)) {
      tracked.lastSeq = seq;
      return true;
    }
    tracked.noSnapshot = true;
    this.#link?.close();
    return false;
  }

  #caughtUp(tracked: Tracked | undefined): void {
    if (!tracked) return;
    tracked.live = true;
    tracked.log.caughtUp?.();
  }

  #publish(tracked: Tracked, item: Tracked['outbox'][number]): void {
    item.requestId = this.#nextRequest++;
    this.#send({ type: 'publish', id: item.requestId, docId: tracked.log.docId, record: item.record });
  }

  #request(message: Extract<ClientMessage, { id: number }>): Promise<ServerMessage> {
    if (!this.#connected) return Promise.reject(new TesseraError('RELAY_UNAVAILABLE', 'Not connected to the relay; try again when sync is online.'));
    const id = this.#nextRequest++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, (reply) => (reply.type === 'error' ? reject(new TesseraError(RELAY_CODES.find((c) => c === reply.code) ?? 'INVALID_INPUT', reply.message)) : resolve(reply)));
      this.#send({ ...message, id });
    });
  }

  #send(message: ClientMessage): void {
    this.#link?.send(encodeFrame(message));
  }
}
