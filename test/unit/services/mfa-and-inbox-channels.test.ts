// The mfa.* and inbox.* channels through the real dispatcher, services and a vault file:
// imports from text and QR images (with the size limit), backup codes, and an inbox that is
// not connected yet.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import QRCode from 'qrcode';
import type { Services } from '../../../main/services';
import { openChannelHarness, type ChannelHarness } from '../../support/channel-harness';
import { writeMailboxSettings } from '../../../main/inbox/mailbox-settings';
import { parseMailboxConfig } from '../../../main/inbox';
import { startTwilioLikeServer } from '../../support/twilio-like-server';
import { encodePayload, migrationUri } from '../mfa/helpers/migration-payload-encoder';

const TWILIO_SID = 'AC5e1f0000000000000000000000000c33';
const URI = 'otpauth://totp/Acme:ops%40acme.example?secret=JBSWY3DPEHPK3PXP&issuer=Acme&digits=8';

describe('mfa and inbox channels', () => {
  let h: ChannelHarness;
  let services: Services;
  const call = (channel: string, input: unknown = {}) => h.call(channel, input);
  const value = <T,>(channel: string, input: unknown = {}) => h.value<T>(channel, input);
  let accountId: string;

  beforeEach(async () => {
    h = openChannelHarness();
    ({ services } = h);
    await value('vault.create', { password: 'master-password-1' });
    ({ id: accountId } = await value<{ id: string }>('accounts.create', { name: 'Acme', backupCodes: ['1111-2222', '3333-4444'] }));
  });
  afterEach(() => h.close());

  it('imports an otpauth link and reports the status without the secret', async () => {
    expect(await value('mfa.importText', { id: accountId, text: URI })).toMatchObject({ issuer: 'Acme', label: 'ops@acme.example', type: 'totp' });
    const status = await value('mfa.status', { id: accountId });
    expect(status).toMatchObject({ method: 'totp', totp: { issuer: 'Acme', digits: 8 }, pending: null, backupCodeCount: 2, enrolling: false });
    expect(JSON.stringify(status)).not.toContain('JBSWY3DP');
  });

  it('imports the chosen entry of a Google Authenticator export', async () => {
    const text = migrationUri(encodePayload({
      entries: [
        { secret: Buffer.from('first-secret-bytes'), name: 'one@example', issuer: 'One', type: 2 },
        { secret: Buffer.from('second-secret-byte'), name: 'two@example', issuer: 'Two', type: 2 },
      ],
    }));
    const imported = await value<{ issuer: string; entries: unknown[] }>('mfa.importText', { id: accountId, text, index: 1 });
    expect(imported).toMatchObject({ issuer: 'Two', entries: [{ issuer: 'One' }, { issuer: 'Two' }] });
    expect(await call('mfa.importText', { id: accountId, text, index: 5 })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('imports a QR image given as base64, and refuses non-images and oversized ones', async () => {
    const png = await QRCode.toBuffer(URI, { type: 'png' });
    expect(await value('mfa.importQr', { id: accountId, imageBase64: `data:image/png;base64,${png.toString('base64')}` })).toMatchObject({ issuer: 'Acme' });
    expect(await call('mfa.importQr', { id: accountId, imageBase64: Buffer.from('not an image at all').toString('base64') })).toMatchObject({ ok: false, error: { code: 'IMAGE_INVALID' } });
    expect(await call('mfa.importQr', { id: accountId, imageBase64: 'A'.repeat(960_000) })).toMatchObject({ ok: false });
    expect(await call('mfa.importText', { id: accountId, text: 'otpauth://totp/x?secret=not-base32!' })).toMatchObject({ ok: false, error: { code: 'OTPAUTH_INVALID' } });
  });

  it('gives an Owner the backup code values and audits it', async () => {
    expect(await value('mfa.backupCodes', { id: accountId })).toEqual({ codes: ['1111-2222', '3333-4444'] });
    expect(services.vault.unlocked().audit.entries().at(-1)).toMatchObject({ kind: 'account.reveal', accountId, details: { field: 'backupCodes' } });
  });

  it('says when no mailbox is connected, and lists an empty team inbox', async () => {
    expect(await value('inbox.status')).toMatchObject({ configured: false, state: 'stopped', settings: null });
    expect(await call('inbox.alias', { id: accountId })).toMatchObject({ ok: false, error: { code: 'INBOX_NOT_CONFIGURED' } });
    expect(await value('inbox.list', {})).toEqual({ messages: [] });
    expect(await value('inbox.list', { id: accountId })).toEqual({ messages: [] });
  });

  it('lists a text read through Twilio (a local Twilio-shaped server) as an SMS of the account its number belongs to', async () => {
    const twilio = await startTwilioLikeServer(TWILIO_SID, 'twilio-token-channel-1');
    try {
      const vault = services.vault.unlocked();
      writeMailboxSettings(vault, {
        config: parseMailboxConfig({ host: 'imap.example.test', address: 'team@example.test' }),
        credentials: { username: 'team', password: 'mailbox-password' },
        twilio: { accountSid: TWILIO_SID, authToken: 'twilio-token-channel-1', phoneNumbers: ['+15558675310'], apiBaseUrl: twilio.baseUrl },
        enabled: false,
      });
      expect(await value('inbox.useManagedPhone', { id: accountId, phoneNumber: '+1 555 867 5310' })).toBeTruthy();
      twilio.texts.push({ sid: 'SM42', from: '+15017122661', to: '+15558675310', body: 'Your Acme code is 650311', sentAt: new Date(Date.now() - 1000) });
      expect(await services.inbox.pollSms()).toBe(1);
      const { messages } = await value<{ messages: unknown[] }>('inbox.list', { id: accountId });
      expect(messages).toMatchObject([{ kind: 'sms', from: '+15017122661', code: '650311', accountIds: [accountId], subject: '' }]);
    } finally {
      await twilio.close();
    }
  });
});
