// Sharing several vault accounts in one pass (main/sharing/bulk-share.ts) with real vault files
// and sync peers: the docs are started and granted in one turn, each doc going out as one
// envelope and the team directory as one for all of them; the receiving vault gets every
// account with its password; an account with stored mail seeds the doc's inbox; the doc index
// follows docs started after it was built; a Login-Only member, who may start no doc, is
// refused before anything is written.
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { SyncPeer } from '../../../main/sync';
import { applyShare, planShare } from '../../../main/sharing/bulk-share';
import { accountDocIndex } from '../../../main/sharing/account-doc-index';
import { materializeSharedAccounts } from '../../../main/sharing/shared-accounts';
import { sharedInboxSize } from '../../../main/sharing/shared-inbox';
import { storeInboxMessage } from '../../../main/inbox/vault-inbox-store';
import { person, team } from '../sync/chain-helpers';
import { twoPeers, useTwoVaults } from './two-people';

describe('sharing several accounts in one pass', () => {
  const vaults = useTwoVaults('bulk-share');

  it('starts and grants every doc in one turn: one envelope per doc, one for the team directory', async () => {
    const { aliceVault, bobVault } = vaults;
    const ids = ['Alpha', 'Beta', 'Gamma'].map((name) => aliceVault.accounts.create({ name, urls: [`https://${name.toLowerCase()}.test`], username: 'ops', password: `${name}-pw-1` }).id);
    const at = new Date();
    storeInboxMessage(aliceVault, {
      uid: 1, messageId: '<m1@beta.test>', from: 'no-reply@beta.test', to: ['beta@inbox.test'], cc: [], deliveredTo: [], subject: 'Your Beta code',
      date: at, receivedAt: at, text: 'Your Beta code is 123456.', notes: [], accountIds: [ids[1]!], category: 'verification_code', code: '123456',
    });
    const { bob, alicePeer, bobPeer, deliver } = twoPeers();
    const index = accountDocIndex(alicePeer);
    expect(index.size).toBe(0);
    const sent = new Map<string, number>();
    const count = (log: { docId: string; onOutgoing(listener: (record: Uint8Array) => void): () => void }) => log.onOutgoing(() => sent.set(log.docId, (sent.get(log.docId) ?? 0) + 1));
    count(alicePeer.team.replica);
    alicePeer.onLogAdded((log) => count(log as Parameters<typeof count>[0]));

    const plan = planShare(alicePeer, aliceVault, ids, `member:${bob.identity.memberId}`, 'collaborator');
    expect(plan.start.map((a) => a.name)).toEqual(['Alpha', 'Beta', 'Gamma']);
    const { docIds, started } = applyShare(alicePeer, aliceVault, plan);
    await Promise.resolve();
    expect(started).toBe(3);
    // The index built before the docs existed follows them.
    expect(ids.map((id) => index.get(id)?.docId)).toEqual(docIds);
    expect(Object.fromEntries(sent)).toEqual(Object.fromEntries([[alicePeer.team.replica.docId, 1], ...docIds.map((d) => [d, 1])]));
    expect(sharedInboxSize(alicePeer.account(docIds[1]!).doc)).toBe(1);
    expect(sharedInboxSize(alicePeer.account(docIds[0]!).doc)).toBe(0);

    deliver();
    expect(materializeSharedAccounts(bobVault, bobPeer).added.sort()).toEqual([...ids].sort());
    expect(ids.map((id) => bobVault.accounts.get(id).password)).toEqual(['Alpha-pw-1', 'Beta-pw-1', 'Gamma-pw-1']);

    // Shared again with the same member as Owner: no doc started, one grant each.
    sent.clear();
    const again = applyShare(alicePeer, aliceVault, planShare(alicePeer, aliceVault, ids, `member:${bob.identity.memberId}`, 'owner'));
    await Promise.resolve();
    expect(again).toEqual({ docIds, started: 0 });
    expect(Object.fromEntries(sent)).toEqual(Object.fromEntries(docIds.map((d) => [d, 1])));
  });

  it('refuses a Login-Only member before anything is written, and an account that is not theirs in the doc', () => {
    const { aliceVault, bobVault } = vaults;
    const alice = person('alice');
    const bob = person('bob');
    const ws = team(alice, [[bob, 'login-only']]);
    const bobPeer = new SyncPeer(ws.get('bob')!);
    const ids = ['Mine', 'Also mine'].map((name) => bobVault.accounts.create({ name, password: 'pw-1234567' }).id);
    const teamBefore = bobPeer.team.doc.accountDocIds();
    const plan = planShare(bobPeer, bobVault, ids, `member:${alice.identity.memberId}`, 'collaborator');
    expect(() => applyShare(bobPeer, bobVault, plan)).toThrow(expect.objectContaining({ code: 'NOT_PERMITTED' }));
    expect(bobPeer.accounts()).toEqual([]);
    expect(bobPeer.team.doc.accountDocIds()).toEqual(teamBefore);

    // Alice's doc of her account, which Bob holds as a Collaborator: listed with Bob's own, the whole list is refused.
    const alicePeer = new SyncPeer(ws.get('alice')!);
    const { id } = aliceVault.accounts.create({ name: 'Hers', password: 'pw-7654321' });
    applyShare(alicePeer, aliceVault, planShare(alicePeer, aliceVault, [id], `member:${bob.identity.memberId}`, 'collaborator'));
    const doc = alicePeer.accounts()[0]!;
    Y.applyUpdate(bobPeer.account(doc.docId).doc.doc, Y.encodeStateAsUpdate(doc.doc));
    expect(() => planShare(bobPeer, bobVault, [ids[0]!, id], `member:${alice.identity.memberId}`, 'collaborator'))
      .toThrow(expect.objectContaining({ code: 'NOT_PERMITTED', message: expect.stringContaining('not an Owner of 1 of these 2 accounts') }));
  });
});
