// The relay's default storage (log-store.ts): SQLite (WAL) holding, per doc id, an append-only
// log of opaque records and one snapshot. Publishing the same bytes twice returns the first
// sequence number, so clients can resend after a reconnect without duplicating the log.
// better-sqlite3 is synchronous: each method does its work at once and returns a settled
// promise, and one process owns the file, so each append's transaction alone keeps the numbers
// gap-free.
//
// Schema (version 2): the log index (`log_entries`: doc, sequence number, digest, size) and
// the record bytes (`log_blobs`, keyed by the entry's rowid) are separate ordinary rowid
// tables, so every lookup walks small index pages whatever the size of the records. Version
// 1 kept the bytes inside a WITHOUT ROWID table, where an 8 MiB record made unrelated
// lookups a thousand times slower; opening such a file moves its records over once. Which
// relay-access keys count is read from each workspace's chain log (chain-keys.ts): the
// version-1 `access_keys` table (keys pinned by the first connection) is dropped.
import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { preparePrivateSqliteFile } from '../protocol/private-files';
import { READ_PAGE, type RelayLogStore, type StoredRecord, type StoredSnapshot } from './log-store';

const SCHEMA_VERSION = 2;

export class SqliteLogStore implements RelayLogStore {
  readonly #db: Database.Database;
  readonly #find: Database.Statement<[string, Buffer], { seq: number }>;
  readonly #last: Database.Statement<[string], { seq: number | null }>;
  readonly #insertEntry: Database.Statement<[string, number, Buffer, number, number]>;
  readonly #insertBlob: Database.Statement<[number | bigint, Buffer]>;
  readonly #since: Database.Statement<[string, number, number], { seq: number; record: Buffer }>;
  readonly #putSnapshot: Database.Statement<[string, number, Buffer, number]>;
  readonly #getSnapshot: Database.Statement<[string], { seq: number; data: Buffer }>;
  readonly #bytesUnder: Database.Statement<[string, string], { bytes: number | null }>;

