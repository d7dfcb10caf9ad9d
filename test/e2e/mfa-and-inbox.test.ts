// MFA and the managed inbox in the app, in real Chromium against the web test host: "Turn on
// MFA" on an enrolment fixture with live steps, the backup codes it captured, an otpauth
// import by paste, a QR code scanned from a region of a fixture screen capture (the web test
// host has no desktopCapturer), and the team mailbox (a real Dovecot) connected from the Team inbox dialog,
// an account switched to its managed alias, and a mailed code showing up on the account page,
// and a text read through a Twilio-shaped local server listed as an SMS on the account page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeSharedBrowser, openApp, type AppSession } from './harness';
import { accountList, chooseOption, idsOf, seededVault, seriousAxeViolations } from './desktop-helpers';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME, type RunningSite } from '../fixtures/sites/kit/site-server';
import { start as startBackupCodes } from '../fixtures/sites/mfa-enroll-backup-codes/server';
import type { EnrollSiteState } from '../fixtures/sites/mfa-enroll-kit/enroll-site';
import { startDovecot, type DovecotServer } from '../support/dovecot';
import { codeMail } from '../integration/inbox/inbox-harness';
import { KEY_STEP } from '../../renderer/src/mfa/region-keys';
import { FIXTURE_QR_BOX, FIXTURE_SCREEN } from '../fixtures/screen-capture/fixture-screen';
import { startTwilioLikeServer } from '../support/twilio-like-server';
import QRCode from 'qrcode';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

let session: AppSession;
let site: RunningSite<EnrollSiteState>;
let server: DovecotServer;

beforeAll(async () => {
  [site, server] = await Promise.all([startBackupCodes(), startDovecot(['team'])]);
  session = await openApp({
    beforeLoad: seededVault([
      { name: 'Enroll Site', urls: [site.url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD },
      { name: 'Paste Import', urls: ['https://paste.example/login'], username: 'ops', password: 'pw-paste-1' },
      { name: 'Screen Scan', urls: ['https://quokka.example/login'], username: 'ops@quokka.example', password: 'pw-quokka-1' },
      { name: 'File Import', urls: ['https://wombat.example/login'], username: 'ops', password: 'pw-wombat-1' },
    ]),
  });
}, 60_000);

afterAll(async () => {
  expect(session?.pageErrors).toEqual([]);
  await session?.close();
  await closeSharedBrowser();
  await site?.close();
  await server?.stop();
});

async function openAccount(name: string): Promise<void> {
  await accountList(session.page).getByRole('option', { name: new RegExp(`^${name}`) }).click();
  await session.page.getByRole('heading', { level: 1, name }).waitFor();
}

describe('MFA in the app', () => {
  it('turns MFA on with live steps, then shows the method, the live code and the backup codes', async () => {
    const { page } = session;
    await openAccount('Enroll Site');
    const panel = page.getByTestId('mfa-panel');
    await expect(panel.getByTestId('mfa-method').textContent()).resolves.toBe('None managed by Tessera');
    await panel.getByRole('button', { name: 'Turn on MFA' }).click();
    const confirm = page.getByRole('dialog', { name: 'Turn on MFA for Enroll Site?' });
    await confirm.getByText(/logs in to 127\.0\.0\.1 in a hidden browser/).waitFor();
    await confirm.getByRole('button', { name: 'Turn on MFA' }).click();
    await panel.getByTestId('mfa-steps').getByText('save-pending-secret').waitFor({ timeout: 30_000 });
    const outcome = panel.getByTestId('mfa-outcome');
    await outcome.waitFor({ timeout: 80_000 });
    expect(await outcome.textContent()).toMatch(/^MFA is on and a login with a TOTP code worked/);
    expect(site.state.totpLogins).toBe(1);
    await expect.poll(() => panel.getByTestId('mfa-method').textContent()).toBe('Authenticator app (TOTP held by Tessera)');
    await expect(page.locator('dl').getByTestId('totp-code').first().textContent()).resolves.toMatch(/^\d{3} \d{3}$/);
    await panel.getByTestId('mfa-code-note').waitFor();
    await panel.getByRole('button', { name: 'Show' }).click();
    const codes = await panel.getByRole('list', { name: 'Backup codes' }).getByRole('listitem').allTextContents();
    expect(codes).toEqual(site.state.backupCodes);
    await session.screenshot('mfa-panel-enabled');
  }, 120_000);

  it('imports an otpauth link pasted into the panel', async () => {
    const { page } = session;
    await openAccount('Paste Import');
    const panel = page.getByTestId('mfa-panel');
    await panel.getByLabel('Paste an otpauth:// link or a Google Authenticator export').fill('otpauth://totp/Paste:ops?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Paste');
    await panel.getByRole('button', { name: 'Import', exact: true }).click();
    await panel.getByText('The authenticator secret was imported.').waitFor();
    await expect.poll(() => panel.getByTestId('mfa-method').textContent()).toBe('Authenticator app (TOTP held by Tessera)');
  });

  it('imports a QR image chosen with the panel\'s own file button', async () => {
    const { page } = session;
    await openAccount('File Import');
    const image = join(session.dataDir, 'wombat-qr.png');
    writeFileSync(image, await QRCode.toBuffer('otpauth://totp/Wombat:ops?secret=JBSWY3DPEHPK3PXP&issuer=Wombat', { width: 240 }));
    const panel = page.getByTestId('mfa-panel');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), panel.getByRole('button', { name: 'From a file or QR image…' }).click()]);
    await chooser.setFiles(image);
    await panel.getByText('The QR code was imported.').waitFor();
    await expect.poll(() => panel.getByTestId('mfa-method').textContent()).toBe('Authenticator app (TOTP held by Tessera)');
  });
});

