// The sealed search snapshot (main/vault/search-snapshot.ts): a search in a new session answers
// from it, opening only its matches' summary shards; any change to the summaries makes it
// stale (never used); a damaged or foreign one is ignored and the index is built from the
// summaries; password reuse counts come with it. Real SQLite files, real sealing.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Vault } from '../../../main/vault';
import { SearchIndex, type SearchDoc } from '../../../main/vault/search-index';
import { decodeSnapshot, encodeSnapshot, generationsDigest } from '../../../main/vault/search-snapshot';
import { VaultStore } from '../../../main/vault/store';
import { shardOf } from '../../../main/vault/summary-shards';
import { createTestVault, openTestVault, PASSWORD, withRawDb } from './helpers';

afterEach(() => {
  vi.restoreAllMocks();
});

const SIZE = 400;

async function vaultWithAccounts(): Promise<{ path: string; ids: string[] }> {
  const { vault, path } = await createTestVault();
  const ids = vault.accounts
    .createMany(
      Array.from({ length: SIZE }, (_, i) => ({
        name: `App ${i}`,
        urls: [`https://app${i}.example.com/login`],
        username: `user${i}@example.com`,
        // Accounts 0 and 1 share a password: reuse must come through the snapshot.
        password: i < 2 ? 'shared-password-1' : `pw-${i}-unique`,
        tags: i % 7 === 0 ? ['ops'] : [],
      })),
      null,
    )
    .map((r) => r.id);
  vault.close();
  return { path, ids };
}

async function reopen(path: string): Promise<Vault> {
  const vault = openTestVault(path);
  await vault.unlock(PASSWORD);
  return vault;
}

/** A session that searched (building the index from every summary) and kept the snapshot. */
async function keepSnapshot(path: string): Promise<void> {
  const vault = await reopen(path);
  vault.accounts.search('App', 1);
  expect(vault.accounts.keepSearchSnapshot()).toBe(true);
  vault.close();
}

const QUERIES = ['App 12', 'app3', 'user7', 'ops', 'ap 1 ex', 'xyz-none'];
const results = (vault: Vault) => QUERIES.map((q) => vault.accounts.search(q, 50).map((s) => s.id));

describe('search snapshot', () => {
  it('answers a new session\'s search from the snapshot, opening only the shards of its matches', async () => {
    const { path } = await vaultWithAccounts();
    const first = await reopen(path);
    const expected = results(first);
    expect(expected[0]!.length).toBeGreaterThan(1);
    expect(first.accounts.keepSearchSnapshot()).toBe(true);
    expect(first.accounts.keepSearchSnapshot()).toBe(false); // already current
    const reuse = first.accounts.passwordReuse();
    first.close();

    const vault = await reopen(path);
    const readShard = vi.spyOn(VaultStore.prototype, 'readShard');
    const found = vault.accounts.find('App 12', 50);
    const shardsOfMatches = new Set(found.map((e) => shardOf(e.id, 256)));
    expect(found.map((e) => e.id)).toEqual(expected[0]);
    expect(found.every((e) => e.status === 'ok')).toBe(true);
    expect(found[0]).toMatchObject({ name: 'App 12', username: 'user12@example.com' });
    expect(readShard.mock.calls.length).toBe(shardsOfMatches.size);
    expect(shardsOfMatches.size).toBeLessThan(256);
    expect(results(vault)).toEqual(expected);
    expect(vault.accounts.passwordReuse()).toEqual(reuse);
    expect([...reuse.reused.values()]).toEqual([2]);
    expect(reuse.known).toBe(true);
  });

  it('is stale after a change: the search sees the change, in this session and the next', async () => {
    const { path, ids } = await vaultWithAccounts();
    const first = await reopen(path);
    first.accounts.search('App', 5);
    first.accounts.keepSearchSnapshot();
    first.close();

    const vault = await reopen(path);
    expect(vault.accounts.search('App 55', 1).map((s) => s.id)).toEqual([ids[55]]); // from the snapshot
    const { version } = vault.accounts.get(ids[5]!);
    vault.accounts.update(ids[5]!, version, { name: 'Zebra Console' });
    expect(vault.accounts.search('zebra').map((s) => s.id)).toEqual([ids[5]]);
    expect(vault.accounts.search('App 55', 1).map((s) => s.id)).toEqual([ids[55]]);
    expect(vault.accounts.search('app5.example', 1)).toMatchObject([{ id: ids[5], name: 'Zebra Console' }]);
    vault.close();

    const next = await reopen(path);
    expect(next.accounts.search('zebra').map((s) => s.id)).toEqual([ids[5]]);
    expect(next.accounts.keepSearchSnapshot()).toBe(true);
    next.close();
    const last = await reopen(path);
    expect(last.accounts.search('zebra').map((s) => s.id)).toEqual([ids[5]]);
  });

  it('ignores a damaged snapshot or one from another vault, and builds the index from the summaries', async () => {
    const { path } = await vaultWithAccounts();
    const first = await reopen(path);
    const expected = results(first);
    first.accounts.keepSearchSnapshot();
    first.close();
    const other = await vaultWithAccounts();
    await keepSnapshot(other.path);
    const foreign = withRawDb(other.path, (db) => db.prepare('SELECT blob FROM search_snapshot').pluck().get() as Buffer);

    withRawDb(path, (db) => {
      const blob = db.prepare('SELECT blob FROM search_snapshot').pluck().get() as Buffer;
      blob[blob.length - 100]! ^= 0x01;
      db.prepare('UPDATE search_snapshot SET blob = ?').run(blob);
    });
    const damaged = await reopen(path);
    const readShard = vi.spyOn(VaultStore.prototype, 'readShard');
    expect(results(damaged)).toEqual(expected);
    expect(readShard.mock.calls.length).toBe(256); // built from every summary
    expect(damaged.accounts.keepSearchSnapshot()).toBe(false); // the digest is current; the next change replaces it
    damaged.close();

    withRawDb(path, (db) => db.prepare('UPDATE search_snapshot SET blob = ?').run(foreign));
    const swapped = await reopen(path);
    expect(results(swapped)).toEqual(expected);
  });

  it('reports a match whose summary shard is damaged instead of failing', async () => {
    const { path, ids } = await vaultWithAccounts();
    await keepSnapshot(path);
    const shard = shardOf(ids[42]!, 256);
    withRawDb(path, (db) => {
      const blob = db.prepare('SELECT blob FROM summary_shards WHERE shard = ?').pluck().get(shard) as Buffer;
      blob[blob.length - 1]! ^= 0x01;
      db.prepare('UPDATE summary_shards SET blob = ? WHERE shard = ?').run(blob, shard);
    });
    const vault = await reopen(path);
    const found = vault.accounts.find('App 42', 20);
    expect(found.find((e) => e.id === ids[42])).toEqual({ status: 'corrupt', id: ids[42], reason: 'its index entry is damaged' });
    expect(found.filter((e) => e.status === 'ok').length).toBeGreaterThan(0);
    expect(vault.accounts.search('App 42', 20).map((s) => s.id)).not.toContain(ids[42]);
  });

  it('uses a snapshot read ahead of the unlock, unless another process changed the vault meanwhile', async () => {
    const { path, ids } = await vaultWithAccounts();
    await keepSnapshot(path);

    const ahead = openTestVault(path);
    ahead.readSearchSnapshotAhead();
    await ahead.unlock(PASSWORD);
    const readShard = vi.spyOn(VaultStore.prototype, 'readShard');
    expect(ahead.accounts.search('App 77', 1).map((s) => s.id)).toEqual([ids[77]]);
    expect(readShard.mock.calls.length).toBe(1);
    ahead.close();

    const stale = openTestVault(path);
    stale.readSearchSnapshotAhead();
    const other = await reopen(path);
    other.accounts.update(ids[77]!, other.accounts.get(ids[77]!).version, { name: 'Quokka Portal' });
    other.close();
    await stale.unlock(PASSWORD);
    expect(stale.accounts.search('quokka').map((s) => s.id)).toEqual([ids[77]]);
  });

  it('binds the snapshot to the shard generations it describes', () => {
    expect(generationsDigest([1, 2, 3])).not.toBe(generationsDigest([1, 2, 4]));
    expect(generationsDigest([1, 2, 3])).toBe(generationsDigest([1, 2, 3]));
  });
});

