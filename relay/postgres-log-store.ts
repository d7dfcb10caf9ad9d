// The relay's log store on PostgreSQL (log-store.ts), for relays that outgrow one SQLite file:
// `relay serve --store postgres://user@host:port/db`. Same tables as the SQLite store, with the
// record bytes in the entry row (PostgreSQL moves large values out of line by itself, TOAST).
//
// Gap-free numbers under concurrent writers (several connections, later several relay nodes):
// each append runs in a transaction that first takes a transaction-level advisory lock on its
// doc id, `pg_advisory_xact_lock(LOG_LOCK, hashtext(doc_id))`, then looks up the digest and
// inserts MAX(seq) + 1. The lock is held until COMMIT, so the next writer of that doc computes
// its number only after the previous one is committed: numbers are consecutive, and a reader
// that sees record n committed also sees every record before it (commit order is seq order).
// Chosen over a counter row per doc read with SELECT … FOR UPDATE: same serialization, but no
// extra table and no hot row rewritten (and vacuumed) on every append. Two doc ids whose hashes
// collide only share a lock, which costs some waiting, never correctness. A sequence object
// would not do: its numbers leave gaps on rollback and commit out of order.
//
// Schema migrations (for the log and, from version 2, the relay's other state: postgres-relay-state.ts):
// `schema_version` holds the version; opening either applies the missing ones in one transaction
// under another advisory lock (migrateSchema), so nodes starting together migrate once.
// Doc ids are compared bytewise (COLLATE "C"), so a workspace's range `<id>/` … `<id>0` holds
// exactly its docs whatever the database's locale.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { READ_PAGE, type RelayLogStore, type StoredRecord, type StoredSnapshot } from './log-store';
import { NOTIFY_CHANNEL } from './log-notifications';

/** Advisory lock namespaces (the first key of the two-key form), so other users of the database do not collide. */
const MIGRATION_LOCK = 0x7e55_0001;
const LOG_LOCK = 0x7e55_0002;
/** Queued Universal Logouts of one workspace are numbered in commit order (postgres-scim-store.ts). */
export const LOGOUT_LOCK = 0x7e55_0003;

const MIGRATIONS: readonly string[] = [
  // 1: the log (index and bytes in one row) and the snapshots.
  `CREATE TABLE log_entries (
     doc_id text COLLATE "C" NOT NULL, seq integer NOT NULL, digest bytea NOT NULL, size integer NOT NULL,
     received_at bigint NOT NULL, record bytea NOT NULL,
     PRIMARY KEY (doc_id, seq), UNIQUE (doc_id, digest));
   CREATE TABLE snapshots (doc_id text COLLATE "C" PRIMARY KEY, seq integer NOT NULL, data bytea NOT NULL, updated_at bigint NOT NULL);`,
  // 2: the relay's other state, shared by every node (postgres-relay-state.ts): share links, their
  // views and pending email codes, workspaces' SMTP servers (postgres-share-link-store.ts) and the
  // key code hashes are made with (relay_secrets); SCIM tokens, users and deprovisioning events,
  // Universal Logout settings, used `jti`s and queued logouts (postgres-scim-store.ts); accepted
  // request signatures (postgres-seen-signatures.ts). Times are milliseconds (bigint) unless named `exp`.
  `CREATE TABLE relay_secrets (name text PRIMARY KEY, value bytea NOT NULL);
   CREATE TABLE share_links (
     link_id text PRIMARY KEY, workspace_id text NOT NULL, ciphertext text, created_at bigint NOT NULL, expires_at bigint NOT NULL,
     once boolean NOT NULL, emails text NOT NULL, domains text NOT NULL,
     revoked boolean NOT NULL DEFAULT false, used boolean NOT NULL DEFAULT false, locked boolean NOT NULL DEFAULT false);
   CREATE INDEX share_links_workspace ON share_links (workspace_id, created_at);
   CREATE INDEX share_links_open ON share_links (expires_at) WHERE ciphertext IS NOT NULL;
   CREATE TABLE share_link_views (link_id text NOT NULL, at bigint NOT NULL, email text);
   CREATE INDEX share_link_views_link ON share_link_views (link_id, at);
   CREATE TABLE share_link_codes (
     link_id text NOT NULL, email text NOT NULL, code_hash bytea NOT NULL, expires_at bigint NOT NULL, tries_left integer NOT NULL,
     PRIMARY KEY (link_id, email));
   CREATE INDEX share_link_codes_expiry ON share_link_codes (expires_at);
   CREATE TABLE workspace_smtp (workspace_id text PRIMARY KEY, settings text NOT NULL);
   CREATE TABLE scim_tokens (workspace_id text PRIMARY KEY, token_hash bytea NOT NULL, created_at bigint NOT NULL);
   CREATE TABLE scim_users (
     workspace_id text NOT NULL, id text NOT NULL, user_name text NOT NULL, email text NOT NULL, external_id text, display_name text,
     active boolean NOT NULL, created bigint NOT NULL, last_modified bigint NOT NULL, PRIMARY KEY (workspace_id, id));
   CREATE UNIQUE INDEX scim_users_name ON scim_users (workspace_id, lower(user_name));
   CREATE INDEX scim_users_email ON scim_users (workspace_id, email);
   CREATE TABLE scim_events (
     seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, workspace_id text NOT NULL, user_name text NOT NULL, email text NOT NULL,
     reason text NOT NULL, at bigint NOT NULL);
   CREATE INDEX scim_events_workspace ON scim_events (workspace_id, seq);
   CREATE TABLE okta_settings (workspace_id text PRIMARY KEY, settings text NOT NULL);
   CREATE TABLE okta_jtis (workspace_id text NOT NULL, jti text NOT NULL, exp bigint NOT NULL, PRIMARY KEY (workspace_id, jti));
   CREATE INDEX okta_jtis_exp ON okta_jtis (exp);
   CREATE TABLE logout_events (seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, workspace_id text NOT NULL, email text NOT NULL, at bigint NOT NULL);
   CREATE INDEX logout_events_workspace ON logout_events (workspace_id, seq);
   CREATE INDEX logout_events_at ON logout_events (at);
   CREATE TABLE seen_signatures (signature_hash bytea PRIMARY KEY, expires_at bigint NOT NULL);
   CREATE INDEX seen_signatures_expiry ON seen_signatures (expires_at);`,
];

