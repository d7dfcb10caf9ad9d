// What the sync client moves between a relay and this device: an ordered log of opaque
// records per doc id. Yjs docs (envelopes) and the team chain (signed entries) both
// implement it, so the transport knows nothing about either.
export interface SyncedLog {
  readonly docId: string;
  receive(record: Uint8Array): void;
  /** Records made on this device, to publish in this order. */
  onOutgoing(listener: (record: Uint8Array) => void): () => void;
  /** The relay has sent its backlog; a log may now publish what the relay turned out to lack. */
  caughtUp?(): void;
  /**
   * Only logs that can start from a relay snapshot: applies it and says whether it was
   * accepted (or may still be, once the chain catches up); false makes the client read the whole history.
   */
  receiveSnapshot?(record: Uint8Array): boolean;
}
