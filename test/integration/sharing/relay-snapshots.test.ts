// The live sync controller publishes relay snapshots: once a doc this device may write has
// grown by SNAPSHOT_AFTER_RECORDS on the relay and sync is idle, one merged, signed envelope
// goes up as the doc's snapshot, so a new device starts from it instead of the whole history.
// Small docs get none. Real relay on 127.0.0.1, real vault file.
import { afterEach, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_KDF_COST, Vault } from '../../../main/vault';
import { SyncPeer, Workspace, teamDocId } from '../../../main/sync';
import { SharingService } from '../../../main/sharing/sharing-service';
import { SNAPSHOT_AFTER_RECORDS, SyncController } from '../../../main/sharing/sync-controller';
import { silentLogger } from '../../../main/logger';
import { startRelay } from '../../../relay/server';
import { SqliteLogStore } from '../../../relay/sqlite-log-store';
import { person } from '../../unit/sync/chain-helpers';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('an idle Owner device publishes a snapshot of the team doc once it grew enough, and none of the small account docs', async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-relay-snapshots-'));
  const relay = await startRelay({ dbPath: join(dir, 'relay.db'), host: '127.0.0.1', port: 0 });
  const { vault } = await Vault.create(join(dir, 'v.tessera'), 'master-password-1', { kdf: TEST_KDF_COST, allowWeakKdf: true, idleLockMs: 0 });
  const controller = new SyncController({ vault: () => vault, sharing: new SharingService(), emit: () => {}, log: silentLogger });
  const alice = person('alice');
  const peer = new SyncPeer(Workspace.create(alice.identity, alice.device));
  // One account per turn: the edits of one turn go out as one envelope per doc, and the team doc should grow by a record each.
  const accountDocs: string[] = [];
  for (let i = 0; i < SNAPSHOT_AFTER_RECORDS + 4; i++) {
    accountDocs.push(peer.createAccount().doc.docId);
    await new Promise((resolve) => setImmediate(resolve));
  }
  const team = teamDocId(peer.workspace.workspaceId);
  const store = new SqliteLogStore(join(dir, 'relay.db'));
  try {
    controller.open({ identity: alice.identity, device: alice.device, peer, sequences: {}, relayUrl: relay.url });
    await expect.poll(async () => (await store.getSnapshot(team))?.seq ?? 0, { timeout: 20_000 }).toBeGreaterThanOrEqual(SNAPSHOT_AFTER_RECORDS);
    const snapshot = (await store.getSnapshot(team))!;
    expect(snapshot.seq).toBe(await store.lastSeq(team));
    const snapshotted = await Promise.all(accountDocs.map(async (docId) => ((await store.getSnapshot(docId)) ? [docId] : [])));
    expect(snapshotted.flat()).toEqual([]);
    // The snapshot is an envelope like any other: no plaintext account ids from the directory.
    expect(Buffer.from(snapshot.data).toString('latin1')).not.toContain(accountDocs[0]!.split('/').at(-1));
  } finally {
    controller.stop();
    await store.close();
    await relay.close();
    vault.close();
  }
});
