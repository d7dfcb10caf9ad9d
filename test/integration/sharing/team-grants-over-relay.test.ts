// Teams over a real relay, through the handler table: A (Owner) creates a team, names it,
// adds B (a Member), shares an account with the team as Collaborator; B sees the team with
// its name (from the encrypted team doc) and the account in accounts.list as Collaborator.
// B, not an Admin, is refused managing teams. Removing B from the team takes the account away.
import { describe, expect, it } from 'vitest';
import type { AccountList } from '../../../main/ipc/contract/accounts';
import type { TeamView } from '../../../main/ipc/contract/sharing';
import { joinedPair, useRelayApps } from '../../support/relay-apps';

describe('team grants between two app instances over a real relay', () => {
  const apps = useRelayApps('team');

  it('a team grant reaches a member of the team and goes when they leave it; a Member cannot manage teams', async () => {
    const { relay, a, b } = apps;
    const { id } = await a.value<{ id: string }>('accounts.create', { name: 'Ops console', username: 'ops', password: 'Team-Secret-41!x' });
    const { workspaceId, bMemberId } = await joinedPair(a, b, relay.url, 'member');

    const { teamId } = await a.value<{ teamId: string }>('sharing.createTeam', { workspaceId, name: 'Operations' });
    await a.value('sharing.renameTeam', { workspaceId, teamId, name: 'Ops' });
    await a.value('sharing.addToTeam', { workspaceId, teamId, memberId: bMemberId });
    expect(await a.call('sharing.addToTeam', { workspaceId, teamId, memberId: bMemberId })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    const listed = (await a.value<{ teams: TeamView[] }>('sharing.teams', { workspaceId })).teams;
    expect(listed).toEqual([{ teamId, name: 'Ops', members: [{ memberId: bMemberId, fingerprint: expect.any(String), role: 'member' }] }]);

    // B sees the team and its name once the chain and the team doc arrive; as a Member B may not change it.
    await expect.poll(async () => (await b.value<{ teams: TeamView[] }>('sharing.teams', { workspaceId })).teams, { timeout: 10_000 }).toEqual(listed);
    for (const [channel, input] of [
      ['sharing.createTeam', { workspaceId, name: 'Mine' }],
      ['sharing.renameTeam', { workspaceId, teamId, name: 'Mine' }],
      ['sharing.removeFromTeam', { workspaceId, teamId, memberId: bMemberId }],
    ] as const) {
      const refused = await b.call(channel, input);
      expect(refused, channel).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
      expect(refused.ok ? undefined : refused.error.message).toMatch(/Owners and Admins/);
    }

    await a.value('sharing.share', { workspaceId, accountId: id, principal: `team:${teamId}`, role: 'collaborator' });
    await expect.poll(async () => (await b.value<AccountList>('accounts.list')).accounts.find((x) => x.id === id)?.sharedRole, { timeout: 10_000 }).toBe('collaborator');

    await a.value('sharing.removeFromTeam', { workspaceId, teamId, memberId: bMemberId });
    expect((await a.value<{ teams: TeamView[] }>('sharing.teams', { workspaceId })).teams[0]?.members).toEqual([]);
    await expect.poll(async () => (await b.value<AccountList>('accounts.list')).accounts.some((x) => x.id === id), { timeout: 10_000 }).toBe(false);
  });
});
