// The app's backup and restore channels through the real dispatcher, services and real vault
// files: the backup goes where the save dialog says, encrypted (no password in its bytes), with
// Collaborator-shared accounts left out; restore takes only a file the open dialog chose (no
// path from the renderer), never over an existing vault, and a wrong passphrase leaves no vault.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openChannelHarness, type ChannelHarness } from '../../support/channel-harness';
import type { BackupSaved } from '../../../main/ipc/contract/vault';

const PASSWORD = 'Acme-Ops-Password-9931!';

describe('vault backup and restore channels', () => {
  const open: ChannelHarness[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((h) => h.close()));
  });

  async function backedUpVault(): Promise<{ file: string; saved: BackupSaved }> {
    const source = openChannelHarness({ name: 'source' });
    open.push(source);
    await source.value('vault.create', { password: 'master-password-1' });
    await source.value('accounts.create', { name: 'Acme Admin', urls: ['https://admin.acme.test'], username: 'ops', password: PASSWORD });
    const saved = await source.value<BackupSaved>('vault.backup', { passphrase: 'backup passphrase 42' });
    const [name] = readdirSync(join(source.dir, 'downloads'));
    return { file: join(source.dir, 'downloads', name!), saved };
  }

  it('saves an encrypted backup where the dialog says and restores it as a new vault with a new master password', async () => {
    const { file, saved } = await backedUpVault();
    expect(saved).toEqual({ saved: true, fileName: expect.stringMatching(/^tessera-\d{4}-\d{2}-\d{2}\.tessera-backup$/), accounts: 1, inboxMessages: 0, skipped: 0, leftOut: 0 });
    expect(readFileSync(file).includes(Buffer.from(PASSWORD))).toBe(false);

    const target = openChannelHarness({ name: 'target', backupFile: () => file });
    open.push(target);
    const chosen = await target.value<{ token: string; fileName: string }>('vault.chooseBackup');
    expect(chosen.fileName).toBe(saved.fileName);
    const restored = await target.value<{ recoveryKey: string; accounts: number }>('vault.restore', { token: chosen.token, passphrase: 'backup passphrase 42', newPassword: 'a new master password' });
    expect(restored.accounts).toBe(1);
    expect(restored.recoveryKey.length).toBeGreaterThan(20);
    expect(await target.value('vault.status')).toMatchObject({ exists: true, unlocked: true });
    const list = await target.value<{ accounts: Array<{ name: string }> }>('accounts.list');
    expect(list.accounts.map((a) => a.name)).toEqual(['Acme Admin']);
    // The new master password opens it.
    await target.value('vault.lock');
    await target.value('vault.unlock', { password: 'a new master password' });
    // No answer carried the password.
    expect(target.results.join('\n')).not.toContain(PASSWORD);
  });

  it('a wrong passphrase leaves no vault behind; a token from another choice or a path is refused; an existing vault is never replaced', async () => {
    const { file } = await backedUpVault();
    const target = openChannelHarness({ name: 'target', backupFile: () => file });
    open.push(target);
    expect(await target.call('vault.restore', { path: file, passphrase: 'x', newPassword: 'a new master password' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    expect(await target.call('vault.restore', { token: 'not-the-chosen-one', passphrase: 'backup passphrase 42', newPassword: 'a new master password' }))
      .toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/Choose the file again/) } });
    const chosen = await target.value<{ token: string }>('vault.chooseBackup');
    expect(await target.call('vault.restore', { token: chosen.token, passphrase: 'wrong passphrase', newPassword: 'a new master password' }))
      .toMatchObject({ ok: false, error: { code: 'BACKUP_INVALID', message: expect.stringMatching(/passphrase is right/) } });
    expect(await target.value('vault.status')).toMatchObject({ exists: false });
    expect(existsSync(join(target.dir, 'vault.sqlite'))).toBe(false);

    // The same choice can be tried again with the right passphrase.
    await target.value('vault.restore', { token: chosen.token, passphrase: 'backup passphrase 42', newPassword: 'a new master password' });
    const again = await target.value<{ token: string }>('vault.chooseBackup');
    expect(await target.call('vault.restore', { token: again.token, passphrase: 'backup passphrase 42', newPassword: 'another master password' }))
      .toMatchObject({ ok: false, error: { code: 'VAULT_EXISTS' } });
  });

  it('refuses a short backup passphrase in words, and says when the person cancelled either dialog', async () => {
    const h = openChannelHarness({ name: 'short' });
    open.push(h);
    expect(await h.value('vault.chooseBackup')).toBeNull();
    await h.value('vault.create', { password: 'master-password-1' });
    expect(await h.call('vault.backup', { passphrase: 'short' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/at least 10 characters/) } });
  });
});
