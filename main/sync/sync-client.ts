// Keeps a set of synced logs in step with one relay: subscribes each from its last
// sequence number, publishes local records in order and keeps them until the relay
// acknowledges them (so offline edits go out on reconnect), and reconnects with backoff.
// The relay deduplicates identical records, so resending after a drop is safe. A log that
// can take a snapshot starts from the relay's snapshot instead of the whole history; when
// that snapshot is refused, the client reconnects and reads the history instead.
import { TesseraError } from '../errors';
import type { RelayConnector, RelayLink } from './relay-connection';
import { decodeFrame, encodeFrame, serverMessageSchema, type ClientMessage, type ServerMessage } from './relay-protocol';
import type { SyncedLog } from './synced-log';

interface Tracked {
  log: SyncedLog;
  lastSeq: number;
  live: boolean;
  outbox: { record: Uint8Array; requestId?: number }[];
  /** Set once a snapshot was refused: this log then always reads the whole history. */
  noSnapshot?: boolean;
}

export interface SyncClientOptions {
  /** Delay before reconnect attempt n (1-based); default 250 ms doubling to 30 s. */
  retryDelayMs?: (attempt: number) => number;
}

export interface SyncStatus {
  connected: boolean;
  logs: { docId: string; lastSeq: number; live: boolean; unacknowledged: number }[];
}

export class SyncClient {
  readonly #logs = new Map<string, Tracked>();
  readonly #pending = new Map<number, (message: ServerMessage) => void>();
  readonly #settled = new Set<() => void>();
  readonly #retryDelay: (attempt: number) => number;
  #link: RelayLink | undefined;
  #connected = false;
  #running = false;
  #attempt = 0;
  #nextRequest = 1;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly connector: RelayConnector,
    options: SyncClientOptions = {},
  ) {
    this.#retryDelay = options.retryDelayMs ?? ((n) => Math.min(30_000, 250 * 2 ** (n - 1)));
  }

  /** Follows a log from `sinceSeq` (what this device has already applied, as persisted by the caller). */
  attach(log: SyncedLog, sinceSeq = 0): void {
    if (this.#logs.has(log.docId)) return;
    const tracked: Tracked = { log, lastSeq: sinceSeq, live: false, outbox: [] };
    this.#logs.set(log.docId, tracked);
    log.onOutgoing((record) => {
      const item: Tracked['outbox'][number] = { record };
      tracked.outbox.push(item);
      if (this.#connected) this.#publish(tracked, item);
    });
    if (this.#connected) this.#subscribe(tracked);
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

  status(): SyncStatus {
    return {
      connected: this.#connected,
      logs: [...this.#logs.values()].map((t) => ({ docId: t.log.docId, lastSeq: t.lastSeq, live: t.live, unacknowledged: t.outbox.length })),
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

  #isIdle(): boolean {
    return this.#connected && [...this.#logs.values()].every((t) => t.live && !t.outbox.length);
  }

  #open(): void {
    const link = this.connector({
      onOpen: () => {
        if (this.#link !== link) return;
        this.#connected = true;
        this.#attempt = 0;
        for (const tracked of this.#logs.values()) {
          this.#subscribe(tracked);
          for (const item of tracked.outbox) this.#publish(tracked, item);
        }
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
    for (const tracked of this.#logs.values()) tracked.live = false;
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
      case 'snapshot':
      case 'error':
        if (message.type === 'snapshot' && message.id === undefined) {
          // The start of a subscription from 0.
          if (tracked && message.data && tracked.lastSeq === 0 && tracked.log.receiveSnapshot && !this.#startFromSnapshot(tracked, message.seq, message.data)) return;
          if (message.live) this.#caughtUp(tracked);
        } else if (message.id !== undefined) {
          // A record the relay refused will never be accepted: stop resending it.
          if (message.type === 'error') for (const t of this.#logs.values()) t.outbox = t.outbox.filter((item) => item.requestId !== message.id);
          this.#pending.get(message.id)?.(message);
          this.#pending.delete(message.id);
        }
        break;
    }
    for (const check of [...this.#settled]) check();
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
      this.#pending.set(id, (reply) => (reply.type === 'error' ? reject(new TesseraError(reply.code === 'RELAY_UNAVAILABLE' ? 'RELAY_UNAVAILABLE' : 'INVALID_INPUT', reply.message)) : resolve(reply)));
      this.#send({ ...message, id });
    });
  }

  #send(message: ClientMessage): void {
    this.#link?.send(encodeFrame(message));
  }
}
