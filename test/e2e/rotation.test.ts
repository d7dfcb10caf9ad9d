// Rotation in the app, in real Chromium through the web test host: one-click rotation of an
// account on a fixture site that asks for a TOTP code at every login (the app's own service
// composition hands rotation the code provider), confirmed in a Radix dialog, with live
// progress and the committed result; then jobs waiting for decrypt approval, decided in the
// Radix ApprovalDialog (approve a batch for one hour, deny, approve one job); then "Log out
// everywhere…" on a site with "sign out of all sessions": every session ends, then the password
// rotates. Focus stays inside each dialog and returns to where it was. Screenshots in light
// and dark.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { closeSharedBrowser, openApp, type AppSession } from './harness';
import { accountList, checkInBothSchemes, idsOf, seededVault } from './desktop-helpers';
import { FIXTURE_PASSWORD, FIXTURE_TOTP_SECRET, FIXTURE_USERNAME, type RunningSite } from '../fixtures/sites/kit/site-server';
import type { ChangePasswordSiteState } from '../fixtures/sites/change-password-kit/change-password-site';
import { start as startTotpSite, TOTP_PERIOD_SECONDS } from '../fixtures/sites/change-password-totp/server';
import { start as startLogoutSite } from '../fixtures/sites/change-password-logout-everywhere/server';

let session: AppSession;
let site: RunningSite<ChangePasswordSiteState>;
let logoutSite: Awaited<ReturnType<typeof startLogoutSite>>;

