import { describe, expect, it } from 'vitest';
import { VaultInboxStore } from '../../../main/inbox/vault-inbox-store';
import { createTestVault, withRawDb } from '../vault/helpers';
import { routedMessage } from '../inbox/message-builders';

describe('the vault-backed inbox store', () => {
  it('keeps messages and finds them per account, newest first', async () => {
    const { vault } = await createTestVault();
    const store = new VaultInboxStore((use) => use(vault));
    const older = routedMessage({ accountIds: ['a1'], receivedAt: new Date('2024-05-01T10:00:00Z'), code: '111111' });
    const newer = routedMessage({ accountIds: ['a1', 'a2'], receivedAt: new Date('2024-05-01T11:00:00Z'), code: '222222' });
    const other = routedMessage({ accountIds: ['a3'], receivedAt: new Date('2024-05-01T12:00:00Z') });
    for (const message of [older, newer, other]) expect(await store.saveMessage(message)).toBe('saved');
    expect((await store.listMessages({ accountId: 'a1' })).map((m) => m.code)).toEqual(['222222', '111111']);
    expect((await store.listMessages({ accountId: 'a2' })).map((m) => m.messageId)).toEqual([newer.messageId]);
    expect(await store.listMessages({ since: new Date('2024-05-01T10:30:00Z') })).toHaveLength(2);
    const [first] = await store.listMessages({ accountId: 'a1', limit: 1 });
    expect(first).toEqual(newer);
  });

  it('recognises a message it already has by its Message-ID (a resync), without storing the id in the clear', async () => {
    const { vault, path } = await createTestVault();
    const store = new VaultInboxStore((use) => use(vault));
    const message = routedMessage({ messageId: '<resync-me-4471@mail.example>' });
    expect(await store.saveMessage(message)).toBe('saved');
    expect(await store.saveMessage({ ...message, uid: 99 })).toBe('duplicate');
    expect(await store.listMessages()).toHaveLength(1);
    const row = withRawDb(path, (db) => db.prepare('SELECT dedup FROM inbox_messages').get() as { dedup: Buffer });
    expect(row.dedup.toString('latin1')).not.toContain('resync-me');
  });

  it('keeps the sync position per mailbox', async () => {
    const { vault } = await createTestVault();
    const store = new VaultInboxStore((use) => use(vault));
    expect(await store.loadSyncState('team@example.test imap:993 INBOX')).toBeUndefined();
    await store.saveSyncState('team@example.test imap:993 INBOX', { uidValidity: '17', lastSeenUid: 42 });
    await store.saveSyncState('other@example.test imap:993 INBOX', { uidValidity: '3', lastSeenUid: 1 });
    expect(await store.loadSyncState('team@example.test imap:993 INBOX')).toEqual({ uidValidity: '17', lastSeenUid: 42 });
  });

  it('notices a message moved to another account outside Tessera and leaves it out', async () => {
    const { vault, path } = await createTestVault();
    const store = new VaultInboxStore((use) => use(vault));
    await store.saveMessage(routedMessage({ accountIds: ['a1'] }));
    withRawDb(path, (db) => db.prepare("UPDATE inbox_message_accounts SET account_id = 'intruder'").run());
    expect(await store.listMessages({ accountId: 'intruder' })).toEqual([]);
    expect(await store.listMessages()).toEqual([]);
  });

  it('purges messages past the retention period and records it in the audit log', async () => {
    const { vault } = await createTestVault();
    const store = new VaultInboxStore((use) => use(vault));
    await store.saveMessage(routedMessage({ receivedAt: new Date('2024-01-01T00:00:00Z') }));
    await store.saveMessage(routedMessage({ receivedAt: new Date('2024-03-01T00:00:00Z') }));
    expect(vault.inbox.purgeMessages(Date.parse('2024-02-01T00:00:00Z'))).toBe(1);
    expect(await store.listMessages()).toHaveLength(1);
    expect(vault.audit.entries().at(-1)).toMatchObject({ kind: 'inbox.purge', details: { messages: 1 } });
  });
});
