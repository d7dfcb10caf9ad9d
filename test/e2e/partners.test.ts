// Partners on the Sharing screens, three people each in their own app (web test host, real
// vault files) over a real relay on 127.0.0.1: Hana (host Owner) creates a workspace and a
// partnership, invites its Manager (Mo) with the guided steps and admits him into it; shares an
// account with the partner from "Who has access"; Mo — a Guest of the host, not an Admin —
// invites Cy into the partner, admits him and gives him the account; Cy sees it under "Shared
// with you". Hana sees who holds it through the partner, ends the partnership after a dialog
// that says what that does, and the account leaves Cy's app. Screenshots of each step.
import { describe, expect, it } from 'vitest';
import type { Locator, Page } from 'playwright-core';
import { useAppSessions, type AppSession } from './harness';
import { accountOptions, sectionButton, seededVault, seriousAxeViolations, useTestRelay } from './desktop-helpers';

const FIRST_LOAD = { timeout: 15_000 };
const SYNC = { timeout: 20_000 };
const goTo = (page: Page, name: string) => sectionButton(page, name).click();

/** A person joins with the code in `inviter`'s panel and reads their six digits back to it; `inviter` admits them. */
async function joinThrough(panel: Locator, joiner: AppSession, name: string, email: string): Promise<void> {
  await panel.getByRole('button', { name: 'Create invitation' }).click();
  const code = (await panel.getByTestId('invitation-code').textContent())!;
  await goTo(joiner.page, 'Sharing');
  await joiner.page.getByText('Join with an invitation').click();
  const join = joiner.page.getByTestId('join-workspace-section');
  await join.getByLabel('Invitation code').fill(code);
  await join.getByLabel('Your name').fill(name);
  await join.getByLabel('Your work email').fill(email);
  await join.getByRole('button', { name: 'Join' }).click();
  const sas = joiner.page.getByTestId('join-sas');
  await expect.poll(() => sas.textContent(), SYNC).toMatch(/^\d{3} ?\d{3}$/);
  await expect.poll(() => panel.getByText(/join request is waiting/).count(), SYNC).toBe(1);
  await panel.getByLabel('Six-digit code they read to you').fill((await sas.textContent())!);
  await panel.getByRole('button', { name: 'Admit' }).click();
}

