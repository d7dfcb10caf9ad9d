// Removing a member or a device queues, through the rotation scheduler's event hook, a
// rotation of exactly the accounts the removed devices could decrypt.
import { describe, expect, it } from 'vitest';
import { SyncPeer } from '../../../main/sync';
import { PolicyScheduler } from '../../../main/rotation/schedule/policy-scheduler';
import { removeDeviceAndRotate, removeMemberAndRotate } from '../../../main/sharing/revocation-rotation';
import { createTestVault } from '../vault/helpers';
import { person, team } from '../sync/chain-helpers';

async function setup() {
  const { vault } = await createTestVault();
  const ids = ['Alpha', 'Beta', 'Gamma'].map((name, i) => vault.accounts.create({ name, username: 'u', password: `pw-${i}` }).id);
  const scheduler = new PolicyScheduler({ vault: () => vault });
  scheduler.addPolicy({ name: 'On removal', schedule: { type: 'event', events: ['member_removed'] }, scope: {} });
  const alice = person('alice');
  const bob = person('bob');
  const peer = new SyncPeer(team(alice, [[bob, 'member']]).get('alice')!);
  // Alpha is shared with Bob, Beta is shared but not with him, Gamma stays local.
  const alpha = peer.createAccount(ids[0]);
  peer.share(alpha.doc.docId, `member:${bob.identity.memberId}`, 'collaborator');
  peer.createAccount(ids[1]);
  return { ids, scheduler, peer, bob };
}

describe('revocation queues rotations', () => {
  it('removing a member rotates what they could decrypt, and re-keys it', async () => {
    const { ids, scheduler, peer, bob } = await setup();
    const result = removeMemberAndRotate(peer, bob.identity.memberId, scheduler, 'Bob');
    expect(result.accountIds).toEqual([ids[0]]);
    expect(result.revocation.exposed).toEqual([expect.objectContaining({ rekeyed: true })]);
    expect(result.jobs).toEqual([expect.objectContaining({ accountId: ids[0], task: 'rotate', trigger: 'event', reason: 'member removed: Bob' })]);
    expect(scheduler.jobs.list().map((j) => j.accountId)).toEqual([ids[0]]);
  });

  it('removing a device does the same for that device', async () => {
    const { ids, scheduler, peer, bob } = await setup();
    const result = removeDeviceAndRotate(peer, bob.device.certificate.deviceId, scheduler);
    expect(result.accountIds).toEqual([ids[0]]);
    expect(result.jobs).toEqual([expect.objectContaining({ accountId: ids[0], reason: `member removed: device ${bob.device.certificate.deviceId}` })]);
  });

  it('queues nothing when the removed member could decrypt nothing', async () => {
    const { scheduler, peer } = await setup();
    const carol = person('carol');
    peer.workspace.addMember(carol.request, 'member');
    const result = removeMemberAndRotate(peer, carol.identity.memberId, scheduler);
    expect(result).toMatchObject({ accountIds: [], jobs: [] });
    expect(scheduler.jobs.list()).toEqual([]);
  });
});