/** The schema version this relay writes (the number of migrations). */
export const SCHEMA_VERSION = MIGRATIONS.length;

/** Runs `work` in a transaction on one pooled connection: COMMIT when it returns, ROLLBACK when it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A connection lost mid-transaction (PostgreSQL restarted, backend terminated) also emits 'error' on the client,
  // which pg-pool does not listen for while the client is checked out: unheard, it would end the relay process.
  // The query in flight rejects anyway, and the pool drops a broken client when it is released.
  const lost = () => {};
  client.on('error', lost);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.removeListener('error', lost);
    client.release();
  }
}

/** Applies the missing migrations in one transaction under an advisory lock: nodes starting together migrate once, whichever store opens first. */
export async function migrateSchema(pool: pg.Pool): Promise<void> {
  await inTransaction(pool, async (client) => {
    await client.query('SELECT pg_advisory_xact_lock($1, 0)', [MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version integer NOT NULL)');
    const row = (await client.query<{ version: number }>('SELECT version FROM schema_version')).rows[0];
    const version = row?.version ?? 0;
    if (version > MIGRATIONS.length) throw new Error(`the database holds schema version ${version}, newer than this relay knows (${MIGRATIONS.length}); run a newer relay`);
    for (let v = version; v < MIGRATIONS.length; v++) await client.query(MIGRATIONS[v]!);
    if (!row) await client.query('INSERT INTO schema_version (version) VALUES ($1)', [MIGRATIONS.length]);
    else if (version < MIGRATIONS.length) await client.query('UPDATE schema_version SET version = $1', [MIGRATIONS.length]);
  });
}

/** Why the relay could not use its PostgreSQL store; the message names the server without the password. */
export class LogStoreUnavailableError extends Error {
  readonly code = 'RELAY_STORE_UNAVAILABLE';
  override readonly name = 'LogStoreUnavailableError';
}

/** `postgres://user:secret@host/db` → `postgres://user:***@host/db` (what logs and messages may show). */
export function redactStoreUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
  }
}

export const isPostgresUrl = (spec: string): boolean => /^postgres(?:ql)?:\/\//i.test(spec);

export interface PostgresLogStoreOptions {
  /** Connections the pool may open (default 10). */
  maxConnections?: number;
  /** An idle pooled connection failed (the server restarted): the next query reconnects. Never contains the password. */
  onError?(message: string): void;
}

export class PostgresLogStore implements RelayLogStore {
  private constructor(private readonly pool: pg.Pool) {}

