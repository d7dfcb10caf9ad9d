// Issue 16 item 4: record bytes live outside the WITHOUT ROWID index (an 8 MiB record there made
// every unrelated lookup walk overflow pages), and a version-1 relay database is migrated.
import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAll } from '../../../relay/log-store';
import { SqliteLogStore } from '../../../relay/sqlite-log-store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-relay-schema-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tables = (path: string) => {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table'").all() as { name: string; sql: string }[];
  } finally {
    db.close();
  }
};

describe('relay store schema', () => {
  it('keeps record and snapshot bytes out of every WITHOUT ROWID table', async () => {
    const path = join(dir, 'relay.db');
    const store = new SqliteLogStore(path);
    await store.append('w/team', new Uint8Array(1024 * 1024).fill(1));
    await store.close();
    const withoutRowid = tables(path).filter((t) => /WITHOUT ROWID/i.test(t.sql));
    expect(withoutRowid.filter((t) => /BLOB/i.test(t.sql.replace(/digest BLOB/i, '')))).toEqual([]);
    expect(tables(path).map((t) => t.name).sort()).toEqual(['log_blobs', 'log_entries', 'snapshots']);
  });

  it('migrates a version-1 database: same records and numbers, duplicates still found, pinned keys dropped', async () => {
    const path = join(dir, 'old.db');
    const old = new Database(path);
    old.exec(`
      CREATE TABLE records (doc_id TEXT NOT NULL, seq INTEGER NOT NULL, digest BLOB NOT NULL, record BLOB NOT NULL, received_at INTEGER NOT NULL,
        PRIMARY KEY (doc_id, seq)) WITHOUT ROWID;
      CREATE UNIQUE INDEX records_digest ON records (doc_id, digest);
      CREATE TABLE snapshots (doc_id TEXT PRIMARY KEY, seq INTEGER NOT NULL, data BLOB NOT NULL, updated_at INTEGER NOT NULL);
      CREATE TABLE access_keys (workspace_id TEXT NOT NULL, position INTEGER NOT NULL, public_key TEXT NOT NULL, accepted_at INTEGER NOT NULL,
        PRIMARY KEY (workspace_id, position)) WITHOUT ROWID;
    `);
    const records = [new Uint8Array([1, 2, 3]), new Uint8Array(2 * 1024 * 1024).fill(7), new Uint8Array([4])];
    const insert = old.prepare('INSERT INTO records VALUES (?, ?, ?, ?, ?)');
    records.forEach((r, i) => insert.run('w/team', i + 1, createHash('sha256').update(r).digest(), Buffer.from(r), 1));
    old.prepare('INSERT INTO access_keys VALUES (?, ?, ?, ?)').run('w', 0, 'first-connection-key', 1);
    old.prepare('INSERT INTO snapshots VALUES (?, ?, ?, ?)').run('w/team', 2, Buffer.from([9]), 1);
    old.close();

    const store = new SqliteLogStore(path);
    expect(await readAll(store, 'w/team')).toEqual(records.map((record, i) => ({ seq: i + 1, record })));
    expect(await store.append('w/team', records[1]!)).toEqual({ seq: 2, duplicate: true });
    expect(await store.append('w/team', new Uint8Array([5]))).toEqual({ seq: 4, duplicate: false });
    expect(await store.getSnapshot('w/team')).toEqual({ seq: 2, data: new Uint8Array([9]) });
    expect(await store.workspaceBytes('w')).toBe(3 + 2 * 1024 * 1024 + 1 + 1);
    await store.close();
    expect(tables(path).map((t) => t.name).sort()).toEqual(['log_blobs', 'log_entries', 'snapshots']);
    // Opening it again does not migrate twice.
    const again = new SqliteLogStore(path);
    expect(await again.lastSeq('w/team')).toBe(4);
    await again.close();
  });
});
