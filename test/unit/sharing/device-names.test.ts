// Security review, issue 16 item 10: a device's host name was in its certificate, so in the
// team chain, which a relay (or anyone knowing the workspace id) reads without keys. Now the
// certificate carries none; the name is sealed in the vault and travels in the encrypted team doc.
// A device made before that re-issues its certificate without the name on first use.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chainRecord } from '../../../protocol/team-chain';
import { createDevice, createIdentity, loadKeys, saveKeys, SyncPeer, Workspace } from '../../../main/sync';
import { certificateProblem } from '../../../main/sync/device-keys';
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

  it('re-issues a certificate made before names left certificates: same device, no name in new chains, the name sealed and published', async () => {
    // A device made by an earlier version: its host name signed into its certificate.
    const identity = createIdentity();
    const old = createDevice(identity, HOST);
    await saveKeys(vault.sync.keyStore(), identity, old);

    const { device } = await deviceKeys(vault.sync, 'not-this-name');
    expect(device.certificate).toMatchObject({ name: '', deviceId: old.certificate.deviceId, signingKey: old.certificate.signingKey, exchangeKey: old.certificate.exchangeKey });
    expect(certificateProblem(device.certificate)).toBeNull();
    // Stored re-issued: the next unlock loads the unnamed certificate.
    expect((await loadKeys(vault.sync.keyStore()))?.device.certificate.name).toBe('');

    const peer = new SyncPeer(Workspace.create(identity, device));
    const chain = peer.workspace.entries().map((e) => new TextDecoder().decode(chainRecord(e))).join('\n');
    expect(chain).not.toContain('ops-laptop');
    publishDeviceName(vault.sync, peer);
    expect(peer.team.doc.deviceName(device.certificate.deviceId)).toBe(HOST);
  });

  it('does not write the name before the device holds the team key (an invitee not admitted yet)', async () => {
    const { device } = await deviceKeys(vault.sync, HOST);
    const peer = new SyncPeer(Workspace.open('not-yet-known', device, []));
    publishDeviceName(vault.sync, peer);
    expect(peer.team.doc.deviceName(device.certificate.deviceId)).toBeUndefined();
  });
});
