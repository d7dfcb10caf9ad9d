import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TEST_KDF_COST } from '../../../main/vault';
import { createTestVault, openTestVault, PASSWORD, tempDir } from './helpers';
import { scanFilesForSecrets, secretPatterns, vaultFiles } from './secret-scan';

// Everything a person types, made distinctive so a hit cannot be a coincidence.
const SECRETS = {
  name: 'Quokka Treasury Portal',
  url: 'https://quokka-treasury.example/signin',
  username: 'wombat.finance@quokka.example',
  password: 'Pw-7f3a9c-Marsupial-Vault!',
  newPassword: 'Pw-rotated-2b8e41-Echidna',
  totpSecret: 'KRSXG5CTMVRXEZLUKN2XAZLSONSWG4TFOQ',
  notes: 'Vault door code is behind the koala painting',
  tag: 'kangaroo-court-tag',
  customValue: 'custom-secret-value-91dd',
  alias: 'quokka+treasury@team.example',
  backupCode: 'backup-code-5521-9987',
  automationDetail: 'session-token-abc123xyz789',
  backupPassphrase: 'backup passphrase platypus',
};

describe('secrets never reach the disk in the clear', () => {
  it('finds a planted secret (the scanner works)', () => {
    const dir = tempDir();
    const file = join(dir, 'probe');
    const secret = 'Pw-7f3a9c-Marsupial-Vault!';
    for (const { encoding, bytes } of secretPatterns(secret)) {
      writeFileSync(file, Buffer.concat([Buffer.from('xx'), bytes, Buffer.from('yy')]));
      expect(scanFilesForSecrets([file], [secret]).map((f) => f.encoding)).toContain(encoding);
    }
    writeFileSync(file, Buffer.from(`{"k":"${Buffer.from(`prefix-${secret}-suffix`).toString('base64')}"}`));
    expect(scanFilesForSecrets([file], [secret]).length).toBeGreaterThan(0);
  });

  it('after every write path: add, edit, history, reveal/copy, audit, delete, restore, purge, backup, password change, failed unlock', async () => {
    const { vault, path, recoveryKey } = await createTestVault();
    const everything = [...Object.values(SECRETS), PASSWORD, recoveryKey, 'new master password 77'];
    const check = (step: string): void => {
      const findings = scanFilesForSecrets(vaultFiles(path), everything);
      expect(findings, `after ${step}`).toEqual([]);
    };
    check('create');

    const { id } = vault.accounts.create({
      name: SECRETS.name,
      urls: [SECRETS.url],
      username: SECRETS.username,
      password: SECRETS.password,
      totp: { secret: SECRETS.totpSecret, issuer: 'Quokka', label: SECRETS.username },
      notes: SECRETS.notes,
      tags: [SECRETS.tag],
      customFields: [{ name: 'API key', value: SECRETS.customValue, secret: true }],
      managedEmail: SECRETS.alias,
      backupCodes: [SECRETS.backupCode],
    });
    check('add');
    vault.accounts.update(id, 1, { notes: `${SECRETS.notes} (edited)` });
    check('edit');
    vault.accounts.update(id, 2, { password: SECRETS.newPassword }, 'rotation');
    expect(vault.accounts.passwordHistory(id)[0]!.password).toBe(SECRETS.password);
    check('password history');
    vault.accounts.reveal(id, 'password');
    vault.accounts.copy(id, 'totpSecret');
    check('reveal and copy audit');
    vault.audit.append('automation.login', id, { detail: SECRETS.automationDetail });
    check('audit append');
    vault.accounts.delete(id);
    check('delete');
    vault.accounts.restore(id);
    check('restore');
    const backupFile = join(tempDir(), 'backup.tbak');
    await vault.backup(backupFile, SECRETS.backupPassphrase, { kdf: TEST_KDF_COST });
    check('backup');
    expect(scanFilesForSecrets([backupFile], everything), 'in the backup file').toEqual([]);
    vault.audit.export('csv');
    check('audit export');
    await vault.changeMasterPassword(PASSWORD, 'new master password 77');
    vault.regenerateRecoveryKey();
    check('password change and new recovery key');
    const second = vault.accounts.create({ name: `${SECRETS.name} 2`, password: SECRETS.password });
    vault.accounts.purge(second.id);
    check('purge');
    vault.close();
    check('close');

    const reopened = openTestVault(path);
    await reopened.unlock(PASSWORD).catch(() => undefined);
    check('failed unlock');
    await reopened.unlock('new master password 77');
    check('unlock');
    reopened.close();
    check('final close');
  });
});
