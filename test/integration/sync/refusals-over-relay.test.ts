import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { toBase64Url } from '../../../protocol/canonical-encoding';
import { teamDocId } from '../../../protocol/doc-ids';
import { readAll } from '../../../relay/log-store';
import { decodeEnvelope, encodeEnvelope, sealEnvelope } from '../../../main/sync/envelope';
import { PeerPins } from '../../../main/sync/peer-pins';
import { workspaceRelayAccess } from '../../../protocol/relay-access';
import { SyncClient } from '../../../main/sync/sync-client';
import { SyncPeer } from '../../../main/sync/sync-peer';
import { Workspace } from '../../../main/sync/workspace';
import { person, type Person } from '../../unit/sync/chain-helpers';
import { follow, joinDevice, settle, startDevice, type TestDevice, useInProcessRelay } from './sync-harness';

const relay = useInProcessRelay();

/** Publishes raw records as a client holding the workspace key would (the first device's): the relay cannot tell them apart. */
async function publishRaw(docId: string, records: Uint8Array[]): Promise<void> {
  const rogue = new SyncClient(relay.connector, { access: workspaceRelayAccess(relay.devices[0]!.peer.workspace) });
  rogue.attach({ docId, receive: () => {}, onOutgoing: (send) => (records.forEach(send), () => {}) });
  rogue.start();
  await rogue.idle();
  rogue.stop();
}

function update(change: (doc: Y.Doc) => void): Uint8Array {
  const doc = new Y.Doc();
  change(doc);
  return Y.encodeStateAsUpdate(doc);
}

function sealedBy(who: Person, docId: string, epoch: { epochId: string; key: Uint8Array }, clock: number, content: Uint8Array): Uint8Array {
  return encodeEnvelope(sealEnvelope({ docId, epoch: epoch.epochId, epochKey: epoch.key, author: { deviceId: who.device.certificate.deviceId, signingSecretKey: who.device.signingSecretKey }, clock, update: content }));
}

describe('refusals through a relay', () => {
  const mallory = person('mallory');

  it.each<[string, (ctx: { a: TestDevice; c: TestDevice; d: TestDevice; teamId: string; accountId: string; lastTeamRecord: Uint8Array }) => { docId: string; record: Uint8Array }, string, RegExp]>([
    ['a tampered envelope', ({ teamId, lastTeamRecord }) => {
      const record = lastTeamRecord.slice();
      record[record.length - 3]! ^= 0x40;
      return { docId: teamId, record };
    }, 'SYNC_BAD_SIGNATURE', /does not verify/],
    ['a forged signature (Mallory signs as Alice)', ({ a, teamId }) => {
      const forged = decodeEnvelope(sealedBy(mallory, teamId, a.peer.workspace.currentEpoch(), 50, update((doc) => doc.getMap('settings').set('name', 'Pwned'))), teamId);
      return { docId: teamId, record: encodeEnvelope({ ...forged, deviceId: a.person.device.certificate.deviceId }) };
    }, 'SYNC_BAD_SIGNATURE', /does not verify/],
    ['a replayed clock with other content', ({ a, teamId }) => ({
      docId: teamId,
      record: sealedBy(a.person, teamId, a.peer.workspace.currentEpoch(), 1, update((doc) => doc.getMap('settings').set('name', 'Replayed'))),
    }), 'SYNC_REPLAY', /not newer/],
    ["a Collaborator's write to an account", ({ a, c, accountId }) => ({
      docId: accountId,
      record: sealedBy(c.person, accountId, a.peer.workspace.currentEpoch(), 1, update((doc) => doc.getMap('meta').set('name', 'Hijacked'))),
    }), 'SYNC_NOT_AUTHORIZED', /Collaborator/],
    ["a removed member's write", ({ a, d, teamId }) => {
      const oldEpoch = a.peer.workspace.state.epochs[0]!.epochId;
      a.peer.workspace.removeMember(d.person.identity.memberId);
      return { docId: teamId, record: sealedBy(d.person, teamId, { epochId: oldEpoch, key: a.peer.workspace.epochKey(oldEpoch)! }, 1, update((doc) => doc.getMap('settings').set('name', 'Still here'))) };
    }, 'SYNC_NOT_AUTHORIZED', /was removed/],
  ])('refuses %s with its reason and leaves every doc intact', async (_name, attack, code, reason) => {
    const [alice, bob, carol, dave] = [person('alice'), person('bob'), person('carol'), person('dave')];
    const a = startDevice(alice, Workspace.create(alice.identity, alice.device), relay.connector);
    for (const [p, role] of [[bob, 'admin'], [carol, 'member'], [dave, 'member']] as const) a.peer.workspace.addMember(p.request, role);
    const wsId = a.peer.workspace.workspaceId;
    const [b, c, d] = [bob, carol, dave].map((p) => joinDevice(p, wsId, relay.connector)) as [TestDevice, TestDevice, TestDevice];
    relay.devices.push(a, b, c, d);
    const account = a.peer.createAccount();
    account.doc.doc.transact(() => {
      account.doc.setMeta({ name: 'Bank' });
      account.doc.grant(`member:${bob.identity.memberId}`, 'owner');
      account.doc.grant(`member:${carol.identity.memberId}`, 'collaborator');
      a.peer.reconcileItemKey(account.doc);
    });
    a.peer.team.doc.setName('Acme');
    for (const device of relay.devices) follow(device, account.doc.docId);
    await settle(relay.devices);
    const teamId = teamDocId(wsId);
    const before = [a, b].map((x) => [Y.encodeStateAsUpdate(x.peer.team.doc.doc), Y.encodeStateAsUpdate(x.peer.account(account.doc.docId).doc.doc)]);

    const lastTeamRecord = (await readAll(relay.store, teamId)).at(-1)!.record;
    const { docId, record } = attack({ a, c, d, teamId, accountId: account.doc.docId, lastTeamRecord });
    await publishRaw(docId, [record]);
    await settle([a, b]);

    for (const [i, x] of [a, b].entries()) {
      expect(x.rejections.at(-1)).toMatchObject({ docId, result: { status: 'rejected', code, reason: expect.stringMatching(reason) } });
      expect(Y.encodeStateAsUpdate(x.peer.team.doc.doc)).toEqual(before[i]![0]);
      expect(Y.encodeStateAsUpdate(x.peer.account(account.doc.docId).doc.doc)).toEqual(before[i]![1]);
      expect(x.peer.team.doc.name()).toBe('Acme');
      expect(x.peer.account(account.doc.docId).doc.meta().name).toBe('Bank');
    }
  });

  it('ignores an exact duplicate delivered again, without calling it a refusal', async () => {
    const alice = person('alice');
    const a = startDevice(alice, Workspace.create(alice.identity, alice.device), relay.connector);
    relay.devices.push(a);
    const other = person('bob');
    a.peer.workspace.addMember(other.request, 'member');
    const b = joinDevice(other, a.peer.workspace.workspaceId, relay.connector);
    relay.devices.push(b);
    a.peer.team.doc.appendAudit({ event: 'once' });
    await settle(relay.devices);
    const record = (await readAll(relay.store, teamDocId(a.peer.workspace.workspaceId))).at(-1)!.record;
    expect(b.peer.team.replica.receive(record).status).toBe('duplicate');
    expect(b.peer.team.doc.audit()).toHaveLength(1);
    expect(b.rejections).toEqual([]);
  });
});

