// Attack (review item 9): another local user reads the vault, the relay's database or their
// -wal/-shm files, which were created 0644 in 0755 folders. Now: files 0600, folders 0700,
// and files an older version left readable are tightened when opened.
import { chmodSync, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_KDF_COST, Vault } from '../../../main/vault';
import { SqliteLogStore } from '../../../relay/sqlite-log-store';
import { tempDir, TEST_MODE } from './helpers';

const mode = (path: string): string => (statSync(path).mode & 0o777).toString(8);

function expectPrivate(dbPath: string): void {
  expect(existsSync(`${dbPath}-wal`)).toBe(true);
  expect(existsSync(`${dbPath}-shm`)).toBe(true);
  for (const file of [dbPath, `${dbPath}-wal`, `${dbPath}-shm`]) expect({ file, mode: mode(file) }).toEqual({ file, mode: '600' });
}

describe('file modes of the vault and the relay database', () => {
  it('creates the vault and its -wal/-shm 0600 in a new 0700 folder, whatever the umask', async () => {
    const previous = process.umask(0o022);
    try {
      const path = join(tempDir(), 'new-folder', 'vault.sqlite');
      const { vault } = await Vault.create(path, 'correct horse battery staple', { kdf: TEST_KDF_COST, ...TEST_MODE });
      try {
        vault.accounts.create({ name: 'Mode check', password: 'pw-1' });
        expectPrivate(path);
        expect(mode(join(path, '..'))).toBe('700');
      } finally {
        vault.close();
      }
    } finally {
      process.umask(previous);
    }
  });

  it('tightens a vault an older version left 0644 when it is opened', async () => {
    const path = join(tempDir(), 'vault.sqlite');
    (await Vault.create(path, 'correct horse battery staple', { kdf: TEST_KDF_COST, ...TEST_MODE })).vault.close();
    chmodSync(path, 0o644);
    const vault = Vault.open(path, TEST_MODE);
    try {
      await vault.unlock('correct horse battery staple');
      vault.accounts.create({ name: 'Again', password: 'pw-2' });
      expectPrivate(path);
    } finally {
      vault.close();
    }
  });

  it('creates the relay database and its -wal/-shm 0600 in a new 0700 folder', async () => {
    const previous = process.umask(0o022);
    try {
      const path = join(tempDir(), 'relay-data', 'relay.db');
      const store = new SqliteLogStore(path);
      try {
        await store.append('doc-1', new Uint8Array([1, 2, 3]));
        expectPrivate(path);
        expect(mode(join(path, '..'))).toBe('700');
      } finally {
        await store.close();
      }
    } finally {
      process.umask(previous);
    }
  });
});
