// Which log store a relay uses (log-store.ts): PostgreSQL when given a `postgres://` URL
// (loaded only then, so the desktop's embedded relay never loads the driver), else the SQLite
// file the relay keeps its other state in.
import type { LogNotifications } from './log-notifications';
import type { RelayLogStore } from './log-store';
import type { PostgresNotificationOptions } from './postgres-log-notifications';
import { SqliteLogStore } from './sqlite-log-store';

export interface LogStoreSpec {
  /** SQLite file (or ':memory:'): the log's home when `store` is not given. */
  dbPath: string;
  /** `postgres://user[:password]@host:port/db`: the log goes to PostgreSQL. */
  store?: string;
  /** Errors of idle PostgreSQL connections (never with the password). */
  onStoreError?(message: string): void;
}

export async function openLogStore(spec: LogStoreSpec): Promise<RelayLogStore> {
  if (!spec.store) return new SqliteLogStore(spec.dbPath);
  const { PostgresLogStore, isPostgresUrl } = await import('./postgres-log-store');
  if (!isPostgresUrl(spec.store)) throw new Error(`--store takes a postgres://user@host:port/database URL (without it the log is kept in the SQLite file ${spec.dbPath}).`);
  return PostgresLogStore.open(spec.store, spec.onStoreError ? { onError: spec.onStoreError } : {});
}

/** How this node hears of other nodes' appends: a LISTEN connection with a PostgreSQL store, none with SQLite (one node per file). */
export async function openLogNotifications(spec: LogStoreSpec & PostgresNotificationOptions): Promise<LogNotifications | undefined> {
  if (!spec.store) return undefined;
  const { PostgresLogNotifications } = await import('./postgres-log-notifications');
  return new PostgresLogNotifications(spec.store, spec);
}