describe('snapshots and pinned keys', () => {
  it('starts a new device from the relay snapshot and the records after it', async () => {
    const [alice, bob] = [person('alice'), person('bob')];
    const a = startDevice(alice, Workspace.create(alice.identity, alice.device), relay.connector);
    relay.devices.push(a);
    for (let i = 0; i < 30; i++) a.peer.team.doc.appendAudit({ event: `e${i}` });
    a.peer.workspace.addMember(bob.request, 'member');
    await settle(relay.devices);
    await a.client.publishSnapshot(a.peer.team.replica);
    a.peer.team.doc.appendAudit({ event: 'after snapshot' });
    await settle(relay.devices);

    const peer = new SyncPeer(Workspace.open(a.peer.workspace.workspaceId, bob.device, []));
    const client = new SyncClient(relay.connector, { access: workspaceRelayAccess(peer.workspace) });
    client.attach(peer.chain);
    client.start();
    await client.idle();
    await client.attachFromSnapshot(peer.team.replica);
    await client.idle();
    const b = { person: bob, peer, client, rejections: [] };
    relay.devices.push(b);
    expect(peer.team.doc.audit().map((e) => e.event)).toEqual(a.peer.team.doc.audit().map((e) => e.event));
    const teamLog = client.status().logs.find((l) => l.docId === peer.team.replica.docId)!;
    // The 30 events written in one turn went out as one envelope; then the one after the snapshot.
    expect(teamLog.lastSeq).toBe(2);
  });

  it("holds a peer's updates while their key differs from the pinned one, and applies them once confirmed", async () => {
    const [alice, bob] = [person('alice'), person('bob')];
    const a = startDevice(alice, Workspace.create(alice.identity, alice.device), relay.connector);
    a.peer.workspace.addMember(bob.request, 'member');
    // Bob's device remembers another key for Alice (say, from before she reinstalled).
    const pins = new PeerPins({ [alice.identity.memberId]: { key: toBase64Url(new Uint8Array(32).fill(1)) } });
    const peer = new SyncPeer(Workspace.open(a.peer.workspace.workspaceId, bob.device, []), { pins });
    const client = new SyncClient(relay.connector, { access: workspaceRelayAccess(peer.workspace) });
    const b: TestDevice = { person: bob, peer, client, rejections: [] };
    peer.onRejected((r) => b.rejections.push(r));
    for (const log of peer.logs()) client.attach(log);
    client.start();
    relay.devices.push(a, b);
    a.peer.team.doc.setName('Acme');
    await settle(relay.devices);

    expect(peer.team.doc.name()).toBeUndefined();
    expect(b.rejections.map((r) => [r.result.status, r.result.code])).toContainEqual(['deferred', 'SYNC_KEY_CHANGED']);
    peer.confirmKeyChange(alice.identity.memberId, alice.request.identityKey);
    expect(peer.team.doc.name()).toBe('Acme');
  });
});
