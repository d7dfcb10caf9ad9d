// Materializing shared accounts into a real vault file (docs handed over as a relay would):
// an account Alice shares with Bob appears in Bob's vault under the doc's id with its
// password (for automation) and Bob's role; Alice's later edit updates it; losing the role
// purges it; a long pass is split; a local account that happens to carry the doc's id is
// never overwritten.
import { describe, expect, it } from 'vitest';
import { materializeSharedAccounts, publishAccount, receivedRoles, writeAccountToDoc } from '../../../main/sharing/shared-accounts';
import { saveWorkspace } from '../../../main/sharing/sync-state';
import { twoPeers, useTwoVaults } from './two-people';

const PASSWORD = 'Shared-Secret-41!';

describe('shared accounts in the receiving vault', () => {
  const vaults = useTwoVaults('materialize');
  const peers = twoPeers;

  it('adds the account with its password and role, follows an Owner edit, and purges it when the role goes', () => {
    const { aliceVault, bobVault } = vaults;
    const { id } = aliceVault.accounts.create({ name: 'Acme', urls: ['https://acme.test'], username: 'ops', password: PASSWORD });
    const { bob, alicePeer, bobPeer, deliver } = peers();
    const doc = publishAccount(alicePeer, aliceVault.accounts.get(id));
    alicePeer.share(doc.docId, `member:${bob.identity.memberId}`, 'collaborator');
    deliver();
    saveWorkspace(bobVault.sync, bobPeer);

    expect(materializeSharedAccounts(bobVault, bobPeer)).toEqual({ added: [id], updated: [], removed: [], more: false });
    expect(bobVault.accounts.get(id)).toMatchObject({ name: 'Acme', username: 'ops', urls: ['https://acme.test'], password: PASSWORD });
    // What the CLI checks (it has no live peer): Bob is a Collaborator on it.
    expect(receivedRoles(bobVault.sync)).toEqual(new Map([[id, 'collaborator']]));

    const current = aliceVault.accounts.get(id);
    aliceVault.accounts.update(id, current.version, { password: `${PASSWORD}-2` });
    expect(writeAccountToDoc(alicePeer, doc, aliceVault.accounts.get(id))).toBe(true);
    expect(writeAccountToDoc(alicePeer, doc, aliceVault.accounts.get(id))).toBe(false);
    deliver();
    expect(materializeSharedAccounts(bobVault, bobPeer)).toEqual({ added: [], updated: [id], removed: [], more: false });
    expect(bobVault.accounts.get(id).password).toBe(`${PASSWORD}-2`);

    alicePeer.unshare(doc.docId, `member:${bob.identity.memberId}`);
    deliver();
    expect(materializeSharedAccounts(bobVault, bobPeer)).toEqual({ added: [], updated: [], removed: [id], more: false });
    expect(bobVault.accounts.list().map((a) => a.id)).toEqual([]);
    expect(receivedRoles(bobVault.sync)).toEqual(new Map());
  });

  it('splits a long pass: at most `limit` docs read, `more` until all are in', () => {
    const { aliceVault, bobVault } = vaults;
    const { bob, alicePeer, bobPeer, deliver } = peers();
    const ids = ['Alpha', 'Beta', 'Gamma'].map((name) => {
      const { id } = aliceVault.accounts.create({ name, password: `${name}-pw` });
      alicePeer.share(publishAccount(alicePeer, aliceVault.accounts.get(id)).docId, `member:${bob.identity.memberId}`, 'collaborator');
      return id;
    });
    deliver();
    const first = materializeSharedAccounts(bobVault, bobPeer, undefined, 2);
    expect(first).toMatchObject({ more: true });
    expect(first.added).toHaveLength(2);
    const second = materializeSharedAccounts(bobVault, bobPeer, undefined, 2);
    expect(second).toMatchObject({ more: false, updated: [], removed: [] });
    expect([...first.added, ...second.added].sort()).toEqual([...ids].sort());
  });

  it('never overwrites a local account that carries the same id as a shared doc', () => {
    const { bobVault } = vaults;
    const { id } = bobVault.accounts.create({ name: 'Bob\'s own', password: 'bobs-password' });
    const { bob, alicePeer, bobPeer, deliver } = peers();
    const { doc } = alicePeer.createAccount(id);
    doc.setMeta({ name: 'Impostor', username: '', url: '' });
    alicePeer.share(doc.docId, `member:${bob.identity.memberId}`, 'owner');
    deliver();
    expect(materializeSharedAccounts(bobVault, bobPeer)).toEqual({ added: [], updated: [], removed: [], more: false });
    expect(bobVault.accounts.get(id)).toMatchObject({ name: 'Bob\'s own', password: 'bobs-password' });
  });
});