describe('partners on the Sharing screen', () => {
  const relay = useTestRelay();
  const app = useAppSessions();

  it("lets a partner's Manager bring in their own person and give them a host account, until the host ends the partnership", async () => {
    const hana = await app.open({ beforeLoad: seededVault([{ name: 'Vendor portal', urls: ['https://vendor.example.test/login'], username: 'ops@host.test', password: 'vN4#tq8!Lw2$Zr6pKx9@' }]) });
    const mo = await app.open({ beforeLoad: seededVault([]) });
    const cy = await app.open({ beforeLoad: seededVault([]) });
    await accountOptions(hana.page).first().waitFor(FIRST_LOAD);

    // Hana: a workspace, then a partnership with the agency.
    await goTo(hana.page, 'Sharing');
    const create = hana.page.getByTestId('create-workspace-section');
    await create.getByLabel('Workspace name').fill('Host team');
    await create.getByRole('button', { name: 'Create workspace' }).click();
    await create.getByLabel('Your name').fill('Hana Host');
    await create.getByLabel('Your work email').fill('hana@host.test');
    await create.getByLabel('Relay address').fill(relay.url);
    await create.getByRole('button', { name: 'Create workspace' }).click();
    const hostCard = hana.page.getByTestId('workspace');
    await expect.poll(() => hostCard.getByTestId('sync-state').textContent(), SYNC).toMatch(/^Online/);
    const hostPartners = hostCard.getByTestId('partners');
    await hostPartners.getByLabel('Partner organisation').fill('Acme Agency');
    await hostPartners.getByRole('button', { name: 'Create partnership' }).click();
    await hostPartners.getByText('Created the partnership with Acme Agency.', { exact: false }).waitFor(SYNC);

    // Its Manager: the guided invitation, into the partner.
    const managerInvite = hostPartners.getByTestId('partner-invite').filter({ hasText: 'Invite the Manager of Acme Agency' });
    await managerInvite.getByRole('button', { name: 'Invite its Manager…' }).click();
    await managerInvite.getByText('as its Manager', { exact: false }).waitFor();
    await joinThrough(managerInvite, mo, 'Mo Manager', 'mo@agency.test');
    await hostPartners.getByText('Admitted into Acme Agency as its Manager.', { exact: false }).waitFor(SYNC);
    await expect.poll(() => hostPartners.getByRole('list', { name: 'People of Acme Agency' }).textContent(), SYNC).toContain('Mo Manager <mo@agency.test> · Manager');

    // Hana shares the account with the partner: only as Collaborator.
    await goTo(hana.page, 'Accounts');
    await hana.page.getByRole('option', { name: /Vendor portal/ }).click();
    const access = hana.page.getByTestId('account-sharing');
    await expect.poll(() => access.getByLabel('With').locator('option').allTextContents(), SYNC).toContain('Acme Agency (its Managers grant it on)');
    await access.getByLabel('With').selectOption({ label: 'Acme Agency (its Managers grant it on)' });
    expect(await access.getByLabel('As').locator('option').allTextContents()).toEqual(['Collaborator (logs in, never sees the password)']);
    await access.getByRole('button', { name: 'Share', exact: true }).click();
    await expect.poll(() => access.textContent(), SYNC).toContain('Partner Acme Agency: ');

    // Mo, a Guest here, manages the partner: he invites Cy into it and gives him the account.
    const moPartners = mo.page.getByTestId('workspace').getByTestId('partners');
    await expect.poll(() => moPartners.getByRole('list', { name: 'Accounts shared with Acme Agency' }).textContent(), SYNC).toContain('Vendor portal');
    expect(await mo.page.getByTestId('invite').count()).toBe(0); // no workspace invitations for a Guest
    const personInvite = moPartners.getByTestId('partner-invite');
    await personInvite.getByRole('button', { name: 'Invite a person…' }).click();
    await joinThrough(personInvite, cy, 'Cy Contractor', 'cy@agency.test');
    await moPartners.getByText('Admitted into Acme Agency.', { exact: false }).waitFor(SYNC);
    await expect.poll(() => moPartners.getByLabel('Give Vendor portal to').count(), SYNC).toBe(1);
    await moPartners.getByLabel('Give Vendor portal to').selectOption({ label: 'Cy Contractor <cy@agency.test>' });
    await moPartners.getByRole('button', { name: 'Give access' }).click();
    await moPartners.getByText('Cy Contractor <cy@agency.test> can now log in to Vendor portal as a Collaborator.').waitFor(SYNC);
    await mo.screenshot('partners-manager');
    expect(await seriousAxeViolations(mo.page)).toEqual([]);

    // Cy has it, as a Collaborator.
    const withMe = cy.page.getByTestId('shared-with-me');
    await expect.poll(() => withMe.getByRole('heading').textContent(), SYNC).toBe('Shared with you (1)');
    await cy.screenshot('partners-contractor');

    // Hana sees who holds it through the partner, and ends the partnership.
    await goTo(hana.page, 'Sharing');
    const holders = hostPartners.getByRole('list', { name: 'Accounts shared with Acme Agency' });
    await expect.poll(() => holders.textContent(), SYNC).toMatch(/Vendor portal: .*Cy Contractor <cy@agency\.test>/);
    await hana.screenshot('partners-host');
    expect(await seriousAxeViolations(hana.page)).toEqual([]);
    await hostPartners.getByRole('button', { name: 'End partnership…' }).click();
    const dialog = hana.page.getByRole('dialog', { name: 'End the partnership with Acme Agency?' });
    await dialog.getByText('Everyone who came in through the partner leaves this workspace', { exact: false }).waitFor();
    await hana.screenshot('partners-end-dialog');
    await dialog.getByRole('button', { name: 'End partnership' }).click();
    await hostPartners.getByText(/Ended the partnership with Acme Agency: 2 person\(s\) left the workspace/).waitFor(SYNC);
    await expect.poll(() => hostPartners.getByTestId('partner').textContent(), SYNC).toContain('ended');

    // The account leaves Cy's app. One read that never waits: the whole section goes with its last
    // account, and a textContent() after a count() of 1 would wait for a heading that is gone.
    await expect.poll(() => withMe.getByRole('heading').allTextContents(), SYNC).not.toContain('Shared with you (1)');
    await cy.screenshot('partners-after-end');
  });
});
