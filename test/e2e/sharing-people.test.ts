// Sharing between two people, each in their own app (web test host, real vault file) over a
// real relay on 127.0.0.1: Ada creates a workspace with her name, invites through the guided
// steps (QR and copy), Ben joins with his name and reads his six-digit code, Ada admits him;
// both see each other by name and email. Then Ada takes her account from level 1 to level 5
// with only the buttons its milestones offer — Verify now (real Chromium against a login
// fixture with a TOTP step), Set managed email/phone (mail seeded into the real inbox store;
// IMAP delivery has its own tests), Share… with Ben, Add to a policy. The account appears under
// "Shared with you" on Ben's Sharing screen; Ada changes his role to Guest after a
// confirmation that says what it does, then logs him out everywhere (the account's sessions
// end and its password rotates). Screenshots of each step.
import { describe, expect, it, onTestFinished } from 'vitest';
import type { Page } from 'playwright-core';
import { useAppSessions } from './harness';
import { accountOptions, deliverMail, idsOf, sectionButton, seededVault, seriousAxeViolations, useTestRelay } from './desktop-helpers';
import { startChangePasswordSite } from '../fixtures/sites/change-password-kit/change-password-site';
import { FIXTURE_TOTP_SECRET } from '../fixtures/sites/kit/site-server';
import { TOTP_PERIOD_SECONDS } from '../fixtures/sites/change-password-totp/server';

const FIRST_LOAD = { timeout: 15_000 };
const SYNC = { timeout: 20_000 };
const STRONG = 'vN4#tq8!Lw2$Zr6pKx9@';
const goTo = (page: Page, name: string) => sectionButton(page, name).click();
const memberRows = async (page: Page) => (await page.getByTestId('members').getByRole('row').allTextContents()).slice(1).sort();

