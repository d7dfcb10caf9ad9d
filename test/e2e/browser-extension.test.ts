// The browser extension end to end (issue 22), with nothing faked in the chain: real
// Chromium with the unpacked extension, the real native host process the browser starts,
// the app's bridge socket in the web test host, a real vault, the app's window, and fixture
// sites on loopback. A person pairs the browser (the popup's code confirmed in the app), fills
// logins from the popup (password, a TOTP step, username-first), a Collaborator fills without
// the password ever reaching the popup, the extension refuses to fill a lookalike origin, a
// password changed by hand is captured into the vault (the old one kept in history), a login by
// hand counts for milestone 1, and a locked vault says so. Screenshots of the popup's states.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startWebTestHost, type WebTestHost } from '../web-host/server';
import { TEST_KDF_COST } from '../../main/vault';
import { SCREENS_DIR } from './harness';
import { MASTER } from './desktop-helpers';
import { launchExtensionBrowser, type ExtensionBrowser } from '../support/extension-browser';
import { FIXTURE_PASSWORD, FIXTURE_TOTP_SECRET, FIXTURE_USERNAME, type LoginState, type RunningSite } from '../fixtures/sites/kit/site-server';
import { start as classicForm } from '../fixtures/sites/classic-form/server';
import { start as totpStep } from '../fixtures/sites/totp-step/server';
import { start as usernameFirst } from '../fixtures/sites/username-first/server';
import { start as changePasswordSite } from '../fixtures/sites/change-password-classic/server';
import { BUSY_MACHINE_STEP_TIMEOUT_MS } from '../support/timeouts';

const WAIT = { timeout: BUSY_MACHINE_STEP_TIMEOUT_MS };

