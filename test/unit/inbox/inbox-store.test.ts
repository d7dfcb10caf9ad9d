import { describe, expect, it } from 'vitest';
import { MemoryInboxStore } from '../../../main/inbox/inbox-store';
import { routedMessage } from './message-builders';

describe('MemoryInboxStore', () => {
  it('keeps one copy per Message-ID, so a resync stores nothing twice', async () => {
    const store = new MemoryInboxStore();
    const message = routedMessage();
    expect(await store.saveMessage(message)).toBe('saved');
    expect(await store.saveMessage({ ...message, uid: 900 })).toBe('duplicate');
    expect(await store.listMessages()).toHaveLength(1);
  });

  it('lists newest first, by account, category and time', async () => {
    const store = new MemoryInboxStore();
    const old = routedMessage({ receivedAt: new Date('2024-01-01T00:00:00Z') });
    const slack = routedMessage({ accountIds: ['slack'], category: 'security_alert', receivedAt: new Date('2024-02-01T00:00:00Z') });
    const recent = routedMessage({ receivedAt: new Date('2024-03-01T00:00:00Z') });
    for (const message of [old, slack, recent]) await store.saveMessage(message);
    expect(await store.listMessages()).toEqual([recent, slack, old]);
    expect(await store.listMessages({ accountId: 'github' })).toEqual([recent, old]);
    expect(await store.listMessages({ category: 'security_alert' })).toEqual([slack]);
    expect(await store.listMessages({ since: new Date('2024-01-15T00:00:00Z'), limit: 1 })).toEqual([recent]);
  });

  it('remembers the sync place per mailbox and hands out copies', async () => {
    const store = new MemoryInboxStore();
    await store.saveSyncState('a', { uidValidity: '7', lastSeenUid: 12 });
    const state = await store.loadSyncState('a');
    state!.lastSeenUid = 99;
    expect(await store.loadSyncState('a')).toEqual({ uidValidity: '7', lastSeenUid: 12 });
    expect(await store.loadSyncState('b')).toBeUndefined();
  });
});
