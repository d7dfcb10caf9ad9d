// Binds one Y.Doc to the envelope pipeline: local updates become signed, encrypted
// envelopes with the next per-device clock; records from the relay go through the
// receiver. Local updates are sealed at the end of the current turn (a microtask), merged:
// a burst of edits (an account created, filled and shared; a thousand accounts listed in the
// team directory) is one envelope and one signature per doc, not one per transaction. Saving
// (`state()`) seals what is pending first. Envelopes refused only because this device's view
// of the team chain lags (an unknown device or epoch, no role yet) wait and are retried when
// the chain changes.
import * as Y from 'yjs';
import { encodeEnvelope, envelopeId, sealEnvelope, type EnvelopeAuthor } from './envelope';
import { receiveEnvelope, REMOTE_ORIGIN, ReplayGuard, type EnvelopeContext, type ReceiveResult, type Refusal, type ReplayGuardState } from './envelope-receiver';
import type { SyncedLog } from './synced-log';
import { OutgoingRecords } from './outgoing-records';

export interface ReplicaContext extends EnvelopeContext {
  /** Throws SYNC_UNKNOWN_EPOCH while this device has no key for the current epoch. */
  currentEpoch(): { epochId: string; key: Uint8Array };
}

export interface ReplicaState {
  clock: number;
  guard: ReplayGuardState;
}

const MAX_DEFERRED = 10_000;

/** A refusal that may only reflect a lagging team chain: kept and retried when the chain changes. */
export type ReplicaReceiveResult = ReceiveResult | ({ status: 'deferred' } & Refusal);

export class DocReplica implements SyncedLog {
  readonly #guard: ReplayGuard;
  /** Envelopes sealed here; kept until someone listens (a doc edited before the sync client attached). */
  readonly #outgoing = new OutgoingRecords();
  readonly #received = new Set<(result: ReplicaReceiveResult) => void>();
  #clock: number;
  /** Local updates made while no epoch key was available. */
  #unsent: Uint8Array[] = [];
  #deferred: Uint8Array[] = [];
  #sealQueued = false;

  constructor(
    readonly docId: string,
    readonly doc: Y.Doc,
    private readonly context: ReplicaContext,
    private readonly author: EnvelopeAuthor,
    state: ReplicaState = { clock: 0, guard: {} },
  ) {
    this.#clock = state.clock;
    this.#guard = new ReplayGuard(state.guard);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE_ORIGIN) return;
      this.#unsent.push(update);
      if (this.#sealQueued) return;
      this.#sealQueued = true;
      queueMicrotask(() => {
        this.#sealQueued = false;
        this.#sealUnsent();
      });
    });
  }

  onOutgoing(listener: (record: Uint8Array) => void): () => void {
    return this.#outgoing.listen(listener);
  }

  /** Every outcome of a received record, refusals included, for the audit log and the UI. */
  onReceived(listener: (result: ReplicaReceiveResult) => void): () => void {
    this.#received.add(listener);
    return () => this.#received.delete(listener);
  }

  receive(record: Uint8Array): ReplicaReceiveResult {
    let result: ReplicaReceiveResult = receiveEnvelope(this.doc, this.docId, record, this.context, this.#guard);
    if (result.status === 'rejected' && result.retryable && this.#deferred.length < MAX_DEFERRED) {
      this.#deferred.push(record);
      result = { status: 'deferred', code: result.code, reason: result.reason };
    }
    for (const listener of this.#received) listener(result);
    return result;
  }

  receiveSnapshot(record: Uint8Array): boolean {
    return this.receive(record).status !== 'rejected';
  }

  /** Records waiting for the team chain (a key, a device or a role this device has not seen yet). */
  get deferredCount(): number {
    return this.#deferred.length;
  }

  /** Retries deferred records and seals pending local updates; call when the team chain changed. */
  flush(): void {
    const deferred = this.#deferred;
    this.#deferred = [];
    for (const record of deferred) this.receive(record);
    this.#sealUnsent();
  }

  #sealUnsent(): void {
    if (!this.#unsent.length) return;
    let epoch: { epochId: string; key: Uint8Array };
    try {
      epoch = this.context.currentEpoch();
    } catch {
      return;
    }
    const update = this.#unsent.length === 1 ? this.#unsent[0]! : Y.mergeUpdates(this.#unsent);
    this.#unsent = [];
    const record = encodeEnvelope(sealEnvelope({ docId: this.docId, epoch: epoch.epochId, epochKey: epoch.key, author: this.author, clock: ++this.#clock, update }));
    // Our own envelope will come back from the relay: remember it as applied.
    this.#guard.record(this.docId, this.author.deviceId, this.#clock, envelopeId(record));
    this.#outgoing.send(record);
  }

  /** The whole doc as one envelope, for a relay snapshot a new device can start from. */
  snapshot(): Uint8Array {
    // Not sealing pending edits first: they go out after it, at a higher clock (the snapshot holds them anyway).
    const epoch = this.context.currentEpoch();
    const update = Y.encodeStateAsUpdate(this.doc);
    const record = encodeEnvelope(sealEnvelope({ docId: this.docId, epoch: epoch.epochId, epochKey: epoch.key, author: this.author, clock: ++this.#clock, update }));
    this.#guard.record(this.docId, this.author.deviceId, this.#clock, envelopeId(record));
    return record;
  }

  /** Plain JSON for the caller to persist beside the doc. */
  state(): ReplicaState {
    // A pending update is in the doc state saved beside this: its envelope's clock must be too.
    this.#sealUnsent();
    return { clock: this.#clock, guard: this.#guard.toJSON() };
  }
}
