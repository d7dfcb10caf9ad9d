// Signed requests to a real relay over HTTP cannot be replayed: a request captured on the way
// (by a proxy, a log, a shoulder) is refused when sent again, within the five minutes its time
// is accepted — for share links (signed with the workspace's relay-access key) and for SCIM and
// Universal Logout settings (signed with an Owner's device key). A fresh signature of the same
// request is accepted; a forged one is refused and never remembered.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LINK_AUTH_HEADER, LINK_REQUEST_PURPOSE } from '../../../protocol/share-links';
import { SCIM_ADMIN_PURPOSE, SCIM_AUTH_HEADER } from '../../../protocol/scim';
import { signRequest } from '../../../protocol/signed-requests';
import { workspaceRelayAccess } from '../../../protocol/relay-access';
import { webSocketConnector } from '../../../main/sync/relay-connection';
import { Workspace } from '../../../main/sync/workspace';
import { startRelay, type RunningRelay } from '../../../relay/server';
import { person } from '../../unit/sync/chain-helpers';
import { settle, startDevice, type TestDevice } from './sync-harness';

let relay: RunningRelay;
let dir: string;
let device: TestDevice;
let workspaceId: string;
const httpBase = () => `http://127.0.0.1:${relay.port}`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-replay-relay-'));
  relay = await startRelay({ dbPath: join(dir, 'relay.db'), host: '127.0.0.1', port: 0 });
  const alice = person('alice');
  device = startDevice(alice, Workspace.create(alice.identity, alice.device), webSocketConnector(relay.url));
  workspaceId = device.peer.workspace.workspaceId;
  await settle([device]);
});
afterAll(async () => {
  device?.client.stop();
  await relay?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Sends the same bytes and header as often as asked; returns each status. */
async function send(path: string, method: string, headerName: string, header: string, body: string, times: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < times; i++) {
    const response = await fetch(`${httpBase()}${path}`, { method, headers: { 'content-type': 'application/json', [headerName]: header }, ...(body ? { body } : {}) });
    await response.arrayBuffer();
    statuses.push(response.status);
  }
  return statuses;
}

describe('signed requests to a relay', () => {
  it('refuses a share-link request sent a second time, and accepts the same request signed afresh', async () => {
    const key = workspaceRelayAccess(device.peer.workspace).credentials()!.keys.at(-1)!;
    const signer = { id: key.publicKey, secretKey: key.secretKey };
    const path = `/links/${workspaceId}`;
    const header = signRequest(LINK_REQUEST_PURPOSE, 'GET', path, workspaceId, new Uint8Array(), signer);
    expect(await send(path, 'GET', LINK_AUTH_HEADER, header, '', 3)).toEqual([200, 401, 401]);
    // A new signature (a new time): the device's next request goes through.
    const fresh = signRequest(LINK_REQUEST_PURPOSE, 'GET', path, workspaceId, new Uint8Array(), signer, Date.now() + 1);
    expect(await send(path, 'GET', LINK_AUTH_HEADER, fresh, '', 1)).toEqual([200]);
  });

  it('refuses a replayed SCIM token change by an Owner device, and never remembers a forged signature', async () => {
    const signer = { id: device.person.device.certificate.deviceId, secretKey: device.person.device.signingSecretKey };
    const path = `/scim-admin/${workspaceId}/token`;
    const body = JSON.stringify({ tokenHash: 'A'.repeat(43) });
    const header = signRequest(SCIM_ADMIN_PURPOSE, 'POST', path, workspaceId, new TextEncoder().encode(body), signer);
    // A forged copy (one signature byte changed) first: refused, and not taken as "seen".
    const sig = header.slice(header.indexOf('sig=') + 4);
    const forged = header.replace(sig, (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1));
    expect(await send(path, 'POST', SCIM_AUTH_HEADER, forged, body, 1)).toEqual([401]);
    expect(await send(path, 'POST', SCIM_AUTH_HEADER, header, body, 2)).toEqual([204, 401]);
  });
});
