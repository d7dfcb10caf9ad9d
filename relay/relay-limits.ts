// What one client may cost a relay: connections per address and per workspace, frames per
// second, subscribe frames per connection and per address, bytes per workspace, join mailboxes, frames sent before
// authenticating, and what the relay buffers for a connection that does not read. Defaults
// suit a team relay; tests pass small ones. Exceeding a rate closes the connection (the
// client reconnects with backoff and resends, so nothing is lost); exceeding a quota refuses
// the record with RELAY_QUOTA_EXCEEDED.
export interface RelayLimits {
  /** Open connections from one remote address. */
  connectionsPerAddress: number;
  /** Connections authenticated to one workspace at the same time. */
  connectionsPerWorkspace: number;
  /** Workspaces one address may introduce (pin from a creation entry) per hour. */
  newWorkspacesPerAddressPerHour: number;
  /** Frames per second per connection (sustained), and the burst allowed above it. */
  framesPerSecond: number;
  frameBurst: number;
  /**
   * Subscribe frames per second per connection (sustained) and the burst above it: each one
   * makes the relay read a doc's backlog, so they cost more than other frames. The burst lets a
   * device subscribe to every doc of a large workspace when it connects.
   */
  subscribesPerSecond: number;
  subscribeBurst: number;
  /** The same for all connections from one address together (a flood spread over many connections). */
  addressSubscribesPerSecond: number;
  addressSubscribeBurst: number;
  /** Bytes of records one workspace may store (its join mailboxes included). */
  workspaceBytes: number;
  /** Largest frame from a connection that holds no workspace's current key (an auth with its creation entry fits). */
  unauthenticatedFrameBytes: number;
  /** Subscriptions of a connection that holds no workspace's current key (the chain and join mailboxes only). */
  unauthenticatedSubscriptions: number;
  /** Largest record in a join mailbox, and how many one mailbox keeps. */
  joinRecordBytes: number;
  joinRecordsPerMailbox: number;
  /** Bytes queued for a connection that does not read before the relay disconnects it. */
  sendBufferBytes: number;
}

export const DEFAULT_RELAY_LIMITS: RelayLimits = {
  connectionsPerAddress: 64,
  connectionsPerWorkspace: 1024,
  newWorkspacesPerAddressPerHour: 20,
  framesPerSecond: 500,
  // A device subscribing to every doc of a large workspace at connect sends one frame per doc.
  frameBurst: 20_000,
  subscribesPerSecond: 200,
  subscribeBurst: 20_000,
  addressSubscribesPerSecond: 600,
  addressSubscribeBurst: 60_000,
  workspaceBytes: 4 * 1024 ** 3,
  unauthenticatedFrameBytes: 64 * 1024,
  unauthenticatedSubscriptions: 64,
  joinRecordBytes: 64 * 1024,
  joinRecordsPerMailbox: 32,
  // Eight of the largest records. A subscription's backlog is queued at once, so a backlog larger
  // than this disconnects even a reader that keeps up (it reconnects from where it got to).
  sendBufferBytes: 64 * 1024 * 1024,
};

/** A token bucket: `take()` is false once more than the burst was spent faster than the rate refills it. */
export class TokenBucket {
  #tokens: number;
  #at = Date.now();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {
    this.#tokens = burst;
  }

  take(cost = 1): boolean {
    const now = Date.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#at) / 1000) * this.perSecond);
    this.#at = now;
    if (this.#tokens < cost) return false;
    this.#tokens -= cost;
    return true;
  }

  /** Refilled to its burst: forgetting it loses nothing. */
  isFull(): boolean {
    return this.#tokens + ((Date.now() - this.#at) / 1000) * this.perSecond >= this.burst;
  }
}

/** One token bucket per key (per remote address), forgotten once refilled and unused. */
export class BucketsPerKey {
  readonly #buckets = new Map<string, TokenBucket>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
  ) {}

  take(key: string, cost = 1): boolean {
    let bucket = this.#buckets.get(key);
    if (!bucket) this.#buckets.set(key, (bucket = new TokenBucket(this.perSecond, this.burst)));
    return bucket.take(cost);
  }

  /** Drops refilled buckets (called when a connection closes, so the map stays small). */
  prune(): void {
    for (const [key, bucket] of this.#buckets) if (bucket.isFull()) this.#buckets.delete(key);
  }
}

/** Counts of events per key in a sliding hour (for workspaces introduced per address). */
export class HourlyCounter {
  readonly #events = new Map<string, number[]>();

  /** Records one event for `key` unless `limit` were already reached in the last hour. */
  tryAdd(key: string, limit: number, now = Date.now()): boolean {
    const recent = (this.#events.get(key) ?? []).filter((t) => now - t < 3_600_000);
    if (recent.length >= limit) {
      this.#events.set(key, recent);
      return false;
    }
    recent.push(now);
    this.#events.set(key, recent);
    return true;
  }
}
