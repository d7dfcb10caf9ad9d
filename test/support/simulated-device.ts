// A simulated device for tests and benches of relays under load and faults (issue 20): it
// authenticates to one workspace over a raw WebSocket (raw-relay-client.ts), subscribes to a set
// of that workspace's docs, and publishes records naming itself, a counter and when it sent
// them. When its connection drops it connects to the next of its node URLs in turn (retrying
// until one answers), authenticates again, resubscribes every doc from the last number it
// received and resends, in order, every record not acknowledged yet (the relay returns a resent
// record's first number). It keeps everything it received, in arrival order, and every
// acknowledgement, for delivery-check.ts to judge.
import { performance } from 'node:perf_hooks';
import type { RelayCredentials } from '../../protocol/relay-access';
import type { ServerMessage } from '../../protocol/relay-frames';
import { rawRelayClient, type RawRelayClient } from './raw-relay-client';

/** What a record carries: who sent it, its counter on that device, and when (ms since the epoch, sub-millisecond). */
export interface DeviceRecord {
  device: string;
  counter: number;
  sentAt: number;
}

/** The current time in ms since the epoch, sub-millisecond (every simulated device of a process shares the clock). */
export const now = (): number => performance.timeOrigin + performance.now();

export const encodeDeviceRecord = (record: DeviceRecord): Uint8Array => new TextEncoder().encode(JSON.stringify(record));

/** The fields of a record's text (Receipt.text), or undefined for what some other writer stored. */
export function decodeDeviceRecord(text: string): DeviceRecord | undefined {
  try {
    const value = JSON.parse(text) as Partial<DeviceRecord>;
    return typeof value.device === 'string' && typeof value.counter === 'number' && typeof value.sentAt === 'number' ? (value as DeviceRecord) : undefined;
  } catch {
    return undefined;
  }
}

/** A record as a subscriber saw it: when, through which node. */
export interface Receipt {
  seq: number;
  text: string;
  receivedAt: number;
  url: string;
}

/** A published record the relay acknowledged: its number in the doc. */
export interface Acknowledged {
  docId: string;
  seq: number;
  text: string;
  /** The node that acknowledged it. */
  url: string;
}

export interface SimulatedDeviceOptions {
  name: string;
  /** The node it connects to first, then the others in turn after each disconnection. */
  urls: readonly string[];
  credentials: RelayCredentials;
  /** Docs it subscribes to (from their start) once connected. */
  docs?: readonly string[];
  /** Connect from this address (127.x.y.z), so the relay's per-address limits see many addresses. */
  localAddress?: string;
  /** Wait between connection attempts that fail (default 50 ms). */
  retryMs?: number;
}

/** A disconnection and how long until every subscribed doc was live again on a node. */
export interface Reconnection {
  downAt: number;
  liveAt?: number;
  url?: string;
}

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

export class SimulatedDevice {
  readonly name: string;
  readonly docs: readonly string[];
  /** Per subscribed doc, every record received, in arrival order (a duplicate appears twice). */
  readonly received = new Map<string, Receipt[]>();
  readonly acknowledged: Acknowledged[] = [];
  /** Errors the relay answered a publish with (not a refused auth, not a dropped connection's RELAY_UNAVAILABLE). */
  readonly errors: Extract<ServerMessage, { type: 'error' }>[] = [];
  readonly reconnections: Reconnection[] = [];
  #connections = 0;
  #index = 0;
  #stopped = false;
  #counter = 0;
  #client: RawRelayClient | undefined;
  #url: string | undefined;
  /** Docs live on the current connection (their backlog read, new records arriving). */
  #live = new Set<string>();
  readonly #unacked = new Map<number, { docId: string; bytes: Uint8Array }>();
  readonly #waiters = new Set<() => void>();
  readonly ready: Promise<void>;

  constructor(private readonly options: SimulatedDeviceOptions) {
    this.name = options.name;
    this.docs = options.docs ?? [];
    for (const docId of this.docs) this.received.set(docId, []);
    this.ready = this.#open();
  }

  /** Connections it authenticated (more than one: it moved after a disconnection). */
  get connections(): number {
    return this.#connections;
  }

  /** The node it is connected to now, if any. */
  get url(): string | undefined {
    return this.#url;
  }

  /** Records sent and not acknowledged yet (they are resent after a reconnection). */
  get unacked(): number {
    return this.#unacked.size;
  }

  /** True while every subscribed doc is live on the current connection. */
  get live(): boolean {
    return this.#client !== undefined && this.docs.every((d) => this.#live.has(d));
  }

  /** The last number received for a doc (0: none yet). */
  lastSeq(docId: string): number {
    return this.received.get(docId)?.reduce((max, r) => Math.max(max, r.seq), 0) ?? 0;
  }

  /** Resolves once every subscribed doc is live (its backlog received). */
  whenLive(): Promise<void> {
    return this.#until(() => this.live);
  }

