import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_KDF_COST, Vault } from '../../../main/vault';
import { createTestVault, errorCode, tempDir, TEST_MODE } from './helpers';
import { BACKUP_FORMAT_VERSION, encodeBackup } from '../../../main/vault/backup';

const PASSPHRASE = 'backup passphrase 42';
const restoreOptions = { kdf: TEST_KDF_COST, ...TEST_MODE };

async function backedUp(): Promise<{ file: string; ids: string[] }> {
  const { vault } = await createTestVault();
  const a = vault.accounts.create({ name: 'Alpha', urls: ['alpha.example'], username: 'al', password: 'pw-one', totp: { secret: 'JBSWY3DPEHPK3PXP' } }).id;
  vault.accounts.update(a, 1, { password: 'pw-two' }, 'rotation');
  const b = vault.accounts.create({ name: 'Beta', password: 'beta-pw', tags: ['t'] }).id;
  vault.accounts.delete(b);
  const file = join(tempDir(), 'vault.tbak');
  expect(await vault.backup(file, PASSPHRASE, { kdf: TEST_KDF_COST })).toEqual({ accounts: 2, inboxMessages: 0, skipped: [] });
  expect(vault.audit.entries().at(-1)!.kind).toBe('vault.backup');
  return { file, ids: [a, b] };
}

describe('backup', () => {
  it('round-trips the whole vault into a new vault with a new master password', async () => {
    const { file, ids } = await backedUp();
    const target = join(tempDir(), 'restored.tessera');
    const { vault, recoveryKey, accounts } = await Vault.restoreBackup(file, PASSPHRASE, target, 'new master password', restoreOptions);
    try {
      expect(accounts).toBe(2);
      expect(recoveryKey).toMatch(/^([0-9A-Z]{5}-){10}/);
      const [a, b] = ids as [string, string];
      expect(vault.accounts.get(a)).toMatchObject({ name: 'Alpha', password: 'pw-two', totp: { secret: 'JBSWY3DPEHPK3PXP' } });
      expect(vault.accounts.passwordHistory(a)).toMatchObject([{ password: 'pw-one', reason: 'rotation' }]);
      expect(vault.accounts.list({ deleted: 'only' }).map((e) => e.id)).toEqual([b]);
      const kinds = vault.audit.entries().map((e) => e.kind);
      expect(kinds.filter((k) => k === 'audit.imported').length).toBeGreaterThan(3);
      expect(kinds.at(-1)).toBe('vault.restore');
      expect(vault.audit.verify().ok).toBe(true);
      vault.lock();
      await vault.unlock('new master password');
    } finally {
      vault.close();
    }
  });

  it.each([
    ['a wrong passphrase', (b: Buffer) => b, 'wrong passphrase here'],
    ['a flipped ciphertext byte', (b: Buffer) => flip(b, b.length - 40), PASSPHRASE],
    ['a flipped header byte (KDF salt)', (b: Buffer) => flip(b, b.indexOf('"salt"') + 12), PASSPHRASE],
    ['truncation', (b: Buffer) => b.subarray(0, b.length - 100), PASSPHRASE],
    ['truncation inside the header', (b: Buffer) => b.subarray(0, 30), PASSPHRASE],
    ['a wrong magic', (b: Buffer) => Buffer.concat([Buffer.from('NOTABACKUP'), b.subarray(10)]), PASSPHRASE],
    ['an unknown format version', (b: Buffer) => flip(b, 15), PASSPHRASE],
    ['a format-2 file relabelled as format 1 (the version is bound to the ciphertext)', (b: Buffer) => Buffer.concat([b.subarray(0, 15), Buffer.from([1]), b.subarray(16)]), PASSPHRASE],
    ['an empty file', () => Buffer.alloc(0), PASSPHRASE],
  ])('rejects %s with BACKUP_INVALID and creates no vault', async (_label, mangle, passphrase) => {
    const { file } = await backedUp();
    writeFileSync(file, mangle(readFileSync(file)));
    const target = join(tempDir(), 'restored.tessera');
    expect(await errorCode(() => Vault.restoreBackup(file, passphrase, target, 'new master password', restoreOptions))).toBe('BACKUP_INVALID');
    expect(await errorCode(() => Vault.open(target))).toBe('VAULT_NOT_FOUND');
  });

  it('writes format 2 and still restores a format-1 backup (written before the inbox was included)', async () => {
    const { vault } = await createTestVault();
    vault.accounts.create({ name: 'Old', password: 'old-pw-1' });
    const dir = tempDir();
    const file = join(dir, 'old.tbak');
    await vault.backup(join(dir, 'new.tbak'), PASSPHRASE, { kdf: TEST_KDF_COST });
    expect(readFileSync(join(dir, 'new.tbak'))[15]).toBe(BACKUP_FORMAT_VERSION);
    writeFileSync(file, await encodeBackup({ sourceVaultId: 'v-old', createdAt: 1, accounts: vault.accounts.exportAll().accounts, audit: [] }, PASSPHRASE, { kdf: TEST_KDF_COST, ...TEST_MODE, formatVersion: 1 }));
    expect(readFileSync(file)[15]).toBe(1);
    const target = join(tempDir(), 'restored-old.tessera');
    const restored = await Vault.restoreBackup(file, PASSPHRASE, target, 'new master password', restoreOptions);
    try {
      expect(restored.accounts).toBe(1);
      expect(restored.vault.accounts.search('old').map((hit) => restored.vault.accounts.get(hit.id).password)).toEqual(['old-pw-1']);
    } finally {
      restored.vault.close();
    }
  });

  it('refuses to restore over an existing vault', async () => {
    const { file } = await backedUp();
    const { path } = await createTestVault();
    expect(await errorCode(() => Vault.restoreBackup(file, PASSPHRASE, path, 'new master password', restoreOptions))).toBe('VAULT_EXISTS');
  });

  it('exports plaintext JSON only with the explicit flag, and audits it', async () => {
    const { vault } = await createTestVault();
    vault.accounts.create({ name: 'Alpha', password: 'pw-one' });
    expect(await errorCode(() => vault.exportPlaintext({} as { plaintext: true }))).toBe('NOT_PERMITTED');
    const exported = JSON.parse(vault.exportPlaintext({ plaintext: true }));
    expect(exported.accounts[0].record).toMatchObject({ name: 'Alpha', password: 'pw-one' });
    expect(vault.audit.entries().at(-1)).toMatchObject({ kind: 'vault.export', details: { plaintext: true, accounts: 1 } });
  });
});

function flip(bytes: Buffer, index: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[index]! ^= 0x01;
  return copy;
}