describe('the browser extension, paired with the app', () => {
  let dataDir = '';
  let host: WebTestHost;
  let browser: ExtensionBrowser;
  let app: Page;
  const sites: { close(): Promise<void> }[] = [];
  let classic: RunningSite<LoginState>;
  let lookalike: RunningSite<LoginState>;
  let totp: RunningSite<LoginState>;
  let stepwise: RunningSite<LoginState>;
  let changing: Awaited<ReturnType<typeof changePasswordSite>>;
  const ids: Record<string, string> = {};

  async function site<T extends { close(): Promise<void> }>(started: Promise<T>): Promise<T> {
    const running = await started;
    sites.push(running);
    return running;
  }

  function addAccount(name: string, url: string, extra: { totp?: string; password?: string } = {}): string {
    const { id } = host.services.accounts.create({
      name,
      username: FIXTURE_USERNAME,
      password: extra.password ?? FIXTURE_PASSWORD,
      urls: [url],
      ...(extra.totp ? { totp: { secret: extra.totp } } : {}),
    });
    return id;
  }

  async function screen(page: Page, name: string): Promise<void> {
    await mkdir(SCREENS_DIR, { recursive: true });
    await page.screenshot({ path: join(SCREENS_DIR, `${name}.png`) });
  }

  async function openSite(url: string): Promise<Page> {
    const page = await browser.context.newPage();
    await page.goto(url);
    return page;
  }

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'tessera-e2e-ext-'));
    host = await startWebTestHost({ dataDir, vaultOptions: { kdf: TEST_KDF_COST, allowWeakKdf: true }, browserBridge: true });
    await host.services.vault.create(MASTER);
    classic = await site(classicForm());
    lookalike = await site(classicForm());
    totp = await site(totpStep());
    stepwise = await site(usernameFirst());
    changing = await site(changePasswordSite());
    ids['classic'] = addAccount('Classic', classic.url);
    ids['totp'] = addAccount('Totp Site', totp.url, { totp: FIXTURE_TOTP_SECRET });
    ids['stepwise'] = addAccount('Stepwise', stepwise.url);
    ids['changing'] = addAccount('Changing', `${changing.origin}/login`);
    browser = await launchExtensionBrowser(dataDir);
    app = await browser.context.newPage();
    await app.goto(host.url);
    await app.getByTestId('app-shell').waitFor(WAIT);
  });

  afterAll(async () => {
    await browser?.close();
    for (const running of sites.splice(0)) await running.close();
    await host?.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('pairs: the popup and the app show the same six digits, and the person confirms in the app', async () => {
    const page = await openSite(classic.url);
    const popup = await browser.openPopup(page);
    await popup.getByRole('heading', { name: 'Not paired' }).waitFor(WAIT);
    await screen(popup, 'extension-popup-not-paired');
    await popup.getByRole('button', { name: 'Pair with Tessera' }).click();
    const codeBox = popup.locator('[data-code]');
    await codeBox.waitFor(WAIT);
    const popupCode = await codeBox.getAttribute('data-code');
    expect(popupCode).toMatch(/^\d{6}$/);
    await screen(popup, 'extension-popup-pairing-code');

    const dialog = app.getByRole('alertdialog');
    await dialog.waitFor(WAIT);
    expect((await app.getByTestId('browser-pairing-code').textContent())?.replace(/\s/g, '')).toBe(popupCode);
    await dialog.getByRole('button', { name: 'Confirm pairing' }).click();

    // The popup moves on to the accounts, this site's first.
    const mine = popup.getByRole('list', { name: 'Accounts for this site' });
    await mine.waitFor(WAIT);
    expect(await mine.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining('Classic')]);
    await screen(popup, 'extension-popup-accounts');
    expect(host.services.browserBridge.list()).toHaveLength(1);
    await popup.close();
    await page.close();
  });

  it('fills a login from the popup; submitting it counts as a login by a person (milestone 1)', async () => {
    const page = await openSite(classic.url);
    const popup = await browser.openPopup(page);
    await popup.getByRole('button', { name: 'Fill Classic' }).click();
    await expect.poll(() => page.inputValue('#password'), WAIT).toBe(FIXTURE_PASSWORD);
    expect(await page.inputValue('#email')).toBe(FIXTURE_USERNAME);
    // The popup never holds the password, not even an Owner's.
    expect(await popup.content()).not.toContain(FIXTURE_PASSWORD);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL(/\/dashboard/, WAIT);
    expect(classic.state.successes).toBe(1);
    await expect.poll(() => host.services.logins.verifications().get(ids['classic']!), WAIT).toMatchObject({ succeeded: true, by: 'person' });
    host.services.facts.clear();
    const credentials = host.services.facts.forAccount(ids['classic']!).milestones.find((m) => m.id === 'credentials');
    expect(credentials?.detail).toContain('by a person, in their browser');
    await popup.close();
    await page.close();
  });

  it('fills the TOTP step after the password, and the username-first steps one after the other', async () => {
    const page = await openSite(totp.url);
    const popup = await browser.openPopup(page);
    await popup.getByRole('button', { name: 'Fill Totp Site' }).click();
    await expect.poll(() => page.locator('input[type=password]').inputValue(), WAIT).toBe(FIXTURE_PASSWORD);
    await page.locator('input[type=password]').press('Enter');
    // The code step: the extension fills the live TOTP code by itself.
    const codeField = page.locator('input[autocomplete="one-time-code"], input[name*="code" i], input[name*="otp" i]').first();
    await codeField.waitFor(WAIT);
    await expect.poll(() => codeField.inputValue(), WAIT).toMatch(/^\d{6}$/);
    await codeField.press('Enter');
    await expect.poll(() => totp.state.successes, WAIT).toBe(1);
    await popup.close();
    await page.close();

    const second = await openSite(stepwise.url);
    const popup2 = await browser.openPopup(second);
    await popup2.getByRole('button', { name: 'Fill Stepwise' }).click();
    const user = second.locator('input:not([type=hidden])').first();
    await expect.poll(() => user.inputValue(), WAIT).toBe(FIXTURE_USERNAME);
    await user.press('Enter');
    const password = second.locator('input[type=password]');
    await password.waitFor(WAIT);
    await expect.poll(() => password.inputValue(), WAIT).toBe(FIXTURE_PASSWORD);
    await password.press('Enter');
    await expect.poll(() => stepwise.state.successes, WAIT).toBe(1);
    await popup2.close();
    await second.close();
  });

  it('refuses to fill an account on a lookalike origin (another port of the same host)', async () => {
    const page = await openSite(lookalike.url);
    const popup = await browser.openPopup(page);
    // Not this site's account: it is found by search only, and filling it is refused.
    await popup.getByRole('searchbox', { name: 'Search accounts' }).fill('Classic');
    const results = popup.getByRole('list', { name: 'Search results' });
    await results.waitFor(WAIT);
    await expect.poll(() => results.getByRole('listitem').count(), WAIT).toBe(1);
    await results.getByRole('button', { name: 'Fill Classic' }).click();
    await expect.poll(() => popup.getByRole('status').textContent(), WAIT).toMatch(/not on the account's site .*nothing was filled/);
    await screen(popup, 'extension-popup-origin-refused');
    expect(await page.inputValue('#password')).toBe('');
    expect(await page.inputValue('#email')).toBe('');
    await popup.close();
    await page.close();
  });

  it('fills for a Collaborator without the password ever reaching the popup', async () => {
    const id = ids['stepwise']!;
    host.services.sharing.attach({ roleOf: (accountId) => (accountId === id ? 'collaborator' : 'owner'), all: () => new Map([[id, 'collaborator' as const]]) });
    try {
      const page = await openSite(stepwise.url);
      const popup = await browser.openPopup(page);
      const item = popup.getByRole('listitem', { name: /Stepwise/ });
      await item.waitFor(WAIT);
      await expect.poll(() => item.textContent(), WAIT).toContain('You can fill this password but not see or copy it');
      await screen(popup, 'extension-popup-collaborator');
      expect(await item.getByRole('button').allTextContents()).not.toContain('Copy password');
      await popup.getByRole('button', { name: 'Fill Stepwise' }).click();
      const user = page.locator('input:not([type=hidden])').first();
      await expect.poll(() => user.inputValue(), WAIT).toBe(FIXTURE_USERNAME);
      await user.press('Enter');
      const password = page.locator('input[type=password]');
      await password.waitFor(WAIT);
      await expect.poll(() => password.inputValue(), WAIT).toBe(FIXTURE_PASSWORD);
      expect(await popup.content()).not.toContain(FIXTURE_PASSWORD);
      await popup.close();
      await page.close();
    } finally {
      host.services.sharing.attach({ roleOf: () => 'owner', all: () => new Map() });
    }
  });

  it('captures a password changed by hand on the site and updates the account, keeping the old one in history', async () => {
    const page = await openSite(`${changing.origin}/login`);
    // The person logs in and changes the password by hand, typing both.
    await page.getByLabel('Email').fill(FIXTURE_USERNAME);
    await page.getByLabel('Password').fill(FIXTURE_PASSWORD);
    await page.getByRole('button', { name: /log in|sign in/i }).click();
    await page.waitForURL(/dashboard/, WAIT);
    // Typed by hand, the stored password: the extension reports a login by a person.
    await expect.poll(() => host.services.logins.verifications().get(ids['changing']!), WAIT).toMatchObject({ succeeded: true, by: 'person' });
    await page.goto(`${changing.origin}/account/password`);
    const changed = 'Hand-Changed-2026-xyz';
    await page.getByLabel('Current password').fill(FIXTURE_PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill(changed);
    await page.getByLabel('Confirm new password').fill(changed);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: 'Password changed' }).waitFor(WAIT);
    expect(changing.state.passwords.get(FIXTURE_USERNAME)).toBe(changed);

    // The offer waits in the popup (and in a bar on the page).
    const popup = await browser.openPopup(page);
    const offer = popup.getByRole('region', { name: 'Save login' });
    await offer.waitFor(WAIT);
    expect(await offer.textContent()).toContain('Changing');
    await screen(popup, 'extension-popup-update-offer');
    await offer.getByRole('button', { name: /update/i }).click();
    const vault = host.services.vault.unlocked();
    await expect.poll(() => vault.accounts.get(ids['changing']!).password, WAIT).toBe(changed);
    expect(vault.accounts.passwordHistory(ids['changing']!).map((h) => h.password)).toContain(FIXTURE_PASSWORD);
    await popup.close();
    await page.close();
  });

  it('says the vault is locked, and fills nothing until it is unlocked', async () => {
    host.services.vault.lock('manual');
    const page = await openSite(classic.url);
    const popup = await browser.openPopup(page);
    await popup.getByRole('heading', { name: 'Tessera is locked' }).waitFor(WAIT);
    await screen(popup, 'extension-popup-locked');
    expect(await popup.getByRole('button', { name: /^Fill/ }).count()).toBe(0);
    await host.services.vault.unlock(MASTER);
    await popup.getByRole('list', { name: 'Accounts for this site' }).waitFor(WAIT);
    await popup.close();
    await page.close();
  });
});
