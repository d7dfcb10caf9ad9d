// Which relay-access keys a workspace's own team chain names, read from the chain log this
// relay stores. Every epoch-opening entry names its epoch's public key (`relayKey`) and is
// only effective when an Owner or Admin device signed it (protocol/team-chain.ts), and the
// workspace id is the hash of its creation entry: so nobody else — not a guest holding the
// epoch key, not the first connection to a new workspace id — can choose the key the relay
// accepts. The resolved keys are cached per workspace and refreshed when its chain grows; the
// refreshes of one workspace run one at a time (the store is asynchronous), so two callers never
// read the same new entries into the cache twice.
import { chainLogId } from '../protocol/doc-ids';
import { entryHash, parseChainRecord, resolveChain, type ChainEntry, type ChainState } from '../protocol/team-chain';
import { KeyedQueue } from './keyed-queue';
import type { RelayLogStore } from './log-store';

export interface ChainKeys {
  /** Relay-access keys of the chain's epochs in order; the last is current. Empty when the chain names none. */
  keys: string[];
}

interface Cached {
  seq: number;
  entries: ChainEntry[];
  keys: string[];
  state: ChainState | undefined;
}

export class WorkspaceChainKeys {
  readonly #cache = new Map<string, Cached>();
  readonly #refreshes = new KeyedQueue();

  constructor(private readonly store: RelayLogStore) {}

  /** The keys of the chain as stored now (reads only records appended since the last call). */
  async keysOf(workspaceId: string): Promise<string[]> {
    return (await this.#read(workspaceId)).keys;
  }

  /** The chain's resolved state as stored now (members, roles, devices), or undefined before the relay holds any of it. */
  async stateOf(workspaceId: string): Promise<ChainState | undefined> {
    return (await this.#read(workspaceId)).state;
  }

  #read(workspaceId: string): Promise<Cached> {
    return this.#refreshes.run(workspaceId, () => this.#refresh(workspaceId));
  }

  async #refresh(workspaceId: string): Promise<Cached> {
    const docId = chainLogId(workspaceId);
    let cached = this.#cache.get(workspaceId);
    const last = await this.store.lastSeq(docId);
    if (cached && cached.seq === last) return cached;
    cached ??= { seq: 0, entries: [], keys: [], state: undefined };
    for await (const { seq, record } of this.store.readSince(docId, cached.seq)) {
      const entry = parseChainRecord(record);
      if (entry) cached.entries.push(entry);
      cached.seq = seq;
    }
    const { state } = resolveChain(workspaceId, cached.entries);
    cached.state = cached.entries.length ? state : undefined;
    cached.keys = state.epochs.flatMap((e) => (e.relayKey ? [e.relayKey] : []));
    // An epoch without a named key (a chain written before relays read keys from it) ends what the relay can accept.
    if (state.epochs.at(-1) && !state.epochs.at(-1)!.relayKey) cached.keys = [];
    this.#cache.set(workspaceId, cached);
    return cached;
  }

  /** A creation entry for this workspace id (its hash is the id) that the chain accepts, or undefined. */
  static validGenesis(workspaceId: string, record: Uint8Array): ChainEntry | undefined {
    const entry = parseChainRecord(record);
    if (!entry || entryHash(entry) !== workspaceId || entry.action.type !== 'create_workspace' || !entry.action.relayKey) return undefined;
    return resolveChain(workspaceId, [entry]).order.length === 1 ? entry : undefined;
  }

  /** Forget what was cached (the store was replaced or rewritten). */
  clear(): void {
    this.#cache.clear();
  }
}
