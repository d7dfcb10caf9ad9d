import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webSocketConnector } from '../../../main/sync/relay-connection';
import { workspaceRelayAccess } from '../../../protocol/relay-access';
import { SyncClient } from '../../../main/sync/sync-client';
import { Workspace } from '../../../main/sync/workspace';
import { readAll } from '../../../relay/log-store';
import { SqliteLogStore } from '../../../relay/sqlite-log-store';
import { buildRelayBundle, spawnRelay, type RelayBundle } from '../../support/relay-process';
import { person } from '../../unit/sync/chain-helpers';

let bundle: RelayBundle;
let workDir: string;

// The same entry `npm run relay` runs once built.
beforeAll(async () => {
  bundle = await buildRelayBundle();
  workDir = mkdtempSync(join(tmpdir(), 'tessera-relay-cli-'));
});

afterAll(() => {
  bundle?.dispose();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('relay command', () => {
  it('serves on the port it prints, keeps records in its SQLite file, and stops cleanly on SIGTERM', async () => {
    const db = join(workDir, 'relay.db');
    const relay = await spawnRelay(bundle, db);

    // A new workspace: the relay pins the key its creation entry names.
    const owner = person('Olivia');
    const workspace = Workspace.create(owner.identity, owner.device);
    const client = new SyncClient(webSocketConnector(relay.url), { access: workspaceRelayAccess(workspace) });
    client.attach({ docId: `${workspace.workspaceId}/team`, receive: () => {}, onOutgoing: (send) => (send(new Uint8Array([1, 2, 3])), () => {}) });
    client.start();
    await client.idle();
    // Acknowledged (its own copy may still be on the wire: `idle` waits for the acknowledgement, not the echo).
    expect(client.status().logs[0]!.unacknowledged).toBe(0);
    client.stop();

    expect(await relay.stop()).toBe(0);
    expect(existsSync(db)).toBe(true);
    const stored = new SqliteLogStore(db);
    expect(await readAll(stored, `${workspace.workspaceId}/team`)).toEqual([{ seq: 1, record: new Uint8Array([1, 2, 3]) }]);
    await stored.close();
    expect(relay.stderr()).toBe('');
  });

  it('refuses a port that is not a number', async () => {
    const child = spawn(process.execPath, [bundle.script, '--port', 'eighty', '--db', join(workDir, 'x.db')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    expect(await new Promise((done) => child.once('exit', (c) => done(c)))).toBe(2);
    expect(stderr).toContain('--port must be a number');
  });
});
