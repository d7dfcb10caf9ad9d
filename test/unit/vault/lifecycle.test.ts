import type Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_IDLE_LOCK_MS, KDF_FLOOR, TEST_KDF_COST, Vault } from '../../../main/vault';
import { createTestVault, errorCode, openTestVault, PASSWORD, tempDir, TEST_MODE, withRawDb } from './helpers';

const fileHash = (path: string): string => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('create and unlock', () => {
  it('honours the default KDF parameters and stores them in the header', async () => {
    const path = join(tempDir(), 'vault.tessera');
    const { vault } = await Vault.create(path, PASSWORD);
    try {
      expect(vault.info().kdf).toMatchObject({ algorithm: 'argon2id', memoryKiB: 65536, iterations: 3, parallelism: 4 });
      vault.lock();
      const stored = JSON.parse(withRawDb(path, (db) => db.prepare('SELECT kdf_params FROM vault_header').pluck().get() as string));
      expect(stored).toMatchObject({ memoryKiB: 65536, iterations: 3, parallelism: 4 });
      expect(Buffer.from(stored.salt, 'base64')).toHaveLength(16);
      await vault.unlock(PASSWORD);
      expect(vault.isUnlocked).toBe(true);
    } finally {
      vault.close();
    }
  });

  it('stores custom parameters and refuses ones below the floor without test mode', async () => {
    const dir = tempDir();
    expect(await errorCode(() => Vault.create(join(dir, 'weak.tessera'), PASSWORD, { kdf: TEST_KDF_COST }))).toBe('WEAK_KDF_PARAMS');
    const { vault, path } = await createTestVault({ kdf: { memoryKiB: 2048, iterations: 2, parallelism: 2 } });
    expect(vault.info().kdf).toMatchObject({ memoryKiB: 2048, iterations: 2, parallelism: 2 });
    vault.close();
    // Opening the weak vault outside test mode: unlock refuses the stored parameters.
    const strict = Vault.open(path);
    expect(await errorCode(() => strict.unlock(PASSWORD))).toBe('WEAK_KDF_PARAMS');
    strict.close();
    expect(KDF_FLOOR.memoryKiB).toBeGreaterThan(2048);
  });

  it('refuses to create over an existing file and to open a missing one', async () => {
    const { path } = await createTestVault();
    expect(await errorCode(() => Vault.create(path, PASSWORD, { kdf: TEST_KDF_COST, ...TEST_MODE }))).toBe('VAULT_EXISTS');
    expect(await errorCode(() => Vault.open(join(tempDir(), 'nope.tessera')))).toBe('VAULT_NOT_FOUND');
  });

  it('refuses a short master password', async () => {
    expect(await errorCode(() => Vault.create(join(tempDir(), 'v'), 'short', { kdf: TEST_KDF_COST, ...TEST_MODE }))).toBe('INVALID_INPUT');
  });

  it('says WRONG_PASSWORD for a wrong password and records the attempt in the audit log at the next unlock', async () => {
    const { vault, path } = await createTestVault();
    vault.close();
    const reopened = openTestVault(path);
    expect(await errorCode(() => reopened.unlock('not the password'))).toBe('WRONG_PASSWORD');
    expect(reopened.isUnlocked).toBe(false);
    expect(await errorCode(() => reopened.accounts.list())).toBe('VAULT_LOCKED');
    await reopened.unlock(PASSWORD);
    const kinds = reopened.audit.entries().map((e) => e.kind);
    expect(kinds.slice(-2)).toEqual(['vault.unlock_failed', 'vault.unlock']);
    expect(reopened.audit.entries().at(-2)!.details).toEqual({ method: 'password' });
    expect(reopened.audit.verify().ok).toBe(true);
    expect(withRawDb(path, (db) => db.prepare('SELECT count(*) FROM pending_events').pluck().get())).toBe(0);
  });
});

describe('schema versions', () => {
  it('refuses a vault written by a newer schema and leaves the file byte-for-byte unchanged', async () => {
    const { vault, path } = await createTestVault();
    vault.accounts.create({ name: 'Example', password: 'pw-123456' });
    vault.close();
    withRawDb(path, (db) => db.pragma('user_version = 999'));
    const before = fileHash(path);
    expect(await errorCode(() => Vault.open(path, TEST_MODE))).toBe('VAULT_TOO_NEW');
    expect(fileHash(path)).toBe(before);
    expect(withRawDb(path, (db) => db.pragma('user_version', { simple: true }))).toBe(999);
  });

  it('refuses a SQLite file that is not a vault without migrating it', async () => {
    const path = join(tempDir(), 'other.db');
    withRawDb(path, (db) => db.exec('CREATE TABLE notes (x TEXT)'));
    const before = fileHash(path);
    expect(await errorCode(() => Vault.open(path))).toBe('VAULT_CORRUPT');
    expect(fileHash(path)).toBe(before);
  });

  it('sets WAL, synchronous=FULL, secure_delete and foreign keys', async () => {
    const { vault } = await createTestVault();
    const db = (vault as unknown as { store: { db: Database.Database } }).store.db;
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
  });
});

