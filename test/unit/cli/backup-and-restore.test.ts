// `tessera backup`, `restore` and the plaintext `export` through the CLI (in-process, runCli): a backup
// restored into a new vault (new master password, new recovery key) shows the same account;
// nothing is ever written over an existing file; a plaintext export needs --i-understand.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliSandbox, jsonError, jsonValue, sandboxWithVault } from '../../support/cli-harness';

describe('tessera backup, restore and export', () => {
  let sandbox: CliSandbox;
  let env: Record<string, string>;
  let vault: string;
  let accountId: string;
  const password = 'backed-up-Pa55word';
  const passphrase = 'a long backup passphrase';

  beforeAll(async () => {
    ({ sandbox, env, vault } = await sandboxWithVault());
    sandbox.secret(password);
    sandbox.secret(passphrase);
    ({ id: accountId } = jsonValue<{ id: string }>(
      await sandbox.run(['--json', 'account', 'add', '--name', 'Backed Up', '--url', 'https://backup.example', '--username', 'bob', '--password-stdin'], { env, input: password }),
    ));
  });
  afterAll(() => {
    sandbox.expectNoSecretOnStderr();
    sandbox.cleanup();
  });

  it('backs up to a new file and restores into a new vault with a new master password, where the account is intact', async () => {
    const backup = sandbox.path('vault.tbk');
    const made = jsonValue<{ accounts: number; file: string }>(
      await sandbox.run(['--json', 'backup', backup, '--passphrase-file', sandbox.file('phrase.txt', `${passphrase}\n`)], { env }),
    );
    expect(made).toMatchObject({ accounts: 1, file: backup });
    expect(readFileSync(backup).includes(Buffer.from(password))).toBe(false);

    const restoredPath = sandbox.path('restored/vault.sqlite');
    const newMaster = sandbox.secret('the restored master password');
    const restored = jsonValue<{ path: string; accounts: number; recoveryKey: string }>(
      await sandbox.run(['--json', 'restore', backup, '--to', restoredPath], { env: { TESSERA_BACKUP_PASSPHRASE: passphrase, TESSERA_PASSWORD: newMaster } }),
    );
    sandbox.secret(restored.recoveryKey);
    expect(restored).toMatchObject({ path: restoredPath, accounts: 1 });

    const shown = jsonValue<{ id: string; name: string; username: string; password: string }>(
      await sandbox.run(['--json', '--vault', restoredPath, 'account', 'show', 'backed up', '--reveal'], { env: { TESSERA_PASSWORD: newMaster } }),
    );
    expect(shown).toMatchObject({ id: accountId, name: 'Backed Up', username: 'bob', password });
  });

  it('never writes over an existing file: backup to an existing file and restore to an existing vault exit 4', async () => {
    const existing = sandbox.file('existing.bin', 'keep me');
    const backup = await sandbox.run(['backup', existing], { env: { ...env, TESSERA_BACKUP_PASSPHRASE: passphrase } });
    expect(backup.code).toBe(4);
    expect(readFileSync(existing, 'utf8')).toBe('keep me');

    const restore = await sandbox.run(['--json', 'restore', sandbox.path('vault.tbk'), '--to', vault], { env: { ...env, TESSERA_BACKUP_PASSPHRASE: passphrase } });
    expect(restore.code).toBe(4);
    expect(jsonError(restore).code).toBe('VAULT_EXISTS');
  });

  it('a wrong passphrase or a file that is not a backup exits 4 and creates no vault', async () => {
    const target = sandbox.path('never.sqlite');
    const wrong = await sandbox.run(['restore', sandbox.path('vault.tbk'), '--to', target], { env: { TESSERA_BACKUP_PASSPHRASE: 'not the passphrase', TESSERA_PASSWORD: 'some new master' } });
    expect(wrong.code).toBe(4);
    expect(wrong.stderr).toMatch(/passphrase is wrong/);
    const notBackup = await sandbox.run(['restore', sandbox.file('junk.tbk', 'junk'), '--to', target], { env: { TESSERA_BACKUP_PASSPHRASE: passphrase, TESSERA_PASSWORD: 'some new master' } });
    expect(notBackup.code).toBe(4);
    expect(existsSync(target)).toBe(false);
  });

  it('exports plaintext only with --i-understand, to a new owner-only file, with a warning on stderr', async () => {
    const file = sandbox.path('plain.json');
    const refused = await sandbox.run(['export', '--plaintext', file], { env });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/--i-understand/);
    expect(existsSync(file)).toBe(false);

    const exported = await sandbox.run(['export', '--plaintext', file, '--i-understand'], { env });
    expect(exported.code, exported.stderr).toBe(0);
    expect(exported.stderr).toMatch(/warning: .* in plain text/);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const document = JSON.parse(readFileSync(file, 'utf8')) as { accounts: { record: { password: string } }[] };
    expect(document.accounts.map((a) => a.record.password)).toEqual([password]);
  });
});