  /** Connects, applies missing migrations, and returns the store; a LogStoreUnavailableError when the server cannot be used. */
  static async open(url: string, options: PostgresLogStoreOptions = {}): Promise<PostgresLogStore> {
    const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10, application_name: 'tessera-relay', connectionTimeoutMillis: 10_000 });
    // An idle client's error is emitted on the pool; unhandled, it would end the process.
    pool.on('error', (error) => options.onError?.(`PostgreSQL store ${redactStoreUrl(url)}: ${error.message}`));
    const store = new PostgresLogStore(pool);
    try {
      await migrateSchema(pool);
    } catch (error) {
      await pool.end().catch(() => {});
      throw storeUnavailable(url, error);
    }
    return store;
  }


  async append(docId: string, record: Uint8Array): Promise<{ seq: number; duplicate: boolean }> {
    const bytes = Buffer.from(record.buffer, record.byteOffset, record.byteLength);
    const digest = createHash('sha256').update(bytes).digest();
    return inTransaction(this.pool, async (client) => {
      await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOG_LOCK, docId]);
      // The notification (ids only) goes out when this transaction commits: other nodes read the record then (log-notifications.ts).
      const inserted = await client.query<{ seq: number }>(
        `WITH appended AS (
           INSERT INTO log_entries (doc_id, seq, digest, size, received_at, record)
             SELECT $1, COALESCE(MAX(seq), 0) + 1, $2, $3, $4, $5 FROM log_entries WHERE doc_id = $1
             ON CONFLICT (doc_id, digest) DO NOTHING RETURNING seq)
         SELECT seq, pg_notify('${NOTIFY_CHANNEL}', $1 || ' ' || seq) FROM appended`,
        [docId, digest, bytes.length, Date.now(), bytes],
      );
      if (inserted.rows[0]) return { seq: inserted.rows[0].seq, duplicate: false };
      const existing = await client.query<{ seq: number }>('SELECT seq FROM log_entries WHERE doc_id = $1 AND digest = $2', [docId, digest]);
      return { seq: existing.rows[0]!.seq, duplicate: true };
    });
  }

  async *readSince(docId: string, sinceSeq: number): AsyncGenerator<StoredRecord> {
    let after = sinceSeq;
    for (;;) {
      const { rows } = await this.pool.query<{ seq: number; record: Buffer }>('SELECT seq, record FROM log_entries WHERE doc_id = $1 AND seq > $2 ORDER BY seq LIMIT $3', [docId, after, READ_PAGE]);
      for (const row of rows) yield { seq: row.seq, record: new Uint8Array(row.record) };
      if (rows.length < READ_PAGE) return;
      after = rows.at(-1)!.seq;
    }
  }

  async lastSeq(docId: string): Promise<number> {
    const { rows } = await this.pool.query<{ seq: number | null }>('SELECT MAX(seq) AS seq FROM log_entries WHERE doc_id = $1', [docId]);
    return rows[0]?.seq ?? 0;
  }

  async workspaceBytes(workspaceId: string): Promise<number> {
    // SUM over integers is a bigint, which pg returns as text.
    const { rows } = await this.pool.query<{ bytes: string | null }>('SELECT SUM(size) AS bytes FROM log_entries WHERE doc_id >= $1 AND doc_id < $2', [`${workspaceId}/`, `${workspaceId}0`]);
    return Number(rows[0]?.bytes ?? 0);
  }

  async putSnapshot(docId: string, seq: number, data: Uint8Array): Promise<void> {
    await this.pool.query(
      `INSERT INTO snapshots (doc_id, seq, data, updated_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (doc_id) DO UPDATE SET seq = excluded.seq, data = excluded.data, updated_at = excluded.updated_at WHERE excluded.seq >= snapshots.seq`,
      [docId, seq, Buffer.from(data), Date.now()],
    );
  }

  async getSnapshot(docId: string): Promise<StoredSnapshot | undefined> {
    const { rows } = await this.pool.query<{ seq: number; data: Buffer }>('SELECT seq, data FROM snapshots WHERE doc_id = $1', [docId]);
    return rows[0] && { seq: rows[0].seq, data: new Uint8Array(rows[0].data) };
  }

  async close(): Promise<void> {
    if (!this.pool.ended) await this.pool.end();
  }
}

/** Why a PostgreSQL store at `url` cannot be used (the password redacted), as every PostgreSQL store of the relay reports it. */
export function storeUnavailable(url: string, error: unknown): LogStoreUnavailableError {
  return new LogStoreUnavailableError(`Cannot use the PostgreSQL store at ${redactStoreUrl(url)}: ${describe(error)}. Check that the server runs there, accepts this user and the database exists.`);
}

/** A connection error in words, with its code (ECONNREFUSED, 28P01 …); pg's messages do not carry the password. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  const text = error.message || (error instanceof AggregateError ? error.errors.map((e: unknown) => (e instanceof Error ? e.message : String(e))).join('; ') : 'unknown error');
  return typeof code === 'string' ? `${text} (${code})` : text;
}
