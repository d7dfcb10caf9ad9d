// Importing another manager's export in the app, in real Chromium: Settings → Import, the
// host's stand-in for the open dialog picks a Bitwarden export; the preview says what comes in,
// what is already in the vault and what is left out; the duplicate choice re-weighs it; the
// import writes to the real vault file and ends with the reminder to delete the export.
import { copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useAppSessions } from './harness';
import { accountOptions, seededVault, seriousAxeViolations } from './desktop-helpers';

const FIRST_LOAD = { timeout: 15_000 };

describe('import in the app', () => {
  const app = useAppSessions();

  it('previews a Bitwarden export, updates the account already in the vault when asked, and imports the rest', async () => {
    const session = await app.open({ beforeLoad: seededVault([
      { name: 'Twitter (old)', urls: ['https://twitter.com'], username: 'social@team.example', password: 'old-password' },
    ]) });
    const { page, dataDir } = session;
    mkdirSync(join(dataDir, 'to-import'), { recursive: true });
    copyFileSync(join(import.meta.dirname, '../fixtures/import/bitwarden.json'), join(dataDir, 'to-import', 'bitwarden_export.json'));
    await accountOptions(page).first().waitFor(FIRST_LOAD);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();

    await page.getByRole('button', { name: 'Choose a file to import…' }).click();
    const preview = page.getByTestId('import-preview');
    await preview.getByRole('heading', { name: 'bitwarden_export.json' }).waitFor();
    await expect.poll(() => preview.getByRole('status').textContent()).toBe('Bitwarden JSON: 1 to add, 1 already in the vault, 3 left out.');
    await preview.getByText('Left out (3)').click();
    await preview.getByText('item 3 (Wi-Fi note): a secure note in Bitwarden, not a login').waitFor();
    await preview.getByRole('radio', { name: 'Update the vault\'s account from the file' }).check();
    await expect.poll(() => preview.getByRole('status').textContent()).toBe('Bitwarden JSON: 1 to add, 1 to update, 1 already in the vault, 3 left out.');
    await preview.scrollIntoViewIfNeeded();
    await session.screenshot('settings-import-preview-light');
    expect(await seriousAxeViolations(page)).toEqual([]);

    await preview.getByRole('button', { name: 'Import 2 accounts' }).click();
    const summary = page.locator('.import-summary');
    await expect.poll(() => summary.textContent(), { timeout: 10_000 }).toMatch(/^Imported 1 account, updated 1, 3 left out\./);
    await summary.getByText('The exported file holds your passwords in plain text: delete it now.').waitFor();
    await session.screenshot('settings-import-done-light');

    const vault = session.host.services.vault.unlocked();
    const names = vault.accounts.list().flatMap((e) => (e.status === 'ok' ? [e.name] : [])).sort();
    expect(names).toEqual(['Team Twitter', 'Vendor Portal']);
    const twitter = vault.accounts.list().find((e) => e.status === 'ok' && e.name === 'Team Twitter')!;
    expect(vault.accounts.get(twitter.id)).toMatchObject({ password: 'Tw1tter-Team-Pass!', totp: { secret: 'JBSWY3DPEHPK3PXP' } });
    // No password of the file reached the page.
    expect(await page.content()).not.toContain('Tw1tter-Team-Pass!');

    // Leaving: Bitwarden JSON through the save dialog (the host's stand-in writes to its downloads folder).
    const exportButton = page.getByRole('button', { name: 'Export…' });
    expect(await exportButton.isDisabled()).toBe(true);
    await page.getByRole('checkbox', { name: 'I understand that the file will hold every password and TOTP secret unencrypted.' }).check();
    await exportButton.click();
    await page.getByRole('status').filter({ hasText: 'Saved 2 accounts to tessera-bitwarden-export.json.' }).waitFor();
    const exported = JSON.parse(readFileSync(join(session.host.downloadsDir, 'tessera-bitwarden-export.json'), 'utf8')) as { encrypted: boolean; items: { name: string }[] };
    expect(exported.encrypted).toBe(false);
    expect(exported.items.map((i) => i.name).sort()).toEqual(['Team Twitter', 'Vendor Portal']);
    await session.screenshot('settings-export-done-light');
  });

  it('opens a KeePass database with its master password, then imports it', async () => {
    const session = await app.open({ beforeLoad: seededVault([]) });
    const { page, dataDir } = session;
    mkdirSync(join(dataDir, 'to-import'), { recursive: true });
    copyFileSync(join(import.meta.dirname, '../fixtures/import/keepassxc-argon2.kdbx'), join(dataDir, 'to-import', 'Team.kdbx'));
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('button', { name: 'Choose a file to import…' }).click();
    const unlock = page.getByTestId('import-unlock');
    await unlock.getByRole('heading', { name: 'Team.kdbx' }).waitFor();
    await unlock.getByLabel('Database master password', { exact: true }).fill('not it');
    await unlock.getByRole('button', { name: 'Open database' }).click();
    await page.getByRole('alert').filter({ hasText: 'does not open with that password' }).waitFor(FIRST_LOAD);
    await unlock.getByLabel('Database master password', { exact: true }).fill('kdbx-fixture-password');
    await unlock.getByRole('button', { name: 'Open database' }).click();
    const preview = page.getByTestId('import-preview');
    await expect.poll(() => preview.getByRole('status').textContent(), FIRST_LOAD).toBe('KeePass database (.kdbx): 2 to add, 1 left out.');
    await session.screenshot('settings-import-kdbx');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await preview.getByRole('button', { name: 'Import 2 accounts' }).click();
    await expect.poll(() => page.locator('.import-summary').textContent(), { timeout: 10_000 }).toMatch(/^Imported 2 accounts, 1 left out\./);
    const vault = session.host.services.vault.unlocked();
    const stripe = vault.accounts.list().find((e) => e.status === 'ok' && e.name === 'Stripe')!;
    expect(vault.accounts.get(stripe.id)).toMatchObject({ password: 'Str1pe-Pass!', tags: ['Vendors/Billing'], totp: { secret: 'JBSWY3DPEHPK3PXP' } });
    expect(await page.content()).not.toContain('Str1pe-Pass!');
  });
});