describe('sharing between people, by name', () => {
  const relay = useTestRelay();
  const app = useAppSessions();

  it('invites and admits a person everyone sees by name, and takes a shared account to level 5 with the milestones\' buttons', async () => {
    // A 5-second TOTP period: each login of the Universal Logout waits for a fresh code (the site refuses one twice).
    const site = await startChangePasswordSite({ title: 'Acme Admin', accounts: { 'ops@acme.test': STRONG }, totp: { periodSeconds: TOTP_PERIOD_SECONDS }, logoutEverywhere: true });
    onTestFinished(() => site.close());
    const ada = await app.open({ beforeLoad: seededVault([{ name: 'Acme Admin', urls: [site.url], username: 'ops@acme.test', password: STRONG, totp: { secret: FIXTURE_TOTP_SECRET, period: TOTP_PERIOD_SECONDS } }]) });
    const ben = await app.open({ beforeLoad: seededVault([]) });
    await accountOptions(ada.page).first().waitFor(FIRST_LOAD);

    // Ada: a workspace, with her name asked in the same form.
    await goTo(ada.page, 'Sharing');
    const create = ada.page.getByTestId('create-workspace-section');
    await create.getByLabel('Workspace name').fill('Acme team');
    await create.getByRole('button', { name: 'Create workspace' }).click();
    await create.getByText('Enter the name your teammates know you by.').waitFor();
    await create.getByLabel('Your name').fill('Ada Lovelace');
    await create.getByLabel('Your work email').fill('ada@acme.test');
    await create.getByLabel('Relay address').fill(relay.url);
    await create.getByRole('button', { name: 'Create workspace' }).click();
    const adaWorkspace = ada.page.getByTestId('workspace');
    await expect.poll(() => adaWorkspace.getByTestId('sync-state').textContent(), SYNC).toMatch(/^Online/);

    // The guided invitation: role, then the code (QR and copy), then the six digits.
    await adaWorkspace.getByRole('button', { name: 'Invite a person…' }).click();
    await adaWorkspace.getByLabel('The invitation works for').selectOption('72');
    await adaWorkspace.getByRole('button', { name: 'Create invitation' }).click();
    await adaWorkspace.getByTestId('invitation-qr').waitFor();
    await adaWorkspace.getByText(/It admits one person..*It expires/).waitFor();
    const code = (await adaWorkspace.getByTestId('invitation-code').textContent())!;
    expect(code).toMatch(/^tessera-invite:/);
    await ada.screenshot('sharing-invite-steps');
    expect(await seriousAxeViolations(ada.page)).toEqual([]);

    // Ben joins with his name; his screen shows the code he reads to Ada.
    await goTo(ben.page, 'Sharing');
    await ben.page.getByText('Join with an invitation').click();
    const join = ben.page.getByTestId('join-workspace-section');
    await join.getByLabel('Invitation code').fill(code);
    await join.getByLabel('Your name').fill('Ben Okafor');
    await join.getByLabel('Your work email').fill('ben@acme.test');
    await join.getByRole('button', { name: 'Join' }).click();
    const sas = ben.page.getByTestId('join-sas');
    await expect.poll(() => sas.textContent(), SYNC).toMatch(/^\d{3} ?\d{3}$/);
    await ben.screenshot('sharing-join-code');

    await expect.poll(() => adaWorkspace.getByText(/join request is waiting/).count(), SYNC).toBe(1);
    await adaWorkspace.getByLabel('Six-digit code they read to you').fill((await sas.textContent())!);
    await adaWorkspace.getByRole('button', { name: 'Admit' }).click();
    await adaWorkspace.getByText('Admitted as Member.', { exact: false }).waitFor(SYNC);

    // Both see both by name and email; ids and fingerprints stay under Advanced.
    await expect.poll(() => memberRows(ada.page), SYNC).toEqual([expect.stringMatching(/^Ada Lovelace \(you\)ada@acme\.testOwner$/), expect.stringMatching(/^Ben Okaforben@acme\.test/)]);
    await expect.poll(() => memberRows(ben.page), SYNC).toEqual(['Ada Lovelaceada@acme.testOwner', 'Ben Okafor (you)ben@acme.testMember']);

    // Ada's account, from level 1 (its TOTP is held) to 5, one milestone button at a time.
    await goTo(ada.page, 'Accounts');
    await ada.page.getByRole('option', { name: /Acme Admin/ }).click();
    const milestone = (id: string) => ada.page.getByTestId(`milestone-${id}`);
    const level = (n: number) => ada.page.getByRole('img', { name: new RegExp(`^Security level ${n} of 5`) });
    await expect.poll(() => level(1).count(), SYNC).toBe(2);
    await milestone('credentials').getByRole('button', { name: 'Verify now' }).click();
    await expect.poll(() => milestone('credentials').getAttribute('data-state'), { timeout: 60_000 }).toBe('achieved');
    await milestone('managedContact').getByRole('button', { name: 'Set managed email/phone' }).click();
    const edit = ada.page.getByRole('dialog');
    await edit.getByLabel('Managed email alias').fill('acme+ops@inbox.team.test');
    await edit.getByRole('button', { name: 'Save' }).click();
    await deliverMail(ada.host, idsOf(ada.host));
    await expect.poll(() => milestone('managedContact').getAttribute('data-state'), SYNC).toBe('achieved');
    // Share… leads to "Who has access", where Ada picks Ben by name.
    await milestone('shared').getByRole('button', { name: 'Share…' }).click();
    const access = ada.page.getByTestId('account-sharing');
    await access.getByLabel('With').selectOption({ label: 'Ben Okafor <ben@acme.test> (Member)' });
    await access.getByRole('button', { name: 'Share', exact: true }).click();
    await expect.poll(() => access.textContent(), SYNC).toContain('Ben Okafor <ben@acme.test>: ');
    await expect.poll(() => milestone('shared').getAttribute('data-state'), SYNC).toBe('achieved');
    await milestone('rotation').getByRole('button', { name: 'Add to a policy' }).click();
    await milestone('rotation').getByRole('button', { name: 'Add', exact: true }).click();
    await expect.poll(() => milestone('rotation').getAttribute('data-state'), SYNC).toBe('achieved');
    // Level 5 on the page and in the list.
    await expect.poll(() => level(5).count(), SYNC).toBe(2);
    // Days in the milestones read like every other date in the app (the locale's), not YYYY-MM-DD.
    expect(await ada.page.getByTestId('milestones').textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}/);
    await ada.screenshot('account-level-5');

    // On Ben's Sharing screen it is listed under "Shared with you", and opens the account.
    const withMe = ben.page.getByTestId('shared-with-me');
    await expect.poll(() => withMe.getByRole('heading').textContent(), SYNC).toBe('Shared with you (1)');
    await ben.screenshot('sharing-shared-with-me');
    expect(await seriousAxeViolations(ben.page)).toEqual([]);
    await withMe.getByRole('button', { name: 'Acme Admin' }).click();
    await ben.page.getByRole('heading', { level: 1, name: 'Acme Admin' }).waitFor(FIRST_LOAD);

    // Ada makes Ben a Guest; the dialog says what that does first.
    await goTo(ada.page, 'Sharing');
    await adaWorkspace.getByLabel('Role of Ben Okafor <ben@acme.test>').selectOption('guest');
    const dialog = ada.page.getByRole('dialog');
    await dialog.getByText('Guests see only the accounts shared with them, as Collaborators', { exact: false }).waitFor();
    await ada.screenshot('sharing-role-change');
    await dialog.getByRole('button', { name: 'Change role' }).click();
    await adaWorkspace.getByText('Ben Okafor <ben@acme.test> is now Guest.').waitFor(SYNC);
    await goTo(ben.page, 'Sharing');
    await expect.poll(() => memberRows(ben.page), SYNC).toEqual(['Ada Lovelaceada@acme.testOwner', 'Ben Okafor (you)ben@acme.testGuest']);

    // Ada logs Ben out everywhere: every session of the account he can use ends, then it rotates.
    await adaWorkspace.getByRole('button', { name: 'Log out everywhere' }).click();
    const logout = ada.page.getByRole('dialog', { name: 'Log Ben Okafor <ben@acme.test> out everywhere?' });
    await logout.getByText('signs out every session on the site', { exact: false }).waitFor();
    await logout.getByRole('button', { name: 'Log out everywhere' }).click();
    const results = adaWorkspace.getByTestId('member-logout-results');
    await results.waitFor({ timeout: 90_000 });
    expect(await results.getByRole('listitem').allTextContents()).toEqual([
      'Acme Admin: Every session on the site was signed out. Rotated: the new password works; the old one is in the history',
    ]);
    expect(site.state.logoutEverywhereCount).toBe(1);
    await results.scrollIntoViewIfNeeded();
    await ada.screenshot('sharing-member-logout');
  });
});
