// The sync state in the vault (main/vault/sync-records.ts through main/sharing/sync-state.ts):
// identity and device secrets, chain entries, shared docs, pins and sequence numbers survive
// a lock and unlock, and neither the keys nor anything people typed is readable in the files.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { serializeDeviceKeys, serializeIdentity, SyncPeer, Workspace } from '../../../main/sync';
import { deviceKeys, loadWorkspace, saveWorkspace, workspaceIds } from '../../../main/sharing/sync-state';
import { syncPeerRoles } from '../../../main/sharing/sharing-service';
import { createTestVault, PASSWORD, withRawDb } from './helpers';
import { scanFilesForSecrets, vaultFiles } from './secret-scan';

const SHARED_PASSWORD = 'Shared-Wombat-Password-4471';
const ACCOUNT_NAME = 'Platypus treasury portal';

describe('sync state in the vault', () => {
  it('keeps keys and workspace state sealed, and gives them back after unlocking', async () => {
    const { vault, path } = await createTestVault();
    const first = await deviceKeys(vault.sync);
    expect(await deviceKeys(vault.sync)).toMatchObject({ identity: { memberId: first.identity.memberId } });

    const workspace = Workspace.create(first.identity, first.device);
    const peer = new SyncPeer(workspace);
    const { doc, itemKey } = peer.createAccount('acct-1');
    doc.setMeta({ name: ACCOUNT_NAME });
    doc.writeSecret('password', SHARED_PASSWORD, itemKey, { deviceId: first.device.certificate.deviceId, memberId: first.identity.memberId });
    peer.pins.check('someone', 'their-identity-key');
    saveWorkspace(vault.sync, peer);
    expect(workspaceIds(vault.sync)).toEqual([workspace.workspaceId]);

    const files = vaultFiles(path);
    expect(scanFilesForSecrets(files, [SHARED_PASSWORD, ACCOUNT_NAME, PASSWORD])).toEqual([]);
    const rawKeys = [serializeIdentity(first.identity), serializeDeviceKeys(first.device)];
    for (const file of files) {
      const content = readFileSync(file);
      for (const key of rawKeys) expect(content.includes(Buffer.from(key))).toBe(false);
    }

    vault.lock();
    await vault.unlock(PASSWORD);
    const again = await deviceKeys(vault.sync);
    expect(again.identity.memberId).toBe(first.identity.memberId);
    expect(again.device.certificate).toEqual(first.device.certificate);
    const loaded = loadWorkspace(vault.sync, workspace.workspaceId, again.device)!;
    expect(loaded.peer.workspace.entries()).toEqual(workspace.entries());
    const account = loaded.peer.account(doc.docId).doc;
    expect(account.meta()).toEqual({ name: ACCOUNT_NAME });
    expect(account.readSecret('password', account.openItemKeys(again.device))).toEqual({ status: 'set', value: SHARED_PASSWORD });
    expect(loaded.peer.pins.toJSON()).toEqual({ someone: { key: 'their-identity-key' } });
    expect(syncPeerRoles(loaded.peer).roleOf('acct-1')).toBe('owner');
  });

  it('refuses a value moved under another name, and deletes on undefined', async () => {
    const { vault, path } = await createTestVault();
    vault.sync.write('a', { x: 1 });
    vault.sync.write('b', { x: 2 });
    expect(vault.sync.read('a')).toEqual({ x: 1 });
    withRawDb(path, (db) => {
      const rows = db.prepare('SELECT name_hmac, data FROM sync_state').all() as { name_hmac: Buffer; data: Buffer }[];
      expect(rows).toHaveLength(2);
      const update = db.prepare('UPDATE sync_state SET data = ? WHERE name_hmac = ?');
      update.run(rows[1]!.data, rows[0]!.name_hmac);
      update.run(rows[0]!.data, rows[1]!.name_hmac);
    });
    expect(() => vault.sync.read('a')).toThrow(expect.objectContaining({ code: 'ITEM_CORRUPT' }));
    vault.sync.write('a', undefined);
    expect(vault.sync.read('a')).toBeUndefined();
  });
});
