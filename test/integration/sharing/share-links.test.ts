// Share links end to end: an app instance (its services behind the real handler table) in a
// workspace on a real relay that emails codes through a real SMTP server (started by the test)
// into a real Dovecot inbox, and the recipient's page in real Chromium. A link for one address
// that opens once: a refused address gets no mail, the right one gets a code by email, the
// page shows the credentials and a live TOTP code, and the link never opens again. A link for
// anyone opens until it is revoked. Five wrong codes lock a link. The relay's storage and its
// access log hold neither the credentials nor the link's key; unsigned requests are refused.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateSync } from 'otplib';
import { startRelay, type RunningRelay } from '../../../relay/server';
import type { AccessLogEntry } from '../../../relay/share-link-routes';
import type { ShareLinkView } from '../../../main/ipc/contract/links';
import type { WorkspaceSyncStatus } from '../../../main/ipc/contract/sharing';
import { launchChromium } from '../../support/chromium';
import { startDovecot, type DovecotServer } from '../../support/dovecot';
import { newestMailText, startSmtpToDovecot, type SmtpToDovecot } from '../../support/smtp-to-dovecot';
import { startApp, type App } from '../../support/relay-apps';

const PASSWORD = 'Link-Shared-Password-7731!';
const TOTP_SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const RECIPIENT = 'cy@agency.test';

let dovecot: DovecotServer;
let smtp: SmtpToDovecot;
let relay: RunningRelay;
let relayDir: string;
let browser: Browser;
let owner: App;
let accountId: string;
const accessLog: AccessLogEntry[] = [];

