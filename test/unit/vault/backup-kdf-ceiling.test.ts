// Attack (review item 8): a crafted 200-byte backup names Argon2id parameters of 4 GiB and 64
// passes; restore derived the key with them (4.2 GiB) before any passphrase check, because the
// header is only authenticated by that key. Now imported files have a strict ceiling, checked
// before any KDF runs, and a file above the size ceiling is refused before it is read.
import argon2 from 'argon2';
import { closeSync, openSync, ftruncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { IMPORTED_FILE_KDF_CEILING, TEST_KDF_COST } from '../../../main/crypto/kdf';
import { encodeBackup, MAX_BACKUP_BYTES } from '../../../main/vault/backup';
import { Vault } from '../../../main/vault';
import { errorCode, tempDir, TEST_MODE } from './helpers';

const restoreOptions = { kdf: TEST_KDF_COST, ...TEST_MODE };

function craftedBackup(kdf: { memoryKiB: number; iterations: number; parallelism: number }): Buffer {
  const header = Buffer.from(JSON.stringify({ kdf: { algorithm: 'argon2id', ...kdf, salt: Buffer.alloc(16, 7).toString('base64') }, createdAt: 1 }));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(header.length);
  const body = Buffer.alloc(40, 1); // a nonce and a tag's worth of nothing
  return Buffer.concat([Buffer.from('TESSERA BACKUP\0'), Buffer.from([2]), length, header, body]);
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('KDF ceilings of imported backups', () => {
  it.each([
    ['4 GiB of memory', { memoryKiB: 4 * 1024 * 1024, iterations: 3, parallelism: 4 }],
    ['64 passes', { memoryKiB: 64 * 1024, iterations: 64, parallelism: 4 }],
    ['64 lanes', { memoryKiB: 64 * 1024, iterations: 3, parallelism: 64 }],
  ])('refuses a crafted ~200-byte backup asking for %s before any KDF runs', async (_label, kdf) => {
    // Stands in for Argon2 so a regression fails here instead of allocating gigabytes.
    const hash = vi.spyOn(argon2, 'hash').mockRejectedValue(new Error('the KDF ran'));
    const file = join(tempDir(), 'crafted.tbak');
    const bytes = craftedBackup(kdf);
    expect(bytes.length).toBeLessThan(260);
    writeFileSync(file, bytes);
    const target = join(tempDir(), 'restored.tessera');
    expect(await errorCode(() => Vault.restoreBackup(file, 'any passphrase', target, 'new master password', restoreOptions))).toBe('BACKUP_INVALID');
    expect(hash).not.toHaveBeenCalled();
    expect(await errorCode(() => Vault.open(target))).toBe('VAULT_NOT_FOUND');
  });

  it('never writes a backup above the ceiling it reads, and restores one at the ceiling', async () => {
    const payload = { sourceVaultId: 'v', createdAt: 1, accounts: [], audit: [] };
    const above = { ...IMPORTED_FILE_KDF_CEILING, iterations: IMPORTED_FILE_KDF_CEILING.iterations + 1, memoryKiB: 1024 };
    expect(await errorCode(() => encodeBackup(payload, 'passphrase 1234', { kdf: above, ...TEST_MODE }))).toBe('WEAK_KDF_PARAMS');
    const file = join(tempDir(), 'edge.tbak');
    writeFileSync(file, await encodeBackup(payload, 'passphrase 1234', { kdf: { memoryKiB: 1024, iterations: IMPORTED_FILE_KDF_CEILING.iterations, parallelism: 1 }, ...TEST_MODE }));
    const { vault } = await Vault.restoreBackup(file, 'passphrase 1234', join(tempDir(), 'ok.tessera'), 'new master password', restoreOptions);
    vault.close();
  });

  it('refuses a backup file larger than the size ceiling without reading it', async () => {
    const hash = vi.spyOn(argon2, 'hash');
    const file = join(tempDir(), 'huge.tbak');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, MAX_BACKUP_BYTES + 1); // sparse: no disk used
    closeSync(fd);
    const target = join(tempDir(), 'restored.tessera');
    expect(await errorCode(() => Vault.restoreBackup(file, 'any passphrase', target, 'new master password', restoreOptions))).toBe('BACKUP_INVALID');
    expect(hash).not.toHaveBeenCalled();
  });
});
