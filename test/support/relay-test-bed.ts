// What the relay's PostgreSQL tests and bench share: a throwaway PostgreSQL server
// (postgres-server.ts), the relay's built bundle to spawn nodes from (relay-process.ts) and a
// temporary folder for SQLite files, opened together before a file's tests and removed after.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPostgres, type PostgresServer } from './postgres-server';
import { buildRelayBundle, type RelayBundle } from './relay-process';

export interface RelayTestBed {
  server: PostgresServer;
  bundle: RelayBundle;
  dir: string;
  close(): Promise<void>;
}

export async function openRelayTestBed(name: string): Promise<RelayTestBed> {
  const dir = mkdtempSync(join(tmpdir(), `tessera-${name}-`));
  const [server, bundle] = await Promise.all([startPostgres(), buildRelayBundle()]);
  return {
    server,
    bundle,
    dir,
    close: async () => {
      await server.close();
      bundle.dispose();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
