// A Collaborator on a shared account in the app: the account page offers no Reveal or Copy
// for the password, says plainly that this is enforced by the client, and Verify still logs
// in with the TOTP filled by the automation. The password never reaches the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp, closeSharedBrowser, type AppSession } from './harness';
import { accountList, idsOf, seededVault } from './desktop-helpers';
import { FIXTURE_PASSWORD, FIXTURE_TOTP_SECRET, FIXTURE_USERNAME, type RunningSite } from '../fixtures/sites/kit/site-server';
import { start as totpStep } from '../fixtures/sites/totp-step/server';

let session: AppSession;
let site: RunningSite<unknown>;

beforeAll(async () => {
  site = await totpStep();
  session = await openApp({
    beforeLoad: async (host) => {
      await seededVault([{ name: 'Shared TOTP site', urls: [site.url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD, totp: { secret: FIXTURE_TOTP_SECRET } }])(host);
      const [id] = idsOf(host);
      // As the account's SharedAccountDoc would answer for a member granted Collaborator.
      host.services.sharing.attach({ roleOf: (accountId) => (accountId === id ? 'collaborator' : undefined), all: () => new Map([[id!, 'collaborator' as const]]) });
    },
  });
}, 60_000);

afterAll(async () => {
  expect(session.pageErrors).toEqual([]);
  await session.close();
  await closeSharedBrowser();
  await site.close();
});

describe('a Collaborator in the app', () => {
  it('shows no Reveal or Copy for the password, says it is enforced by the app, and still logs in', async () => {
    const { page } = session;
    await accountList(page).getByRole('option', { name: /^Shared TOTP site/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Shared TOTP site' }).waitFor();
    await expect.poll(() => page.getByTestId('collaborator-notice').textContent()).toBe(
      'Collaborators can log in with this account but cannot see its password. Tessera enforces this in the app; it is not a cryptographic guarantee.',
    );
    expect(await page.getByRole('button', { name: 'Reveal' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Copy password' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Edit' }).count()).toBe(0);
    await session.screenshot('collaborator-account');

    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    const outcome = page.getByTestId('automation-outcome');
    await outcome.waitFor({ timeout: 45_000 });
    expect(await outcome.textContent()).toMatch(/^Logged in: the credentials work\./);
    const html = await page.content();
    expect(html).not.toContain(FIXTURE_PASSWORD);
    expect(html).not.toContain(FIXTURE_TOTP_SECRET);
  }, 90_000);

  it('lists the account as shared with its role, and leaves it out of bulk rotation and sharing', async () => {
    const { page } = session;
    const option = accountList(page).getByRole('option', { name: /^Shared TOTP site/ });
    expect(await option.textContent()).toContain('Shared, Collaborator');
    await option.click({ modifiers: ['Control'] });
    const bar = page.getByTestId('bulk-bar');
    await expect.poll(() => bar.textContent()).toContain('1 shared with you as a Collaborator is left out: only Owners rotate or share.');
    expect(await bar.getByRole('button', { name: /^Rotate/ }).count()).toBe(0);
    expect(await bar.getByRole('button', { name: /^Share/ }).count()).toBe(0);
    await session.screenshot('collaborator-bulk-choice');
  });
});
