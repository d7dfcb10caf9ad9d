import { describe, expect, it } from 'vitest';
import { revokeMember } from '../../../main/sync/revocation';
import { keyMaintenance } from '../../../protocol/team-chain';
import { Workspace } from '../../../main/sync/workspace';
import { person, type Person } from '../../unit/sync/chain-helpers';
import { joinDevice, settle, startDevice, type TestDevice, useInProcessRelay } from './sync-harness';

const relay = useInProcessRelay();

async function workspace(members: [Person, 'admin' | 'member' | 'login-only'][]) {
  const alice = person('alice');
  const a = startDevice(alice, Workspace.create(alice.identity, alice.device), relay.connector);
  for (const [p, role] of members) a.peer.workspace.addMember(p.request, role);
  const others = members.map(([p]) => joinDevice(p, a.peer.workspace.workspaceId, relay.connector));
  relay.devices.push(a, ...others);
  await settle(relay.devices);
  return [a, ...others];
}

const read = (d: TestDevice, docId: string) => {
  const account = d.peer.account(docId).doc;
  return account.readSecret('password', account.openItemKeys(d.peer.workspace.device));
};

describe('sharing and unsharing', () => {
  it('shares with a member, then unshares: the item key is replaced and later values stay out of reach', async () => {
    const [a, b, c] = await workspace([[person('bob'), 'member'], [person('carol'), 'login-only']]) as [TestDevice, TestDevice, TestDevice];
    const created = a.peer.createAccount();
    const docId = created.doc.docId;
    created.doc.writeSecret('password', 'first', created.itemKey, { deviceId: a.person.device.certificate.deviceId, memberId: a.peer.memberId });
    a.peer.share(docId, `member:${b.person.identity.memberId}`, 'collaborator');
    expect(() => a.peer.share(docId, `member:${c.person.identity.memberId}`, 'owner')).toThrow(/only be Collaborators/);
    await settle(relay.devices);
    expect(read(b, docId)).toEqual({ status: 'set', value: 'first' });
    expect(() => b.peer.share(docId, `member:${c.person.identity.memberId}`, 'collaborator')).toThrow(expect.objectContaining({ code: 'NOT_PERMITTED' }));

    expect(a.peer.unshare(docId, `member:${b.person.identity.memberId}`)).toEqual({ exposedTo: [b.person.device.certificate.deviceId] });
    const account = a.peer.account(docId).doc;
    account.writeSecret('password', 'second', account.openItemKeys(a.peer.workspace.device)[0]!, { deviceId: a.person.device.certificate.deviceId, memberId: a.peer.memberId });
    await settle(relay.devices);
    expect(() => read(b, docId)).toThrow(/cannot be decrypted/);
  });
});

describe('automatic key maintenance', () => {
  it("re-keys an account on its Owner's device when an Admin who does not own it removes a member", async () => {
    const [a, b, c] = await workspace([[person('bob'), 'admin'], [person('carol'), 'member']]) as [TestDevice, TestDevice, TestDevice];
    const created = a.peer.createAccount();
    const docId = created.doc.docId;
    a.peer.share(docId, `member:${c.person.identity.memberId}`, 'collaborator');
    await settle(relay.devices);
    expect(a.peer.account(docId).doc.keyHolders().deviceIds).toContain(c.person.device.certificate.deviceId);

    expect(revokeMember(b.peer, c.person.identity.memberId).exposed).toEqual([{ docId, rekeyed: false }]);
    await settle(relay.devices);
    expect(a.peer.account(docId).doc.keyHolders()).toEqual({ version: 2, deviceIds: [a.person.device.certificate.deviceId] });
  });

  it('gives a device added in one branch the epoch key opened in a concurrent branch', async () => {
    const [dave, carol] = [person('dave'), person('carol')];
    const [a, b] = await workspace([[person('bob'), 'admin'], [carol, 'member']]) as [TestDevice, TestDevice, TestDevice];
    a.client.stop();
    b.client.stop();
    a.peer.workspace.removeMember(carol.identity.memberId);
    b.peer.workspace.addMember(dave.request, 'member');
    a.peer.team.doc.setName('Written after the removal');
    const d = joinDevice(dave, a.peer.workspace.workspaceId, relay.connector);
    relay.devices.push(d);
    a.client.start();
    b.client.start();
    await settle(relay.devices);

    expect(keyMaintenance(a.peer.workspace.state).missing.size).toBe(0);
    expect(d.peer.team.doc.name()).toBe('Written after the removal');
    expect(d.rejections).toEqual([]);
  });
});
