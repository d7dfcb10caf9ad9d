// Security review, issue 16 item 1, performed against the standalone relay as a real process
// over real sockets: a guest (who holds the team epoch key, as every member does) tries to
// make the relay accept a relay-access key of their choosing, then the Owner removes them.
// Before the fix the relay took the guest's key change and the removal never left the
// Owner's device; now the relay reads which key is current from the chain, where only an
// Owner or Admin device can name one.
import { ed25519 } from '@noble/curves/ed25519.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64Url } from '../../../protocol/canonical-encoding';
import { chainLogId, teamDocId } from '../../../protocol/doc-ids';
import { workspaceRelayAccess } from '../../../protocol/relay-access';
import { webSocketConnector } from '../../../main/sync/relay-connection';
import { revokeMember } from '../../../main/sync/revocation';
import { chainRecord, signEntry } from '../../../protocol/team-chain';
import { rawRelayClient } from '../../support/raw-relay-client';
import { buildRelayBundle, spawnRelay, type RelayBundle, type RelayProcess } from '../../support/relay-process';
import { person, team } from '../../unit/sync/chain-helpers';
import { settle, startDevice, type TestDevice } from './sync-harness';

let bundle: RelayBundle;
let workDir: string;
let relay: RelayProcess;
const devices: TestDevice[] = [];

beforeAll(async () => {
  bundle = await buildRelayBundle();
  workDir = mkdtempSync(join(tmpdir(), 'tessera-relay-takeover-'));
  relay = await spawnRelay(bundle, join(workDir, 'relay.db'));
});

afterAll(async () => {
  for (const d of devices) d.client.stop();
  await relay?.stop();
  bundle?.dispose();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe("relay key takeover (security review, issue 16 #1) against the relay process", () => {
  it("refuses a key a guest's device names; the Owner's removal of the guest then reaches the other devices", async () => {
    const [owner, member, guest] = [person('Olivia'), person('Mo'), person('Gus')];
    const replicas = team(owner, [[member, 'member'], [guest, 'guest']]);
    const ownerDevice = startDevice(owner, replicas.get('Olivia')!, webSocketConnector(relay.url));
    const memberDevice = startDevice(member, replicas.get('Mo')!, webSocketConnector(relay.url));
    devices.push(ownerDevice, memberDevice);
    await settle([ownerDevice, memberDevice]);
    const workspace = replicas.get('Gus')!;
    const workspaceId = workspace.workspaceId;

    // The attack: the guest authenticates (the epoch key gives them full access), then signs
    // with their device key a rekey entry naming a key they generated, and presents that key.
    const attacker = await rawRelayClient(relay.url);
    expect(await attacker.auth(workspaceRelayAccess(workspace).credentials()!)).toMatchObject({ type: 'authenticated', access: 'full' });
    const secretKey = ed25519.utils.randomSecretKey();
    const publicKey = toBase64Url(ed25519.getPublicKey(secretKey));
    const forged = signEntry({
      v: 1, workspaceId, prev: workspace.resolved.heads, counter: workspace.resolved.nextCounter, author: guest.device.certificate.deviceId,
      action: { type: 'rekey', epochId: 'guest-epoch', relayKey: publicKey }, keys: { epochs: ['guest-epoch'], sealed: {} },
    }, guest.device);
    attacker.send({ type: 'publish', id: 2, docId: chainLogId(workspaceId), record: chainRecord(forged) });
    await attacker.next((m) => m.type === 'published' && m.id === 2);
    const takeover = await rawRelayClient(relay.url);
    expect(await takeover.auth({ workspaceId, keys: [{ publicKey, secretKey }] })).toMatchObject({ type: 'error', code: 'RELAY_AUTH_REFUSED' });
    takeover.send({ type: 'subscribe', docId: teamDocId(workspaceId), sinceSeq: 0 });
    expect(await takeover.next((m) => m.type === 'error' && m.docId === teamDocId(workspaceId))).toMatchObject({ code: 'RELAY_AUTH_REQUIRED' });
    takeover.close();

    // The Owner removes the guest: the removal and what follows reach the member's device.
    revokeMember(ownerDevice.peer, guest.identity.memberId);
    ownerDevice.peer.team.doc.setName('After the guest left');
    await settle([ownerDevice, memberDevice]);
    for (const device of [ownerDevice, memberDevice]) {
      expect(device.client.status().logs.filter((l) => l.blocked || l.unacknowledged)).toEqual([]);
    }
    expect(memberDevice.peer.workspace.state.members.get(guest.identity.memberId)?.active).toBe(false);
    expect(memberDevice.peer.team.doc.name()).toBe('After the guest left');

    // The guest's connection now holds a superseded key: the chain only.
    expect(attacker.received.some((m) => m.type === 'error' && m.code === 'RELAY_AUTH_STALE')).toBe(true);
    attacker.send({ type: 'subscribe', docId: teamDocId(workspaceId), sinceSeq: 0 });
    expect(await attacker.next((m) => m.type === 'error' && m.docId === teamDocId(workspaceId))).toMatchObject({ code: 'RELAY_AUTH_STALE' });
    attacker.close();
  });
});
