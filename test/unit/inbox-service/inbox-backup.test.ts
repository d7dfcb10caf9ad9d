// The managed inbox survives backup and restore: messages (still routed to their accounts),
// the mailbox settings with their credentials, and the account's alias; the restored vault
// and the backup file hold none of it in the clear.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { InboxService } from '../../../main/inbox/inbox-service';
import { localOwnerAccess } from '../../../main/access/account-access';
import { readMailboxSettings, writeMailboxSettings } from '../../../main/inbox/mailbox-settings';
import { VaultInboxStore } from '../../../main/inbox/vault-inbox-store';
import { parseMailboxConfig } from '../../../main/inbox';
import { silentLogger } from '../../../main/logger';
import { TEST_KDF_COST, Vault, type Vault as VaultType } from '../../../main/vault';
import { routedMessage } from '../inbox/message-builders';
import { createTestVault, tempDir, TEST_MODE } from '../vault/helpers';
import { scanFilesForSecrets, vaultFiles } from '../vault/secret-scan';

const PASSPHRASE = 'inbox backup passphrase 7';
const SECRETS = {
  mailboxPassword: 'Mailbox-Pw-Potoroo-4410',
  twilioToken: 'twilio-token-echidna-2231',
  body: 'Your potoroo sign-in code is 604331, valid for ten minutes',
  subject: 'Potoroo sign-in code',
  alias: 'team+potoroo-77aa01@bandicoot.example',
};

const inboxOf = (vault: VaultType) => new InboxService({ vault: () => vault, access: localOwnerAccess, log: silentLogger });

describe('inbox data in backups', () => {
  it('restores the messages, the mailbox settings and the alias into a new vault, with no plaintext on disk', async () => {
    const { vault } = await createTestVault();
    const accountId = vault.accounts.create({ name: 'Potoroo', urls: ['potoroo.example'], password: 'pw-potoroo', managedEmail: SECRETS.alias }).id;
    writeMailboxSettings(vault, {
      config: parseMailboxConfig({ host: 'imap.bandicoot.example', address: 'team@bandicoot.example', security: 'starttls', port: 1143 }),
      credentials: { username: 'bandicoot-user', password: SECRETS.mailboxPassword },
      twilio: { accountSid: 'AC00000000000000000000000000000042', authToken: SECRETS.twilioToken, phoneNumbers: ['+15550004242'] },
      enabled: true,
    });
    const store = new VaultInboxStore((use) => use(vault));
    const codeMail = routedMessage({ accountIds: [accountId], to: [SECRETS.alias], subject: SECRETS.subject, text: SECRETS.body, code: '604331' });
    await store.saveMessage(codeMail);
    await store.saveMessage(routedMessage({ accountIds: [], subject: 'Team newsletter', text: 'Nothing to see', category: 'other' }));
    await store.saveSyncState('team@bandicoot.example imap.bandicoot.example:1143 INBOX', { uidValidity: '9', lastSeenUid: 2 });

    const file = join(tempDir(), 'with-inbox.tbak');
    expect(await vault.backup(file, PASSPHRASE, { kdf: TEST_KDF_COST })).toMatchObject({ accounts: 1, inboxMessages: 2, skipped: [] });
    const target = join(tempDir(), 'restored.tessera');
    const restored = await Vault.restoreBackup(file, PASSPHRASE, target, 'new master password', { kdf: TEST_KDF_COST, ...TEST_MODE });
    try {
      const inbox = inboxOf(restored.vault);
      const forAccount = inbox.listForAccount(accountId);
      expect(forAccount).toHaveLength(1);
      expect(forAccount[0]).toMatchObject({ subject: SECRETS.subject, code: '604331', accountIds: [accountId] });
      expect(inbox.listTeam().map((m) => m.subject).sort()).toEqual([SECRETS.subject, 'Team newsletter']);
      expect(inbox.message(forAccount[0]!.id).text).toBe(SECRETS.body);
      expect(inbox.status().settings).toMatchObject({ host: 'imap.bandicoot.example', port: 1143, security: 'starttls', username: 'bandicoot-user', twilio: { accountSid: 'AC00000000000000000000000000000042', phoneNumbers: ['+15550004242'], apiBaseUrl: null } });
      expect(readMailboxSettings(restored.vault)).toMatchObject({ credentials: { password: SECRETS.mailboxPassword }, twilio: { authToken: SECRETS.twilioToken } });
      expect(inbox.aliasFor(accountId)).not.toBe('');
      expect(restored.vault.accounts.get(accountId).managedEmail).toBe(SECRETS.alias);
      // The same message arriving again after the restore is recognised as already stored.
      expect(await new VaultInboxStore((use) => use(restored.vault)).saveMessage(codeMail)).toBe('duplicate');
      expect(restored.vault.audit.entries().at(-1)).toMatchObject({ kind: 'vault.restore', details: { inboxMessages: 2 } });
      expect(scanFilesForSecrets([...vaultFiles(target), file], Object.values(SECRETS))).toEqual([]);
    } finally {
      restored.vault.close();
    }
  });
});
