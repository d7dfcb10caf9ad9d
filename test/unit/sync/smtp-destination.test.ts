// Where a relay may send a workspace's link codes (relay/smtp-destination.ts, workspace-mailers.ts),
// and the app's refusal to send an SMTP password to a relay reached in clear over a network
// (main/sharing/link-email-settings.ts; a stand-in controller: no LAN relay runs here).
import { describe, expect, it } from 'vitest';
import { isPublicAddress, publicSmtpAddress, SMTP_PORTS } from '../../../relay/smtp-destination';
import { WorkspaceMailers } from '../../../relay/workspace-mailers';
import { loginNeedsStartTls } from '../../../relay/link-mailer';
import { SqliteShareLinkStore } from '../../../relay/share-link-store';
import { LinkEmailSettings } from '../../../main/sharing/link-email-settings';
import type { SyncController } from '../../../main/sharing/sync-controller';
import type { Vault } from '../../../main/vault';

describe('isPublicAddress', () => {
  it.each(['127.0.0.1', '10.1.2.3', '172.20.0.5', '192.168.1.10', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', 'not-an-ip'])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
  it.each(['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.4.4'])('accepts %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });
});

describe('publicSmtpAddress', () => {
  it('refuses a port that is not an SMTP port, before resolving anything', async () => {
    await expect(publicSmtpAddress('smtp.example.com', 6379)).rejects.toThrow(/only to SMTP ports/);
    expect(SMTP_PORTS).toContain(587);
  });
  it('refuses a name or address on this machine', async () => {
    await expect(publicSmtpAddress('127.0.0.1', 587)).rejects.toThrow(/not a public address/);
    await expect(publicSmtpAddress('localhost', 25)).rejects.toThrow(/not a public address/);
  });
  it('accepts a public address as it is', async () => {
    await expect(publicSmtpAddress('8.8.8.8', 465)).resolves.toBe('8.8.8.8');
  });
});

describe('loginNeedsStartTls', () => {
  it('requires STARTTLS for a login to another machine, unless TLS is on from the start', () => {
    expect(loginNeedsStartTls({ host: 'smtp.example.com', user: 'links' })).toBe(true);
    expect(loginNeedsStartTls({ host: 'smtp.example.com', user: 'links', secure: true })).toBe(false);
    expect(loginNeedsStartTls({ host: 'smtp.example.com' })).toBe(false); // no login: nothing secret to protect
    expect(loginNeedsStartTls({ host: '127.0.0.1', user: 'links' })).toBe(false);
  });
});

describe('WorkspaceMailers', () => {
  const smtp = { host: '127.0.0.1', port: 587, secure: false, from: 'links@host.test' };

  it('keeps a private server only when the operator allows it, and falls back to the relay\'s own', async () => {
    const store = new SqliteShareLinkStore(':memory:');
    const strict = new WorkspaceMailers(store, undefined, false);
    expect(await strict.set('ws', smtp)).toMatch(/not a public address/);
    expect(await strict.summary('ws')).toEqual({ smtp: null, relayHasSmtp: false });
    expect(await strict.mailerFor('ws')).toBeUndefined();

    const relayWide = { sendCode: async () => {}, close: () => {} };
    const lenient = new WorkspaceMailers(store, relayWide, true);
    expect(await lenient.mailerFor('ws')).toBe(relayWide);
    expect(await lenient.set('ws', { ...smtp, user: 'u', password: 'p4ss' })).toBeUndefined();
    expect(await lenient.summary('ws')).toEqual({ smtp: { ...smtp, user: 'u', hasPassword: true }, relayHasSmtp: true });
    const own = await lenient.mailerFor('ws');
    expect(own).not.toBe(relayWide);
    expect(await lenient.mailerFor('ws')).toBe(own); // one mailer while the settings stay
    await lenient.set('ws', undefined);
    expect(await lenient.mailerFor('ws')).toBe(relayWide);
    lenient.close();
    await store.close();
  });
});

describe('LinkEmailSettings', () => {
  const controllerAt = (relayUrl: string) => ({
    get: () => ({ relayUrl, workspaceId: 'ws', peer: { workspace: { state: { members: new Map([['me', { role: 'owner' }]]) } } }, identity: { memberId: 'me' } }),
  }) as unknown as SyncController;
  const vault = () => ({ audit: { append: () => {} } }) as unknown as Vault;
  const withPassword = { host: 'smtp.example.com', port: 587, secure: false, from: 'links@host.test', user: 'u', password: 'secret-smtp-pass' };

  it('never sends an SMTP password to a relay reached without TLS over a network', async () => {
    const settings = new LinkEmailSettings({ vault, controller: controllerAt('ws://192.168.1.20:8787') });
    await expect(settings.set('ws', withPassword)).rejects.toMatchObject({ code: 'INSECURE_RELAY' });
  });
});
