// One app's services over a fresh data directory, driven through the handler table as the
// renderer would (each result kept, so a test can check none carries a secret); shared by the
// integration tests that run two app instances against a relay.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServices, type Services } from '../../../main/services';
import { createDispatcher } from '../../../main/ipc/dispatcher';
import { createHandlerTable } from '../../../main/ipc/handler-table';
import { createMemoryClipboard } from '../../../main/clipboard/clipboard-guard';
import { silentLogger } from '../../../main/logger';
import { TEST_KDF_COST } from '../../../main/vault/index';
import { startRelay, type RunningRelay } from '../../../relay/server';

const ctx = { transport: 'test' as const };

export interface App {
  dir: string;
  services: Services;
  results: string[];
  call(channel: string, input?: unknown): Promise<{ ok: boolean; value?: unknown; error?: { code: string } }>;
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


/** A relay on 127.0.0.1 (its files in `relayDir`) and two apps A and B with new vaults. */
export interface TwoApps {
  relay: RunningRelay;
  relayDir: string;
  a: App;
  b: App;
  close(): Promise<void>;
}

export async function startTwoAppsAndRelay(prefix: string): Promise<TwoApps> {
  const relayDir = mkdtempSync(join(tmpdir(), `tessera-${prefix}-relay-`));
  const relay = await startRelay({ dbPath: join(relayDir, 'relay.db'), host: '127.0.0.1', port: 0 });
  const a = startApp(`${prefix}-a`);
  const b = startApp(`${prefix}-b`);
  await a.value('vault.create', { password: 'master-password-a' });
  await b.value('vault.create', { password: 'master-password-b' });
  return {
    relay,
    relayDir,
    a,
    b,
    async close() {
      for (const app of [a, b]) {
        await app.services.close();
        rmSync(app.dir, { recursive: true, force: true });
      }
      await relay.close();
      rmSync(relayDir, { recursive: true, force: true });
    },
  };
}
