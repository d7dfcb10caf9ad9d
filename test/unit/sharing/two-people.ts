// Two people in one workspace for the sharing tests, each with a real vault file: Alice (an
// Owner who shares) and Bob (a Member), their sync peers, and `deliver`, which hands Bob
// what Alice's device holds as the relay would (the team directory, then every account doc).
import * as Y from 'yjs';
import { afterEach, beforeEach } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_KDF_COST, Vault } from '../../../main/vault';
import { SyncPeer } from '../../../main/sync';
import { person, team } from '../sync/chain-helpers';

/** Creates both vaults before each test and removes them after; read the fields inside tests. */
export function useTwoVaults(prefix: string): { aliceVault: Vault; bobVault: Vault } {
  const vaults = {} as { aliceVault: Vault; bobVault: Vault };
  let dir = '';
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), `tessera-${prefix}-`));
    const options = { kdf: TEST_KDF_COST, allowWeakKdf: true };
    ({ vault: vaults.aliceVault } = await Vault.create(join(dir, 'alice.tessera'), 'master-password-a', options));
    ({ vault: vaults.bobVault } = await Vault.create(join(dir, 'bob.tessera'), 'master-password-b', options));
  });
  afterEach(() => {
    vaults.aliceVault.close();
    vaults.bobVault.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return vaults;
}

/** Alice and Bob (a Member) in one workspace, with `deliver` from Alice's device to Bob's. */
export function twoPeers() {
  const alice = person('alice');
  const bob = person('bob');
  const ws = team(alice, [[bob, 'member']]);
  const alicePeer = new SyncPeer(ws.get('alice')!);
  const bobPeer = new SyncPeer(ws.get('bob')!);
  const deliver = () => {
    Y.applyUpdate(bobPeer.team.doc.doc, Y.encodeStateAsUpdate(alicePeer.team.doc.doc));
    for (const doc of alicePeer.accounts()) Y.applyUpdate(bobPeer.account(doc.docId).doc.doc, Y.encodeStateAsUpdate(doc.doc));
  };
  return { alice, bob, alicePeer, bobPeer, deliver };
}
