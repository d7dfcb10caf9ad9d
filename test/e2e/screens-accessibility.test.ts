// Every main screen in light and dark: a screenshot in test-results/screens/ and an
// axe-core check with no serious or critical violations. The Sharing screen creates a
// workspace on a real relay (127.0.0.1), shows an invitation code and the members list, and
// creates a team with this person in it.
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { useAppSessions, SCREENS_DIR, type AppSession } from './harness';
import { accountOptions, MASTER, seededVault, seriousAxeViolations, useTestRelay, withAttention } from './desktop-helpers';
import type { Page } from 'playwright-core';

const TOTP = { secret: 'JBSWY3DPEHPK3PXP' };

describe.each(['light', 'dark'] as const)('main screens in %s mode', (scheme) => {
  let session: AppSession | null = null;
  const relay = useTestRelay();
  const app = useAppSessions();

  /** Screenshot plus axe; the screen name says which screen broke. */
  async function check(page: Page, screen: string) {
    await session!.screenshot(`${screen}-${scheme}`);
    expect({ screen, violations: await seriousAxeViolations(page) }).toEqual({ screen, violations: [] });
  }

  it('create, recovery key, first run and unlock', async () => {
    session = await app.open({ colorScheme: scheme });
    const { page } = session;
    await page.getByRole('heading', { name: 'Create your vault' }).waitFor();
    await check(page, 'create-vault');
    await page.getByLabel('Master password', { exact: true }).fill(MASTER);
    await page.getByLabel('Repeat master password').fill(MASTER);
    await page.getByRole('button', { name: 'Create vault' }).click();
    await page.getByTestId('recovery-key').waitFor();
    await check(page, 'recovery-key');
    await page.getByLabel('I have stored the recovery key somewhere safe').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('heading', { name: 'Bring your first account to level 5' }).waitFor();
    await check(page, 'first-run');
    await page.getByRole('button', { name: 'Lock' }).click();
    await page.getByRole('heading', { name: 'Unlock Tessera' }).waitFor();
    await check(page, 'unlock');
  });

  it('accounts, account page, edit dialog, dashboard, settings, sharing and launcher', async () => {
    session = await app.open({ colorScheme: scheme, beforeLoad: withAttention(seededVault([
      { name: 'Acme Admin', urls: ['https://admin.acme.test/login'], username: 'ops@acme.test', password: 'k7#Qm!2vR9$zLp@4', totp: TOTP, managedEmail: 'acme@inbox.team.test', tags: ['admin'] },
      { name: 'Brand Twitter', urls: ['https://x.test'], username: 'brand', password: 'password1', tags: ['social'] },
      { name: 'Vendor Portal', urls: ['https://portal.vendor.test'], username: 'team', password: 'Same-Long-Secret-41!x', tags: ['vendor'] },
      { name: 'Vendor Billing', urls: ['https://billing.vendor.test'], username: 'team', password: 'Same-Long-Secret-41!x', managedPhone: '+1 555 0100', tags: ['vendor'] },
      { name: 'Analytics', urls: ['https://analytics.test'], username: 'data@team.test', password: 'xJ4-vq9T-mw2P-88rz', totp: TOTP },
    ]), 'vendor') });
    const { page, host, context } = session;
    await accountOptions(page).first().waitFor();
    await page.getByRole('option', { name: /Acme Admin/ }).click();
    await page.getByTestId('milestone-managedMfa').waitFor();
    await expect.poll(async () => (await page.locator('dl').getByTestId('totp-code').textContent())?.replace(/\s/g, '')).toMatch(/^\d{6}$/);
    await check(page, 'accounts');

    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('dialog').waitFor();
    await check(page, 'account-dialog');
    await page.keyboard.press('Escape');

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Dashboard' }).click();
    await page.getByTestId('chart-upcoming').waitFor();
    await page.getByTestId('chart-passwords').waitFor();
    await check(page, 'dashboard');

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Settings' }).click();
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await check(page, 'settings');

    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Sharing' }).click();
    await page.getByRole('heading', { level: 1, name: 'Sharing' }).waitFor();
    await expect.poll(async () => (await page.getByTestId('identity-fingerprint').textContent()) ?? '').not.toBe('');
    await page.getByLabel('Workspace name').fill('Acme team');
    // No name yet: the first workspace asks for it, and the team sees this person by it.
    const create = page.getByTestId('create-workspace-section');
    await create.getByLabel('Your name').fill('Ada Owner');
    await create.getByLabel('Your work email').fill('ada@acme.test');
    await create.getByLabel('Relay address').fill(relay.url);
    await page.getByRole('button', { name: 'Create workspace' }).click();
    const workspace = page.getByTestId('workspace');
    await workspace.getByRole('heading', { name: 'Acme team' }).waitFor();
    await expect.poll(() => workspace.getByTestId('sync-state').textContent()).toMatch(/^Online · Last synced .* · You are Owner$/);
    await workspace.getByRole('button', { name: 'Invite a person…' }).click();
    await workspace.getByRole('button', { name: 'Create invitation' }).click();
    await expect.poll(() => workspace.getByTestId('invitation-code').textContent()).toMatch(/^tessera-invite:/);
    await workspace.getByTestId('invitation-qr').waitFor();
    const you = await page.getByTestId('identity-fingerprint').textContent();
    await expect.poll(async () => (await workspace.getByTestId('members').getByRole('row').allTextContents()).slice(1)).toEqual(['Ada Owner (you)ada@acme.testOwner']);
    await workspace.getByText('Advanced: member keys').click();
    await expect.poll(() => workspace.getByTestId('member-keys').textContent()).toContain(`Ada Owner <ada@acme.test> (you)${you}`);
    await workspace.getByLabel('Team name').fill('Operations');
    await workspace.getByRole('button', { name: 'Create team' }).click();
    await workspace.getByRole('status').filter({ hasText: 'Created the team Operations.' }).waitFor();
    await workspace.getByRole('button', { name: 'Add member' }).click();
    await expect.poll(() => workspace.getByTestId('teams').textContent()).toMatch(/^Operations.*Ada Owner <ada@acme\.test> · OwnerRemove$/);
    await check(page, 'sharing');

    // The account page lists who has access: only this person until it is shared.
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('button', { name: 'Accounts' }).click();
    await page.getByRole('option', { name: /Acme Admin/ }).click();
    await expect.poll(() => page.getByTestId('account-sharing').textContent()).toContain('Only you. Share it with a member below.');
    // The share form offers the team next to people; the grant is listed by the team's name.
    await page.getByTestId('account-sharing').getByRole('button', { name: 'Share', exact: true }).click();
    await expect.poll(() => page.getByTestId('account-sharing').textContent()).toContain('Team Operations: ');

    const launcher = await context.newPage();
    await launcher.setViewportSize({ width: 640, height: 420 });
    await launcher.goto(host.url);
    await launcher.evaluate(() => { location.hash = '#/launcher'; });
    await launcher.getByRole('combobox', { name: 'Find an account' }).fill('vendor');
    await launcher.getByRole('option', { name: /Vendor Portal/ }).waitFor();
    await launcher.screenshot({ path: join(SCREENS_DIR, `launcher-${scheme}.png`) });
    expect({ screen: 'launcher', violations: await seriousAxeViolations(launcher) }).toEqual({ screen: 'launcher', violations: [] });
  });
});
