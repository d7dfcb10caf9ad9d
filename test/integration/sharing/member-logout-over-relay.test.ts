// Universal Logout of a member from the Sharing screen's channel (`sharing.logoutMember`), two
// app instances over a real relay and a real site with "sign out of all sessions": the Owner
// logs out a Collaborator everywhere; every account the member can use that the Owner owns
// is signed out and rotated (the member's copy gets the new password through sync), the
// accounts they cannot use are left alone, and a Member cannot do it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountList } from '../../../main/ipc/contract/accounts';
import type { LogoutEverywhereView } from '../../../main/ipc/contract/rotation';
import { start as startLogoutSite } from '../../fixtures/sites/change-password-logout-everywhere/server';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME } from '../../fixtures/sites/kit/site-server';
import { joinedPair, useRelayApps } from '../../support/relay-apps';

describe('Universal Logout of a member', () => {
  const apps = useRelayApps('member-logout');
  let site: Awaited<ReturnType<typeof startLogoutSite>>;
  beforeAll(async () => {
    site = await startLogoutSite();
  });
  afterAll(async () => {
    await site?.close();
  });

  it('signs out and rotates the accounts the member can use, and only those; a Member may not', async () => {
    const { relay, a, b } = apps;
    const { id: shared } = await a.value<{ id: string }>('accounts.create', { name: 'Keeper', urls: [site.url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD });
    const { id: mine } = await a.value<{ id: string }>('accounts.create', { name: 'Not shared', urls: ['https://private.example.test/login'], username: 'me', password: 'Private-Password-8' });
    const { workspaceId, bMemberId } = await joinedPair(a, b, relay.url, 'member');
    await a.value('sharing.share', { workspaceId, accountId: shared, principal: `member:${bMemberId}`, role: 'collaborator' });
    await expect.poll(async () => (await b.value<AccountList>('accounts.list')).accounts.some((x) => x.id === shared), { timeout: 20_000 }).toBe(true);

    const aMemberId = (await a.value<{ identity: { memberId: string } }>('sharing.status')).identity.memberId;
    expect(await b.call('sharing.logoutMember', { workspaceId, memberId: aMemberId })).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });

    const { reports } = await a.value<{ reports: LogoutEverywhereView[] }>('sharing.logoutMember', { workspaceId, memberId: bMemberId });
    expect(reports.map((r) => [r.accountId, r.logout, r.state])).toEqual([[shared, 'signed_out', 'COMMITTED']]);
    expect(site.state.logoutEverywhereCount).toBe(1);
    const rotated = site.state.passwords.get(FIXTURE_USERNAME)!;
    expect(rotated).not.toBe(FIXTURE_PASSWORD);
    expect(a.services.vault.unlocked().accounts.get(mine).password).toBe('Private-Password-8');
    // The member's copy follows: their next login uses the new password.
    await expect.poll(() => b.services.vault.unlocked().accounts.get(shared).password, { timeout: 20_000 }).toBe(rotated);
    expect(b.results.join('\n')).not.toContain(rotated);
  });
});
