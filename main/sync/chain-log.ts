// The team chain as a synced log: each record is one signed entry as UTF-8 JSON. Entries
// are signed, not encrypted, so a relay sees member and device ids, public keys and roles
// (never names or content). After catching up it publishes any entry the relay lacks,
// which is how entries authored before the first connection get there.
import { chainLogId } from '../../protocol/doc-ids';
import type { SyncedLog } from './synced-log';
import { chainRecord, entryHash, parseChainRecord, type ChainEntry } from '../../protocol/team-chain';
import type { Workspace } from './workspace';

export class ChainLog implements SyncedLog {
  readonly docId: string;
  readonly #onRelay = new Set<string>();
  readonly #outgoing = new Set<(record: Uint8Array) => void>();

  constructor(private readonly workspace: Workspace) {
    this.docId = chainLogId(workspace.workspaceId);
    workspace.onAuthored((entries) => this.#publish(entries));
  }

  receive(record: Uint8Array): void {
    const entry = parseChainRecord(record);
    // Not an entry: the chain ignores what it cannot verify.
    if (!entry) return;
    this.#onRelay.add(entryHash(entry));
    this.workspace.receive([entry]);
  }

  onOutgoing(listener: (record: Uint8Array) => void): () => void {
    this.#outgoing.add(listener);
    return () => this.#outgoing.delete(listener);
  }

  caughtUp(): void {
    this.#publish(this.workspace.entries().filter((e) => !this.#onRelay.has(entryHash(e))));
  }

  #publish(entries: ChainEntry[]): void {
    // Not connected: nothing is sent, so nothing is marked as on the relay; caughtUp() sends
    // these entries after the next connection catches up.
    if (this.#outgoing.size === 0) return;
    for (const entry of [...entries].sort((a, b) => a.counter - b.counter)) {
      this.#onRelay.add(entryHash(entry));
      const record = chainRecord(entry);
      for (const listener of this.#outgoing) listener(record);
    }
  }
}
