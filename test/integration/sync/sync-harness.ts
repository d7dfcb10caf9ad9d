// Test harness: people with devices, each a SyncPeer with a SyncClient on some relay
// connector, and a way to wait until every client is connected, live and acknowledged.
// `useInProcessRelay()` gives each test a fresh in-memory relay and stops its devices after.
import { workspaceRelayAccess } from '../../../protocol/relay-access';
import { afterEach, beforeEach } from 'vitest';
import { inProcessConnector, type RelayConnector } from '../../../main/sync/relay-connection';
import { RelayHub } from '../../../relay/relay-hub';
import { SqliteLogStore } from '../../../relay/sqlite-log-store';
import { SyncClient } from '../../../main/sync/sync-client';
import { SyncPeer, type Rejection } from '../../../main/sync/sync-peer';
import { Workspace } from '../../../main/sync/workspace';
import type { Person } from '../../unit/sync/chain-helpers';

export interface TestDevice {
  person: Person;
  peer: SyncPeer;
  client: SyncClient;
  rejections: Rejection[];
}

export function startDevice(person: Person, workspace: Workspace, connector: RelayConnector): TestDevice {
  const peer = new SyncPeer(workspace);
  const client = new SyncClient(connector, { retryDelayMs: () => 20, access: workspaceRelayAccess(workspace) });
  const rejections: Rejection[] = [];
  peer.onRejected((r) => rejections.push(r));
  for (const log of peer.logs()) client.attach(log);
  peer.onLogAdded((log) => client.attach(log));
  client.start();
  return { person, peer, client, rejections };
}

/** A new member's device: it knows only the workspace id and fetches the chain from the relay. */
export function joinDevice(person: Person, workspaceId: string, connector: RelayConnector): TestDevice {
  return startDevice(person, Workspace.open(workspaceId, person.device, []), connector);
}

export function follow(device: TestDevice, docId: string): void {
  device.client.attach(device.peer.account(docId).replica);
}

/** Waits until every client is idle and nothing changed between two rounds. */
export async function settle(devices: readonly TestDevice[], timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let previous = '';
  for (;;) {
    await Promise.race([
      Promise.all(devices.map((d) => d.client.idle())),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`sync did not settle: ${JSON.stringify(devices.map((d) => d.client.status()))}`)), Math.max(1, deadline - Date.now()))),
    ]);
    await new Promise((r) => setTimeout(r, 10));
    const now = JSON.stringify(devices.map((d) => d.client.status()));
    if (now === previous && devices.every((d) => d.client.status().connected)) return;
    previous = now;
  }
}

/** Per test: an in-memory relay store, a connector to its hub, and the devices to stop after. */
export function useInProcessRelay(): { store: SqliteLogStore; connector: RelayConnector; devices: TestDevice[] } {
  const relay = {} as { store: SqliteLogStore; connector: RelayConnector; devices: TestDevice[] };
  beforeEach(() => {
    relay.store = new SqliteLogStore(':memory:');
    relay.connector = inProcessConnector(new RelayHub(relay.store));
    relay.devices = [];
  });
  afterEach(async () => {
    for (const d of relay.devices) d.client.stop();
    await relay.store.close();
  });
  return relay;
}