  /** Resolves once every record published so far is acknowledged (across reconnections). */
  whenAcknowledged(): Promise<void> {
    return this.#until(() => this.#unacked.size === 0);
  }

  /** Publishes the device's next record to a doc now (or on the next connection); returns its counter. */
  publish(docId: string): number {
    const counter = ++this.#counter;
    const bytes = encodeDeviceRecord({ device: this.name, counter, sentAt: now() });
    this.#unacked.set(counter, { docId, bytes });
    this.#client?.send({ type: 'publish', id: counter, docId, record: bytes });
    return counter;
  }

  /** Closes the connection for good (no reconnection). */
  stop(): void {
    this.#stopped = true;
    this.#client?.close();
    this.#client = undefined;
    this.#url = undefined;
  }

  #changed(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  #until(done: () => boolean): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (!done()) return;
        this.#waiters.delete(check);
        resolve();
      };
      this.#waiters.add(check);
      check();
    });
  }

  /** Handles the messages the device keeps track of; the rest stay in the client's `received` (challenges, auth answers). */
  #onMessage(message: ServerMessage, url: string): boolean {
    switch (message.type) {
      case 'record': {
        this.received.get(message.docId)?.push({ seq: message.seq, text: text(message.record), receivedAt: now(), url });
        if (message.live) this.#setLive(message.docId);
        return true;
      }
      case 'live':
        this.#setLive(message.docId);
        return true;
      case 'published': {
        const sent = this.#unacked.get(message.id);
        if (sent) {
          this.#unacked.delete(message.id);
          this.acknowledged.push({ docId: message.docId, seq: message.seq, text: text(sent.bytes), url });
          this.#changed();
        }
        return true;
      }
      case 'error':
        // Id 0 is the device's auth (a refused one is retried); a dropped connection's RELAY_UNAVAILABLE carries none.
        if (message.id !== undefined && message.id > 0) this.errors.push(message);
        return false;
      default:
        return false;
    }
  }

  #setLive(docId: string): void {
    this.#live.add(docId);
    const last = this.reconnections.at(-1);
    if (last && last.liveAt === undefined && this.live) {
      last.liveAt = now();
      last.url = this.#url;
    }
    this.#changed();
  }

  /** Connects to the next node that answers and authenticates; then resubscribes and resends. */
  async #open(): Promise<void> {
    const { urls, credentials } = this.options;
    for (;;) {
      if (this.#stopped) return;
      const url = urls[this.#index % urls.length]!;
      let client: RawRelayClient | undefined;
      try {
        client = await rawRelayClient(url, {
          ...(this.options.localAddress ? { localAddress: this.options.localAddress } : {}),
          onMessage: (message) => this.#onMessage(message, url),
        });
        const closed = client.closed().then(() => undefined);
        const answer = await Promise.race([client.auth(credentials, 0), closed]);
        if (answer?.type !== 'authenticated' || this.#stopped) throw new Error(`not authenticated: ${JSON.stringify(answer)}`);
      } catch {
        client?.close();
        this.#index++;
        await new Promise((resolve) => setTimeout(resolve, this.options.retryMs ?? 50));
        continue;
      }
      this.#connections++;
      this.#client = client;
      this.#url = url;
      this.#live = new Set();
      void client.closed().then(() => this.#lost(client));
      for (const docId of this.docs) client.send({ type: 'subscribe', docId, sinceSeq: this.lastSeq(docId) });
      for (const [id, { docId, bytes }] of this.#unacked) client.send({ type: 'publish', id, docId, record: bytes });
      this.#changed();
      return;
    }
  }

  #lost(client: RawRelayClient): void {
    if (this.#stopped || this.#client !== client) return;
    this.#client = undefined;
    this.#url = undefined;
    this.#live = new Set();
    this.reconnections.push({ downAt: now() });
    this.#index++;
    void this.#open();
  }
}

/** Devices publishing steadily until stopped. */
export interface SteadyPublishing {
  /** Records published so far. */
  readonly count: number;
  /** Stops publishing; resolves once every record is acknowledged. */
  stop(): Promise<void>;
}

/**
 * Each device publishes one record every `everyMs` (the devices staggered over that period) to
 * the doc `pick` names for its nth record, until stopped.
 */
export function publishSteadily(devices: readonly SimulatedDevice[], everyMs: number, pick: (device: SimulatedDevice, n: number) => string): SteadyPublishing {
  const timers: NodeJS.Timeout[] = [];
  let count = 0;
  devices.forEach((device, i) => {
    let n = 0;
    const tick = () => {
      device.publish(pick(device, n++));
      count++;
    };
    timers.push(
      setTimeout(() => {
        tick();
        timers.push(setInterval(tick, everyMs));
      }, (everyMs * i) / devices.length),
    );
  });
  return {
    get count() {
      return count;
    },
    stop: async () => {
      for (const timer of timers) clearTimeout(timer);
      await Promise.all(devices.map((d) => d.whenAcknowledged()));
    },
  };
}
