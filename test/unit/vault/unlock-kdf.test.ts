// The KDF started before the vault is opened (main/vault/unlock-kdf.ts, what the CLI does so the
// vault code loads while Argon2id runs): unlock takes its key when the header names the same
// parameters, derives again when it does not, and any problem is left to open and unlock.
import { describe, expect, it } from 'vitest';
import { startUnlockKdf } from '../../../main/vault/unlock-kdf';
import { createTestVault, errorCode, openTestVault, PASSWORD, TEST_MODE, tempDir, withRawDb } from './helpers';

describe('unlock with a KDF started before the vault opened', () => {
  it('unlocks with the started key, and a wrong password is still WRONG_PASSWORD', async () => {
    const { vault, path } = await createTestVault();
    const id = vault.accounts.create({ name: 'Early', password: 'early-pw' }).id;
    vault.close();

    const started = startUnlockKdf(path, PASSWORD, TEST_MODE);
    expect(started).not.toBeNull();
    const opened = openTestVault(path);
    await opened.unlock(PASSWORD, started);
    expect(opened.accounts.get(id).password).toBe('early-pw');
    opened.close();

    const wrong = openTestVault(path);
    expect(await errorCode(() => wrong.unlock('not the password', startUnlockKdf(path, 'not the password', TEST_MODE)))).toBe('WRONG_PASSWORD');
  });

  it('derives again when the header changed after the KDF started (another vault\'s parameters)', async () => {
    const { vault, path } = await createTestVault();
    vault.close();
    const other = await createTestVault();
    other.vault.close();
    const startedOnOther = startUnlockKdf(other.path, PASSWORD, TEST_MODE);
    expect(startedOnOther).not.toBeNull();
    const opened = openTestVault(path);
    await opened.unlock(PASSWORD, startedOnOther); // other salt: not used
    expect(opened.isUnlocked).toBe(true);
  });

  it('starts nothing for a missing file, a file that is not a vault, or parameters over the ceiling', async () => {
    expect(startUnlockKdf(`${tempDir()}/missing.tessera`, PASSWORD, TEST_MODE)).toBeNull();
    const { vault, path } = await createTestVault();
    vault.close();
    withRawDb(path, (db) => {
      const params = JSON.parse(db.prepare('SELECT kdf_params FROM vault_header').pluck().get() as string) as Record<string, unknown>;
      db.prepare('UPDATE vault_header SET kdf_params = ?').run(JSON.stringify({ ...params, memoryKiB: 64 * 1024 * 1024 }));
    });
    expect(startUnlockKdf(path, PASSWORD, TEST_MODE)).toBeNull();
    const opened = openTestVault(path);
    expect(await errorCode(() => opened.unlock(PASSWORD, null))).toBe('WEAK_KDF_PARAMS');
  });
});
