// Inbox messages carried in a shared account's doc: the list stays bounded to the newest
// SHARED_INBOX_LIMIT with each text truncated, nothing readable without the item key (the doc
// as the epoch key reveals it holds no subject, text or code), a Collaborator's device cannot
// add to it, and materializing into a real vault file stores each message once and purges
// them when the account's role goes.
import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_KDF_COST, Vault } from '../../../main/vault';
import type { RoutedInboxMessage } from '../../../main/inbox';
import { materializeSharedAccounts, publishAccount } from '../../../main/sharing/shared-accounts';
import { saveWorkspace } from '../../../main/sharing/sync-state';
import { importSharedInbox, readSharedInbox, SHARED_INBOX_LIMIT, SHARED_INBOX_TEXT_CHARS, shareInboxMessages, sharedInboxSize } from '../../../main/sharing/shared-inbox';
import { twoPeers } from './two-people';

function message(n: number, extra: Partial<RoutedInboxMessage> = {}): RoutedInboxMessage {
  const at = new Date(Date.UTC(2026, 10, 1, 0, n));
  return {
    uid: n, messageId: `<m${n}@acme.test>`, from: 'no-reply@acme.test', to: ['acme@inbox.test'], cc: [], deliveredTo: [],
    subject: `Acme code number ${n}`, date: at, receivedAt: at, text: `Your Acme code is 7${String(n).padStart(5, '0')}.`, notes: [],
    accountIds: ['acct'], category: 'verification_code', code: `7${String(n).padStart(5, '0')}`, ...extra,
  };
}

const setup = twoPeers;

describe('shared inbox in an account doc', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it('keeps only the newest messages, truncates long texts and stores nothing in the clear', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-shared-inbox-'));
    const { vault } = await Vault.create(join(dir, 'a.tessera'), 'master-password-a', { kdf: TEST_KDF_COST, allowWeakKdf: true });
    try {
      const { id } = vault.accounts.create({ name: 'Acme', urls: [], username: 'ops', password: 'pw-1234567' });
      const { alicePeer, bob } = setup();
      const doc = publishAccount(alicePeer, vault.accounts.get(id));
      alicePeer.share(doc.docId, `member:${bob.identity.memberId}`, 'collaborator');
      // Arriving out of order: the bound keeps the newest by arrival, not by insertion.
      const total = SHARED_INBOX_LIMIT + 10;
      for (let n = total - 1; n >= 0; n--) expect(shareInboxMessages(alicePeer, doc, [message(n)])).toBe(true);
      expect(sharedInboxSize(doc)).toBe(SHARED_INBOX_LIMIT);
      // The same message again (e.g. seeded after it was shared live) adds no second entry.
      const before = Y.encodeStateVector(doc.doc);
      shareInboxMessages(alicePeer, doc, [message(total - 1)]);
      expect(Y.encodeStateVector(doc.doc)).toEqual(before);
      const kept = readSharedInbox(doc, doc.openItemKeys(alicePeer.workspace.device));
      expect(kept.map((m) => m.id)).toEqual(Array.from({ length: SHARED_INBOX_LIMIT }, (_, i) => `<m${total - 1 - i}@acme.test>`));

      shareInboxMessages(alicePeer, doc, [message(total, { text: 'x'.repeat(SHARED_INBOX_TEXT_CHARS * 2) })]);
      const newest = readSharedInbox(doc, doc.openItemKeys(alicePeer.workspace.device))[0]!;
      expect(newest).toMatchObject({ id: `<m${total}@acme.test>`, code: `7${String(total).padStart(5, '0')}` });
      expect(newest.text).toHaveLength(SHARED_INBOX_TEXT_CHARS);
      expect(sharedInboxSize(doc)).toBe(SHARED_INBOX_LIMIT);

      // What anyone holding only the epoch key can decode: the doc's state, with no message content.
      const state = Buffer.from(Y.encodeStateAsUpdate(doc.doc)).toString('latin1');
      for (const secret of ['Acme code number', 'Your Acme code', '700059', 'acme.test>', 'no-reply@acme.test']) expect(state).not.toContain(secret);
    } finally {
      vault.close();
    }
  });

  it('a Collaborator cannot add messages; materializing imports each message once and purges them with the account', async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-shared-inbox-'));
    const options = { kdf: TEST_KDF_COST, allowWeakKdf: true };
    const { vault: aliceVault } = await Vault.create(join(dir, 'a.tessera'), 'master-password-a', options);
    const { vault: bobVault } = await Vault.create(join(dir, 'b.tessera'), 'master-password-b', options);
    try {
      const { id } = aliceVault.accounts.create({ name: 'Acme', urls: [], username: 'ops', password: 'pw-1234567' });
      const { alicePeer, bobPeer, bob } = setup();
      const doc = publishAccount(alicePeer, aliceVault.accounts.get(id));
      alicePeer.share(doc.docId, `member:${bob.identity.memberId}`, 'collaborator');
      shareInboxMessages(alicePeer, doc, [message(1), message(2, { kind: 'sms', subject: '' })]);
      const deliver = () => {
        Y.applyUpdate(bobPeer.team.doc.doc, Y.encodeStateAsUpdate(alicePeer.team.doc.doc));
        Y.applyUpdate(bobPeer.account(doc.docId).doc.doc, Y.encodeStateAsUpdate(doc.doc));
      };
      deliver();
      saveWorkspace(bobVault.sync, bobPeer);
      const bobDoc = bobPeer.account(doc.docId).doc;
      expect(shareInboxMessages(bobPeer, bobDoc, [message(3)])).toBe(false);

      expect(materializeSharedAccounts(bobVault, bobPeer).added).toEqual([id]);
      expect(bobVault.inbox.messages({ accountId: id }).map((r) => r.accountIds)).toEqual([[id], [id]]);
      expect(importSharedInbox(bobVault, bobPeer, bobDoc, id)).toEqual([]);
      // A third message: the changed doc is read again, only the new one is added.
      shareInboxMessages(alicePeer, doc, [message(3)]);
      deliver();
      const heard: string[] = [];
      materializeSharedAccounts(bobVault, bobPeer, undefined, Infinity, (m) => heard.push(m.messageId));
      expect(heard).toEqual(['<m3@acme.test>']);
      expect(bobVault.inbox.messages({ accountId: id })).toHaveLength(3);

      alicePeer.unshare(doc.docId, `member:${bob.identity.memberId}`);
      deliver();
      expect(materializeSharedAccounts(bobVault, bobPeer).removed).toEqual([id]);
      expect(bobVault.inbox.messages({ accountId: id })).toEqual([]);
    } finally {
      aliceVault.close();
      bobVault.close();
    }
  });
});
