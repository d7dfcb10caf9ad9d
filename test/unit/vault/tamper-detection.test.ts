import { describe, expect, it } from 'vitest';
import type { Vault } from '../../../main/vault';
import { createTestVault, errorCode, openTestVault, PASSWORD, withRawDb } from './helpers';

async function vaultWithTwo(): Promise<{ vault: Vault; path: string; a: string; b: string }> {
  const { vault, path } = await createTestVault();
  const a = vault.accounts.create({ name: 'Alpha', username: 'alice', password: 'alpha-password' }).id;
  const b = vault.accounts.create({ name: 'Beta', username: 'bob', password: 'beta-password' }).id;
  vault.close();
  return { vault, path, a, b };
}

async function reopen(path: string): Promise<Vault> {
  const vault = openTestVault(path);
  await vault.unlock(PASSWORD);
  return vault;
}

describe('tampering with item rows', () => {
  it('detects a flipped ciphertext byte, names the item, and keeps the others readable', async () => {
    const { path, a, b } = await vaultWithTwo();
    withRawDb(path, (db) => {
      const data = db.prepare('SELECT data FROM items WHERE id = ?').pluck().get(a) as Buffer;
      data[40]! ^= 0x01;
      db.prepare('UPDATE items SET data = ? WHERE id = ?').run(data, a);
    });
    const vault = await reopen(path);
    let error: unknown;
    try {
      vault.accounts.get(a);
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'ITEM_CORRUPT', details: { itemId: a }, message: expect.stringContaining(a) });
    expect(vault.accounts.get(b).password).toBe('beta-password');
    const list = vault.accounts.list();
    expect(list.find((e) => e.id === a)).toMatchObject({ status: 'corrupt' });
    expect(list.find((e) => e.id === b)).toMatchObject({ status: 'ok', name: 'Beta' });
  });

  it('detects two rows whose blobs were swapped', async () => {
    const { path, a, b } = await vaultWithTwo();
    withRawDb(path, (db) => {
      const rows = db.prepare('SELECT id, wrapped_key, data, history FROM items').all() as { id: string; wrapped_key: Buffer; data: Buffer; history: Buffer }[];
      const [x, y] = rows as [(typeof rows)[0], (typeof rows)[0]];
      const update = db.prepare('UPDATE items SET wrapped_key = ?, data = ?, history = ? WHERE id = ?');
      update.run(y.wrapped_key, y.data, y.history, x.id);
      update.run(x.wrapped_key, x.data, x.history, y.id);
    });
    const vault = await reopen(path);
    expect(await errorCode(() => vault.accounts.get(a))).toBe('ITEM_CORRUPT');
    expect(await errorCode(() => vault.accounts.get(b))).toBe('ITEM_CORRUPT');
    expect(vault.accounts.checkIntegrity().map((d) => d.id).sort()).toEqual([a, b].sort());
  });

  it('detects a data blob swapped with the same row’s history blob (field set is bound)', async () => {
    const { path, a, b } = await vaultWithTwo();
    withRawDb(path, (db) => db.prepare('UPDATE items SET data = history, history = data WHERE id = ?').run(a));
    const vault = await reopen(path);
    expect(await errorCode(() => vault.accounts.get(a))).toBe('ITEM_CORRUPT');
    expect(vault.accounts.get(b).name).toBe('Beta');
  });

  it('detects a row rolled back to an older version copied back with SQL', async () => {
    const { vault, path } = await createTestVault();
    const { id } = vault.accounts.create({ name: 'Alpha', password: 'old-password' });
    const other = vault.accounts.create({ name: 'Beta', password: 'beta-password' }).id;
    const old = withRawDb(path, (db) => db.prepare('SELECT * FROM items WHERE id = ?').get(id)) as Record<string, unknown>;
    vault.accounts.update(id, 1, { password: 'new-password' });
    vault.close();
    withRawDb(path, (db) =>
      db.prepare('UPDATE items SET version = ?, wrapped_key = ?, data = ?, history = ? WHERE id = ?').run(old.version, old.wrapped_key, old.data, old.history, id),
    );
    const reopened = await reopen(path);
    expect(await errorCode(() => reopened.accounts.get(id))).toBe('ITEM_CORRUPT');
    expect(reopened.accounts.list().find((e) => e.id === id)).toMatchObject({ status: 'corrupt', reason: expect.stringContaining('rolled back') });
    expect(reopened.accounts.get(other).password).toBe('beta-password');
  });

  it('detects a version column edited without the blob (AAD binds the version)', async () => {
    const { path, a } = await vaultWithTwo();
    const vault = await reopen(path);
    vault.accounts.update(a, 1, { notes: 'x' });
    vault.close();
    withRawDb(path, (db) => db.prepare('UPDATE items SET version = 1 WHERE id = ?').run(a));
    const again = await reopen(path);
    expect(await errorCode(() => again.accounts.get(a))).toBe('ITEM_CORRUPT');
  });

  it('detects a deleted row', async () => {
    const { path, a } = await vaultWithTwo();
    withRawDb(path, (db) => db.prepare('DELETE FROM items WHERE id = ?').run(a));
    const vault = await reopen(path);
    expect(await errorCode(() => vault.accounts.get(a))).toBe('ITEM_CORRUPT');
  });

  it('lets a damaged account be purged', async () => {
    const { path, a, b } = await vaultWithTwo();
    withRawDb(path, (db) => db.prepare("UPDATE items SET data = x'00' WHERE id = ?").run(a));
    const vault = await reopen(path);
    vault.accounts.purge(a);
    expect(vault.accounts.list().map((e) => e.id)).toEqual([b]);
  });
});

