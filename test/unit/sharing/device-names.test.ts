// Security review, issue 16 item 10: a device's host name was in its certificate, so in the
// team chain, which a relay (or anyone knowing the workspace id) reads without keys. Now the
// certificate carries none; the name is sealed in the vault and travels in the encrypted team doc.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainRecord } from '../../../main/sync/team-chain';
import { SyncPeer, Workspace } from '../../../main/sync';
import { deviceKeys, publishDeviceName } from '../../../main/sharing/sync-state';
import { TEST_KDF_COST, Vault } from '../../../main/vault';

const HOST = 'ops-laptop-7.corp.example';

describe('device names', () => {
  let dir: string;
  let vault: Vault;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tessera-device-names-'));
    ({ vault } = await Vault.create(join(dir, 'v.tessera'), 'master-password-a', { kdf: TEST_KDF_COST, allowWeakKdf: true }));
  });
  afterEach(() => {
    vault.lock();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the host name out of the team chain and puts it in the encrypted team doc', async () => {
    const { identity, device } = await deviceKeys(vault.sync, HOST);
    expect(device.certificate.name).toBe('');
    const peer = new SyncPeer(Workspace.create(identity, device));
    publishDeviceName(vault.sync, peer);
    expect(peer.team.doc.deviceName(device.certificate.deviceId)).toBe(HOST);
    // What a relay stores of the chain: no host name in any record.
    const chain = peer.workspace.entries().map((e) => new TextDecoder().decode(chainRecord(e))).join('\n');
    expect(chain).not.toContain('ops-laptop');
  });

  it('does not write the name before the device holds the team key (an invitee not admitted yet)', async () => {
    const { device } = await deviceKeys(vault.sync, HOST);
    const peer = new SyncPeer(Workspace.open('not-yet-known', device, []));
    publishDeviceName(vault.sync, peer);
    expect(peer.team.doc.deviceName(device.certificate.deviceId)).toBeUndefined();
  });
});
