// Where a relay keeps its state besides the log (relay-state.ts; the log: open-log-store.ts):
// share links and workspaces' SMTP servers (share-link-store.ts), SCIM and Universal Logout
// (scim-store.ts), and the signatures of signed requests it accepted (seen-signatures.ts).
// With a SQLite store (one relay), in its `dbPath` file and, for signatures, in memory; with
// `store: 'postgres://…'`, in that database (postgres-relay-state.ts, loaded only then),
// shared by every relay node on it.
import type { LogStoreSpec } from './open-log-store';
import type { RelayState, SeenSignatureBounds } from './relay-state';
import { SqliteScimStore } from './scim-store';
import { MemorySeenSignatures } from './seen-signatures';
import { SqliteShareLinkStore } from './share-link-store';

export async function openRelayState(spec: LogStoreSpec, seen: SeenSignatureBounds = {}): Promise<RelayState> {
  if (spec.store) {
    const { openPostgresRelayState } = await import('./postgres-relay-state');
    return openPostgresRelayState(spec.store, { ...seen, ...(spec.onStoreError ? { onError: spec.onStoreError } : {}) });
  }
  const links = new SqliteShareLinkStore(spec.dbPath);
  const scim = new SqliteScimStore(spec.dbPath);
  return {
    links,
    scim,
    seen: new MemorySeenSignatures(seen.now, seen.max),
    close: async () => {
      await links.close();
      await scim.close();
    },
  };
}
