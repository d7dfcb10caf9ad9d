// People, roles and the truthful level between two app instances over a real relay, through
// the handler table: each person's name and email are signed into the chain (B's once A
// admits B) and shown instead of ids; "share with bob@…" finds B; a shared account with a
// verified login (real Chromium against a fixture site), a valid TOTP key, a managed alias
// that received mail and a runnable policy reaches level 5 on the owner's app; changing B's
// role to Guest demotes B's Owner grant to Collaborator, is audited, and a Member may not do it.
import { describe, expect, it } from 'vitest';
import type { MemberView } from '../../../main/ipc/contract/sharing';
import type { AccountMilestones } from '../../../main/ipc/contract/milestones';
import type { AccountList } from '../../../main/ipc/contract/accounts';
import type { StoredRun } from '../../../main/ipc/contract/automation';
import { joinedPair, useRelayApps } from '../../support/relay-apps';
import { FIXTURE_PASSWORD, FIXTURE_USERNAME } from '../../fixtures/sites/kit/site-server';
import { start as classicForm } from '../../fixtures/sites/classic-form/server';

describe('people, roles and the level over a real relay', () => {
  const apps = useRelayApps('people');

  it('names people, shares by email, reaches level 5, and changes a role with its rules', async () => {
    const { relay, a, b } = apps;
    await a.value('sharing.setProfile', { profile: { name: 'Alice Admin', email: 'alice@team.test' } });
    expect(await a.value('sharing.profile')).toEqual({ profile: { name: 'Alice Admin', email: 'alice@team.test' } });
    expect(await a.call('sharing.setProfile', { profile: { name: 'X', email: 'not an email' } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
    await b.value('sharing.setProfile', { profile: { name: 'Bob Builder', email: 'bob@team.test' } });
    const { workspaceId, bMemberId } = await joinedPair(a, b, relay.url, 'member');

    // B signs its profile into the chain as soon as it holds the team key; both sides read both names.
    const names = async (app: typeof a) => (await app.value<{ members: MemberView[] }>('sharing.members', { workspaceId })).members
      .map((m) => `${m.name} <${m.email}>`).sort();
    await expect.poll(() => names(a), { timeout: 15_000 }).toEqual(['Alice Admin <alice@team.test>', 'Bob Builder <bob@team.test>']);
    await expect.poll(() => names(b), { timeout: 15_000 }).toEqual(['Alice Admin <alice@team.test>', 'Bob Builder <bob@team.test>']);
    expect(await a.value('sharing.findMember', { workspaceId, who: 'BOB@team.test' })).toEqual({ memberId: bMemberId });
    expect(await a.value('sharing.findMember', { workspaceId, who: 'bob builder' })).toEqual({ memberId: bMemberId });
    expect(await a.call('sharing.findMember', { workspaceId, who: 'carol@team.test' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

    // An account with every milestone proven.
    const site = await classicForm();
    try {
      const { id } = await a.value<{ id: string }>('accounts.create', {
        name: 'Fixture', urls: [site.url], username: FIXTURE_USERNAME, password: FIXTURE_PASSWORD,
        totp: { secret: 'JBSWY3DPEHPK3PXP' }, managedEmail: 'ops+fixture@team.test', tags: ['ops'],
      });
      a.services.vault.unlocked().inbox.putMessage('<welcome@fixture.test>', { category: 'other', receivedAt: Date.now(), accountIds: [id], data: { subject: 'Welcome' } });
      a.services.rotation.scheduler.addPolicy({ name: 'Monthly', schedule: { type: 'interval', every: 1, unit: 'months', startAt: Date.now() + 86_400_000 }, scope: { tags: ['ops'] } });
      const run = await a.value<StoredRun>('automation.verify', { id });
      expect(run.report.outcome, run.report.reasons.join('; ')).toBe('success');
      const before = await a.value<AccountMilestones>('milestones.forAccount', { id });
      expect(before.milestones.filter((m) => !m.achieved).map((m) => m.id)).toEqual(['shared']);
      expect(before.level).toBe(4);

      const memberId = (await a.value<{ memberId: string }>('sharing.findMember', { workspaceId, who: 'bob@team.test' })).memberId;
      await a.value('sharing.share', { workspaceId, accountId: id, principal: `member:${memberId}`, role: 'owner' });
      const after = await a.value<AccountMilestones>('milestones.forAccount', { id });
      expect(after.level).toBe(5);
      expect(after.milestones.find((m) => m.id === 'shared')?.detail).toMatch(/1 other person holds a role/);
      await expect.poll(async () => (await b.value<AccountList>('accounts.list')).accounts.find((x) => x.id === id)?.sharedRole, { timeout: 15_000 }).toBe('owner');

      // A Member may not change roles; an Owner demotes B to Guest: B's Owner grant becomes Collaborator.
      expect(await b.call('sharing.changeRole', { workspaceId, memberId: bMemberId, role: 'admin' })).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
      const change = await a.value<{ from: string; to: string; demotedGrants: string[] }>('sharing.changeRole', { workspaceId, memberId: bMemberId, role: 'guest' });
      expect(change).toMatchObject({ from: 'member', to: 'guest', demotedGrants: [expect.stringContaining(id)] });
      expect(a.services.vault.unlocked().audit.entries().at(-1)).toMatchObject({ kind: 'sharing.role_change', details: { memberId: bMemberId, from: 'member', to: 'guest' } });
      expect(await a.call('sharing.share', { workspaceId, accountId: id, principal: `member:${bMemberId}`, role: 'owner' })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
      await expect.poll(async () => (await b.value<{ members: MemberView[] }>('sharing.members', { workspaceId })).members.find((m) => m.memberId === bMemberId)?.role, { timeout: 15_000 }).toBe('guest');
      await expect.poll(async () => (await b.value<AccountList>('accounts.list')).accounts.find((x) => x.id === id)?.sharedRole, { timeout: 15_000 }).toBe('collaborator');
      expect((await a.value<AccountMilestones>('milestones.forAccount', { id })).level).toBe(5);
    } finally {
      await site.close();
    }
  });
});
