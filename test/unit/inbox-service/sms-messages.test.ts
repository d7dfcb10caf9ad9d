// Texts read through Twilio (a local Twilio-shaped server) become inbox messages: sealed in the
// vault file (the body never on disk in the clear), routed by the number they were sent to
// (an unknown number goes to the team inbox), de-duplicated by SID across polls, and carried
// by a backup into a restored vault.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountAccess, localOwnerAccess } from '../../../main/access/account-access';
import { InboxService } from '../../../main/inbox/inbox-service';
import { writeMailboxSettings } from '../../../main/inbox/mailbox-settings';
import { SMS_FIRST_POLL_LOOKBACK_MS, SmsPoller, smsAsInboxMessage, waitForStoredSmsCode } from '../../../main/inbox/sms/sms-intake';
import { MemoryInboxStore, parseMailboxConfig, type RoutedInboxMessage, type SmsAdapter } from '../../../main/inbox';
import { TesseraError } from '../../../main/errors';
import { silentLogger } from '../../../main/logger';
import { TEST_KDF_COST, Vault, type Vault as VaultType } from '../../../main/vault';
import { startTwilioLikeServer, type TwilioLikeServer } from '../../support/twilio-like-server';
import { createTestVault, tempDir, TEST_MODE } from '../vault/helpers';
import { scanFilesForSecrets, vaultFiles } from '../vault/secret-scan';

const SID = 'AC5e1f0000000000000000000000000b22';
const TOKEN = 'twilio-token-quokka-5501';
const ACCOUNT_NUMBER = '+15558675310';
const TEAM_ONLY_NUMBER = '+447700900123';
const OTHER_NUMBER = '+4915112345678';
const BODY = 'Your Quokka Bank verification code is 731904. Do not share it.';
let twilio: TwilioLikeServer;
beforeAll(async () => {
  twilio = await startTwilioLikeServer(SID, TOKEN);
});
afterAll(() => twilio.close());

const inboxOf = (vault: VaultType) => new InboxService({ vault: () => vault, access: localOwnerAccess, log: silentLogger });

describe('SMS messages in the inbox', () => {
  it('stores Twilio texts sealed, routed by the To number, once each, and backs them up', async () => {
    const { vault, path } = await createTestVault();
    writeMailboxSettings(vault, {
      config: parseMailboxConfig({ host: 'imap.example.test', address: 'team@example.test' }),
      credentials: { username: 'team', password: 'mailbox-password' },
      twilio: { accountSid: SID, authToken: TOKEN, phoneNumbers: [ACCOUNT_NUMBER, TEAM_ONLY_NUMBER, OTHER_NUMBER], apiBaseUrl: twilio.baseUrl },
      enabled: false,
    });
    const { id } = vault.accounts.create({ name: 'Quokka Bank', urls: ['quokka.example'], password: 'pw', managedPhone: ACCOUNT_NUMBER });
    const other = vault.accounts.create({ name: 'Numbat Mail', urls: ['numbat.example'], password: 'pw', managedPhone: OTHER_NUMBER }).id;
    const sent = Date.now() - 60_000;
    twilio.texts.push(
      { sid: 'SM0001', from: '+15017122661', to: ACCOUNT_NUMBER, body: BODY, sentAt: new Date(sent) },
      // Names the account's number in its text: routing goes by To only.
      { sid: 'SM0002', from: '+15017122662', to: TEAM_ONLY_NUMBER, body: `Forward to ${ACCOUNT_NUMBER}: your login code is 118822`, sentAt: new Date(sent + 1000) },
      { sid: 'SM0003', from: '+15017122663', to: OTHER_NUMBER, body: 'Numbat: new sign-in from a new device. Was this you?', sentAt: new Date(sent + 2000) },
    );
    const inbox = inboxOf(vault);
    expect(await inbox.pollSms()).toBe(3);
    expect(await inbox.pollSms()).toBe(0);

    const forAccount = inbox.listForAccount(id);
    expect(forAccount).toHaveLength(1);
    expect(forAccount[0]).toMatchObject({ kind: 'sms', from: '+15017122661', category: 'verification_code', code: '731904', accountIds: [id] });
    expect(inbox.message(forAccount[0]!.id)).toMatchObject({ text: BODY, to: [ACCOUNT_NUMBER] });
    const team = inbox.listTeam();
    expect(team.map((m) => [m.kind, m.accountIds, m.code])).toEqual([['sms', [other], null], ['sms', [], '118822'], ['sms', [id], '731904']]);
    expect(team[0]).toMatchObject({ category: 'security_alert' });

    // A Collaborator on the first account sees its texts and the unrouted one, like mail.
    const collaborator = new InboxService({ vault: () => vault, access: accountAccess((accountId) => (accountId === id ? 'collaborator' : null)), log: silentLogger });
    expect(collaborator.listTeam().map((m) => m.accountIds)).toEqual([[], [id]]);
    expect(() => collaborator.message(team[0]!.id)).toThrow(expect.objectContaining({ code: 'ITEM_NOT_FOUND' }));
    expect(() => collaborator.listForAccount(other)).toThrow(expect.objectContaining({ code: 'NOT_PERMITTED' }));

    const file = join(tempDir(), 'with-sms.tbak');
    expect(await vault.backup(file, 'sms backup passphrase 1', { kdf: TEST_KDF_COST })).toMatchObject({ inboxMessages: 3 });
    vault.close();
    expect(scanFilesForSecrets([...vaultFiles(path), file], [BODY])).toEqual([]);

    const target = join(tempDir(), 'restored-sms.tessera');
    const restored = await Vault.restoreBackup(file, 'sms backup passphrase 1', target, 'new master password', { kdf: TEST_KDF_COST, ...TEST_MODE });
    try {
      const again = inboxOf(restored.vault);
      expect(again.listForAccount(id)).toMatchObject([{ kind: 'sms', code: '731904', from: '+15017122661' }]);
      // A poll after the restore finds both texts already stored.
      expect(await again.pollSms()).toBe(0);
    } finally {
      restored.vault.close();
    }
  });

  it('routes a text by its To number only, whatever number its text names', () => {
    const accounts = [{ id: 'a', phone: '+1 (555) 867-5310' }, { id: 'b', phone: '' }];
    const text = (to: string, body: string) => smsAsInboxMessage({ id: 'SMx', from: '32665', to, body, receivedAt: new Date(0) }, accounts);
    expect(text('+15558675310', 'Your code is 424242')).toMatchObject({ accountIds: ['a'], messageId: 'sms:SMx', kind: 'sms', code: '424242' });
    expect(text('+15550000000', 'Code for +15558675310: 424242').accountIds).toEqual([]);
    expect(text('+15558675310', 'See you at lunch')).toMatchObject({ category: 'other' });
    expect(text('+15558675310', 'See you at lunch').code).toBeUndefined();
  });
});

