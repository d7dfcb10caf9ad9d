import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { discoverLanRelays, startLanRelay } from '../../../main/sharing/embedded-relay';
import { inProcessConnector, webSocketConnector } from '../../../main/sync/relay-connection';
import type { RunningRelay } from '../../../relay/server';
import { Workspace } from '../../../main/sync/workspace';
import { person } from '../../unit/sync/chain-helpers';
import { joinDevice, settle, startDevice, type TestDevice } from './sync-harness';

let relay: RunningRelay | undefined;
const devices: TestDevice[] = [];

afterAll(async () => {
  for (const d of devices) d.client.stop();
  await relay?.close();
});

describe('embedded LAN relay', () => {
  it('is announced over mDNS when asked, found by a peer, and syncs the host in-process with a peer over a socket', async () => {
    const name = `tessera-test-${randomBytes(4).toString('hex')}`;
    // Tests listen on loopback only; on a LAN the host would listen on 0.0.0.0.
    relay = await startLanRelay({ dbPath: ':memory:', host: '127.0.0.1', announceAs: name });
    const found = (await discoverLanRelays(3000)).find((r) => r.name === name);
    expect(found).toMatchObject({ port: relay.port });

    const [alice, bob] = [person('alice'), person('bob')];
    const host = startDevice(alice, Workspace.create(alice.identity, alice.device), inProcessConnector(relay.hub));
    host.peer.workspace.addMember(bob.request, 'member');
    const guest = joinDevice(bob, host.peer.workspace.workspaceId, webSocketConnector(`ws://127.0.0.1:${found!.port}`));
    devices.push(host, guest);
    host.peer.team.doc.setName('Acme');
    guest.peer.team.doc.appendAudit({ event: 'hello from the LAN' });
    await settle(devices);
    expect(guest.peer.team.doc.name()).toBe('Acme');
    expect(host.peer.team.doc.audit()).toEqual([{ event: 'hello from the LAN' }]);
  });
});