  /** `path` may be ':memory:' for a relay that keeps nothing across restarts. */
  constructor(path: string) {
    // 0600 in a 0700 folder, -wal and -shm included: the log is ciphertext, its metadata is not.
    preparePrivateSqliteFile(path);
    this.#db = new Database(path);
    this.#db.pragma('journal_mode = WAL');
    this.#db.pragma('synchronous = FULL');
    this.#db.exec(`
      CREATE TABLE IF NOT EXISTS log_entries (
        id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, seq INTEGER NOT NULL, digest BLOB NOT NULL, size INTEGER NOT NULL, received_at INTEGER NOT NULL);
      CREATE UNIQUE INDEX IF NOT EXISTS log_entries_seq ON log_entries (doc_id, seq);
      CREATE UNIQUE INDEX IF NOT EXISTS log_entries_digest ON log_entries (doc_id, digest);
      CREATE TABLE IF NOT EXISTS log_blobs (id INTEGER PRIMARY KEY, record BLOB NOT NULL);
      CREATE TABLE IF NOT EXISTS snapshots (
        doc_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, data BLOB NOT NULL, updated_at INTEGER NOT NULL);
    `);
    this.#migrate();
    this.#find = this.#db.prepare('SELECT seq FROM log_entries WHERE doc_id = ? AND digest = ?');
    this.#last = this.#db.prepare('SELECT MAX(seq) AS seq FROM log_entries WHERE doc_id = ?');
    this.#insertEntry = this.#db.prepare('INSERT INTO log_entries (doc_id, seq, digest, size, received_at) VALUES (?, ?, ?, ?, ?)');
    this.#insertBlob = this.#db.prepare('INSERT INTO log_blobs (id, record) VALUES (?, ?)');
    this.#since = this.#db.prepare(
      'SELECT e.seq AS seq, b.record AS record FROM log_entries e JOIN log_blobs b ON b.id = e.id WHERE e.doc_id = ? AND e.seq > ? ORDER BY e.seq LIMIT ?',
    );
    this.#putSnapshot = this.#db.prepare(
      'INSERT INTO snapshots (doc_id, seq, data, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT (doc_id) DO UPDATE SET seq = excluded.seq, data = excluded.data, updated_at = excluded.updated_at WHERE excluded.seq >= snapshots.seq',
    );
    this.#getSnapshot = this.#db.prepare('SELECT seq, data FROM snapshots WHERE doc_id = ?');
    // Doc ids of a workspace are `<id>/...`: a range over the index, no scan of the bytes.
    this.#bytesUnder = this.#db.prepare('SELECT SUM(size) AS bytes FROM log_entries WHERE doc_id >= ? AND doc_id < ?');
  }

  /** Version 1 → 2: records out of the WITHOUT ROWID table into the index + blob tables, in one transaction. */
  #migrate(): void {
    const version = this.#db.pragma('user_version', { simple: true }) as number;
    if (version >= SCHEMA_VERSION) return;
    this.#db.transaction(() => {
      const old = this.#db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'records'").get();
      if (old) {
        this.#db.exec(`
          INSERT INTO log_entries (doc_id, seq, digest, size, received_at)
            SELECT doc_id, seq, digest, length(record), received_at FROM records ORDER BY doc_id, seq;
          INSERT INTO log_blobs (id, record)
            SELECT e.id, r.record FROM records r JOIN log_entries e ON e.doc_id = r.doc_id AND e.seq = r.seq;
        `);
        this.#db.exec('DROP TABLE records');
      }
      this.#db.exec('DROP TABLE IF EXISTS access_keys');
      this.#db.pragma(`user_version = ${SCHEMA_VERSION}`);
    })();
  }

  /** Appends a record, or finds the identical one already stored. */
  async append(docId: string, record: Uint8Array): Promise<{ seq: number; duplicate: boolean }> {
    const bytes = Buffer.from(record.buffer, record.byteOffset, record.byteLength);
    const digest = createHash('sha256').update(bytes).digest();
    return this.#db.transaction(() => {
      const existing = this.#find.get(docId, digest);
      if (existing) return { seq: existing.seq, duplicate: true };
      const seq = (this.#last.get(docId)?.seq ?? 0) + 1;
      this.#insertBlob.run(this.#insertEntry.run(docId, seq, digest, bytes.length, Date.now()).lastInsertRowid, bytes);
      return { seq, duplicate: false };
    })();
  }

  /** Records after `sinceSeq`, in order, a page at a time. */
  async *readSince(docId: string, sinceSeq: number): AsyncGenerator<StoredRecord> {
    let after = sinceSeq;
    for (;;) {
      const rows = this.#since.all(docId, after, READ_PAGE);
      for (const row of rows) yield { seq: row.seq, record: new Uint8Array(row.record) };
      if (rows.length < READ_PAGE) return;
      after = rows.at(-1)!.seq;
    }
  }

  async lastSeq(docId: string): Promise<number> {
    return this.#last.get(docId)?.seq ?? 0;
  }

  /** Bytes of every record stored for a workspace (what its quota counts). */
  async workspaceBytes(workspaceId: string): Promise<number> {
    return this.#bytesUnder.get(`${workspaceId}/`, `${workspaceId}0`)?.bytes ?? 0;
  }

  /** Keeps the snapshot covering the most of the log; an older one never replaces a newer one. */
  async putSnapshot(docId: string, seq: number, data: Uint8Array): Promise<void> {
    this.#putSnapshot.run(docId, seq, Buffer.from(data), Date.now());
  }

  async getSnapshot(docId: string): Promise<StoredSnapshot | undefined> {
    const row = this.#getSnapshot.get(docId);
    return row && { seq: row.seq, data: new Uint8Array(row.data) };
  }

  async close(): Promise<void> {
    if (this.#db.open) this.#db.close();
  }
}
