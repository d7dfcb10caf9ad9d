import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { readAll, type RelayLogStore } from '../../../relay/log-store';
import { teamDocId } from '../../../protocol/doc-ids';
import { encodeEnvelope, sealEnvelope } from '../../../main/sync/envelope';
import { workspaceRelayAccess } from '../../../protocol/relay-access';
import { SyncClient } from '../../../main/sync/sync-client';
import { revokeDevice, revokeMember } from '../../../main/sync/revocation';
import { SyncPeer } from '../../../main/sync/sync-peer';
import { Workspace } from '../../../main/sync/workspace';
import { person } from '../../unit/sync/chain-helpers';
import { follow, joinDevice, settle, startDevice, type TestDevice, useInProcessRelay } from './sync-harness';

const relay = useInProcessRelay();

async function workspaceOfThree() {
  const [alice, bob, carol] = [person('alice'), person('bob'), person('carol')];
  const a = startDevice(alice, Workspace.create(alice.identity, alice.device), relay.connector);
  a.peer.workspace.addMember(bob.request, 'admin');
  a.peer.workspace.addMember(carol.request, 'member');
  const b = joinDevice(bob, a.peer.workspace.workspaceId, relay.connector);
  const c = joinDevice(carol, a.peer.workspace.workspaceId, relay.connector);
  relay.devices.push(a, b, c);
  await settle(relay.devices);
  return { a, b, c };
}

async function lastTeamRecord(relayStore: RelayLogStore, device: TestDevice): Promise<Uint8Array> {
  return (await readAll(relayStore, teamDocId(device.peer.workspace.workspaceId))).at(-1)!.record;
}

function sharedPassword(device: TestDevice, docId: string) {
  const account = device.peer.account(docId).doc;
  return account.readSecret('password', account.openItemKeys(device.peer.workspace.device));
}