describe('tampering with the index and the manifest', () => {
  it('detects a summary shard rolled back, lists its accounts as corrupt, and repairs from the rows', async () => {
    const { vault, path } = await createTestVault();
    const { id } = vault.accounts.create({ name: 'Alpha', password: 'pw-1' });
    const oldShards = withRawDb(path, (db) => db.prepare('SELECT * FROM summary_shards').all()) as { shard: number; generation: number; blob: Buffer }[];
    vault.accounts.update(id, 1, { name: 'Alpha renamed' });
    vault.close();
    withRawDb(path, (db) => {
      for (const s of oldShards) db.prepare('UPDATE summary_shards SET generation = ?, blob = ? WHERE shard = ?').run(s.generation, s.blob, s.shard);
    });
    const reopened = await reopen(path);
    expect(reopened.accounts.list()).toEqual([{ status: 'corrupt', id, reason: 'its index entry is damaged' }]);
    expect(await errorCode(() => reopened.accounts.get(id))).toBe('ITEM_CORRUPT');
    expect(await errorCode(() => reopened.accounts.update(id, 2, { notes: 'x' }))).toBe('ITEM_CORRUPT');
    expect(reopened.repairIndex()).toEqual({ rebuilt: [id], unreadable: [] });
    expect(reopened.accounts.get(id).name).toBe('Alpha renamed');
  });

  it('refuses to unlock with an altered manifest', async () => {
    const { vault, path } = await createTestVault();
    vault.close();
    withRawDb(path, (db) => {
      const manifest = db.prepare('SELECT manifest FROM vault_header').pluck().get() as Buffer;
      manifest[30]! ^= 1;
      db.prepare('UPDATE vault_header SET manifest = ?').run(manifest);
    });
    const reopened = openTestVault(path);
    expect(await errorCode(() => reopened.unlock(PASSWORD))).toBe('VAULT_CORRUPT');
  });

  it('notices a manifest rolled back to an older copy', async () => {
    const { vault, path } = await createTestVault();
    const { id } = vault.accounts.create({ name: 'Alpha', password: 'pw-1' });
    const old = withRawDb(path, (db) => db.prepare('SELECT manifest, manifest_counter FROM vault_header').get()) as { manifest: Buffer; manifest_counter: number };
    vault.accounts.update(id, 1, { password: 'pw-2' });
    vault.close();
    withRawDb(path, (db) => db.prepare('UPDATE vault_header SET manifest = ?, manifest_counter = ?').run(old.manifest, old.manifest_counter));
    const reopened = await reopen(path);
    expect(reopened.accounts.list()[0]).toMatchObject({ status: 'corrupt', id });
    expect(reopened.audit.verify()).toMatchObject({ ok: false, problem: 'truncated' });
  });

  it('sees changes another process committed to the same file', async () => {
    const { vault, path } = await createTestVault();
    const other = await reopen(path);
    const { id } = other.accounts.create({ name: 'From the CLI', password: 'pw-1' });
    expect(vault.accounts.search('cli').map((s) => s.id)).toEqual([id]);
    vault.accounts.update(id, 1, { notes: 'edited in the app' });
    expect(other.accounts.get(id).notes).toBe('edited in the app');
    expect(other.audit.verify().ok).toBe(true);
  });
});