describe('lock', () => {
  it('zeroes every key buffer and drops the caches', async () => {
    const { vault } = await createTestVault();
    vault.accounts.create({ name: 'Example', password: 'pw-123456' });
    const buffers = vault.secretKeyBuffersForTests();
    expect(buffers.length).toBeGreaterThanOrEqual(7);
    expect(buffers.every((b) => b.some((byte) => byte !== 0))).toBe(true);
    const onLock = vi.fn();
    vault.onLock(onLock);
    vault.lock();
    expect(buffers.every((b) => b.every((byte) => byte === 0))).toBe(true);
    expect(onLock).toHaveBeenCalledOnce();
    expect(await errorCode(() => vault.accounts.search('ex'))).toBe('VAULT_LOCKED');
    await vault.unlock(PASSWORD);
    expect(vault.accounts.search('ex').map((s) => s.name)).toEqual(['Example']);
  });

  it('stays locked when lock() runs while an unlock is deriving its key', async () => {
    const { vault } = await createTestVault();
    vault.lock();
    const unlocking = vault.unlock(PASSWORD);
    vault.lock();
    expect(await errorCode(() => unlocking)).toBe('VAULT_LOCKED');
    expect(vault.isUnlocked).toBe(false);
  });

  describe('idle timer', () => {
    afterEach(() => {
      vi.useRealTimers();
    });

    it('locks after 10 minutes without activity by default, and activity postpones it', async () => {
      const { vault } = await createTestVault();
      expect(vault.idleLock.timeout).toBe(DEFAULT_IDLE_LOCK_MS);
      vi.useFakeTimers();
      vault.idleLock.start();
      vi.advanceTimersByTime(DEFAULT_IDLE_LOCK_MS - 1000);
      vault.accounts.list(); // activity touches the timer
      vi.advanceTimersByTime(DEFAULT_IDLE_LOCK_MS - 1000);
      expect(vault.isUnlocked).toBe(true);
      vi.advanceTimersByTime(2000);
      expect(vault.isUnlocked).toBe(false);
    });

    it('is configurable, and 0 turns it off', async () => {
      const { vault } = await createTestVault({ idleLockMs: 0 });
      vi.useFakeTimers();
      vault.idleLock.start();
      vi.advanceTimersByTime(24 * 60 * 60 * 1000);
      expect(vault.isUnlocked).toBe(true);
      vault.idleLock.setTimeout(5000);
      vault.idleLock.start();
      vi.advanceTimersByTime(5001);
      expect(vault.isUnlocked).toBe(false);
    });
  });
});

describe('master password and recovery key', () => {
  it('changes the master password by re-wrapping the vault key only', async () => {
    const { vault, path } = await createTestVault();
    const { id } = vault.accounts.create({ name: 'Example', password: 'pw-123456' });
    const itemsBefore = withRawDb(path, (db) => db.prepare('SELECT data FROM items').all());
    expect(await errorCode(() => vault.changeMasterPassword('wrong password!', 'new master password'))).toBe('WRONG_PASSWORD');
    await vault.changeMasterPassword(PASSWORD, 'new master password');
    expect(withRawDb(path, (db) => db.prepare('SELECT data FROM items').all())).toEqual(itemsBefore);
    vault.lock();
    expect(await errorCode(() => vault.unlock(PASSWORD))).toBe('WRONG_PASSWORD');
    await vault.unlock('new master password');
    expect(vault.accounts.get(id).password).toBe('pw-123456');
    expect(vault.audit.entries().map((e) => e.kind)).toContain('vault.password_change');
  });

  it('unlocks with the recovery key, then resets the master password', async () => {
    const { vault, recoveryKey } = await createTestVault();
    const { id } = vault.accounts.create({ name: 'Example', password: 'pw-123456' });
    vault.lock();
    await vault.unlockWithRecoveryKey(recoveryKey.toLowerCase());
    expect(vault.accounts.get(id).password).toBe('pw-123456');
    await vault.resetMasterPassword('a brand new password');
    vault.lock();
    await vault.unlock('a brand new password');
    expect(vault.audit.entries().map((e) => e.kind)).toContain('vault.password_reset');
  });

  it('refuses a wrong recovery key and a reset after a normal unlock', async () => {
    const { vault } = await createTestVault();
    const other = await createTestVault();
    expect(await errorCode(() => vault.resetMasterPassword('a brand new password'))).toBe('NOT_PERMITTED');
    vault.lock();
    expect(await errorCode(() => vault.unlockWithRecoveryKey(other.recoveryKey))).toBe('WRONG_RECOVERY_KEY');
    expect(await errorCode(() => vault.unlockWithRecoveryKey('not-a-key'))).toBe('WRONG_RECOVERY_KEY');
    await vault.unlock(PASSWORD);
    const failed = vault.audit.entries().filter((e) => e.kind === 'vault.unlock_failed');
    expect(failed.map((e) => e.details)).toEqual([{ method: 'recovery-key' }, { method: 'recovery-key' }]);
  });

  it('regenerates the recovery key, and the old one stops working', async () => {
    const { vault, recoveryKey } = await createTestVault();
    const fresh = vault.regenerateRecoveryKey();
    vault.lock();
    expect(await errorCode(() => vault.unlockWithRecoveryKey(recoveryKey))).toBe('WRONG_RECOVERY_KEY');
    await vault.unlockWithRecoveryKey(fresh);
    expect(vault.isUnlocked).toBe(true);
  });
});
