// The browser extension against one real app of the conformance suite (issue 22): Redmine,
// started from its own scripts (a clean database, the admin with a known password, no 2FA).
// Tessera's own one-click enrolment (services.mfa.enable, what `tessera mfa enable` runs)
// turns on authenticator-app TOTP on it; then real Chromium with the unpacked extension and
// its native host, paired through the app's dialog, fills the login from the popup, fills the
// TOTP code on Redmine's second step by itself, and the person is logged in — which the
// extension reports to the app as a login by a person (milestone 1). Nothing in the chain is
// faked; the real-app tier's generous guards apply (a Rails app on a 2-core machine is slow).
// Runs when TESSERA_REAL_APPS is unset or names redmine.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWebTestHost, type WebTestHost } from '../web-host/server';
import { TEST_KDF_COST } from '../../main/vault';
import { ensureBuiltCli } from '../support/cli-harness';
import { EXTENSION_DIR, ROOT, launchExtensionBrowser, type ExtensionBrowser } from '../support/extension-browser';
import { discoverApps, selectApps, startApp, stopApp, type StartedApp } from './app-control';

const APP = 'redmine';
const selected = selectApps(discoverApps(), process.env['TESSERA_REAL_APPS']).includes(APP);

const MASTER = 'correct horse battery staple';
const SCREENS_DIR = resolve(import.meta.dirname, '../../test-results/screens');
/** Guards, not timings (as in conformance.test.ts): starting the app and the enrolment take minutes on a busy machine. */
const LONG = 240_000;
/** One step on a Rails page (a page load, a fill over the native host): generous on a loaded 2-core machine. */
const WAIT = { timeout: 60_000 };

function newestFile(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestFile(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** The app (out/main, out/renderer) as the CLI tests build it, and the extension when it is missing or older than extension/. */
async function ensureBuilt(): Promise<void> {
  await ensureBuiltCli();
  const manifest = join(EXTENSION_DIR, 'manifest.json');
  if (existsSync(manifest) && statSync(manifest).mtimeMs >= newestFile(join(ROOT, 'extension'))) return;
  const build = spawnSync(process.execPath, [join(ROOT, 'scripts/build-extension.mjs')], { cwd: ROOT, encoding: 'utf8' });
  if (build.status !== 0 || !existsSync(manifest)) throw new Error(`scripts/build-extension.mjs failed:\n${build.stdout}\n${build.stderr}`);
}

async function screen(page: Page, name: string): Promise<void> {
  await mkdir(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENS_DIR, `real-app-extension-${name}.png`) });
}

describe.runIf(selected)(`the browser extension on a real app (${APP}): TOTP turned on by Tessera, then a login filled from the popup`, () => {
  let started: StartedApp;
  let appRunning = false;
  let dataDir = '';
  let host: WebTestHost;
  let browser: ExtensionBrowser | undefined;
  let app: Page;
  let accountId = '';

  beforeAll(async () => {
    await ensureBuilt();
    started = await startApp(APP);
    appRunning = true;
    dataDir = await mkdtemp(join(tmpdir(), 'tessera-real-ext-'));
    host = await startWebTestHost({ dataDir, vaultOptions: { kdf: TEST_KDF_COST, allowWeakKdf: true }, browserBridge: true });
    await host.services.vault.create(MASTER);
    ({ id: accountId } = host.services.accounts.create({ name: started.name, username: started.username, password: started.password, urls: [started.loginUrl] }));
  }, LONG);

  afterAll(async () => {
    try {
      await browser?.close();
      await host?.close();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    } finally {
      if (appRunning) await stopApp(APP);
    }
  }, LONG);

  it('turns on authenticator-app TOTP with Tessera\'s one-click enrolment (as `tessera mfa enable` does)', async () => {
    expect(started.totp, `${started.name} offers no authenticator-app 2FA`).toBe(true);
    const status = await host.services.mfa.enable(accountId);
    expect(status.lastRun?.outcome, JSON.stringify(status.lastRun?.failure ?? status.lastRun?.reasons)).toBe('enabled');
    expect(status.totp).not.toBeNull();
    expect(host.services.vault.unlocked().accounts.get(accountId).totp).not.toBeNull();
  }, LONG);

  it('pairs the browser: the popup\'s code is confirmed in the app\'s dialog', async () => {
    browser = await launchExtensionBrowser(dataDir);
    app = await browser.context.newPage();
    await app.goto(host.url);
    await app.getByTestId('app-shell').waitFor(WAIT);

    const login = await browser.context.newPage();
    await login.goto(started.loginUrl);
    const popup = await browser.openPopup(login);
    await popup.getByRole('button', { name: 'Pair with Tessera' }).click(WAIT);
    const codeBox = popup.locator('[data-code]');
    await codeBox.waitFor(WAIT);
    const popupCode = await codeBox.getAttribute('data-code');
    expect(popupCode).toMatch(/^\d{6}$/);

    const dialog = app.getByRole('alertdialog');
    await dialog.waitFor(WAIT);
    expect((await app.getByTestId('browser-pairing-code').textContent())?.replace(/\s/g, '')).toBe(popupCode);
    await dialog.getByRole('button', { name: 'Confirm pairing' }).click(WAIT);

    const mine = popup.getByRole('list', { name: 'Accounts for this site' });
    await mine.waitFor(WAIT);
    expect(await mine.getByRole('listitem').allTextContents()).toEqual([expect.stringContaining(started.name)]);
    expect(host.services.browserBridge.list()).toHaveLength(1);
    await popup.close();
    await login.close();
  }, LONG);

  it('fills the login from the popup and the TOTP code on the second step; the person is logged in, and the app counts it (milestone 1)', async () => {
    const page = await browser!.context.newPage();
    await page.goto(started.loginUrl);
    const popup = await browser!.openPopup(page);
    const mine = popup.getByRole('list', { name: 'Accounts for this site' });
    await mine.waitFor(WAIT);
    await screen(popup, 'popup');
    await popup.getByRole('button', { name: `Fill ${started.name}` }).click(WAIT);
    await expect.poll(() => page.locator('#password').inputValue(), WAIT).toBe(started.password);
    expect(await page.locator('#username').inputValue()).toBe(started.username);
    // The popup never holds the password.
    expect(await popup.content()).not.toContain(started.password);
    await page.locator('#login-submit').click(WAIT);

    // Redmine's second step: the extension fills the live TOTP code by itself. The enrolment's
    // proving login may have spent this 30-second step's code moments ago, and Redmine refuses a
    // code twice: the app then hands out the next step's code (the bridge waits for it).
    await page.waitForURL(/\/account\/twofa/, WAIT);
    const code = page.locator('#twofa_code');
    await code.waitFor(WAIT);
    await expect.poll(() => code.inputValue(), WAIT).toMatch(/^\d{6}$/);
    await screen(page, 'totp-step');
    await page.locator('#login-submit').click(WAIT);

    // Only a logged-in user sees "Logged in as admin" and the "Sign out" link.
    await page.locator('#loggedas').waitFor(WAIT);
    expect(await page.locator('#loggedas').textContent()).toContain(started.username);
    await expect.poll(() => page.locator('a.logout').count(), WAIT).toBe(1);
    expect(page.url()).not.toMatch(/\/login|\/twofa/);
    await screen(page, 'logged-in');

    await expect.poll(() => host.services.logins.verifications().get(accountId), WAIT).toMatchObject({ succeeded: true, by: 'person' });
    await popup.close();
    await page.close();
  }, LONG);
});
