// The records a synced log made on this device, on their way to whoever publishes them (the
// sync client): each goes to every listener, or, while none is attached, waits in order and is
// handed to the first listener that attaches (a doc edited, or a join posted, before connecting).
export class OutgoingRecords {
  readonly #listeners = new Set<(record: Uint8Array) => void>();
  #waiting: Uint8Array[] = [];

  send(record: Uint8Array): void {
    if (this.#listeners.size === 0) this.#waiting.push(record);
    for (const listener of this.#listeners) listener(record);
  }

  /** SyncedLog.onOutgoing: delivers what waited, then every new record; returns the unsubscribe. */
  listen(listener: (record: Uint8Array) => void): () => void {
    this.#listeners.add(listener);
    const waiting = this.#waiting;
    this.#waiting = [];
    for (const record of waiting) listener(record);
    return () => this.#listeners.delete(listener);
  }
}
