// The relay's storage: SQLite (WAL) holding, per doc id, an append-only log of opaque
// records and one snapshot. Publishing the same bytes twice returns the first sequence
// number, so clients can resend after a reconnect without duplicating the log. Also, per
// workspace, the relay-access public keys it accepted, oldest first (the newest is current).
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { preparePrivateSqliteFile } from '../protocol/private-files';

export interface StoredRecord {
  seq: number;
  record: Uint8Array;
}

const PAGE = 500;

export class RelayStore {
  readonly #db: Database.Database;
  readonly #find: Database.Statement<[string, Buffer], { seq: number }>;
  readonly #last: Database.Statement<[string], { seq: number | null }>;
  readonly #insert: Database.Statement<[string, number, Buffer, Buffer, number]>;
  readonly #since: Database.Statement<[string, number, number], { seq: number; record: Buffer }>;
  readonly #putSnapshot: Database.Statement<[string, number, Buffer, number]>;
  readonly #getSnapshot: Database.Statement<[string], { seq: number; data: Buffer }>;
  readonly #accessKeys: Database.Statement<[string], { public_key: string }>;
  readonly #addAccessKey: Database.Statement<[string, number, string, number]>;

  /** `path` may be ':memory:' for a relay that keeps nothing across restarts. */
  constructor(path: string) {
    // 0600 in a 0700 folder, -wal and -shm included: the log is ciphertext, its metadata is not.
    preparePrivateSqliteFile(path);
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS records (
        doc_id TEXT NOT NULL, seq INTEGER NOT NULL, digest BLOB NOT NULL, record BLOB NOT NULL, received_at INTEGER NOT NULL,
        PRIMARY KEY (doc_id, seq)) WITHOUT ROWID;
      CREATE UNIQUE INDEX IF NOT EXISTS records_digest ON records (doc_id, digest);
      CREATE TABLE IF NOT EXISTS snapshots (
        doc_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, data BLOB NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE IF NOT EXISTS access_keys (
        workspace_id TEXT NOT NULL, position INTEGER NOT NULL, public_key TEXT NOT NULL, accepted_at INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, position)) WITHOUT ROWID;
    `);
    this.#accessKeys = this.#db.prepare('SELECT public_key FROM access_keys WHERE workspace_id = ? ORDER BY position');
    this.#addAccessKey = this.#db.prepare('INSERT INTO access_keys (workspace_id, position, public_key, accepted_at) VALUES (?, ?, ?, ?)');
    this.#find = this.#db.prepare('SELECT seq FROM records WHERE doc_id = ? AND digest = ?');
    this.#last = this.#db.prepare('SELECT MAX(seq) AS seq FROM records WHERE doc_id = ?');
    this.#insert = this.#db.prepare('INSERT INTO records (doc_id, seq, digest, record, received_at) VALUES (?, ?, ?, ?, ?)');
    this.#since = this.#db.prepare('SELECT seq, record FROM records WHERE doc_id = ? AND seq > ? ORDER BY seq LIMIT ?');
    this.#putSnapshot = this.#db.prepare(
      'INSERT INTO snapshots (doc_id, seq, data, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (doc_id) DO UPDATE SET seq = excluded.seq, data = excluded.data, updated_at = excluded.updated_at WHERE excluded.seq >= snapshots.seq',
    );
    this.#getSnapshot = this.#db.prepare('SELECT seq, data FROM snapshots WHERE doc_id = ?');
  }

  /** Appends a record, or finds the identical one already stored. */
  append(docId: string, record: Uint8Array): { seq: number; duplicate: boolean } {
    const bytes = Buffer.from(record);
    const digest = createHash('sha256').update(bytes).digest();
    return this.#db.transaction(() => {
      const existing = this.#find.get(docId, digest);
      if (existing) return { seq: existing.seq, duplicate: true };
      const seq = (this.#last.get(docId)?.seq ?? 0) + 1;
      this.#insert.run(docId, seq, digest, bytes, Date.now());
      return { seq, duplicate: false };
    })();
  }

  /** Records after `sinceSeq`, in order, a page at a time. */
  *readSince(docId: string, sinceSeq: number): Generator<StoredRecord> {
    let after = sinceSeq;
    for (;;) {
      const rows = this.#since.all(docId, after, PAGE);
      for (const row of rows) yield { seq: row.seq, record: new Uint8Array(row.record) };
      if (rows.length < PAGE) return;
      after = rows.at(-1)!.seq;
    }
  }

  lastSeq(docId: string): number {
    return this.#last.get(docId)?.seq ?? 0;
  }

  /** Keeps the snapshot covering the most of the log; an older one never replaces a newer one. */
  putSnapshot(docId: string, seq: number, data: Uint8Array): void {
    this.#putSnapshot.run(docId, seq, Buffer.from(data), Date.now());
  }

  getSnapshot(docId: string): { seq: number; data: Uint8Array } | undefined {
    const row = this.#getSnapshot.get(docId);
    return row && { seq: row.seq, data: new Uint8Array(row.data) };
  }

  /** The workspace's accepted relay-access keys, oldest first; empty until the first client pins one. */
  accessKeys(workspaceId: string): string[] {
    return this.#accessKeys.all(workspaceId).map((row) => row.public_key);
  }

  /** Appends newer keys after the current ones. */
  addAccessKeys(workspaceId: string, keys: readonly string[]): void {
    this.#db.transaction(() => {
      let position = this.#accessKeys.all(workspaceId).length;
      for (const key of keys) this.#addAccessKey.run(workspaceId, position++, key, Date.now());
    })();
  }

  close(): void {
    this.#db.close();
  }
}
