import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fromBase64Url } from '../../../protocol/canonical-encoding';
import { assertInviterKey, createInvitation, parseInvitation } from '../../../main/sync/invitation';
import { InviterMailbox, JoinerMailbox, type VerifiedJoin } from '../../../main/sync/join-mailbox';
import { inProcessConnector } from '../../../main/sync/relay-connection';
import { SyncClient } from '../../../main/sync/sync-client';
import { Workspace } from '../../../main/sync/workspace';
import { RelayHub } from '../../../relay/relay-hub';
import { readAll } from '../../../relay/log-store';
import { SqliteLogStore } from '../../../relay/sqlite-log-store';
import { person } from '../../unit/sync/chain-helpers';
import { joinDevice, settle, startDevice, type TestDevice } from './sync-harness';

const store = new SqliteLogStore(':memory:');
const connector = inProcessConnector(new RelayHub(store));
const devices: TestDevice[] = [];
const clients: SyncClient[] = [];

afterEach(() => {
  for (const d of devices) d.client.stop();
  for (const c of clients) c.stop();
});
afterAll(() => store.close());

describe('joining with an invitation code over a relay', () => {
  it('lets the invitee check the inviter, both read the same six digits, and the inviter adds the member', async () => {
    const [alice, bob] = [person('alice'), person('bob')];
    const a = startDevice(alice, Workspace.create(alice.identity, alice.device), connector);
    devices.push(a);
    a.peer.team.doc.setName('Acme');
    const { invitation, code } = createInvitation({ workspaceId: a.peer.workspace.workspaceId, inviter: alice.identity });

    const inviterMailbox = new InviterMailbox(invitation, alice.identity);
    const requests: VerifiedJoin[] = [];
    inviterMailbox.onRequest((r) => requests.push(r));
    a.client.attach(inviterMailbox);
    // Someone without the invitation posts garbage to the same mailbox: ignored.
    const noise = new SyncClient(connector);
    clients.push(noise);
    noise.attach({ docId: inviterMailbox.docId, receive: () => {}, onOutgoing: (send) => (send(new Uint8Array([1, 2, 3])), () => {}) });
    noise.start();

    // Bob: the code, the chain from the relay, the inviter's key checked against the fingerprint.
    const received = parseInvitation(code);
    const b = joinDevice(bob, received.workspaceId, connector);
    devices.push(b);
    await settle(devices);
    const inviterKey = b.peer.workspace.state.members.get(received.inviterMemberId)!.identityKey;
    expect(() => assertInviterKey(received, fromBase64Url(inviterKey))).not.toThrow();
    // Commitment, Alice's answer, Bob's reveal: both screens then show the same digits.
    const bobsMailbox = new JoinerMailbox(received, bob.identity, bob.device);
    b.client.attach(bobsMailbox);
    const onBobsScreen = await bobsMailbox.sas();
    await settle(devices);
    await noise.idle();

    expect(requests).toHaveLength(1);
    expect(requests[0]!.request.member.memberId).toBe(bob.identity.memberId);
    expect(requests[0]!.sas).toBe(onBobsScreen);

    a.peer.workspace.addMember(requests[0]!.request.member, 'member');
    await settle(devices);
    expect(b.peer.workspace.currentEpoch().key).toEqual(a.peer.workspace.currentEpoch().key);
    expect(b.peer.team.doc.name()).toBe('Acme');
    // The relay holds the request only as ciphertext.
    const stored = (await readAll(store, inviterMailbox.docId)).map((r) => Buffer.from(r.record).toString('latin1')).join('');
    expect(stored).not.toContain(bob.identity.memberId);
  });
});
