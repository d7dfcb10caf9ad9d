// SyncController.useRelay: the workspace's live connection moves to the new address at once
// (connecting, then online through it), and the link to the address it left cannot report a
// state any more — its close arriving after the new link opened leaves the workspace online.
import { afterEach, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TEST_KDF_COST, Vault } from '../../../main/vault';
import { SyncPeer, Workspace } from '../../../main/sync';
import type { LinkHandlers, RelayConnector } from '../../../main/sync/relay-connection';
import { SharingService } from '../../../main/sharing/sharing-service';
import { SyncController, type WorkspaceSyncStatus } from '../../../main/sharing/sync-controller';
import { silentLogger } from '../../../main/logger';
import { person } from '../sync/chain-helpers';

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Links the test opens and closes by hand, per address. */
function handLinks() {
  const links: { url: string; handlers: LinkHandlers; closed: boolean }[] = [];
  const connector = (url: string): RelayConnector => (handlers) => {
    const link = { url, handlers, closed: false };
    links.push(link);
    return { send: () => {}, close: () => void (link.closed = true) };
  };
  return { links, connector };
}

it('moves the live connection to the new address, and the old link no longer reports a state', async () => {
  dir = mkdtempSync(join(tmpdir(), 'tessera-sync-relay-'));
  const { vault } = await Vault.create(join(dir, 'v.tessera'), 'master-password-1', { kdf: TEST_KDF_COST, allowWeakKdf: true });
  const network = handLinks();
  const emitted: WorkspaceSyncStatus[] = [];
  const controller = new SyncController({
    vault: () => vault, sharing: new SharingService(), log: silentLogger, connector: network.connector,
    emit: (event, payload) => event === 'sharing.status' && emitted.push(payload as WorkspaceSyncStatus),
  });
  const alice = person('alice');
  const peer = new SyncPeer(Workspace.create(alice.identity, alice.device));
  const workspaceId = peer.workspace.workspaceId;
  try {
    controller.open({ identity: alice.identity, device: alice.device, peer, sequences: {}, relayUrl: 'ws://lan.test:8787' });
    expect(network.links.map((l) => l.url)).toEqual(['ws://lan.test:8787']);
    network.links[0]!.handlers.onOpen();
    expect(controller.status()[0]).toMatchObject({ relayUrl: 'ws://lan.test:8787', state: 'online' });

    controller.useRelay(workspaceId, 'wss://relay.example.com');
    expect(network.links.map((l) => [l.url, l.closed])).toEqual([['ws://lan.test:8787', true], ['wss://relay.example.com', false]]);
    expect(controller.status()[0]).toMatchObject({ relayUrl: 'wss://relay.example.com', state: 'connecting', error: null });
    expect(emitted.at(-1)).toMatchObject({ relayUrl: 'wss://relay.example.com', state: 'connecting' });
    network.links[1]!.handlers.onOpen();
    // The old link's close comes late: the workspace stays online through the new address.
    network.links[0]!.handlers.onClose();
    expect(controller.status()[0]).toMatchObject({ relayUrl: 'wss://relay.example.com', state: 'online', error: null });
    // The same address again changes nothing; a close of the current link does report.
    controller.useRelay(workspaceId, 'wss://relay.example.com');
    expect(network.links).toHaveLength(2);
    network.links[1]!.handlers.onClose();
    expect(controller.status()[0]).toMatchObject({ state: 'offline', error: { code: 'RELAY_UNAVAILABLE', message: expect.stringContaining('wss://relay.example.com') } });
  } finally {
    controller.stop();
    vault.close();
  }
});
