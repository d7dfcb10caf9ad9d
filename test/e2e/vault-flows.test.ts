// The first vault flows in real Chromium: create with a recovery key shown once, add, find,
// reveal, copy (with auto-clear), edit, delete and restore, lock and unlock.
import { describe, expect, it } from 'vitest';
import { useAppSessions, type AppSession } from './harness';

const MASTER = 'correct horse battery staple';
const SECRET = 'Sup3r-Secret-Pa55word!';

async function createVault(session: AppSession): Promise<string> {
  const { page } = session;
  await page.getByLabel('Master password', { exact: true }).fill(MASTER);
  await page.getByLabel('Repeat master password').fill(MASTER);
  await page.getByRole('button', { name: 'Create vault' }).click();
  const key = (await page.getByTestId('recovery-key').textContent()) ?? '';
  return key;
}

async function addAccount(session: AppSession, fields: { name: string; url: string; username: string; password: string; totp?: string }) {
  const { page } = session;
  await page.getByRole('button', { name: 'New account' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('App name').fill(fields.name);
  await dialog.getByLabel('Login URL').fill(fields.url);
  await dialog.getByLabel('Username').fill(fields.username);
  await dialog.getByLabel('Password', { exact: true }).fill(fields.password);
  if (fields.totp) await dialog.getByLabel('TOTP secret or otpauth:// link').fill(fields.totp);
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect.poll(() => dialog.isVisible()).toBe(false);
}

describe('vault flows in the app', () => {
  let session: AppSession | null = null;
  const app = useAppSessions({ allowPageErrors: true });

  it('creates a vault, shows the recovery key once, and adds, reveals and copies an account', async () => {
    session = await app.open();
    const { page, host } = session;
    await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
    await session.screenshot('create-vault-light');
    const recoveryKey = await createVault(session);
    expect(recoveryKey.length).toBeGreaterThan(20);
    await session.screenshot('recovery-key-light');
    const continueButton = page.getByRole('button', { name: 'Continue' });
    expect(await continueButton.isDisabled()).toBe(true);
    await page.getByLabel('I have stored the recovery key somewhere safe').check();
    await continueButton.click();
    await page.getByText('No accounts yet.').waitFor();

    await addAccount(session, { name: 'Acme Admin', url: 'https://admin.acme.test/login', username: 'ops@acme.test', password: SECRET,
      totp: 'otpauth://totp/Acme:ops?secret=JBSWY3DPEHPK3PXP&issuer=Acme' });
    await page.getByRole('listbox', { name: 'Account list' }).getByRole('option', { name: /Acme Admin/ }).waitFor();
    await expect.poll(() => page.getByTestId('password-value').textContent()).toBe('••••••••••••');
    expect(await page.content()).not.toContain(SECRET);
    await expect.poll(async () => (await page.getByRole('region', { name: 'Account details' }).locator('dl').getByTestId('totp-code').textContent())?.replace(/\s/g, '')).toMatch(/^\d{6}$/);
    await session.screenshot('account-details-light');

    await page.getByRole('button', { name: 'Reveal' }).click();
    await expect.poll(() => page.getByTestId('password-value').textContent()).toBe(SECRET);
    await page.getByRole('button', { name: 'Hide' }).click();

    await page.getByRole('button', { name: 'Copy password' }).click();
    await page.getByText(/Password copied\. The clipboard clears in 30 s\./).waitFor();
    expect(host.clipboard.readText()).toBe(SECRET);
  });

  it('says what went wrong on a wrong master password and unlocks with the right one', async () => {
    session = await app.open();
    const { page } = session;
    await createVault(session);
    await page.getByLabel('I have stored the recovery key somewhere safe').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await addAccount(session, { name: 'Vendor Portal', url: 'https://portal.vendor.test', username: 'team', password: SECRET });
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('heading', { name: 'Unlock Tessera' }).waitFor();
    await page.getByLabel('Master password').fill('not the password');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByRole('alert').filter({ hasText: 'The master password is wrong' }).waitFor();
    await session.screenshot('unlock-wrong-password-light');
    await page.getByLabel('Master password').fill(MASTER);
    await page.keyboard.press('Enter');
    await page.getByRole('listbox', { name: 'Account list' }).getByRole('option', { name: /Vendor Portal/ }).waitFor();
  });

  it('refuses an http:// login URL until the person confirms it, and shows where else the password is typed', async () => {
    session = await app.open();
    const { page } = session;
    await createVault(session);
    await page.getByLabel('I have stored the recovery key somewhere safe').check();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByRole('button', { name: 'New account' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('App name').fill('Intranet wiki');
    await dialog.getByLabel('Login URL').fill('http://wiki.intranet.test/login');
    await dialog.getByLabel('Username').fill('ops');
    await dialog.getByLabel('Password', { exact: true }).fill(SECRET);
    await dialog.getByRole('button', { name: 'Save' }).click();
    // The vault refused it: the form says why and asks, and nothing was saved.
    await dialog.getByText(/is not encrypted \(http:\/\/\)/).waitFor();
    const confirm = dialog.getByLabel(/to http:\/\/wiki\.intranet\.test unencrypted anyway/);
    await confirm.waitFor();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.getByText(/tick the box below to send the password there anyway/).waitFor();
    await dialog.getByLabel('Also type the password on').fill('https://sso.intranet.test');
    await dialog.getByText(/on these sites too\. Allow only sites that belong to this app/).waitFor();
    await confirm.scrollIntoViewIfNeeded();
    await session.screenshot('account-form-http-confirm-light');
    await confirm.check();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => dialog.isVisible()).toBe(false);

    const details = page.getByRole('region', { name: 'Account details' });
    await details.getByText('Also typed on').waitFor();
    await details.getByText('https://sso.intranet.test').waitFor();
    await details.getByText(/http:\/\/wiki\.intranet\.test — unencrypted/).waitFor();
    await session.screenshot('account-details-allowed-origins-light');
    expect(session.pageErrors).toEqual([]);
  });

  it('finds accounts by search, edits one, and deletes then restores it', async () => {
    session = await app.open({ colorScheme: 'dark' });
    const { page } = session;
    await createVault(session);
    await page.getByLabel('I have stored the recovery key somewhere safe').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await addAccount(session, { name: 'GitHub Org', url: 'https://github.test/login', username: 'octo', password: 'pw-one-123456' });
    await addAccount(session, { name: 'Twitter Brand', url: 'https://x.test/login', username: 'brand', password: 'pw-two-123456' });
    await session.screenshot('accounts-list-dark');

    await page.keyboard.press('/');
    await page.keyboard.type('twit');
    await expect.poll(() => page.getByRole('listbox', { name: 'Account list' }).getByRole('option').count()).toBe(1);
    await page.getByRole('listbox', { name: 'Account list' }).getByRole('option', { name: /Twitter Brand/ }).click();

    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Username').fill('brand-team');
    await dialog.getByLabel('New password').fill('pw-three-123456');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('username').filter({ hasText: 'brand-team' }).waitFor();
    // History and activity are collapsed sections on the account page.
    await page.getByTestId('section-history').locator('summary').click();
    await page.getByTestId('section-activity').locator('summary').click();
    await page.locator('.history li').filter({ hasText: '— edit' }).first().waitFor();
    await page.getByRole('button', { name: 'Reveal old password 1' }).click();
    await page.locator('.history-value').filter({ hasText: 'pw-two-123456' }).waitFor();
    const activity = page.getByTestId('account-audit');
    await activity.getByRole('cell', { name: 'Edited' }).first().waitFor();
    await activity.getByRole('button', { name: 'Refresh' }).click();
    await activity.getByRole('cell', { name: 'Secret revealed' }).first().waitFor();
    await activity.getByRole('button', { name: 'Check the audit log' }).click();
    await activity.getByTestId('audit-chain').filter({ hasText: 'The audit log is intact' }).waitFor();

    await page.getByRole('button', { name: 'Delete', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText(/moved to Recently deleted/).waitFor();
    await page.getByRole('searchbox').fill('');
    await expect.poll(() => page.getByRole('listbox', { name: 'Account list' }).getByRole('option').count()).toBe(1);
    await page.getByRole('button', { name: 'Recently deleted' }).click();
    await page.getByRole('listbox', { name: 'Account list' }).getByRole('option', { name: /Twitter Brand/ }).click();
    await page.getByRole('button', { name: 'Restore' }).click();
    await page.getByText('Twitter Brand was restored.').waitFor();
    await page.getByRole('group', { name: 'Show' }).getByRole('button', { name: 'Accounts' }).click();
    await expect.poll(() => page.getByRole('listbox', { name: 'Account list' }).getByRole('option').count()).toBe(2);
    expect(session.pageErrors).toEqual([]);
  });
});
