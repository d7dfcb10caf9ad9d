// App service instances for sharing tests over a real relay: each `startApp` is a channel
// harness (a vault directory with its own services behind the real handler table and
// dispatcher, as the renderer reaches them); `joinedPair` has A create a workspace on the
// relay and admit B (invite → join → matching six-digit code → admit) with the given role,
// `admitInto` admits one more app into a workspace A is in.
// `useRelayApps` gives a describe block a relay on 127.0.0.1 and two apps with created
// vaults, closed after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { startRelay, type RunningRelay } from '../../relay/server';
import type { WorkspaceSyncStatus } from '../../main/ipc/contract/sharing';
import { openChannelHarness, type ChannelHarness } from './channel-harness';

/** One app: its services over a fresh data directory behind the real handler table (the channel harness). */
export type App = ChannelHarness;

export function startApp(name: string, options: { scimPollMs?: number } = {}): App {
  return openChannelHarness({ name, relayHost: '127.0.0.1', ...options });
}

/** A creates a workspace on the relay and admits B with `role`; returns the workspace and B's member id. */
export async function joinedPair(a: App, b: App, relayUrl: string, role: string): Promise<{ workspaceId: string; bMemberId: string }> {
  const { workspaceId } = await a.value<{ workspaceId: string }>('sharing.create', { name: 'Team space', relayUrl });
  return { workspaceId, bMemberId: await admitInto(a, b, workspaceId, role) };
}

/** A (an Owner or Admin of the workspace) invites and admits B with `role` (invite → join → matching six-digit code → admit); returns B's member id. */
export async function admitInto(a: Pick<App, 'value'>, b: Pick<App, 'value'>, workspaceId: string, role: string): Promise<string> {
  // Online, and the relay has acknowledged the chain's records (an invitee reads them from it).
  await expect.poll(async () => (await a.value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces.find((w) => w.workspaceId === workspaceId)).toMatchObject({ state: 'online', pendingOutgoing: 0 });
  const { code } = await a.value<{ code: string }>('sharing.invite', { workspaceId });
  const { sas } = await b.value<{ sas: string }>('sharing.join', { code });
  await expect.poll(async () => (await a.value<{ requests: { sas: string }[] }>('sharing.joinRequests', { workspaceId })).requests.length).toBe(1);
  const { memberId } = await a.value<{ memberId: string }>('sharing.admit', { workspaceId, sas, role });
  await expect.poll(async () => (await b.value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces.find((w) => w.workspaceId === workspaceId)?.admitted).toBe(true);
  return memberId;
}

/** A relay (its files in `relayDir`, for scans) and apps A and B (vaults created) for the describe block; filled in before its tests run. */
export function useRelayApps(prefix: string): { relay: RunningRelay; relayDir: string; a: App; b: App } {
  const fixture = {} as { relay: RunningRelay; relayDir: string; a: App; b: App };
  let relayDir = '';
  beforeAll(async () => {
    relayDir = mkdtempSync(join(tmpdir(), `tessera-${prefix}-relay-`));
    fixture.relayDir = relayDir;
    fixture.relay = await startRelay({ dbPath: join(relayDir, 'relay.db'), host: '127.0.0.1', port: 0 });
    fixture.a = startApp('a');
    fixture.b = startApp('b');
    await fixture.a.value('vault.create', { password: 'master-password-a' });
    await fixture.b.value('vault.create', { password: 'master-password-b' });
  });
  afterAll(async () => {
    for (const app of [fixture.a, fixture.b]) await app?.close();
    await fixture.relay?.close();
    if (relayDir) rmSync(relayDir, { recursive: true, force: true });
  });
  return fixture;
}