describe('scan QR from screen (fixture screen capture)', () => {
  it('reads the QR code in a dragged region, shows what it holds, saves it and shows the live code; a region without one says what to do', async () => {
    const { page } = session;
    await openAccount('Screen Scan');
    const panel = page.getByTestId('mfa-panel');
    const opener = panel.getByRole('button', { name: 'Scan QR from screen…' });
    await opener.click();
    const dialog = page.getByRole('dialog', { name: 'Scan a QR code from the screen' });
    const picker = dialog.getByTestId('screen-qr-picker');
    await picker.locator('img').waitFor();
    await expect.poll(() => picker.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    await dialog.getByRole('status').waitFor({ state: 'detached' });
    const drag = async (left: number, top: number, right: number, bottom: number) => {
      // Measured each time: clicking a button below may have scrolled the dialog.
      const box = (await picker.boundingBox())!;
      const at = (x: number, y: number) => [box.x + (x / FIXTURE_SCREEN.width) * box.width, box.y + (y / FIXTURE_SCREEN.height) * box.height] as const;
      await page.mouse.move(...at(left, top));
      await page.mouse.down();
      await page.mouse.move(...at(right, bottom), { steps: 4 });
      await page.mouse.up();
    };

    await drag(300, 100, 800, 600);
    await dialog.getByRole('button', { name: 'Scan selected region' }).click();
    await dialog.getByRole('alert').getByText('No QR code was found in the selected region. Drag a rectangle around the whole QR code, or scan the whole screen.').waitFor();
    await session.screenshot('mfa-screen-qr-no-code');

    // From the keyboard: arrows move the rectangle left by the drag above over the code,
    // Shift+arrows size it, Enter scans. Moves stop at or before the code's top-left corner;
    // the size then reaches past its far edges.
    const { x, y, size } = FIXTURE_QR_BOX;
    const box = picker.locator('.region-box');
    const percent = async (name: string) => Number(new RegExp(`${name}: ([\\d.]+)%`).exec((await box.getAttribute('style')) ?? '')![1]) / 100;
    const moves = (from: number, to: number) => Math.max(0, Math.floor((to - from) / KEY_STEP));
    const grows = (from: number, to: number) => Math.max(0, Math.ceil((to - from) / KEY_STEP));
    await picker.focus();
    for (let i = moves(await percent('left'), (x - 20) / FIXTURE_SCREEN.width); i > 0; i--) await page.keyboard.press('ArrowRight');
    for (let i = moves(await percent('top'), (y - 20) / FIXTURE_SCREEN.height); i > 0; i--) await page.keyboard.press('ArrowDown');
    for (let i = grows(await percent('width'), (size + 80) / FIXTURE_SCREEN.width); i > 0; i--) await page.keyboard.press('Shift+ArrowRight');
    for (let i = grows(await percent('height'), (size + 80) / FIXTURE_SCREEN.height); i > 0; i--) await page.keyboard.press('Shift+ArrowDown');
    await session.screenshot('mfa-screen-qr-keyboard');
    await page.keyboard.press('Enter');
    const result = dialog.getByTestId('screen-qr-result');
    await result.waitFor();
    expect(await result.textContent()).toContain('Quokka Cloud — ops@quokka.example (TOTP, SHA256, 8 digits, every 30 s)');
    expect(await seriousAxeViolations(page)).toEqual([]);
    await session.screenshot('mfa-screen-qr-found');
    await page.emulateMedia({ colorScheme: 'dark' });
    await session.screenshot('mfa-screen-qr-found-dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await dialog.getByRole('button', { name: 'Save as TOTP' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await opener.evaluate((button) => button === document.activeElement)).toBe(true);
    await panel.getByText('Saved the authenticator of Quokka Cloud as this account\'s TOTP.').waitFor();
    await expect.poll(() => panel.getByTestId('mfa-method').textContent()).toBe('Authenticator app (TOTP held by Tessera)');
    await expect(page.locator('dl').getByTestId('totp-code').first().textContent()).resolves.toMatch(/^\d{8}$/);
  });
});

describe('the managed inbox in the app', () => {
  it('connects the team mailbox, gives an account its alias, and shows a code mailed to it', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Team inbox' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('IMAP server').fill(server.host);
    await dialog.getByLabel('Port (optional)').fill(String(server.imapPort));
    await chooseOption(page, dialog.getByRole('combobox', { name: 'Security' }), 'None (this computer only)');
    await dialog.getByLabel('Mailbox address').fill('team@example.test');
    await session.screenshot('team-inbox-connect');
    await dialog.getByLabel('Username').fill('team');
    await dialog.getByLabel('Password').fill('wrong password');
    await dialog.getByRole('button', { name: 'Test and connect' }).click();
    await dialog.getByRole('alert').getByText(/rejected the username or password/).waitFor();
    await dialog.getByLabel('Password').fill(server.password('team'));
    await dialog.getByRole('button', { name: 'Test and connect' }).click();
    await dialog.getByTestId('inbox-status').getByText('Watching for new mail').waitFor({ timeout: 15_000 });
    await dialog.getByRole('button', { name: 'Done' }).click();

    await openAccount('Paste Import');
    const inbox = page.getByTestId('inbox-panel');
    await inbox.getByRole('button', { name: 'Use managed email' }).click();
    await inbox.getByText('(its managed email)').waitFor();
    const alias = (await inbox.getByTestId('inbox-alias').textContent())!;
    expect(alias).toMatch(/^team\+paste-import-[a-z0-9]{6}@example\.test$/);
    expect(session.host.services.vault.unlocked().accounts.get(idsOf(session.host)[1]!).managedEmail).toBe(alias);

    await server.deliver('team', codeMail({ to: alias, code: '735104' }));
    await inbox.getByTestId('inbox-code').getByText('735104').waitFor({ timeout: 15_000 });
    await inbox.getByRole('button', { name: /Code — GitHub/ }).click();
    await inbox.getByTestId('inbox-message').getByText('Verification code: 735104').waitFor();
    await session.screenshot('inbox-panel-code');

    await page.getByRole('button', { name: 'Team inbox' }).click();
    await page.getByRole('dialog').getByTestId('inbox-code').getByText('735104').waitFor();
    await session.screenshot('team-inbox');
    await page.getByRole('dialog').getByRole('button', { name: 'Done' }).click();
  }, 90_000);

  it('adds the team\'s Twilio account once a Twilio-shaped local server accepted it, and makes a team number an account\'s managed phone', async () => {
    const { page } = session;
    const SID = 'AC5e1f0000000000000000000000000e11';
    const twilio = await startTwilioLikeServer(SID, 'twilio-token-quoll-4417');
    try {
      await page.getByRole('button', { name: 'Team inbox' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Add Twilio account' }).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('twilio-sid');
      await dialog.getByLabel('Twilio Account SID').fill(SID);
      await dialog.getByLabel('Twilio auth token').fill('wrong-token');
      await dialog.getByLabel('Twilio numbers that receive codes').fill('+1 555 867 5310, +44 7700 900123');
      await dialog.getByLabel('Twilio API address (optional)').fill(twilio.baseUrl);
      await dialog.getByRole('button', { name: 'Test and save' }).click();
      await dialog.getByRole('alert').getByText(/Twilio rejected the Account SID or auth token/).waitFor();
      await dialog.getByLabel('Twilio auth token').fill('twilio-token-quoll-4417');
      await dialog.getByRole('button', { name: 'Test and save' }).click();
      await dialog.getByTestId('inbox-twilio').getByText(`SMS codes through Twilio ${SID} for +15558675310, +447700900123`).waitFor();
      expect(await seriousAxeViolations(page)).toEqual([]);
      await session.screenshot('team-inbox-twilio');
      await dialog.getByRole('button', { name: 'Done' }).click();

      await openAccount('Screen Scan');
      const inbox = page.getByTestId('inbox-panel');
      await inbox.getByTestId('inbox-sms-route').getByText('no managed phone').waitFor();
      // A text already waiting on the number: making it the managed phone polls Twilio at once.
      twilio.texts.push({ sid: 'SM0e2e', from: '+15017122661', to: '+447700900123', body: 'Your Quokka code is 402917', sentAt: new Date(Date.now() - 1000) });
      await chooseOption(page, inbox.getByRole('combobox', { name: 'Team Twilio number' }), '+447700900123');
      await inbox.getByRole('button', { name: 'Use as managed phone' }).click();
      await inbox.getByTestId('inbox-sms-route').getByText('read through Twilio for').waitFor();
      expect(await inbox.getByTestId('inbox-sms-route').textContent()).toBe('SMS codes: read through Twilio for +447700900123');
      await inbox.getByTestId('inbox-code').getByText('402917').waitFor({ timeout: 10_000 });
      expect(await inbox.getByTestId('inbox-messages').getByRole('listitem').filter({ hasText: '402917' }).textContent()).toMatch(/^SMS .* — Code — text from \+15017122661 402917$/);
      await session.screenshot('inbox-panel-sms');
    } finally {
      await twilio.close();
    }
  }, 30_000);
});
