// Sync is background work: the controller saving and materializing again and again must not
// keep an unattended vault unlocked (a real vault file with a short idle-lock time).
import { afterEach, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_KDF_COST, Vault } from '../../../main/vault';
import { SyncPeer, Workspace } from '../../../main/sync';
import { SharingService } from '../../../main/sharing/sharing-service';
import { SyncController } from '../../../main/sharing/sync-controller';
import { silentLogger } from '../../../main/logger';
import { person } from '../sync/chain-helpers';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('the idle lock still fires while sync keeps saving', async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-sync-idle-'));
  const { vault } = await Vault.create(join(dir, 'v.tessera'), 'master-password-1', { kdf: TEST_KDF_COST, allowWeakKdf: true, idleLockMs: 400 });
  const controller = new SyncController({ vault: () => vault, sharing: new SharingService(), emit: () => {}, log: silentLogger });
  const alice = person('alice');
  const peer = new SyncPeer(Workspace.create(alice.identity, alice.device));
  controller.open({ identity: alice.identity, device: alice.device, peer, sequences: {}, relayUrl: undefined });
  vault.idleLock.start();
  let saves = 0;
  const timer = setInterval(() => {
    try {
      controller.saveNow(peer.workspace.workspaceId);
      saves++;
    } catch {
      clearInterval(timer);
    }
  }, 50);
  try {
    await expect.poll(() => vault.isUnlocked, { timeout: 5_000 }).toBe(false);
  } finally {
    clearInterval(timer);
    controller.stop();
    vault.close();
  }
  expect(saves).toBeGreaterThan(2);
});
