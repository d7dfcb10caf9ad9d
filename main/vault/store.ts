// The SQLite file behind a vault: opening (refusing newer schemas without touching the
// file), pragmas (WAL, synchronous=FULL so a commit is durable, secure_delete, foreign
// keys), migrations by user_version, and typed row access. It knows nothing about keys:
// every blob it reads or writes is already ciphertext.
import Database from 'better-sqlite3';
import type { Database as Db, Statement } from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { TesseraError } from '../errors';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations';
import { preparePrivateSqliteFile } from '../../protocol/private-files';

export interface HeaderRow {
  vault_id: string;
  format_version: number;
  created_at: number;
  kdf_params: string;
  vmk_by_password: Uint8Array;
  vmk_by_recovery: Uint8Array;
  device_public_key: Uint8Array;
  device_secret_sealed: Uint8Array;
  shard_count: number;
  manifest_counter: number;
  manifest: Uint8Array;
}

export interface ShardRow {
  shard: number;
  generation: number;
  blob: Uint8Array;
}

export interface ItemRow {
  id: string;
  kind: string;
  version: number;
  wrapped_key: Uint8Array;
  data: Uint8Array;
  history: Uint8Array;
}

export interface AuditRow {
  seq: number;
  at: number;
  kind: string;
  account_id: string | null;
  details: Uint8Array;
  prev_hash: Uint8Array;
  hash: Uint8Array;
  signature: Uint8Array;
}

export interface PendingEventRow {
  id: number;
  at: number;
  kind: string;
  method: string;
}