describe('the SMS poller', () => {
  it('keeps polling after Twilio failures (logging each, without the text) and stores the text once it answers', async () => {
    const warnings: unknown[] = [];
    let calls = 0;
    const since: Date[] = [];
    const adapter: SmsAdapter = {
      async fetchMessagesSince(from) {
        calls += 1;
        since.push(from);
        if (calls <= 2) throw new TesseraError('SMS_PROVIDER_FAILED', 'Twilio answered 503.');
        return [{ id: 'SM9', from: '+15017122661', to: ACCOUNT_NUMBER, body: BODY, receivedAt: new Date(1_000_000) }];
      },
      waitForCode: () => Promise.reject(new Error('not used')),
    };
    const store = new MemoryInboxStore();
    const stored = new Promise<RoutedInboxMessage>((resolve) => {
      const poller = new SmsPoller({
        adapters: () => [adapter],
        accounts: () => [{ id: 'acct', phone: ACCOUNT_NUMBER }],
        store,
        log: { ...silentLogger, warn: (event, fields) => warnings.push({ event, ...fields }) },
        onMessage: (message) => {
          poller.stop();
          resolve(message);
        },
        intervalMs: 10,
        now: () => 2_000_000,
      });
      poller.start();
    });
    expect(await stored).toMatchObject({ messageId: 'sms:SM9', accountIds: ['acct'], code: '731904' });
    expect(warnings).toEqual([
      { event: 'inbox.sms_poll_failed', code: 'SMS_PROVIDER_FAILED', failures: 1 },
      { event: 'inbox.sms_poll_failed', code: 'SMS_PROVIDER_FAILED', failures: 2 },
    ]);
    expect(since[0]).toEqual(new Date(2_000_000 - SMS_FIRST_POLL_LOOKBACK_MS));
    // The next poll starts at the newest stored text.
    await new SmsPoller({ adapters: () => [adapter], accounts: () => [], store, log: silentLogger }).pollOnce();
    expect(since.at(-1)).toEqual(new Date(1_000_000));
    expect(await store.listMessages()).toHaveLength(1);
  });
});

describe('a login waiting for a texted code', () => {
  it('never takes a code already handed out: it times out, and stops when cancelled', async () => {
    let polls = 0;
    const wait = {
      poll: async () => { polls += 1; },
      codes: () => [{ id: 'used-one', code: '111111' }],
      used: new Set(['used-one']),
      timeoutMs: 40,
      intervalMs: 10,
      phoneNumber: ACCOUNT_NUMBER,
    };
    await expect(waitForStoredSmsCode(wait)).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(polls).toBeGreaterThan(1);
    await expect(waitForStoredSmsCode({ ...wait, signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'CANCELLED' });
    await expect(waitForStoredSmsCode({ ...wait, codes: () => [{ id: 'used-one', code: '111111' }, { id: 'new', code: '222222' }] })).resolves.toBe('222222');
    expect(wait.used.has('new')).toBe(true);
  });
});
