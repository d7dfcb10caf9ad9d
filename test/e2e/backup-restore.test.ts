// Backup and restore in the app, in real Chromium over real vault files: Settings → Backup
// saves an encrypted file (the host's stand-in for the save dialog writes it to downloads);
// a second app with no vault restores it from the first screen — a wrong passphrase is said
// under its field and leaves no vault; the right one opens the vault with a new master
// password and shows the new recovery key once.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useAppSessions } from './harness';
import { accountOptions, seededVault, seriousAxeViolations } from './desktop-helpers';

const FIRST_LOAD = { timeout: 15_000 };
const PASSWORD = 'Acme-Ops-Password-9931!';
const PASSPHRASE = 'correct horse battery staple';
const NEW_MASTER = 'a restored vault on the new laptop';

describe('backup and restore in the app', () => {
  const app = useAppSessions();

  it('backs up from Settings and restores on a device without a vault', async () => {
    const source = await app.open({ beforeLoad: seededVault([
      { name: 'Acme Admin', urls: ['https://admin.acme.test/login'], username: 'ops@acme.test', password: PASSWORD },
    ]) });
    await accountOptions(source.page).first().waitFor(FIRST_LOAD);
    await source.page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
    const backup = source.page.locator('form', { has: source.page.getByRole('heading', { name: 'Backup' }) });
    // Refusals in words, under their fields.
    await backup.getByLabel('Backup passphrase', { exact: true }).fill('short');
    await backup.getByRole('button', { name: 'Back up to a file…' }).click();
    await backup.getByText('Use at least 10 characters: a few words you will remember.').waitFor();
    await backup.getByText('The two passphrases are different.').waitFor();
    await backup.getByLabel('Backup passphrase', { exact: true }).fill(PASSPHRASE);
    await backup.getByLabel('Repeat the backup passphrase').fill(PASSPHRASE);
    await backup.getByRole('button', { name: 'Back up to a file…' }).click();
    await expect.poll(() => backup.getByRole('status').textContent(), { timeout: 20_000 })
      .toMatch(/^Backed up 1 account and 0 inbox messages to tessera-\d{4}-\d{2}-\d{2}\.tessera-backup\. Keep the passphrase safe/);
    await backup.scrollIntoViewIfNeeded();
    await source.screenshot('settings-backup-saved');
    expect(await seriousAxeViolations(source.page)).toEqual([]);
    const downloads = join(source.dataDir, 'downloads');
    const [file] = readdirSync(downloads);
    expect(readFileSync(join(downloads, file!)).includes(Buffer.from(PASSWORD))).toBe(false);

    const target = await app.open();
    const { page } = target;
    mkdirSync(join(target.dataDir, 'to-restore'), { recursive: true });
    copyFileSync(join(downloads, file!), join(target.dataDir, 'to-restore', file!));
    await page.getByRole('heading', { name: 'Create your vault' }).waitFor(FIRST_LOAD);
    await page.getByRole('button', { name: 'Restore from a backup…' }).click();
    await page.getByRole('heading', { name: 'Restore from a backup' }).waitFor();
    // Nothing chosen yet: said under the file row.
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    await page.getByText('Choose the backup file first.').waitFor();
    await page.getByRole('button', { name: 'Choose the backup file…' }).click();
    await expect.poll(() => page.getByTestId('restore-file-name').textContent()).toBe(file);
    await page.getByLabel('Backup passphrase', { exact: true }).fill('not the passphrase');
    await page.getByLabel('New master password', { exact: true }).fill(NEW_MASTER);
    await page.getByLabel('Repeat new master password').fill(NEW_MASTER);
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    await page.getByText('This backup does not open with that passphrase, or the file is damaged.', { exact: false }).waitFor({ timeout: 20_000 });
    expect(existsSync(join(target.dataDir, 'vault.sqlite'))).toBe(false);
    await target.screenshot('restore-wrong-passphrase');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await page.getByLabel('Backup passphrase', { exact: true }).fill(PASSPHRASE);
    await page.getByRole('button', { name: 'Restore', exact: true }).click();
    await page.getByTestId('recovery-key').waitFor({ timeout: 20_000 });
    await page.getByText('Restored 1 account. This vault has a new recovery key: the old one does not open it.').waitFor();
    await target.screenshot('restore-recovery-key');
    await page.getByLabel('I have stored the recovery key somewhere safe').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('option', { name: /Acme Admin/ }).waitFor(FIRST_LOAD);

    // The new master password opens it after a lock.
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByLabel('Master password').fill(NEW_MASTER);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('option', { name: /Acme Admin/ }).waitFor(FIRST_LOAD);
  });
});