describe('search snapshot encoding', () => {
  const docs: SearchDoc[] = [
    { id: 'github', name: 'GitHub', hosts: ['github.com'], username: 'alice', tags: ['dev'] },
    { id: 'gitlab', name: 'GitLab', hosts: ['gitlab.com'], username: 'bob', tags: ['dev', 'ops'] },
    { id: 'zoe', name: 'Zoë’s Café', hosts: [], username: 'zoe', tags: ['food'] },
    { id: 'digital', name: 'Digital Ocean', hosts: ['cloud.digitalocean.com'], username: 'ops@example.org', tags: [] },
  ];

  it('restores an index that answers every query as the one built from the documents', () => {
    const built = new SearchIndex();
    for (const doc of docs) built.set(doc);
    const bytes = encodeSnapshot({ index: built.parts(), reuse: { reused: new Map([['fp', 3]]), known: true } })!;
    // Not 8-aligned on purpose: decoding copies when the typed arrays could not view it.
    const shifted = new Uint8Array(bytes.length + 3).subarray(3);
    shifted.set(bytes);
    const decoded = decodeSnapshot(shifted)!;
    expect(decoded.reuse).toEqual({ reused: new Map([['fp', 3]]), known: true });
    const restored = new SearchIndex();
    restored.restore(decoded.index);
    expect(restored.restored).toBe(true);
    expect(restored.size).toBe(docs.length);
    for (const query of ['git', 'gthb', 'ZOES CAFE', 'git ops', 'cloud', 'dev', 'qqqq']) expect(restored.search(query)).toEqual(built.search(query));
    expect(() => restored.set(docs[0]!)).toThrow(/clear\(\) it first/);
    restored.clear();
    restored.set(docs[0]!);
    expect(restored.search('git').map((h) => h.id)).toEqual(['github']);
  });

  it('refuses bytes it cannot read instead of guessing', () => {
    const built = new SearchIndex();
    for (const doc of docs) built.set(doc);
    const bytes = encodeSnapshot({ index: built.parts(), reuse: { reused: new Map(), known: true } })!;
    expect(decodeSnapshot(bytes.subarray(0, bytes.length - 16))).toBeNull();
    expect(decodeSnapshot(new Uint8Array([1, 2]))).toBeNull();
    expect(decodeSnapshot(new TextEncoder().encode('\u0004\u0000\u0000\u0000null'))).toBeNull();
    const lineBreak = new SearchIndex();
    lineBreak.set({ ...docs[0]!, id: 'a\nb' });
    expect(encodeSnapshot({ index: lineBreak.parts(), reuse: { reused: new Map(), known: true } })).toBeNull();
  });
});