beforeAll(async () => {
  dovecot = await startDovecot(['recipient']);
  smtp = await startSmtpToDovecot(dovecot, 'recipient');
  relayDir = mkdtempSync(join(tmpdir(), 'tessera-links-relay-'));
  relay = await startRelay({
    dbPath: join(relayDir, 'relay.db'), host: '127.0.0.1', port: 0,
    smtp: { host: '127.0.0.1', port: smtp.port, from: 'Tessera <links@relay.test>' },
    accessLog: (entry) => accessLog.push(entry),
  });
  browser = await launchChromium();
  owner = startApp('owner');
  await owner.value('vault.create', { password: 'master-password-owner' });
  ({ id: accountId } = await owner.value<{ id: string }>('accounts.create', {
    name: 'Vendor portal', urls: ['https://vendor.example.test/login'], username: 'ops@host.test', password: PASSWORD, notes: 'Ask for the VPN first.',
    totp: { secret: TOTP_SECRET },
  }));
  const { workspaceId } = await owner.value<{ workspaceId: string }>('sharing.create', { name: 'Host team', relayUrl: relay.url });
  const online = async () => (await owner.value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces.find((w) => w.workspaceId === workspaceId)?.state === 'online';
  for (const deadline = Date.now() + 15_000; !(await online());) {
    if (Date.now() > deadline) throw new Error('the workspace did not come online');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await owner?.close();
  await relay?.close();
  await smtp?.close();
  await dovecot?.stop();
  if (relayDir) rmSync(relayDir, { recursive: true, force: true });
});

async function openPage(url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.goto(url);
  return page;
}

const status = (page: Page) => page.locator('#status');

describe('share links over a real relay', () => {
  it('opens once for an allowed address after an emailed code, with a live TOTP code, and never again', async () => {
    const { url, linkId } = await owner.value<{ url: string; linkId: string }>('links.create', { accountId, lifetime: '1h', once: true, emails: [RECIPIENT], domains: [] });
    expect(url).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:${relay.port}/l/${linkId}#[A-Za-z0-9_-]{43}$`));
    const key = url.split('#')[1]!;

    // An address the link does not name gets the same answer, and no mail.
    const refused = await openPage(url);
    await expect.poll(() => status(refused).textContent()).toBe('Confirm your email address to see the credentials.');
    expect(new URL(refused.url()).hash).toBe(''); // the key left the address bar
    await refused.getByLabel('Your email address').fill('eve@elsewhere.test');
    await refused.getByRole('button', { name: 'Send me a code' }).click();
    await expect.poll(() => status(refused).textContent()).toMatch(/If eve@elsewhere\.test may open this link, a code is on its way/);
    expect(smtp.accepted).toEqual([]);
    await refused.close();

    const page = await openPage(url);
    await page.getByLabel('Your email address').fill(RECIPIENT);
    await page.getByRole('button', { name: 'Send me a code' }).click();
    await expect.poll(() => smtp.accepted, { timeout: 15_000 }).toEqual([[RECIPIENT]]);
    const mail = await newestMailText(dovecot, 'recipient');
    const code = /Your code: (\d{6})/.exec(mail)?.[1];
    expect(code, mail).toBeDefined();
    expect(mail).not.toContain(key);
    await page.getByLabel('The six-digit code we emailed you').fill(code!);
    await page.getByRole('button', { name: 'Show the credentials' }).click();
    await page.locator('#credentials').waitFor();
    expect(await page.locator('#account-name').textContent()).toBe('Vendor portal');
    const values = await page.locator('dd code').allTextContents();
    expect(values.slice(0, 4)).toEqual(['https://vendor.example.test/login', 'ops@host.test', PASSWORD, 'Ask for the VPN first.']);
    // The page's code is the account's TOTP code (computed in the browser; this step's or, at a boundary, the next).
    await expect.poll(async () => (await page.locator('dd code').allTextContents())[4], { timeout: 5_000 }).toMatch(/^\d{6}$/);
    const shown = (await page.locator('dd code').allTextContents())[4];
    expect([generateSync({ secret: TOTP_SECRET }), generateSync({ secret: TOTP_SECRET, epoch: Math.floor(Date.now() / 1000) - 30 })]).toContain(shown);
    expect(await page.locator('#totp-left').textContent()).toMatch(/\d+ s left/);
    expect(await page.locator('#expiry').textContent()).toMatch(/^This link expires /);
    await page.close();

    // Once: the next visit is told so, and the relay hands out nothing.
    const again = await openPage(url);
    await expect.poll(() => status(again).textContent()).toBe('This link has already been opened. It worked once; ask for a new one.');
    await again.close();
    const listed = (await owner.value<{ links: ShareLinkView[] }>('links.list', { accountId })).links.find((l) => l.linkId === linkId);
    expect(listed).toMatchObject({ state: 'used', once: true, emails: [RECIPIENT], views: [{ email: RECIPIENT, at: expect.any(Number) }] });
    const audit = await owner.value<{ kind: string; details: Record<string, unknown> | null }[]>('audit.forAccount', { id: accountId });
    expect(audit.map((e) => e.kind)).toEqual(expect.arrayContaining(['link.create', 'link.view']));
    expect(audit.find((e) => e.kind === 'link.view')?.details).toMatchObject({ linkId, verifiedEmail: true });

    // Neither the credentials nor the key are in the relay's files or its access log.
    for (const file of readdirSync(relayDir)) {
      const bytes = readFileSync(join(relayDir, file));
      for (const secret of [PASSWORD, TOTP_SECRET, key, 'ops@host.test']) expect(bytes.includes(Buffer.from(secret)), `${secret} in ${file}`).toBe(false);
    }
    expect(JSON.stringify(accessLog)).not.toContain(key);
    expect(JSON.stringify(accessLog)).not.toContain(linkId);
    expect(accessLog.some((e) => e.route.startsWith(`/l/${linkId.slice(0, 6)}…`))).toBe(true);
  }, 120_000);

  it('opens a link for anyone until it is revoked', async () => {
    const { url, linkId } = await owner.value<{ url: string; linkId: string }>('links.create', { accountId, lifetime: '12h', once: false, emails: [], domains: [] });
    for (let i = 0; i < 2; i++) {
      const page = await openPage(url);
      await page.locator('#credentials').waitFor();
      await page.close();
    }
    await owner.value('links.revoke', { linkId });
    const page = await openPage(url);
    await expect.poll(() => status(page).textContent()).toBe('The person who shared this link has revoked it.');
    await page.close();
    // A link's key is only in its fragment: without it the page decrypts nothing.
    const withoutKey = await openPage(url.split('#')[0]!);
    await expect.poll(() => status(withoutKey).textContent()).toMatch(/This link is incomplete/);
    await withoutKey.close();
  }, 60_000);

  it('locks a link after five wrong codes, and refuses unsigned link requests', async () => {
    const { url, linkId } = await owner.value<{ url: string; linkId: string }>('links.create', { accountId, lifetime: '1h', once: false, emails: [], domains: ['agency.test'] });
    const base = url.split('#')[0]!.replace(`/l/${linkId}`, '');
    const post = (path: string, body: unknown) => fetch(`${base}/l/${linkId}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const before = smtp.accepted.length;
    expect((await post('/code', { email: 'dee@agency.test' })).status).toBe(202);
    await expect.poll(() => smtp.accepted.length, { timeout: 15_000 }).toBe(before + 1);
    const mail = await newestMailText(dovecot, 'recipient');
    const right = /Your code: (\d{6})/.exec(mail)![1]!;
    const wrong = right === '000000' ? '111111' : '000000';
    const answers: unknown[] = [];
    for (let i = 0; i < 5; i++) answers.push(await (await post('/open', { email: 'dee@agency.test', code: wrong })).json());
    expect(answers.at(0)).toMatchObject({ reason: 'wrong-code', triesLeft: 4 });
    expect(answers.at(-1)).toMatchObject({ reason: 'locked' });
    // Locked for good: the right code opens nothing now.
    expect(await (await post('/open', { email: 'dee@agency.test', code: right })).json()).toMatchObject({ ok: false, reason: 'locked' });

    const unsigned = await fetch(`${base}/links/${(await owner.value<{ links: ShareLinkView[] }>('links.list', {})).links[0]!.workspaceId}`);
    expect(unsigned.status).toBe(401);
  }, 60_000);
});
