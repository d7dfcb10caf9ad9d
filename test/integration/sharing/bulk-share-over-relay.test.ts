// Sharing several accounts in one call (`sharing.shareMany`) between two app instances over a
// real relay on 127.0.0.1, through the handler table as the renderer calls it: A shares three
// accounts with B in one call (one save; every doc reaches the relay and B's list); the
// payload is bounded (no ids, too many ids, a malformed id, an unknown key: INVALID_INPUT);
// a list with an account that is not the caller's to share, or that no longer exists, is
// refused as a whole, saying how many, and changes nothing; sharing accounts already shared
// adds the grant without starting docs again.
import { describe, expect, it, vi } from 'vitest';
import type { AccountList } from '../../../main/ipc/contract/accounts';
import { MAX_SHARE_MANY, type WorkspaceSyncStatus } from '../../../main/ipc/contract/sharing';
import { joinedPair, useRelayApps } from '../../support/relay-apps';

type Access = { shares: Array<{ workspaceId: string; grants: Array<{ principal: string; role: string }> }> };

describe('sharing many accounts in one call over a real relay', () => {
  const apps = useRelayApps('share-many');

  it('shares all or none, bounded, and each shared account reaches the other app', async () => {
    const { relay, a, b } = apps;
    const created = await Promise.all(['Acme Admin', 'Globex Billing', 'Initech Mail'].map((name, i) =>
      a.value<{ id: string }>('accounts.create', { name, urls: [`https://site${i}.test/login`], username: `ops${i}@team.test`, password: `Pw-${i}-Kq7!zz` })));
    const ids = created.map((c) => c.id);
    const { workspaceId, bMemberId } = await joinedPair(a, b, relay.url, 'member');
    const toB = `member:${bMemberId}`;
    const saves = vi.spyOn(a.services.sync, 'saveNow');

    // The payload is checked before any work: stable codes, nothing shared.
    for (const input of [
      { workspaceId, accountIds: [], principal: toB, role: 'collaborator' },
      { workspaceId, accountIds: Array.from({ length: MAX_SHARE_MANY + 1 }, (_, i) => `acct-${i}`), principal: toB, role: 'collaborator' },
      { workspaceId, accountIds: [ids[0], '../../etc'], principal: toB, role: 'collaborator' },
      { workspaceId, accountIds: ids, principal: toB, role: 'collaborator', extra: true },
      { workspaceId, accountIds: ids, principal: 'everyone', role: 'collaborator' },
    ]) {
      expect(await a.call('sharing.shareMany', input)).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    }
    // One that no longer exists: the whole list is refused, saying how many.
    const gone = await a.call('sharing.shareMany', { workspaceId, accountIds: [...ids, 'no-such-account-1'], principal: toB, role: 'collaborator' });
    expect(gone).toMatchObject({ ok: false, error: { code: 'ITEM_NOT_FOUND', message: expect.stringContaining('1 of these 4 accounts no longer exist, so none was shared') } });
    for (const id of ids) expect((await a.value<Access>('sharing.accountAccess', { accountId: id })).shares).toEqual([]);

    // All three in one call (an id given twice counts once), saved once, then on the relay and in B's list.
    saves.mockClear();
    expect(await a.value('sharing.shareMany', { workspaceId, accountIds: [...ids, ids[0]], principal: toB, role: 'collaborator' })).toEqual({ shared: 3, started: 3 });
    expect(saves).toHaveBeenCalledTimes(1);
    await expect.poll(async () => (await a.value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces[0]?.pendingOutgoing).toBe(0);
    await expect.poll(async () => (await b.value<AccountList>('accounts.list')).accounts.filter((x) => ids.includes(x.id)).map((x) => [x.name, x.sharedRole]).sort(), { timeout: 15_000 })
      .toEqual([['Acme Admin', 'collaborator'], ['Globex Billing', 'collaborator'], ['Initech Mail', 'collaborator']]);

    // B, a Collaborator on A's accounts, shares its own account with one of them: refused as a
    // whole with how many are not B's, and B's own account stays unshared.
    const { id: own } = await b.value<{ id: string }>('accounts.create', { name: 'Hooli Cloud', urls: ['https://hooli.test'], username: 'b@team.test', password: 'Pw-own-Kq7!zz' });
    const aMember = (await a.value<{ identity: { memberId: string } }>('sharing.status')).identity.memberId;
    const mixed = await b.call('sharing.shareMany', { workspaceId, accountIds: [own, ids[1]], principal: `member:${aMember}`, role: 'owner' });
    expect(mixed).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED', message: expect.stringContaining('not an Owner of 1 of these 2 accounts, so none was shared') } });
    expect((await b.value<Access>('sharing.accountAccess', { accountId: own })).shares).toEqual([]);
    // One account alone keeps the single-account wording.
    expect(await b.call('sharing.shareMany', { workspaceId, accountIds: [ids[1]], principal: `member:${aMember}`, role: 'owner' }))
      .toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED', message: 'Only an Owner of this account can do this. Ask one of its Owners.' } });
    // A grant the workspace does not allow is refused before anything is started.
    expect(await a.call('sharing.shareMany', { workspaceId, accountIds: ids, principal: 'partner:nopartner', role: 'owner' }))
      .toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: 'A partner can only be a Collaborator on an account.' } });

    // Already shared: the grant changes, no doc is started again, and B sees its new role.
    expect(await a.value('sharing.shareMany', { workspaceId, accountIds: ids.slice(0, 2), principal: toB, role: 'owner' })).toEqual({ shared: 2, started: 0 });
    expect((await a.value<Access>('sharing.accountAccess', { accountId: ids[0] })).shares[0]!.grants).toContainEqual({ principal: toB, role: 'owner' });
    await expect.poll(async () => (await b.value<AccountList>('accounts.list')).accounts.filter((x) => ids.includes(x.id)).map((x) => x.sharedRole).sort(), { timeout: 15_000 })
      .toEqual(['collaborator', 'owner', 'owner']);
  }, 60_000);
});
