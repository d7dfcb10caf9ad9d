// Two app service instances (two vault directories) and a real relay on 127.0.0.1, driven
// through the handler table as the renderer would: A creates a workspace, B joins with the
// invitation code, both see the same six-digit code and A admits B, A shares an account as
// Collaborator, B finds it in accounts.list (kept live by the sync controller) and every
// channel that would return its password refuses, while B's main process can read the
// password for automated login. The Owner's later edit reaches B's copy; unsharing, and
// later removing B from the workspace (a new epoch, the account reported for rotation), take
// it out of B's list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRelay } from '../../../relay/server';
import { startTwoAppsAndRelay, type App, type TwoApps } from './app-instance';
import type { AccountList } from '../../../main/ipc/contract/accounts';
import type { MemberView, WorkspaceSyncStatus } from '../../../main/ipc/contract/sharing';

const PASSWORD = 'Shared-Secret-93!q';

describe('sharing between two app instances over a real relay', () => {
  let apps: TwoApps;
  let relay: RunningRelay;
  let a: App;
  let b: App;

  beforeAll(async () => {
    apps = await startTwoAppsAndRelay('share');
    ({ relay, a, b } = apps);
  });
  afterAll(() => apps?.close());

  it('A creates, B joins with the code and SAS, A shares as Collaborator, B lists it but cannot read the password', async () => {
    const { id } = await a.value<{ id: string }>('accounts.create', { name: 'Acme Admin', urls: ['https://acme.test/login'], username: 'ops@acme.test', password: PASSWORD });
    const { workspaceId } = await a.value<{ workspaceId: string }>('sharing.create', { name: 'Acme team', relayUrl: relay.url });
    await expect.poll(async () => (await a.value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces[0]).toMatchObject({ workspaceId, name: 'Acme team', state: 'online', admitted: true, role: 'owner' });
    const { code } = await a.value<{ code: string }>('sharing.invite', { workspaceId });

    const joined = await b.value<{ workspaceId: string; sas: string }>('sharing.join', { code });
    expect(joined.workspaceId).toBe(workspaceId);
    expect(joined.sas).toMatch(/^\d{3} ?\d{3}$/);
    expect((await b.value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces[0]).toMatchObject({ admitted: false, joinSas: joined.sas });

    // A sees the request with the same code B's screen shows; a different code admits nobody.
    await expect.poll(async () => (await a.value<{ requests: { sas: string }[] }>('sharing.joinRequests', { workspaceId })).requests.map((r) => r.sas)).toEqual([joined.sas]);
    const wrong = joined.sas.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
    expect(await a.call('sharing.admit', { workspaceId, sas: wrong, role: 'member' })).toMatchObject({ ok: false, error: { code: 'INVITATION_INVALID' } });
    const admitted = await a.value<{ memberId: string }>('sharing.admit', { workspaceId, sas: joined.sas, role: 'member' });
    await expect.poll(async () => (await b.value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces[0]?.admitted).toBe(true);
    const bIdentity = (await b.value<{ identity: { memberId: string; fingerprint: string } }>('sharing.status')).identity;
    expect(admitted.memberId).toBe(bIdentity.memberId);
    const members = (await a.value<{ members: MemberView[] }>('sharing.members', { workspaceId })).members;
    expect(members.map((m) => ({ role: m.role, you: m.you }))).toEqual([{ role: 'owner', you: true }, { role: 'member', you: false }]);
    expect(members[1]!.fingerprint).toBe(bIdentity.fingerprint);

    await a.value('sharing.share', { workspaceId, accountId: id, principal: `member:${bIdentity.memberId}`, role: 'collaborator' });
    expect((await a.value<{ shares: unknown[] }>('sharing.accountAccess', { accountId: id })).shares).toEqual([
      { workspaceId, workspaceName: 'Acme team', grants: expect.arrayContaining([{ principal: `member:${bIdentity.memberId}`, role: 'collaborator' }]) },
    ]);

    // B: the account appears in its list, as a Collaborator, through the live controller.
    await expect.poll(async () => (await b.value<AccountList>('accounts.list')).accounts.find((x) => x.id === id)?.sharedRole, { timeout: 10_000 }).toBe('collaborator');
    const listed = (await b.value<AccountList>('accounts.list')).accounts.find((x) => x.id === id)!;
    expect(listed).toMatchObject({ name: 'Acme Admin', username: 'ops@acme.test', hasPassword: true });
    expect(await b.value('accounts.get', { id })).toMatchObject({ role: 'collaborator', hasPassword: true });
    for (const [channel, input] of [
      ['accounts.reveal', { id, field: 'password' }],
      ['accounts.copy', { id, field: 'password' }],
      ['accounts.revealHistory', { id, index: 0 }],
      ['accounts.update', { id, version: 1, patch: { password: 'x' } }],
      ['sharing.share', { workspaceId, accountId: id, principal: `member:${bIdentity.memberId}`, role: 'owner' }],
    ] as const) {
      expect(await b.call(channel, input), channel).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
    }
    for (const text of b.results) expect(text).not.toContain(PASSWORD);
    // Automated login reads the secret in B's main process.
    expect(b.services.vault.unlocked().accounts.get(id).password).toBe(PASSWORD);

    // The Owner's edit reaches B's copy as sync applies it (and still never B's renderer).
    const { version } = await a.value<{ version: number }>('accounts.get', { id });
    await a.value('accounts.update', { id, version, patch: { password: `${PASSWORD}-2`, username: 'admin@acme.test' } });
    await expect.poll(() => b.services.vault.unlocked().accounts.get(id).password, { timeout: 10_000 }).toBe(`${PASSWORD}-2`);
    expect((await b.value<AccountList>('accounts.list')).accounts.find((x) => x.id === id)?.username).toBe('admin@acme.test');
    for (const text of b.results) expect(text).not.toContain(PASSWORD);

    // The sync state survives a lock: after unlocking, B still lists the account and syncs again.
    await b.value('vault.lock');
    await b.value('vault.unlock', { password: 'master-password-b' });
    await expect.poll(async () => (await b.value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces[0]?.state).toBe('online');
    expect(b.services.sharing.roleOf(id)).toBe('collaborator');

    // Unsharing takes the account out of B's list.
    await a.value('sharing.unshare', { workspaceId, accountId: id, principal: `member:${bIdentity.memberId}` });
    await expect.poll(async () => (await b.value<AccountList>('accounts.list')).accounts.some((x) => x.id === id), { timeout: 10_000 }).toBe(false);

    // Shared again, then B is removed: the epoch advances, the account is reported for
    // rotation, and B's copy goes with B's membership.
    await a.value('sharing.share', { workspaceId, accountId: id, principal: `member:${bIdentity.memberId}`, role: 'collaborator' });
    await expect.poll(async () => (await b.value<AccountList>('accounts.list')).accounts.some((x) => x.id === id), { timeout: 10_000 }).toBe(true);
    const removed = await a.value<{ epochNumber: number; exposedAccounts: string[] }>('sharing.removeMember', { workspaceId, memberId: bIdentity.memberId });
    expect(removed).toMatchObject({ epochNumber: 1, exposedAccounts: [id] });
    expect((await a.value<{ members: MemberView[] }>('sharing.members', { workspaceId })).members.find((m) => m.memberId === bIdentity.memberId)?.active).toBe(false);
    await expect.poll(async () => (await b.value<AccountList>('accounts.list')).accounts.some((x) => x.id === id), { timeout: 10_000 }).toBe(false);
    expect((await b.value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces[0]?.admitted).toBe(false);
  });
});
