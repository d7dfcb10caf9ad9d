// Issue 16 (subscribe floods): against the standalone relay as a real process, started with
// small subscribe limits so the test is quick. One connection that floods subscribe frames is
// cut off after its burst; many connections from the same address together are cut off by the
// per-address budget; meanwhile two devices of a real workspace keep syncing through the relay.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainLogId } from '../../../protocol/doc-ids';
import { webSocketConnector } from '../../../main/sync/relay-connection';
import { rawRelayClient, type RawRelayClient } from '../../support/raw-relay-client';
import { buildRelayBundle, spawnRelay, type RelayBundle, type RelayProcess } from '../../support/relay-process';
import { person, team } from '../../unit/sync/chain-helpers';
import { settle, startDevice, type TestDevice } from './sync-harness';

let bundle: RelayBundle;
let workDir: string;
let relay: RelayProcess;
const devices: TestDevice[] = [];
const raw: RawRelayClient[] = [];

beforeAll(async () => {
  bundle = await buildRelayBundle();
  workDir = mkdtempSync(join(tmpdir(), 'tessera-subscribe-flood-'));
  relay = await spawnRelay(bundle, join(workDir, 'relay.db'), ['--subscribe-rate', '20', '--subscribe-burst', '100', '--address-subscribe-rate', '200', '--address-subscribe-burst', '400']);
}, 120_000);

afterAll(async () => {
  for (const d of devices) d.client.stop();
  for (const c of raw) c.close();
  await relay?.stop();
  bundle?.dispose();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

async function flooder(): Promise<RawRelayClient> {
  const c = await rawRelayClient(relay.url);
  raw.push(c);
  await c.next((m) => m.type === 'challenge');
  return c;
}

describe('subscribe floods against the relay process', () => {
  it('cuts off a flooding connection and a flooding address while a normal client keeps syncing', async () => {
    const [owner, member] = [person('Olivia'), person('Mo')];
    const replicas = team(owner, [[member, 'member']]);
    const ownerDevice = startDevice(owner, replicas.get('Olivia')!, webSocketConnector(relay.url));
    const memberDevice = startDevice(member, replicas.get('Mo')!, webSocketConnector(relay.url));
    devices.push(ownerDevice, memberDevice);
    ownerDevice.peer.team.doc.setName('Before the flood');
    await settle(devices);
    expect(memberDevice.peer.team.doc.name()).toBe('Before the flood');
    const target = chainLogId(replicas.get('Olivia')!.workspaceId);

    // One connection: 2000 subscribes of the chain (each would read its backlog).
    const one = await flooder();
    for (let i = 0; i < 2000; i++) one.send({ type: 'subscribe', docId: target, sinceSeq: 0 });
    await one.next((m) => m.type === 'error' && m.code === 'RELAY_RATE_LIMITED');
    await one.closed();
    // The burst (100) plus what refilled while the relay read the flood (20/s): far from the 2000 sent.
    expect(one.received.filter((m) => m.type === 'live' || ('live' in m && m.live)).length).toBeLessThan(500);

    // Many connections from one address, each under its own burst (90 of 100), together past the address's 400.
    const many = await Promise.all(Array.from({ length: 8 }, () => flooder()));
    for (const c of many) for (let i = 0; i < 90; i++) c.send({ type: 'subscribe', docId: target, sinceSeq: 0 });
    const cutOff = () => many.filter((c) => c.received.some((m) => m.type === 'error' && m.code === 'RELAY_RATE_LIMITED')).length;
    await expect.poll(cutOff, { timeout: 20_000 }).toBeGreaterThan(0);

    // The workspace's devices still sync (a device that was cut off too reconnects and resubscribes).
    ownerDevice.peer.team.doc.setName('After the flood');
    await settle(devices, 30_000);
    expect(memberDevice.peer.team.doc.name()).toBe('After the flood');
  }, 120_000);
});
