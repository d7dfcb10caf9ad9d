// The relay's state besides the log in PostgreSQL (relay-state.ts, chosen by open-relay-state.ts): share links, SCIM and
// accepted request signatures, in the database the log is in, so that every relay node on it
// serves the same links, users, events and replay protection. One small pool of its own (the
// log store keeps its pool to itself), with bigint columns (times in milliseconds) read as
// numbers. Opening applies the schema's missing migrations (postgres-log-store.ts), so it works
// whichever of the two a node opens first.
import pg from 'pg';
import type { RelayState, SeenSignatureBounds } from './relay-state';
import { migrateSchema, redactStoreUrl, storeUnavailable } from './postgres-log-store';
import { PostgresScimStore } from './postgres-scim-store';
import { PostgresSeenSignatures } from './postgres-seen-signatures';
import { PostgresShareLinkStore } from './postgres-share-link-store';

/** pg's type id of int8 (bigint). */
const INT8 = 20;

export interface PostgresRelayStateOptions extends SeenSignatureBounds {
  /** Connections the pool may open (default 4: these routes are light next to the log). */
  maxConnections?: number;
  /** An idle pooled connection failed (the server restarted): the next query reconnects. Never contains the password. */
  onError?(message: string): void;
}

export async function openPostgresRelayState(url: string, options: PostgresRelayStateOptions = {}): Promise<RelayState> {
  const types = new pg.TypeOverrides();
  types.setTypeParser(INT8, Number);
  const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 4, application_name: 'tessera-relay-state', connectionTimeoutMillis: 10_000, types });
  pool.on('error', (error) => options.onError?.(`PostgreSQL store ${redactStoreUrl(url)}: ${error.message}`));
  try {
    await migrateSchema(pool);
    const links = await PostgresShareLinkStore.open(pool);
    return {
      links,
      scim: new PostgresScimStore(pool),
      seen: new PostgresSeenSignatures(pool, options.now, options.max),
      close: async () => {
        if (!pool.ended) await pool.end();
      },
    };
  } catch (error) {
    await pool.end().catch(() => {});
    throw storeUnavailable(url, error);
  }
}