beforeAll(async () => {
  site = await startTotpSite();
  logoutSite = await startLogoutSite();
  session = await openApp({ beforeLoad: seededVault([
    { name: 'Two-factor site', urls: [site.url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD, totp: { secret: FIXTURE_TOTP_SECRET, period: TOTP_PERIOD_SECONDS } },
    { name: 'Vendor Portal', urls: ['https://portal.vendor.invalid/login'], username: 'team', password: 'pw-portal' },
    { name: 'Vendor Billing', urls: ['https://billing.vendor.invalid/login'], username: 'team', password: 'pw-billing' },
    { name: 'Brand Social', urls: ['https://social.invalid/login'], username: 'brand', password: 'pw-social' },
    { name: 'Analytics', urls: ['https://analytics.invalid/login'], username: 'data', password: 'pw-analytics' },
    { name: 'Keeper', urls: [logoutSite.url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD },
  ]) });
}, 60_000);

afterAll(async () => {
  expect(session.pageErrors).toEqual([]);
  await session.close();
  await site.close();
  await logoutSite.close();
  await closeSharedBrowser();
});

const isFocused = (locator: Locator) => locator.evaluate((el) => el === document.activeElement);

/** Tabs around the dialog (forwards and backwards): focus never leaves it. */
async function expectFocusTrapped(page: Page, dialog: Locator) {
  for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    expect(await dialog.evaluate((el) => el.contains(document.activeElement))).toBe(true);
  }
}

describe('rotation in the app', () => {
  it('rotates an account with TOTP at login in one click, confirmed in a dialog, with progress and the committed result', async () => {
    const { page, host } = session;
    const [id] = idsOf(host);
    await accountList(page).getByRole('option', { name: /^Two-factor site/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Two-factor site' }).waitFor();
    const rotate = page.getByTestId('rotation-panel').getByRole('button', { name: 'Rotate password' });

    // Opened from the keyboard, cancelled with Escape: focus was trapped and comes back.
    await rotate.focus();
    await page.keyboard.press('Enter');
    const confirm = page.getByRole('dialog', { name: 'Rotate the password of Two-factor site?' });
    await confirm.waitFor();
    await expectFocusTrapped(page, confirm);
    await checkInBothSchemes(session, 'rotation-confirm');
    await page.keyboard.press('Escape');
    await confirm.waitFor({ state: 'detached' });
    await expect.poll(() => isFocused(rotate)).toBe(true);
    expect(site.state.loginAttempts).toBe(0);

    await page.keyboard.press('Enter');
    await confirm.getByRole('button', { name: 'Rotate password' }).click();
    const steps = page.getByTestId('rotation-steps');
    await steps.getByText('Checking the new password').waitFor({ timeout: 45_000 });
    const result = page.getByTestId('rotation-result');
    await result.waitFor({ timeout: 45_000 });
    expect(await result.getAttribute('data-state')).toBe('COMMITTED');
    expect(await result.textContent()).toBe('Rotated: the new password works; the old one is in the history');
    // Progress showed the journal states and the OTP step of the login with the old password.
    const progress = (await steps.textContent()) ?? '';
    for (const text of ['Logging in with the current password', 'login:fill-otp', 'Submitting the change', 'Checking the new password']) expect(progress).toContain(text);
    await result.scrollIntoViewIfNeeded();
    await checkInBothSchemes(session, 'rotation-committed');

    const current = host.services.vault.unlocked().accounts.get(id!).password;
    expect(current).not.toBe(FIXTURE_PASSWORD);
    expect(site.state.passwords.get(FIXTURE_USERNAME)).toBe(current);
    expect(site.state.codesAccepted).toBe(2);
    expect(site.state.codesReused).toBe(0);
    expect(await page.content()).not.toContain(current);
  });

  it('asks before decrypting a local account for a job: approve a batch for an hour, deny, approve one job', async () => {
    const { page, host } = session;
    const [, portal, billing, social, analytics] = idsOf(host);
    const { scheduler } = host.services.rotation;
    const rotation = host.services.rotation;
    await rotation.stop(); // jobs are decided here, not run against the made-up sites
    scheduler.addPolicy({ name: 'On removal', schedule: { type: 'event', events: ['member_removed'] }, scope: { accountIds: [portal!, billing!, social!, analytics!] } });
    await accountList(page).getByRole('option', { name: /^Two-factor site/ }).click();
    const heading = page.getByRole('heading', { level: 1, name: 'Two-factor site' });
    const dialog = page.getByTestId('approval-dialog');
    const ask = async (accountIds: string[]) => {
      const jobs = scheduler.onEvent({ type: 'member_removed', accountIds, subject: 'Bob' });
      expect(jobs.map((j) => j.status)).toEqual(accountIds.map(() => 'needs_approval'));
      await heading.focus();
      host.services.events.emit('rotation.approvalNeeded', { jobs: jobs.length });
      await dialog.waitFor();
      return jobs;
    };
    const statusOf = (jobId: string) => scheduler.jobs.get(jobId).status;

    // Two jobs wait: one grouped dialog names each account, its site and the task; one click approves both.
    const batch = await ask([portal!, billing!]);
    expect(await dialog.getByRole('heading').textContent()).toBe('Approve 2 password rotations?');
    const rows = await dialog.getByTestId('approval-list').getByRole('listitem').allTextContents();
    expect(rows.sort()).toEqual([
      'Vendor Billing · billing.vendor.invalid · change its password · member removed: Bob',
      'Vendor Portal · portal.vendor.invalid · change its password · member removed: Bob',
    ]);
    await expectFocusTrapped(page, dialog);
    await checkInBothSchemes(session, 'approval-dialog');
    await dialog.getByRole('button', { name: 'Approve all 2' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(batch.map((job) => statusOf(job.id))).toEqual(['queued', 'queued']);
    await expect.poll(() => isFocused(heading)).toBe(true);

    const [denied] = await ask([social!]);
    expect(await dialog.getByRole('heading').textContent()).toBe('Approve decrypting Brand Social?');
    expect(await dialog.getByRole('button', { name: /Approve this batch/ }).textContent()).toBe('Approve this batch for one hour');
    await dialog.getByRole('button', { name: 'Deny' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(statusOf(denied!.id)).toBe('denied');

    const [approved] = await ask([analytics!]);
    await dialog.getByRole('button', { name: 'Approve this job' }).focus();
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect(statusOf(approved!.id)).toBe('queued');
    await expect.poll(() => isFocused(heading)).toBe(true);

    const kinds = host.services.vault.unlocked().audit.entries().map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['approval.grant_batch', 'approval.grant', 'approval.deny']));
  });

  it('logs out everywhere on an account from its page: every session signed out, then the password rotated', async () => {
    const { page, host } = session;
    const keeper = idsOf(host)[5]!;
    await accountList(page).getByRole('option', { name: /^Keeper/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Keeper' }).waitFor();
    await page.getByTestId('rotation-panel').getByRole('button', { name: 'Log out everywhere…' }).click();
    const confirm = page.getByRole('dialog', { name: 'Log out everywhere on Keeper?' });
    await confirm.waitFor();
    await expectFocusTrapped(page, confirm);
    await checkInBothSchemes(session, 'logout-everywhere-confirm');
    await confirm.getByRole('button', { name: 'Log out everywhere' }).click();

    const signedOut = page.getByTestId('logout-result');
    await signedOut.waitFor({ timeout: 60_000 });
    expect(await signedOut.getAttribute('data-outcome')).toBe('signed_out');
    const result = page.getByTestId('rotation-result');
    await result.waitFor({ timeout: 60_000 });
    expect(await result.getAttribute('data-state')).toBe('COMMITTED');
    expect(await page.getByTestId('rotation-steps').textContent()).toContain('logout:');
    await result.scrollIntoViewIfNeeded();
    await checkInBothSchemes(session, 'logout-everywhere-done');

    expect(logoutSite.state.logoutEverywhereCount).toBe(1);
    const current = host.services.vault.unlocked().accounts.get(keeper).password;
    expect(current).not.toBe(FIXTURE_PASSWORD);
    expect(logoutSite.state.passwords.get(FIXTURE_USERNAME)).toBe(current);
    expect(await page.content()).not.toContain(current);
  });
});
