// The team's Twilio account in the InboxService, against a local Twilio-shaped server: it is
// tested before it is kept (a wrong token stores nothing), its token never comes back, a team
// number becomes an account's managed phone, and that account's SMS code is read through it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localOwnerAccess } from '../../../main/access/account-access';
import { InboxService } from '../../../main/inbox/inbox-service';
import { readMailboxSettings, writeMailboxSettings } from '../../../main/inbox/mailbox-settings';
import { parseMailboxConfig } from '../../../main/inbox';
import { silentLogger } from '../../../main/logger';
import { MAILBOX_SETTINGS_STATE } from '../../../main/vault';
import { startTwilioLikeServer, type TwilioLikeServer } from '../../support/twilio-like-server';
import { createTestVault, errorCode } from '../vault/helpers';

const SID = 'AC5e1f0000000000000000000000000a11';
const TOKEN = 'twilio-token-wombat-7731';
let twilio: TwilioLikeServer;
beforeAll(async () => {
  twilio = await startTwilioLikeServer(SID, TOKEN);
});
afterAll(() => twilio.close());

async function connectedVault() {
  const { vault } = await createTestVault();
  writeMailboxSettings(vault, {
    config: parseMailboxConfig({ host: 'imap.example.test', address: 'team@example.test' }),
    credentials: { username: 'team', password: 'mailbox-password' },
    enabled: false,
  });
  return { vault, inbox: new InboxService({ vault: () => vault, access: localOwnerAccess, log: silentLogger }) };
}

describe('the team\'s Twilio account', () => {
  it('is kept only after Twilio accepted it, without its token in the status, and maps a number to an account', async () => {
    const { vault, inbox } = await connectedVault();
    const draft = { accountSid: SID, authToken: 'wrong-token', phoneNumbers: ['+1 555 867 5310', '+44 7700 900123'], apiBaseUrl: twilio.baseUrl };
    expect(await errorCode(() => inbox.setTwilio(draft))).toBe('SMS_PROVIDER_AUTH_FAILED');
    expect(readMailboxSettings(vault)?.twilio).toBeUndefined();

    twilio.requests.length = 0;
    const status = await inbox.setTwilio({ ...draft, authToken: TOKEN });
    expect(status.settings?.twilio).toEqual({ accountSid: SID, phoneNumbers: ['+15558675310', '+447700900123'], apiBaseUrl: twilio.baseUrl });
    expect(JSON.stringify(status)).not.toContain(TOKEN);
    expect(twilio.requests).toEqual([
      { path: `/2010-04-01/Accounts/${SID}/Messages.json`, authorized: true },
      { path: `/2010-04-01/Accounts/${SID}/Messages.json`, authorized: true },
    ]);

    const { id } = vault.accounts.create({ name: 'Wombat Bank', urls: ['wombat.example'], password: 'pw' });
    expect(inbox.smsRoute(id)).toBeNull();
    expect(await errorCode(() => inbox.useManagedPhone(id, '+15550000000'))).toBe('INVALID_INPUT');
    expect(inbox.useManagedPhone(id, '+44 7700 900123')).toBe('+447700900123');
    expect(inbox.smsRoute(id)).toEqual({ via: 'twilio', phoneNumber: '+447700900123' });

    twilio.texts.push({ sid: 'SM7', from: '+15017122661', to: '+447700900123', body: 'Your Wombat Bank code is 318406', sentAt: new Date(Date.now() + 1000) });
    await expect(inbox.otpProvider(id)()).resolves.toBe('318406');
    // The text the login read is kept as the account's inbox message.
    expect(inbox.listForAccount(id)).toMatchObject([{ kind: 'sms', code: '318406', from: '+15017122661' }]);
    expect(vault.audit.entries().at(-1)).toMatchObject({ kind: 'inbox.code_used', accountId: id });

    expect((await inbox.setTwilio(null)).settings?.twilio).toBeNull();
    expect(inbox.smsRoute(id)).toEqual({ via: 'forwarded-mail', phoneNumber: '+447700900123' });
  });

  it('reads settings saved with a single phoneNumber, and asks for a connected mailbox first', async () => {
    const { vault, inbox } = await connectedVault();
    const stored = vault.inbox.readState(MAILBOX_SETTINGS_STATE) as Record<string, unknown>;
    vault.inbox.writeState(MAILBOX_SETTINGS_STATE, { ...stored, twilio: { accountSid: SID, authToken: TOKEN, phoneNumber: '+15558675310' } });
    expect(inbox.status().settings?.twilio?.phoneNumbers).toEqual(['+15558675310']);
    await inbox.disconnect();
    expect(await errorCode(() => inbox.setTwilio({ accountSid: SID, authToken: TOKEN, phoneNumbers: ['+15558675310'] }))).toBe('INBOX_NOT_CONFIGURED');
  });
});
