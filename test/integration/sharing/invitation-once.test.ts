// An invitation admits one person and expires, in the app (two, then three app instances over
// a real relay on 127.0.0.1, driven through the handler table): someone else who holds the
// same code (forwarded, or intercepted) can post a join request, but once the invitee is
// admitted no request for that code is listed or can be admitted (INVITATION_USED), and a
// code past its time is refused on the joiner's side and forgotten on the inviter's.
import { describe, expect, it } from 'vitest';
import type { MemberView, WorkspaceSyncStatus } from '../../../main/ipc/contract/sharing';
import { openInvitations, pendingInvitations, setPendingInvitations } from '../../../main/sharing/workspace-records';
import { createInvitation } from '../../../main/sync';
import { createIdentity } from '../../../protocol/identity';
import { startApp, useRelayApps } from '../../support/relay-apps';

describe('an invitation admits one person, for a limited time', () => {
  const apps = useRelayApps('invite-once');

  it('lists both requests for one code, admits one, then lists and admits no other', async () => {
    const { relay, a, b } = apps;
    const mallory = startApp('mallory');
    try {
      await mallory.value('vault.create', { password: 'master-password-m' });
      const { workspaceId } = await a.value<{ workspaceId: string }>('sharing.create', { name: 'Team', relayUrl: relay.url });
      await expect.poll(async () => (await a.value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces[0]?.state, { timeout: 20_000 }).toBe('online');
      const invited = await a.value<{ code: string; expiresAt: number }>('sharing.invite', { workspaceId });
      expect(invited.expiresAt - Date.now()).toBeGreaterThan(23.9 * 3_600_000);

      const bob = await b.value<{ sas: string }>('sharing.join', { code: invited.code });
      const intruder = await mallory.value<{ sas: string }>('sharing.join', { code: invited.code });
      const listed = async () => (await a.value<{ requests: { sas: string }[] }>('sharing.joinRequests', { workspaceId })).requests.map((r) => r.sas).sort();
      await expect.poll(listed, { timeout: 20_000 }).toEqual([bob.sas, intruder.sas].sort());

      await a.value('sharing.admit', { workspaceId, sas: bob.sas, role: 'member' });
      expect(await listed()).toEqual([]);
      expect(await a.call('sharing.admit', { workspaceId, sas: intruder.sas, role: 'member' })).toMatchObject({ ok: false, error: { code: 'INVITATION_USED' } });
      const members = (await a.value<{ members: MemberView[] }>('sharing.members', { workspaceId })).members;
      expect(members).toHaveLength(2);
      // The used code is no longer kept, after a restart of the inviter's listening too.
      expect(pendingInvitations(a.services.vault.unlocked().sync, workspaceId)).not.toContain(invited.code);
    } finally {
      await mallory.close();
    }
  }, 120_000);

  it('forgets expired invitations on the inviter\'s side and refuses them on the joiner\'s', async () => {
    const { a } = apps;
    const records = a.services.vault.unlocked().sync;
    const [workspaceId] = (await a.value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces.map((w) => w.workspaceId);
    const identity = createIdentity();
    const dayAgo = Date.now() - 25 * 3_600_000;
    const stale = createInvitation({ workspaceId: workspaceId!, inviter: identity, relayUrl: 'ws://127.0.0.1:1', now: dayAgo }).code;
    const fresh = createInvitation({ workspaceId: workspaceId!, inviter: identity, relayUrl: 'ws://127.0.0.1:1' }).code;
    setPendingInvitations(records, workspaceId!, [stale, fresh]);
    expect(openInvitations(records, workspaceId!)).toEqual([fresh]);
    expect(pendingInvitations(records, workspaceId!)).toEqual([fresh]);

    const other = startApp('late');
    try {
      await other.value('vault.create', { password: 'master-password-l' });
      expect(await other.call('sharing.join', { code: stale })).toMatchObject({ ok: false, error: { code: 'INVITATION_EXPIRED', message: expect.stringMatching(/Ask the person who invited you for a new code/) } });
      expect((await other.value<{ workspaces: unknown[] }>('sharing.status')).workspaces).toEqual([]);
    } finally {
      await other.close();
    }
  });
});
