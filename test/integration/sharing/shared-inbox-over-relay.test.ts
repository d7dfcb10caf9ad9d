// Inbox messages of a shared account reach a Collaborator on another device: two app service
// instances and a real relay on 127.0.0.1. A's messages enter through the inbox service's
// store, the intake the IMAP and Twilio readers call (a stand-in only for the mailbox
// transport: no IMAP server runs); the one stored before sharing travels with the first
// share, a later one follows live. B lists both with their codes through `inbox.list` (its
// inbox screens hear `inbox.message` for each), a
// re-sync does not duplicate them, and the relay's database files hold none of their text.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RoutedInboxMessage } from '../../../main/inbox';
import type { InboxMessageSummary } from '../../../main/inbox/inbox-service';
import type { WorkspaceSyncStatus } from '../../../main/ipc/contract/sharing';
import { joinedPair, useRelayApps } from '../../support/relay-apps';

function mail(n: number, accountId: string, code: string): RoutedInboxMessage {
  const at = new Date(Date.now() - (10 - n) * 60_000);
  return {
    uid: n, messageId: `<code-${n}-${code}@mail.acme.test>`, from: 'no-reply@acme.test', fromName: 'Acme Security', to: ['ops+acme@inbox.test'],
    cc: [], deliveredTo: [], subject: `Acme sign-in request ${n}`, date: at, receivedAt: at,
    text: `Someone is signing in to Acme. Your verification code is ${code}. Confidential-Body-${n}`, notes: [],
    accountIds: [accountId], category: 'verification_code', code,
  };
}

describe('inbox messages of a shared account over a real relay (mailbox transport stood in by the store intake)', () => {
  const apps = useRelayApps('inbox');

  it('B, a Collaborator, lists A\'s messages of the account with their codes, once each, and the relay never sees their text', async () => {
    const { relay, a, b } = apps;
    const { id } = await a.value<{ id: string }>('accounts.create', { name: 'Acme Admin', urls: ['https://acme.test/login'], username: 'ops@acme.test', password: 'Acme-Pass-2291!' });
    // What B's inbox screens hear (they list again on it).
    const heard: string[][] = [];
    b.services.events.subscribe((event, payload) => {
      if (event === 'inbox.message') heard.push((payload as { accountIds: string[] }).accountIds);
    });
    const first = mail(1, id, '481516');
    expect(await a.services.inbox.store.saveMessage(first)).toBe('saved');

    const { workspaceId, bMemberId: memberId } = await joinedPair(a, b, relay.url, 'member');
    await a.value('sharing.share', { workspaceId, accountId: id, principal: `member:${memberId}`, role: 'collaborator' });

    const listOnB = async () => (await b.value<{ messages: InboxMessageSummary[] }>('inbox.list', { id })).messages;
    await expect.poll(async () => (await listOnB()).map((m) => m.code), { timeout: 10_000 }).toEqual(['481516']);
    expect((await listOnB())[0]).toMatchObject({ subject: 'Acme sign-in request 1', from: 'no-reply@acme.test', category: 'verification_code', accountIds: [id], kind: 'mail' });
    expect(b.services.sharing.roleOf(id)).toBe('collaborator');
    expect(heard).toEqual([[id]]);

    // A later message follows live; a message the store already had is not shared again.
    const second = mail(2, id, '623342');
    expect(await a.services.inbox.store.saveMessage(second)).toBe('saved');
    expect(await a.services.inbox.store.saveMessage(first)).toBe('duplicate');
    await expect.poll(async () => (await listOnB()).map((m) => m.code), { timeout: 10_000 }).toEqual(['623342', '481516']);
    expect(heard).toEqual([[id], [id]]);

    // A re-sync from scratch (lock, unlock: every doc read and materialized again) adds no copies.
    await b.value('vault.lock');
    await b.value('vault.unlock', { password: 'master-password-b' });
    await expect.poll(async () => (await b.value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces[0]?.lastSyncAt ?? null, { timeout: 10_000 }).not.toBeNull();
    b.services.sync.saveNow(workspaceId);
    expect((await listOnB()).map((m) => m.code)).toEqual(['623342', '481516']);

    // The relay stores records, never the messages' text.
    const relayBytes = readdirSync(apps.relayDir).map((f) => readFileSync(join(apps.relayDir, f)).toString('latin1')).join('\n');
    expect(relayBytes.length).toBeGreaterThan(0);
    for (const secret of ['481516', '623342', 'Acme sign-in request', 'Confidential-Body', 'no-reply@acme.test', 'mail.acme.test']) expect(relayBytes).not.toContain(secret);
  });
});