describe('sharing over a relay', () => {
  it('brings a new member the chain, the epoch keys and the team doc', async () => {
    const { a, b, c } = await workspaceOfThree();
    a.peer.team.doc.setName('Acme');
    await settle(relay.devices);
    for (const d of [b, c]) {
      expect(d.peer.workspace.state.members.size).toBe(3);
      expect(d.peer.workspace.currentEpoch().key).toEqual(a.peer.workspace.currentEpoch().key);
      expect(d.peer.team.doc.name()).toBe('Acme');
    }
  });

  it('shares an account with an Owner and a Collaborator, who both read it; only Owners write', async () => {
    const { a, b, c } = await workspaceOfThree();
    const created = a.peer.createAccount();
    const docId = created.doc.docId;
    created.doc.doc.transact(() => {
      created.doc.setMeta({ name: 'Twitter', url: 'https://twitter.com' });
      created.doc.grant(`member:${b.person.identity.memberId}`, 'owner');
      created.doc.grant(`member:${c.person.identity.memberId}`, 'collaborator');
      a.peer.reconcileItemKey(created.doc);
      created.doc.writeSecret('password', 'hunter2-original', created.itemKey, { deviceId: a.person.device.certificate.deviceId, memberId: a.person.identity.memberId });
    });
    follow(a, docId);
    follow(b, docId);
    follow(c, docId);
    await settle(relay.devices);
    expect(sharedPassword(b, docId)).toEqual({ status: 'set', value: 'hunter2-original' });
    expect(sharedPassword(c, docId)).toEqual({ status: 'set', value: 'hunter2-original' });

    // The Collaborator's client lets it edit locally; every other device refuses the update.
    const before = Y.encodeStateAsUpdate(b.peer.account(docId).doc.doc);
    c.peer.account(docId).doc.setMeta({ name: 'hacked' });
    await settle(relay.devices);
    for (const d of [a, b]) {
      expect(d.peer.account(docId).doc.meta().name).toBe('Twitter');
      expect(d.rejections.map((r) => [r.result.code, r.result.reason])).toContainEqual(['SYNC_NOT_AUTHORIZED', expect.stringContaining('Collaborator')]);
    }
    expect(Y.encodeStateAsUpdate(b.peer.account(docId).doc.doc)).toEqual(before);
  });

  it('keeps both values of a secret edited concurrently offline, until an Owner chooses', async () => {
    const { a, b } = await workspaceOfThree();
    const created = a.peer.createAccount();
    const docId = created.doc.docId;
    created.doc.doc.transact(() => {
      created.doc.grant(`member:${b.person.identity.memberId}`, 'owner');
      a.peer.reconcileItemKey(created.doc);
    });
    follow(a, docId);
    follow(b, docId);
    await settle(relay.devices);

    a.client.stop();
    b.client.stop();
    const write = (d: TestDevice, value: string) => {
      const account = d.peer.account(docId).doc;
      account.writeSecret('password', value, account.openItemKeys(d.peer.workspace.device)[0]!, { deviceId: d.person.device.certificate.deviceId, memberId: d.person.identity.memberId });
    };
    write(a, 'from-alice');
    write(b, 'from-bob');
    a.client.start();
    b.client.start();
    await settle(relay.devices);
    for (const d of [a, b]) {
      const state = sharedPassword(d, docId);
      expect(state.status).toBe('conflict');
      expect(state.status === 'conflict' && state.candidates.map((c) => c.value).sort()).toEqual(['from-alice', 'from-bob']);
      expect(d.peer.account(docId).doc.conflicts()).toEqual(['password']);
    }
    write(a, 'from-bob');
    await settle(relay.devices);
    expect(sharedPassword(b, docId)).toEqual({ status: 'set', value: 'from-bob' });
  });

  it('revokes a member: new epoch, item re-keyed, exposure reported, later writes unreadable and their writes refused', async () => {
    const { a, b, c } = await workspaceOfThree();
    const created = a.peer.createAccount();
    const docId = created.doc.docId;
    created.doc.doc.transact(() => {
      created.doc.grant(`member:${c.person.identity.memberId}`, 'collaborator');
      a.peer.reconcileItemKey(created.doc);
      created.doc.writeSecret('password', 'before-removal', created.itemKey, { deviceId: a.person.device.certificate.deviceId, memberId: a.person.identity.memberId });
    });
    for (const d of [a, b, c]) follow(d, docId);
    await settle(relay.devices);
    const oldEpoch = a.peer.workspace.currentEpoch().epochId;

    const revocation = revokeMember(a.peer, c.person.identity.memberId);
    expect(revocation.exposed).toEqual([{ docId, rekeyed: true }]);
    expect(revocation.removedDevices).toEqual([c.person.device.certificate.deviceId]);
    a.peer.team.doc.setName('After removal');
    await settle(relay.devices);

    expect(a.peer.workspace.currentEpoch().epochId).not.toBe(oldEpoch);
    expect(c.peer.workspace.epochKey(a.peer.workspace.currentEpoch().epochId)).toBeUndefined();
    expect(c.peer.team.doc.name()).toBeUndefined();
    // The relay no longer serves Carol's device the team doc; a record that reached it anyway stays unreadable.
    expect(c.client.status().logs.find((l) => l.docId === teamDocId(a.peer.workspace.workspaceId))).toMatchObject({ blocked: true, live: false });
    expect(c.peer.team.replica.receive(await lastTeamRecord(relay.store, a)).status).toBe('deferred');
    expect(b.peer.team.doc.name()).toBe('After removal');
    // Bob's device authenticated again with the new epoch's key and keeps working; nothing of Carol's reaches the relay.
    const teamSeq = await relay.store.lastSeq(teamDocId(a.peer.workspace.workspaceId));
    c.peer.team.doc.appendAudit({ event: 'carol after removal' });
    b.peer.team.doc.appendAudit({ event: 'bob after removal' });
    await settle(relay.devices);
    expect(a.peer.team.doc.audit()).toEqual([{ event: 'bob after removal' }]);
    expect(await relay.store.lastSeq(teamDocId(a.peer.workspace.workspaceId))).toBe(teamSeq + 1);
    expect(c.client.status().logs.find((l) => l.docId === teamDocId(a.peer.workspace.workspaceId))).toMatchObject({ blocked: true });

    // A forged record from Carol's old key still fails at every receiver.
    const update = new Y.Doc();
    update.getArray('audit').push([{ event: 'written after removal' }]);
    const forged = encodeEnvelope(sealEnvelope({
      docId: teamDocId(a.peer.workspace.workspaceId),
      epoch: oldEpoch,
      epochKey: c.peer.workspace.epochKey(oldEpoch)!,
      author: { deviceId: c.person.device.certificate.deviceId, signingSecretKey: c.person.device.signingSecretKey },
      clock: 1000,
      update: Y.encodeStateAsUpdate(update),
    }));
    // Relayed by a client holding the current workspace key (the relay itself refuses Carol's device, above).
    const rogue = new SyncClient(relay.connector, { access: workspaceRelayAccess(a.peer.workspace) });
    rogue.attach({ docId: teamDocId(a.peer.workspace.workspaceId), receive: () => {}, onOutgoing: (send) => (send(forged), () => {}) });
    rogue.start();
    await rogue.idle();
    rogue.stop();
    await settle(relay.devices);
    expect(a.peer.team.doc.audit()).toEqual([{ event: 'bob after removal' }]);
    expect(a.rejections.map((r) => r.result.reason)).toContainEqual(expect.stringContaining('was removed'));
    expect(a.peer.account(docId).doc.keyHolders().deviceIds).toEqual([a.person.device.certificate.deviceId]);
  });

  it("revokes one device: the member keeps access on their other devices, the lost one reads nothing new", async () => {
    const { a, b } = await workspaceOfThree();
    const created = a.peer.createAccount();
    const docId = created.doc.docId;
    created.doc.doc.transact(() => {
      created.doc.grant(`member:${b.person.identity.memberId}`, 'owner');
      a.peer.reconcileItemKey(created.doc);
      created.doc.writeSecret('password', 'v1', created.itemKey, { deviceId: a.person.device.certificate.deviceId, memberId: a.person.identity.memberId });
    });
    for (const d of [a, b]) follow(d, docId);
    await settle(relay.devices);

    const revocation = revokeDevice(a.peer, b.person.device.certificate.deviceId);
    expect(revocation.exposed).toEqual([{ docId, rekeyed: true }]);
    await settle(relay.devices);
    expect(a.peer.account(docId).doc.keyHolders().deviceIds).toEqual([a.person.device.certificate.deviceId]);
    expect(b.peer.workspace.epochKey(a.peer.workspace.currentEpoch().epochId)).toBeUndefined();
    expect(() => revokeDevice(a.peer, 'no-such-device')).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it('follows accounts listed in the team directory without being told', async () => {
    const { a, b } = await workspaceOfThree();
    const created = a.peer.createAccount();
    created.doc.setMeta({ name: 'Listed' });
    await settle(relay.devices);
    expect(b.peer.accounts().map((x) => x.docId)).toEqual([created.doc.docId]);
    expect(b.peer.account(created.doc.docId).doc.meta().name).toBe('Listed');
  });

  it('restarts a device from what it saved: no republishing, resumes from its sequence numbers', async () => {
    const { a, b } = await workspaceOfThree();
    const created = a.peer.createAccount();
    created.doc.setMeta({ name: 'Before restart' });
    await settle(relay.devices);

    const saved = { entries: b.peer.workspace.entries(), docs: b.peer.save(), seqs: b.client.status().logs };
    b.client.stop();
    relay.devices.splice(relay.devices.indexOf(b), 1);
    a.peer.team.doc.appendAudit({ event: 'while b was down' });
    await settle(relay.devices);
    const published = await relay.store.lastSeq(teamDocId(a.peer.workspace.workspaceId));

    const peer = new SyncPeer(Workspace.open(a.peer.workspace.workspaceId, b.person.device, saved.entries), { saved: saved.docs });
    const client = new SyncClient(relay.connector, { access: workspaceRelayAccess(peer.workspace) });
    const seqOf = (docId: string) => saved.seqs.find((l) => l.docId === docId)?.lastSeq ?? 0;
    for (const log of peer.logs()) client.attach(log, seqOf(log.docId));
    const restarted: TestDevice = { person: b.person, peer, client, rejections: [] };
    peer.onRejected((r) => restarted.rejections.push(r));
    client.start();
    relay.devices.push(restarted);
    await settle(relay.devices);

    expect(peer.account(created.doc.docId).doc.meta().name).toBe('Before restart');
    expect(peer.team.doc.audit()).toEqual([{ event: 'while b was down' }]);
    expect(await relay.store.lastSeq(teamDocId(a.peer.workspace.workspaceId))).toBe(published);
    expect(restarted.rejections).toEqual([]);
    peer.team.doc.appendAudit({ event: 'after restart' });
    await settle(relay.devices);
    expect(a.peer.team.doc.audit().map((e) => e.event)).toEqual(['while b was down', 'after restart']);
  });
});
