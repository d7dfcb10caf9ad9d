// Issue 20, phase 1: the relay's log store behind one interface (relay/log-store.ts), and the
// same contract run against both implementations — SQLite (the default) and PostgreSQL (a real
// server from Debian's packages, started for this file: test/support/postgres-server.ts).
// Numbers per doc, the first number for a resent record, pages of the backlog, a workspace's
// bytes, snapshots that only move forward, and gap-free numbers when several stores (several
// relay processes, each with its own connections) append to one doc at the same time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAll, type RelayLogStore } from '../../../relay/log-store';
import { PostgresLogStore, SCHEMA_VERSION } from '../../../relay/postgres-log-store';
import { SqliteLogStore } from '../../../relay/sqlite-log-store';
import { startPostgres, type PostgresServer } from '../../support/postgres-server';

let server: PostgresServer;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-log-store-'));
  server = await startPostgres();
});
afterAll(async () => {
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A fresh, empty place for one test, and how to open a store on it (again, or several at once). */
interface Backend {
  open(): Promise<RelayLogStore>;
}

let made = 0;
const backends: [string, () => Promise<Backend>][] = [
  ['sqlite', async () => {
    const path = join(dir, `relay-${++made}.db`);
    return { open: async () => new SqliteLogStore(path) };
  }],
  ['postgres', async () => {
    const url = await server.createDatabase();
    return { open: () => PostgresLogStore.open(url) };
  }],
];

const bytes = (...values: number[]) => new Uint8Array(values);

describe.each(backends)('%s log store', (_name, backend) => {
  /** Runs `test` on a new store and closes it after. */
  const withStore = async (test: (store: RelayLogStore, place: Backend) => Promise<void>) => {
    const place = await backend();
    const store = await place.open();
    try {
      await test(store, place);
    } finally {
      await store.close();
    }
  };

  it('numbers records per doc from 1 and returns the first number for a resent record', () =>
    withStore(async (store) => {
      expect(await store.lastSeq('w/d1')).toBe(0);
      expect(await store.append('w/d1', bytes(1))).toEqual({ seq: 1, duplicate: false });
      expect(await store.append('w/d1', bytes(2))).toEqual({ seq: 2, duplicate: false });
      expect(await store.append('w/d2', bytes(1))).toEqual({ seq: 1, duplicate: false });
      expect(await store.append('w/d1', bytes(1))).toEqual({ seq: 1, duplicate: true });
      expect(await store.lastSeq('w/d1')).toBe(2);
      expect(await readAll(store, 'w/d1')).toEqual([{ seq: 1, record: bytes(1) }, { seq: 2, record: bytes(2) }]);
      expect(await readAll(store, 'w/nothing')).toEqual([]);
    }));

  it('reads a backlog of more than one page in order, from any number', () =>
    withStore(async (store) => {
      for (let i = 0; i < 1203; i++) await store.append('w/big', bytes(i & 255, i >> 8, 7));
      const all = await readAll(store, 'w/big', 100);
      expect(all.map((r) => r.seq)).toEqual(Array.from({ length: 1103 }, (_, i) => i + 101));
      expect(all[0]!.record).toEqual(bytes(100, 0, 7));
      expect(await readAll(store, 'w/big', 1203)).toEqual([]);
      // Stopping early reads no further pages (the hub streams a backlog).
      let seen = 0;
      for await (const record of store.readSince('w/big', 0)) {
        expect(record.seq).toBe(++seen);
        if (seen === 3) break;
      }
      expect(seen).toBe(3);
    }));

  it("counts a workspace's bytes over exactly its own doc ids, bytewise", () =>
    withStore(async (store) => {
      await store.append('ws/team', new Uint8Array(100).fill(1));
      await store.append('ws/account/m/a', new Uint8Array(20).fill(2));
      await store.append('ws/account/m/a', new Uint8Array(20).fill(2));
      // Ids that a locale-aware comparison could put between `ws/` and `ws0`.
      for (const other of ['ws0/team', 'wsa/team', 'ws-x/team', 'ws.b/team', 'WS/team', 'w/team', 'ws']) await store.append(other, new Uint8Array(1000).fill(3));
      expect(await store.workspaceBytes('ws')).toBe(120);
      expect(await store.workspaceBytes('nobody')).toBe(0);
    }));

  it('keeps the snapshot covering the most of the log', () =>
    withStore(async (store) => {
      expect(await store.getSnapshot('w/d')).toBeUndefined();
      await store.putSnapshot('w/d', 5, bytes(5));
      await store.putSnapshot('w/d', 3, bytes(3));
      expect(await store.getSnapshot('w/d')).toEqual({ seq: 5, data: bytes(5) });
      await store.putSnapshot('w/d', 5, bytes(55));
      expect(await store.getSnapshot('w/d')).toEqual({ seq: 5, data: bytes(55) });
      await store.putSnapshot('w/d', 7, bytes(7));
      expect(await store.getSnapshot('w/d')).toEqual({ seq: 7, data: bytes(7) });
    }));

  it('gives concurrent appends to one doc from several stores consecutive numbers, each record once', () =>
    withStore(async (first, place) => {
      const stores = [first, await place.open(), await place.open(), await place.open()];
      try {
        const perStore = 40;
        const results = await Promise.all(
          stores.flatMap((store, s) => Array.from({ length: perStore }, (_, i) => store.append('w/hot', bytes(s, i)).then((r) => ({ s, i, ...r })))),
        );
        const numbers = results.map((r) => r.seq).sort((a, b) => a - b);
        expect(numbers).toEqual(Array.from({ length: stores.length * perStore }, (_, i) => i + 1));
        expect(results.every((r) => !r.duplicate)).toBe(true);
        // Every store reads the same log: each record under the number its append returned.
        const log = await readAll(stores[3]!, 'w/hot');
        expect(log).toHaveLength(stores.length * perStore);
        for (const r of results) expect(log[r.seq - 1]).toEqual({ seq: r.seq, record: bytes(r.s, r.i) });
        // The same record from every store at once: one number, the others are duplicates of it.
        const same = await Promise.all(stores.map((store) => store.append('w/hot', bytes(9, 9, 9))));
        expect(new Set(same.map((r) => r.seq))).toEqual(new Set([stores.length * perStore + 1]));
        expect(same.filter((r) => !r.duplicate)).toHaveLength(1);
      } finally {
        for (const store of stores.slice(1)) await store.close();
      }
    }));

  it('keeps everything across a reopen', () =>
    withStore(async (store, place) => {
      await store.append('w/d', bytes(1));
      await store.putSnapshot('w/d', 1, bytes(8));
      await store.close();
      const again = await place.open();
      try {
        expect(await again.append('w/d', bytes(1))).toEqual({ seq: 1, duplicate: true });
        expect(await again.append('w/d', bytes(2))).toEqual({ seq: 2, duplicate: false });
        expect(await again.getSnapshot('w/d')).toEqual({ seq: 1, data: bytes(8) });
      } finally {
        await again.close();
      }
    }));
});

describe('postgres log store: schema versions and connection errors', () => {
  it('records its schema version once, however many relays open the database at the same time', async () => {
    const url = await server.createDatabase();
    const stores = await Promise.all(Array.from({ length: 4 }, () => PostgresLogStore.open(url)));
    await Promise.all(stores.map((s) => s.close()));
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect((await client.query('SELECT version FROM schema_version')).rows).toEqual([{ version: SCHEMA_VERSION }]);
      // A database from a newer relay is refused rather than misread.
      await client.query('UPDATE schema_version SET version = 99');
    } finally {
      await client.end();
    }
    await expect(PostgresLogStore.open(url)).rejects.toMatchObject({ code: 'RELAY_STORE_UNAVAILABLE', message: expect.stringContaining('newer than this relay knows') });
  });

  it('says which server it cannot reach under a stable code, without the password', async () => {
    const url = `postgres://relay:Secret-Password-42@127.0.0.1:${server.port}/no_such_database`;
    const error = (await PostgresLogStore.open(url).catch((e: unknown) => e)) as Error & { code: string };
    expect(error.code).toBe('RELAY_STORE_UNAVAILABLE');
    expect(error.message).toContain('postgres://relay:***@127.0.0.1');
    expect(error.message).not.toContain('Secret-Password-42');
    const closed = await PostgresLogStore.open('postgres://relay:Secret-Password-42@127.0.0.1:1/x').catch((e: unknown) => e);
    expect(closed).toMatchObject({ code: 'RELAY_STORE_UNAVAILABLE', message: expect.stringContaining('ECONNREFUSED') });
    expect((closed as Error).message).not.toContain('Secret-Password-42');
  });
});
