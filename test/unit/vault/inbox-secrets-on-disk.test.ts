// The managed inbox's write paths (messages, mailbox credentials, sync state, pending MFA
// secrets, enrolment runs, purge) leave no secret readable in the vault's files.
import { describe, expect, it } from 'vitest';
import { VaultInboxStore } from '../../../main/inbox/vault-inbox-store';
import { writeMailboxSettings } from '../../../main/inbox/mailbox-settings';
import { parseMailboxConfig } from '../../../main/inbox';
import { routedMessage } from '../inbox/message-builders';
import { createTestVault, PASSWORD } from './helpers';
import { scanFilesForSecrets, vaultFiles } from './secret-scan';

const SECRETS = {
  code: '864209',
  subject: 'Wallaby verification for treasury',
  body: 'Your wallaby-code is 864209, valid for ten minutes',
  from: 'alerts@wallaby-bank.example',
  messageId: '<wallaby-7781-msgid@wallaby-bank.example>',
  alias: 'team+wallaby-bank-3fa2c1@numbat.example',
  mailboxHost: 'imap.numbat.example',
  mailboxUser: 'numbat-mail-user',
  mailboxPassword: 'Mailbox-Pw-Bilby-5521',
  twilioToken: 'twilio-token-dingo-9981',
  pendingSecret: 'MZXW6YTBOI======',
  backupCode: 'kookaburra-backup-1133',
  uidValidity: 'uidvalidity-3355-quoll',
};

describe('inbox and MFA secrets never reach the disk in the clear', () => {
  it('after saving messages, mailbox credentials, sync state, pending secrets, runs and a purge', async () => {
    const { vault, path } = await createTestVault();
    const check = (step: string): void => {
      expect(scanFilesForSecrets(vaultFiles(path), [...Object.values(SECRETS), PASSWORD]), `after ${step}`).toEqual([]);
    };
    const store = new VaultInboxStore((use) => use(vault));
    await store.saveMessage(routedMessage({
      messageId: SECRETS.messageId, from: SECRETS.from, to: [SECRETS.alias], subject: SECRETS.subject, text: SECRETS.body, code: SECRETS.code,
      receivedAt: new Date(Date.now() - 1000),
    }));
    check('saving a message');
    await store.saveSyncState(`${SECRETS.alias} ${SECRETS.mailboxHost}:993 INBOX`, { uidValidity: SECRETS.uidValidity, lastSeenUid: 7 });
    check('saving the sync state');
    writeMailboxSettings(vault, {
      config: parseMailboxConfig({ host: SECRETS.mailboxHost, address: 'team@numbat.example' }),
      credentials: { username: SECRETS.mailboxUser, password: SECRETS.mailboxPassword },
      twilio: { accountSid: 'AC123', authToken: SECRETS.twilioToken, phoneNumbers: ['+15550001111'] },
      enabled: true,
    });
    check('saving the mailbox credentials');
    vault.mfa.putPending('acc-1', { secret: SECRETS.pendingSecret }, { source: 'text' });
    check('saving a pending secret');
    vault.mfa.putRun({ id: 'run-1', accountId: 'acc-1', startedAt: 1, finishedAt: 2, outcome: 'enabled', data: { backupCodes: [SECRETS.backupCode] } }, {});
    check('saving an enrolment run');
    vault.mfa.clearPending('acc-1', { reason: 'confirmed' });
    vault.inbox.purgeMessages(Date.now());
    check('purging');
    expect(await store.listMessages()).toEqual([]);
  });
});
