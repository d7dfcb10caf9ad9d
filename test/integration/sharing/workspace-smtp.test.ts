// A workspace's own SMTP server for share-link codes, over a real relay that has none of its
// own: until an Owner sets one, a link that checks an email is refused; the Owner sets a real
// SMTP server that requires a login (started by the test, delivering into Dovecot), reads it
// back without its password, and a recipient's code now arrives by that server; a Member's
// device is refused, by its app and by the relay itself; cleared, links that check an email
// are refused again. The relay's access log and the Owner's audit log never hold the password.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRelay, type RunningRelay } from '../../../relay/server';
import type { AccessLogEntry } from '../../../relay/share-link-routes';
import type { LinkEmailStateView } from '../../../main/ipc/contract/links';
import { deviceRelayRequest } from '../../../main/sharing/relay-requests';
import { startDovecot, type DovecotServer } from '../../support/dovecot';
import { newestMailText, startSmtpToDovecot, type SmtpToDovecot } from '../../support/smtp-to-dovecot';
import { joinedPair, startApp, type App } from '../../support/relay-apps';

const SMTP_USER = 'links-sender';
const SMTP_PASSWORD = 'Smtp-Relay-Secret-9931!';
const RECIPIENT = 'cy@agency.test';

let dovecot: DovecotServer;
let smtp: SmtpToDovecot;
let relay: RunningRelay;
let relayDir: string;
let owner: App;
let member: App;
let workspaceId: string;
let accountId: string;
const accessLog: AccessLogEntry[] = [];

beforeAll(async () => {
  dovecot = await startDovecot(['recipient']);
  smtp = await startSmtpToDovecot(dovecot, 'recipient', { user: SMTP_USER, password: SMTP_PASSWORD });
  relayDir = mkdtempSync(join(tmpdir(), 'tessera-workspace-smtp-'));
  // No SMTP server of the relay's own; the test's server is on 127.0.0.1, which a relay allows only when told.
  relay = await startRelay({ dbPath: join(relayDir, 'relay.db'), host: '127.0.0.1', port: 0, smtpPrivateHosts: true, accessLog: (entry) => accessLog.push(entry) });
  owner = startApp('owner');
  member = startApp('member');
  await owner.value('vault.create', { password: 'master-password-owner' });
  await member.value('vault.create', { password: 'master-password-member' });
  ({ id: accountId } = await owner.value<{ id: string }>('accounts.create', { name: 'Vendor portal', urls: ['https://vendor.example.test/login'], username: 'ops', password: 'Vendor-Pass-4410!' }));
}, 90_000);

afterAll(async () => {
  await owner?.close();
  await member?.close();
  await relay?.close();
  await smtp?.close();
  await dovecot?.stop();
  if (relayDir) rmSync(relayDir, { recursive: true, force: true });
});

const linkForRecipient = () => owner.call('links.create', { accountId, lifetime: '1h', once: true, emails: [RECIPIENT], domains: [] });
const settings = { host: '127.0.0.1', port: 0, secure: false, from: 'Tessera <links@host.test>', user: SMTP_USER, password: SMTP_PASSWORD };

describe("a workspace's own SMTP server for link codes", () => {
  it('is needed before a link can check an email, when the relay has none', async () => {
    ({ workspaceId } = await joinedPair(owner, member, relay.url, 'member'));
    expect(await owner.value<LinkEmailStateView>('links.emailSettings', { workspaceId })).toEqual({ smtp: null, relayHasSmtp: false });
    expect(await linkForRecipient()).toMatchObject({ ok: false, error: { code: 'LINK_EMAIL_UNAVAILABLE' } });
  });

  it('is refused to a Member, by the app and by the relay', async () => {
    expect(await member.call('links.setEmailSettings', { ...settings, workspaceId, port: smtp.port })).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
    // The relay checks on its own: the Member's device signs the request itself.
    const live = member.services.sync.get(workspaceId);
    await expect(deviceRelayRequest(live, 'POST', `/scim-admin/${workspaceId}/smtp`, { host: '127.0.0.1', port: smtp.port, secure: false, from: 'x@y.test' })).rejects.toMatchObject({ code: 'RELAY_AUTH_REFUSED' });
  });

  it('set by the Owner, reads back without its password and emails the code through it', async () => {
    const state = await owner.value<LinkEmailStateView>('links.setEmailSettings', { ...settings, workspaceId, port: smtp.port });
    expect(state).toEqual({ smtp: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Tessera <links@host.test>', user: SMTP_USER, hasPassword: true }, relayHasSmtp: false });
    expect(JSON.stringify(state)).not.toContain(SMTP_PASSWORD);

    const { url, linkId } = await owner.value<{ url: string; linkId: string }>('links.create', { accountId, lifetime: '1h', once: true, emails: [RECIPIENT], domains: [] });
    const base = new URL(url).origin;
    const asked = await fetch(`${base}/l/${linkId}/code`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: RECIPIENT }) });
    expect(asked.status).toBe(202);
    expect(smtp.accepted.at(-1)).toEqual([RECIPIENT]);
    const code = /Your code: (\d{6})/.exec(await newestMailText(dovecot, 'recipient'))?.[1];
    expect(code).toMatch(/^\d{6}$/);
    const opened = await fetch(`${base}/l/${linkId}/open`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: RECIPIENT, code }) });
    expect(opened.status).toBe(200);
  });

  it('cleared, leaves links that check an email refused again; the password is in no log', async () => {
    expect(await owner.value<LinkEmailStateView>('links.clearEmailSettings', { workspaceId })).toEqual({ smtp: null, relayHasSmtp: false });
    expect(await linkForRecipient()).toMatchObject({ ok: false, error: { code: 'LINK_EMAIL_UNAVAILABLE' } });
    expect(accessLog.some((e) => e.route.endsWith('/smtp'))).toBe(true);
    expect(JSON.stringify(accessLog)).not.toContain(SMTP_PASSWORD);
    const smtpEntries = owner.services.vault.unlocked().audit.entries().filter((e) => e.kind === 'links.smtp');
    expect(smtpEntries.map((e) => e.details)).toEqual([
      { workspaceId, host: '127.0.0.1', port: smtp.port },
      { workspaceId, cleared: true },
    ]);
  });
});