/** better-sqlite3 binds Buffers; this views a Uint8Array as one without copying. */
function buf(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Reads user_version through a read-only connection, so a vault from a newer Tessera (or
 * a file that is not a vault at all) is refused before anything could write to it.
 */
function assertOpenableVault(path: string): void {
  let version: number;
  try {
    const probe = new Database(path, { readonly: true, fileMustExist: true });
    try {
      version = probe.pragma('user_version', { simple: true }) as number;
    } finally {
      probe.close();
    }
  } catch (error) {
    throw new TesseraError('VAULT_CORRUPT', 'This file is not a readable Tessera vault. Check the path, or restore from a backup.', {
      cause: String((error as Error).message),
    });
  }
  if (version === 0) {
    throw new TesseraError('VAULT_CORRUPT', `${path} is not a Tessera vault (no schema version). Check the path; the file was not modified.`);
  }
  if (version > LATEST_SCHEMA_VERSION) {
    throw new TesseraError(
      'VAULT_TOO_NEW',
      `This vault was written by a newer version of Tessera (schema ${version}, this one knows up to ${LATEST_SCHEMA_VERSION}). Update Tessera to open it; the file was not modified.`,
    );
  }
}

export class VaultStore {
  readonly db: Db;
  private readonly statements = new Map<string, Statement>();
  /** The search snapshot row read ahead of the unlock (prefetchSearchSnapshot); taken once. */
  private snapshotAhead: { digest: string; blob: Uint8Array } | undefined;

  private constructor(db: Db) {
    this.db = db;
  }

  /** `create` refuses an existing file; `open` refuses a missing or too-new one. */
  static open(path: string, mode: 'create' | 'open'): VaultStore {
    const exists = existsSync(path);
    if (mode === 'create' && exists) {
      throw new TesseraError('VAULT_EXISTS', `A file already exists at ${path}. Choose another path or open the existing vault.`);
    }
    if (mode === 'open') {
      if (!exists) throw new TesseraError('VAULT_NOT_FOUND', `No vault at ${path}. Check the path or create a vault first.`);
      assertOpenableVault(path);
    }
    // 0600 before SQLite creates its -wal and -shm, which take the database file's mode.
    preparePrivateSqliteFile(path);
    const db = new Database(path);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('secure_delete = ON');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      migrate(db);
    } catch (error) {
      db.close();
      throw error;
    }
    return new VaultStore(db);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** One logical change = one IMMEDIATE transaction (takes the write lock up front). */
  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  private stmt(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  // header ---------------------------------------------------------------------------

  hasHeader(): boolean {
    return this.stmt('SELECT 1 FROM vault_header WHERE id = 1').get() !== undefined;
  }

  readHeader(): HeaderRow {
    const row = this.stmt('SELECT * FROM vault_header WHERE id = 1').get() as HeaderRow | undefined;
    if (!row) throw new TesseraError('VAULT_CORRUPT', 'The vault header is missing. Restore the vault from a backup.');
    return row;
  }

  insertHeader(header: HeaderRow): void {
    this.stmt(
      `INSERT INTO vault_header (id, vault_id, format_version, created_at, kdf_params, vmk_by_password, vmk_by_recovery,
         device_public_key, device_secret_sealed, shard_count, manifest_counter, manifest)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      header.vault_id,
      header.format_version,
      header.created_at,
      header.kdf_params,
      buf(header.vmk_by_password),
      buf(header.vmk_by_recovery),
      buf(header.device_public_key),
      buf(header.device_secret_sealed),
      header.shard_count,
      header.manifest_counter,
      buf(header.manifest),
    );
  }

  readManifestCounter(): number {
    return (this.stmt('SELECT manifest_counter FROM vault_header WHERE id = 1').pluck().get() as number | undefined) ?? -1;
  }

  writeManifest(counter: number, manifest: Uint8Array): void {
    this.stmt('UPDATE vault_header SET manifest_counter = ?, manifest = ? WHERE id = 1').run(counter, buf(manifest));
  }

  writePasswordWrap(kdfParams: string, wrapped: Uint8Array): void {
    this.stmt('UPDATE vault_header SET kdf_params = ?, vmk_by_password = ? WHERE id = 1').run(kdfParams, buf(wrapped));
  }

  writeRecoveryWrap(wrapped: Uint8Array): void {
    this.stmt('UPDATE vault_header SET vmk_by_recovery = ? WHERE id = 1').run(buf(wrapped));
  }

  // summary shards --------------------------------------------------------------------

  readShard(shard: number): ShardRow | undefined {
    return this.stmt('SELECT shard, generation, blob FROM summary_shards WHERE shard = ?').get(shard) as ShardRow | undefined;
  }

  writeShard(row: ShardRow): void {
    this.stmt('INSERT OR REPLACE INTO summary_shards (shard, generation, blob) VALUES (?, ?, ?)').run(row.shard, row.generation, buf(row.blob));
  }

  // search snapshot (derived, search-snapshot.ts) -------------------------------------

  /** Which shard generations the stored snapshot describes (search-snapshot.ts generationsDigest). */
  readSearchSnapshotDigest(): string | undefined {
    return this.stmt('SELECT digest FROM search_snapshot WHERE id = 1').pluck().get() as string | undefined;
  }

  /**
   * The stored snapshot when it describes `digest` (else undefined). Takes the row read ahead
   * by prefetchSearchSnapshot when there is one.
   */
  readSearchSnapshot(digest: string): Uint8Array | undefined {
    const ahead = this.snapshotAhead;
    this.snapshotAhead = undefined;
    if (ahead !== undefined && ahead.digest === digest) return ahead.blob;
    return this.stmt('SELECT blob FROM search_snapshot WHERE id = 1 AND digest = ?').pluck().get(digest) as Uint8Array | undefined;
  }

  /**
   * Reads the snapshot row (ciphertext) now, for the next readSearchSnapshot: the CLI does it
   * while the KDF runs, so its search does not wait for the file after the unlock.
   */
  prefetchSearchSnapshot(): void {
    this.snapshotAhead = this.stmt('SELECT digest, blob FROM search_snapshot WHERE id = 1').get() as { digest: string; blob: Uint8Array } | undefined;
  }

  writeSearchSnapshot(digest: string, blob: Uint8Array): void {
    this.stmt('INSERT OR REPLACE INTO search_snapshot (id, digest, blob) VALUES (1, ?, ?)').run(digest, buf(blob));
  }

  // items -----------------------------------------------------------------------------

  readItem(id: string): ItemRow | undefined {
    return this.stmt('SELECT * FROM items WHERE id = ?').get(id) as ItemRow | undefined;
  }

  readAllItems(): ItemRow[] {
    return this.stmt('SELECT * FROM items').all() as ItemRow[];
  }

  readAllItemIds(): string[] {
    return this.stmt('SELECT id FROM items').pluck().all() as string[];
  }

  writeItem(row: ItemRow): void {
    this.stmt('INSERT OR REPLACE INTO items (id, kind, version, wrapped_key, data, history) VALUES (?, ?, ?, ?, ?, ?)').run(
      row.id,
      row.kind,
      row.version,
      buf(row.wrapped_key),
      buf(row.data),
      buf(row.history),
    );
  }

  deleteItem(id: string): void {
    this.stmt('DELETE FROM items WHERE id = ?').run(id);
  }

  // audit log -------------------------------------------------------------------------

  appendAudit(row: AuditRow): void {
    this.stmt(
      'INSERT INTO audit_log (seq, at, kind, account_id, details, prev_hash, hash, signature) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    ).run(row.seq, row.at, row.kind, row.account_id, buf(row.details), buf(row.prev_hash), buf(row.hash), buf(row.signature));
  }

  lastAudit(): { seq: number; hash: Uint8Array } | undefined {
    return this.stmt('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as { seq: number; hash: Uint8Array } | undefined;
  }

  readAudit(): AuditRow[] {
    return this.stmt('SELECT * FROM audit_log ORDER BY seq').all() as AuditRow[];
  }

  /** One account's rows, newest first (account_id is plaintext; details stay sealed). */
  readAuditForAccount(accountId: string, limit: number): AuditRow[] {
    return this.stmt('SELECT * FROM audit_log WHERE account_id = ? ORDER BY seq DESC LIMIT ?').all(accountId, limit) as AuditRow[];
  }

  // pending events --------------------------------------------------------------------

  addPendingEvent(at: number, kind: string, method: string): void {
    this.stmt('INSERT INTO pending_events (at, kind, method) VALUES (?, ?, ?)').run(at, kind, method);
  }

  readPendingEvents(): PendingEventRow[] {
    return this.stmt('SELECT * FROM pending_events ORDER BY id').all() as PendingEventRow[];
  }

  clearPendingEvents(): void {
    this.stmt('DELETE FROM pending_events').run();
  }
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
