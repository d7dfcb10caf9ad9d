// A person's second device, over a real relay on 127.0.0.1 with three app service instances
// (three vault directories) driven through the handler table: Bob, a Member of Ada's workspace,
// links his new laptop with a `tessera-link:` code and the six digits it shows — typed on his
// first device — and the laptop becomes Bob (same member id, same workspace role) and receives
// the account Ada shared with Bob, readable in its main process only. Bob then removes the
// laptop from his first device: a new epoch, and the laptop reads nothing written after.
import { describe, expect, it } from 'vitest';
import type { AccountList } from '../../../main/ipc/contract/accounts';
import type { DeviceView, LinkState, WorkspaceSyncStatus } from '../../../main/ipc/contract/sharing';
import { joinedPair, startApp, useRelayApps } from '../../support/relay-apps';

const PASSWORD = 'Shared-Secret-93!q';

describe('linking a second device to a person', () => {
  const apps = useRelayApps('link');

  it('links Bob\'s laptop with a code and six digits, shares reach it, and removing it shuts it out of what follows', async () => {
    const { relay, a, b } = apps;
    const { workspaceId, bMemberId } = await joinedPair(a, b, relay.url, 'member');
    const { id } = await a.value<{ id: string }>('accounts.create', { name: 'Acme Admin', urls: ['https://acme.test/login'], username: 'ops@acme.test', password: PASSWORD });
    await a.value('sharing.share', { workspaceId, accountId: id, principal: `member:${bMemberId}`, role: 'collaborator' });
    await b.value('sharing.setProfile', { profile: { name: 'Bob Okafor', email: 'bob@acme.test' } });

    const laptop = startApp('bob-laptop');
    try {
      await laptop.value('vault.create', { password: 'master-password-laptop' });
      // A workspace invitation is not a link code, and the other way round: each says which it is.
      const { code: invitation } = await a.value<{ code: string }>('sharing.invite', { workspaceId });
      expect(await laptop.call('sharing.acceptLink', { code: invitation })).toMatchObject({ ok: false, error: { code: 'INVITATION_INVALID', message: expect.stringMatching(/invitation to a workspace/) } });

      const { code } = await b.value<{ code: string }>('sharing.linkDevice');
      expect(code).toMatch(/^tessera-link:/);
      expect(await laptop.call('sharing.join', { code })).toMatchObject({ ok: false, error: { code: 'INVITATION_INVALID', message: expect.stringMatching(/device link code/) } });
      const { sas } = await laptop.value<{ sas: string }>('sharing.acceptLink', { code });
      expect(sas).toMatch(/^\d{3} \d{3}$/);
      expect(await laptop.value<LinkState>('sharing.linkState')).toEqual({ state: 'waiting', sas });
      // The meeting place is no workspace of the laptop's.
      expect((await laptop.value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces).toEqual([]);

      await expect.poll(async () => (await b.value<{ waiting: number }>('sharing.linkRequests')).waiting, { timeout: 15_000 }).toBe(1);
      const wrong = sas.replace(/\d$/, (d) => String((Number(d) + 1) % 10));
      expect(await b.call('sharing.confirmLink', { sas: wrong })).toMatchObject({ ok: false, error: { code: 'INVITATION_INVALID' } });
      const linked = await b.value<{ deviceId: string; workspaces: number }>('sharing.confirmLink', { sas });
      expect(linked.workspaces).toBe(1);
      // One code links one device.
      expect(await b.call('sharing.confirmLink', { sas })).toMatchObject({ ok: false, error: { code: 'INVITATION_INVALID' } });

      // The laptop is Bob now: his member id, his role, his name; and the shared account reaches it.
      await expect.poll(async () => (await laptop.value<LinkState>('sharing.linkState')).state, { timeout: 15_000 }).toBe('linked');
      await expect.poll(async () => (await laptop.value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces[0], { timeout: 15_000 })
        .toMatchObject({ workspaceId, admitted: true, role: 'member' });
      const laptopIdentity = (await laptop.value<{ identity: { memberId: string; deviceId: string } }>('sharing.status')).identity;
      expect(laptopIdentity.memberId).toBe(bMemberId);
      expect(laptopIdentity.deviceId).toBe(linked.deviceId);
      expect(await laptop.value('sharing.profile')).toEqual({ profile: { name: 'Bob Okafor', email: 'bob@acme.test' } });
      await expect.poll(async () => (await laptop.value<AccountList>('accounts.list')).accounts.find((x) => x.id === id)?.sharedRole, { timeout: 15_000 }).toBe('collaborator');
      expect(laptop.services.vault.unlocked().accounts.get(id).password).toBe(PASSWORD);
      expect(await laptop.call('accounts.reveal', { id, field: 'password' })).toMatchObject({ ok: false, error: { code: 'NOT_PERMITTED' } });
      for (const text of laptop.results) expect(text).not.toContain(PASSWORD);

      // Bob sees both devices, this one first, the laptop by the name it published.
      await expect.poll(async () => (await b.value<{ devices: DeviceView[] }>('sharing.devices')).devices.map((d) => ({ thisDevice: d.thisDevice, id: d.deviceId })), { timeout: 15_000 })
        .toEqual([{ thisDevice: true, id: expect.any(String) }, { thisDevice: false, id: linked.deviceId }]);
      await expect.poll(async () => (await b.value<{ devices: DeviceView[] }>('sharing.devices')).devices[1]?.name, { timeout: 15_000 }).toEqual(expect.any(String));
      // A linked device cannot be linked again over its identity.
      const { code: second } = await b.value<{ code: string }>('sharing.linkDevice');
      expect(await laptop.call('sharing.acceptLink', { code: second })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT', message: expect.stringMatching(/already in a workspace/) } });
      // The device in use cannot remove itself.
      const bobsDevice = (await b.value<{ devices: DeviceView[] }>('sharing.devices')).devices[0]!.deviceId;
      expect(await b.call('sharing.removeDevice', { deviceId: bobsDevice })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });

      // Lost laptop: removed from Bob's first device. Ada's next password reaches Bob, not the laptop.
      const removed = await b.value<{ workspaces: number }>('sharing.removeDevice', { deviceId: linked.deviceId });
      expect(removed.workspaces).toBe(1);
      expect((await b.value<{ devices: DeviceView[] }>('sharing.devices')).devices.map((d) => d.deviceId)).toEqual([bobsDevice]);
      await expect.poll(() => a.services.sync.get(workspaceId).peer.workspace.state.devices.get(linked.deviceId)?.active, { timeout: 15_000 }).toBe(false);
      const { version } = await a.value<{ version: number }>('accounts.get', { id });
      await a.value('accounts.update', { id, version, patch: { password: `${PASSWORD}-after` } });
      await expect.poll(() => b.services.vault.unlocked().accounts.get(id).password, { timeout: 15_000 }).toBe(`${PASSWORD}-after`);
      const laptopCopy = (() => {
        try {
          return laptop.services.vault.unlocked().accounts.get(id).password;
        } catch {
          return null;
        }
      })();
      expect(laptopCopy).not.toBe(`${PASSWORD}-after`);
      const epoch = a.services.sync.get(workspaceId).peer.workspace.currentEpoch().epochId;
      expect(laptop.services.sync.workspaces()[0]?.peer.workspace.epochKey(epoch)).toBeUndefined();
    } finally {
      await laptop.close();
    }
  });
});
