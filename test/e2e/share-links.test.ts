// Share links on the account page (web test host, real vault file) with a real relay on
// 127.0.0.1: an Owner in a workspace creates a one-view link from "Share a link", sees it once
// with its QR code, opens it in another browser page as the recipient would (the relay's page
// decrypts it in the browser and shows the live one-time code), then the account's list says
// the link was used, and a second visit is told so. Then the workspace's identity provider
// settings: a SCIM token the relay accepts, and Okta Universal Logout; and the workspace's own
// SMTP server for link codes, set and read back without its password, then removed.
// Screenshots of each.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SCREENS_DIR, useAppSessions } from './harness';
import { accountOptions, sectionButton, seededVault, seriousAxeViolations, useTestRelay } from './desktop-helpers';
import { FIXTURE_TOTP_SECRET } from '../fixtures/sites/kit/site-server';

const FIRST_LOAD = { timeout: 15_000 };
const SYNC = { timeout: 20_000 };
const PASSWORD = 'vN4#tq8!Lw2$Zr6pKx9@';
const goTo = (page: Page, name: string) => sectionButton(page, name).click();

describe('share links from the account page', () => {
  // The SMTP server set below is on 127.0.0.1, which a relay accepts only when its operator allows private hosts.
  const relay = useTestRelay({ smtpPrivateHosts: true });
  const app = useAppSessions();

  it('creates a one-view link that the recipient opens once in a browser', async () => {
    const hana = await app.open({ beforeLoad: seededVault([{ name: 'Vendor portal', urls: ['https://vendor.example.test/login'], username: 'ops@host.test', password: PASSWORD, totp: { secret: FIXTURE_TOTP_SECRET } }]) });
    await accountOptions(hana.page).first().waitFor(FIRST_LOAD);

    // Before any workspace, the panel says where links live.
    await hana.page.getByRole('option', { name: /Vendor portal/ }).click();
    await hana.page.getByTestId('share-link-panel').getByText("Links live on a workspace's relay.", { exact: false }).waitFor(SYNC);

    await goTo(hana.page, 'Sharing');
    const create = hana.page.getByTestId('create-workspace-section');
    await create.getByLabel('Workspace name').fill('Host team');
    await create.getByRole('button', { name: 'Create workspace' }).click();
    await create.getByLabel('Your name').fill('Hana Host');
    await create.getByLabel('Your work email').fill('hana@host.test');
    await create.getByLabel('Relay address').fill(relay.url);
    await create.getByRole('button', { name: 'Create workspace' }).click();
    await expect.poll(() => hana.page.getByTestId('workspace').getByTestId('sync-state').textContent(), SYNC).toMatch(/^Online/);

    await goTo(hana.page, 'Accounts');
    await hana.page.getByRole('option', { name: /Vendor portal/ }).click();
    const panel = hana.page.getByTestId('share-link-panel');
    await panel.getByLabel('Works for').selectOption('12h');
    expect(await panel.getByLabel('Only one view (then the link stops working)').isChecked()).toBe(true);
    await panel.getByRole('button', { name: 'Create link' }).click();
    const url = (await panel.getByTestId('share-link-code').textContent({ timeout: 15_000 }))!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/l\/[A-Za-z0-9_-]+#[A-Za-z0-9_-]{43}$/);
    await panel.getByTestId('share-link-qr').waitFor();
    await panel.scrollIntoViewIfNeeded();
    await hana.screenshot('share-link-created');
    expect(await seriousAxeViolations(hana.page)).toEqual([]);

    // The recipient: any browser, no Tessera.
    const recipient = await hana.page.context().browser()!.newPage();
    await recipient.goto(url);
    await recipient.locator('#credentials').waitFor(SYNC);
    const values = await recipient.locator('dd code').allTextContents();
    expect(values.slice(0, 3)).toEqual(['https://vendor.example.test/login', 'ops@host.test', PASSWORD]);
    await expect.poll(async () => (await recipient.locator('dd code').allTextContents())[3], { timeout: 5_000 }).toMatch(/^\d{6}$/);
    await recipient.screenshot({ path: join(SCREENS_DIR, 'share-link-recipient.png'), fullPage: true });
    expect(await seriousAxeViolations(recipient)).toEqual([]);
    await recipient.close();
    const second = await hana.page.context().browser()!.newPage();
    await second.goto(url);
    await expect.poll(() => second.locator('#status').textContent(), SYNC).toBe('This link has already been opened. It worked once; ask for a new one.');
    await second.close();

    // The Owner's list: used, with its view.
    await panel.getByRole('button', { name: 'Done' }).click();
    await goTo(hana.page, 'Sharing');
    await goTo(hana.page, 'Accounts');
    await hana.page.getByRole('option', { name: /Vendor portal/ }).click();
    const row = hana.page.getByTestId('share-links').getByRole('row').nth(1);
    await expect.poll(() => row.textContent(), SYNC).toMatch(/^Used \(one view\) · one view.*Anyone with the link/);
    await hana.page.getByTestId('share-links').scrollIntoViewIfNeeded();
    await hana.screenshot('share-link-list');

    // The workspace's identity provider settings: a SCIM token shown once, then Universal Logout.
    await goTo(hana.page, 'Sharing');
    const idp = hana.page.getByTestId('identity-provider');
    await idp.getByText('Identity provider (SCIM, Universal Logout)').click();
    await idp.getByRole('button', { name: 'Create SCIM token…' }).click();
    await hana.page.getByRole('dialog', { name: 'Create a SCIM token?' }).getByRole('button', { name: 'Create token' }).click();
    await expect.poll(() => idp.getByTestId('scim-token').textContent(), SYNC).toMatch(/^tscim_[A-Za-z0-9_-]{43}$/);
    const baseUrl = (await idp.getByTestId('scim-base-url').textContent())!;
    const token = (await idp.getByTestId('scim-token').textContent())!;
    expect((await fetch(`${baseUrl}/Users`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await idp.getByLabel('Issuer', { exact: true }).fill('https://tessera-test.okta.example');
    await idp.getByLabel('Audience').fill('tessera-universal-logout');
    await idp.getByLabel('Issuer keys (JWKS URL or JSON)').fill('https://tessera-test.okta.example/oauth2/v1/keys');
    await idp.getByRole('button', { name: 'Save Universal Logout settings' }).click();
    await expect.poll(() => idp.getByTestId('okta-endpoint').textContent(), SYNC).toMatch(/\/universal-logout\/[A-Za-z0-9_-]+\/global-token-revocation$/);
    await idp.scrollIntoViewIfNeeded();
    await hana.screenshot('workspace-identity-provider');
    expect(await seriousAxeViolations(hana.page)).toEqual([]);

    // The workspace's own SMTP server for link codes: none yet, then one with a login; the password never comes back.
    const email = hana.page.getByTestId('link-email');
    await email.getByText('Email for share-link codes').click();
    await expect.poll(() => email.getByTestId('link-email-state').textContent(), SYNC).toBe('This workspace has no server of its own: links that check an email cannot be created until one is set.');
    await email.getByLabel('SMTP server').fill('127.0.0.1');
    await email.getByLabel('Port', { exact: true }).fill('2525');
    await email.getByLabel('From address').fill('Tessera <links@host.test>');
    await email.getByLabel('SMTP user (optional)').fill('links');
    await email.getByLabel('SMTP password').fill('Smtp-E2E-Secret-5521');
    await email.getByRole('button', { name: 'Save email server' }).click();
    await expect.poll(() => email.getByTestId('link-email-state').textContent(), SYNC).toBe('Codes go out through 127.0.0.1:2525 from Tessera <links@host.test>, logged in as links.');
    expect(await email.getByLabel('SMTP password').inputValue()).toBe('');
    expect(await hana.page.content()).not.toContain('Smtp-E2E-Secret-5521');
    await email.scrollIntoViewIfNeeded();
    await hana.screenshot('workspace-link-email');
    expect(await seriousAxeViolations(hana.page)).toEqual([]);
    await email.getByRole('button', { name: 'Remove' }).click();
    await expect.poll(() => email.getByTestId('link-email-state').textContent(), SYNC).toMatch(/^This workspace has no server of its own/);
  });
});
