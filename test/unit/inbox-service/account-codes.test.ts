// Where an automated login's code comes from: the first of several sources wins and the
// others are cancelled; an account whose managed phone is the team's Twilio number gets its
// SMS code through Twilio's Messages API (a local server shaped like it), audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstCode } from '../../../main/inbox/first-code';
import { InboxService } from '../../../main/inbox/inbox-service';
import { localOwnerAccess } from '../../../main/access/account-access';
import { writeMailboxSettings } from '../../../main/inbox/mailbox-settings';
import { parseMailboxConfig } from '../../../main/inbox';
import { TesseraError } from '../../../main/errors';
import { silentLogger } from '../../../main/logger';
import { createTestVault } from '../vault/helpers';
import { startTwilioLikeServer, type TwilioLikeServer } from '../../support/twilio-like-server';

const abortable = (ms: number, value: string, log: string[]) => (signal: AbortSignal) => new Promise<string>((resolve, reject) => {
  const timer = setTimeout(() => {
    signal.removeEventListener('abort', onAbort);
    resolve(value);
  }, ms);
  const onAbort = () => {
    clearTimeout(timer);
    log.push(`${value} cancelled`);
    reject(new TesseraError('CANCELLED', 'cancelled'));
  };
  signal.addEventListener('abort', onAbort);
});

describe('the first code of several sources', () => {
  it('answers with the fastest source and cancels the others', async () => {
    const log: string[] = [];
    await expect(firstCode([abortable(200, 'slow', log), abortable(10, 'fast', log)])).resolves.toBe('fast');
    expect(log).toEqual(['slow cancelled']);
  });

  it('fails with the first failure when no source finds a code, and refuses an account with no source', async () => {
    const timeout = async () => { throw new TesseraError('TIMEOUT', 'no code'); };
    await expect(firstCode([timeout, timeout])).rejects.toMatchObject({ code: 'TIMEOUT' });
    await expect(firstCode([])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});

describe('SMS codes through Twilio', () => {
  const SID = 'AC00000000000000000000000000000009';
  const TOKEN = 'twilio-token-for-tests';
  const NUMBER = '+15558675310';
  let twilio: TwilioLikeServer;
  const sentAt = new Date();
  beforeAll(async () => {
    twilio = await startTwilioLikeServer(SID, TOKEN);
    twilio.texts.push({ sid: 'SM1', from: '+15017122661', to: NUMBER, body: 'Your Acme verification code is 551177', sentAt: new Date(sentAt.getTime() + 1000) });
  });
  afterAll(() => twilio.close());

  it('hands the login the code texted to the account\'s managed phone, and audits it', async () => {
    const { vault } = await createTestVault();
    writeMailboxSettings(vault, {
      config: parseMailboxConfig({ host: 'imap.example.test', address: 'team@example.test' }),
      credentials: { username: 'team', password: 'mailbox-password' },
      twilio: { accountSid: SID, authToken: TOKEN, phoneNumbers: [NUMBER] },
      enabled: false,
    });
    const { id } = vault.accounts.create({ name: 'Acme', managedPhone: '+1 (555) 867-5310' });
    const inbox = new InboxService({ vault: () => vault, access: localOwnerAccess, log: silentLogger, twilioBaseUrl: twilio.baseUrl, now: () => sentAt.getTime() });
    const provider = inbox.emailCodes(id);
    expect(provider).toBeDefined();
    await expect(provider!()).resolves.toBe('551177');
    expect(vault.audit.entries().at(-1)).toMatchObject({ kind: 'inbox.code_used', accountId: id, details: { purpose: 'login' } });
  });

  it('has no code source for an account without a managed email or phone', async () => {
    const { vault } = await createTestVault();
    const { id } = vault.accounts.create({ name: 'Plain' });
    expect(new InboxService({ vault: () => vault, access: localOwnerAccess, log: silentLogger }).emailCodes(id)).toBeUndefined();
  });
});
