// App service instances for sharing tests over a real relay: each `startApp` is a vault
// directory with its own services behind the real handler table and dispatcher (as the
// renderer reaches them); `joinedPair` has A create a workspace on the relay and admit B
// (invite → join → matching six-digit code → admit) with the given role. `useRelayApps`
// gives a describe block a relay on 127.0.0.1 and two apps with created vaults, closed after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { startRelay, type RunningRelay } from '../../relay/server';
import { createServices, type Services } from '../../main/services';
import { createDispatcher } from '../../main/ipc/dispatcher';
import { createHandlerTable } from '../../main/ipc/handler-table';
import { createMemoryClipboard } from '../../main/clipboard/clipboard-guard';
import { silentLogger } from '../../main/logger';
import { TEST_KDF_COST } from '../../main/vault/index';
import type { WorkspaceSyncStatus } from '../../main/ipc/contract/sharing';

const ctx = { transport: 'test' as const };

export interface App {
  dir: string;
  services: Services;
  results: string[];
  call(channel: string, input?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string; message?: string } }>;
  value<T>(channel: string, input?: unknown): Promise<T>;
}

export function startApp(name: string): App {
  const dir = mkdtempSync(join(tmpdir(), `tessera-share-${name}-`));
  const services = createServices({
    dataDir: dir,
    platform: { host: 'web-test-host', version: 't', openInOs: async () => {}, clipboard: createMemoryClipboard() },
    log: silentLogger,
    vaultOptions: { kdf: TEST_KDF_COST, allowWeakKdf: true },
    relayHost: '127.0.0.1',
  });
  const dispatch = createDispatcher(createHandlerTable(services), silentLogger);
  const results: string[] = [];
  const app: App = {
    dir,
    services,
    results,
    async call(channel, input = {}) {
      const result = await dispatch(channel, input, ctx);
      results.push(JSON.stringify(result));
      return result as Awaited<ReturnType<App['call']>>;
    },
    async value<T>(channel: string, input: unknown = {}) {
      const result = await app.call(channel, input);
      if (!result.ok) throw new Error(`${name} ${channel}: ${JSON.stringify(result.error)}`);
      return result.value as T;
    },
  };
  return app;
}

/** A creates a workspace on the relay and admits B with `role`; returns the workspace and B's member id. */
export async function joinedPair(a: App, b: App, relayUrl: string, role: string): Promise<{ workspaceId: string; bMemberId: string }> {
  const { workspaceId } = await a.value<{ workspaceId: string }>('sharing.create', { name: 'Team space', relayUrl });
  await expect.poll(async () => (await a.value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces[0]?.state).toBe('online');
  const { code } = await a.value<{ code: string }>('sharing.invite', { workspaceId });
  const { sas } = await b.value<{ sas: string }>('sharing.join', { code });
  await expect.poll(async () => (await a.value<{ requests: { sas: string }[] }>('sharing.joinRequests', { workspaceId })).requests.length).toBe(1);
  const { memberId } = await a.value<{ memberId: string }>('sharing.admit', { workspaceId, sas, role });
  await expect.poll(async () => (await b.value<{ workspaces: WorkspaceSyncStatus[] }>('sharing.status')).workspaces[0]?.admitted).toBe(true);
  return { workspaceId, bMemberId: memberId };
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
    for (const app of [fixture.a, fixture.b]) {
      if (!app) continue;
      await app.services.close();
      rmSync(app.dir, { recursive: true, force: true });
    }
    await fixture.relay?.close();
    if (relayDir) rmSync(relayDir, { recursive: true, force: true });
  });
  return fixture;
}
