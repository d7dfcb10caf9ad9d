import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webSocketConnector } from '../../../main/sync/relay-connection';
import { relayCredentials } from '../../../protocol/relay-access';
import { SyncClient } from '../../../main/sync/sync-client';

const repoRoot = resolve(import.meta.dirname, '../../..');
let bundleDir: string;
let workDir: string;

// The same entry `npm run relay` runs once built; bundled here under node_modules/ so better-sqlite3 and ws resolve.
beforeAll(async () => {
  const cache = join(repoRoot, 'node_modules/.cache');
  mkdirSync(cache, { recursive: true });
  bundleDir = mkdtempSync(join(cache, 'tessera-relay-cli-'));
  workDir = mkdtempSync(join(tmpdir(), 'tessera-relay-cli-'));
  await build({
    configFile: false,
    logLevel: 'warn',
    root: repoRoot,
    build: { ssr: join(repoRoot, 'relay/cli.ts'), outDir: bundleDir, emptyOutDir: true, minify: false, rollupOptions: { output: { format: 'es', entryFileNames: 'relay.mjs' } } },
  });
});

afterAll(() => {
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

describe('relay command', () => {
  it('serves on the port it prints, keeps records in its SQLite file, and stops cleanly on SIGTERM', async () => {
    const db = join(workDir, 'relay.db');
    const child = spawn(process.execPath, [join(bundleDir, 'relay.mjs'), '--port', '0', '--db', db], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const url = await new Promise<string>((done, fail) => {
      let out = '';
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        const match = /listening on (ws:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (match) done(match[1]!);
      });
      child.once('exit', () => fail(new Error(`the relay exited: ${stderr}`)));
    });

    // A workspace key the relay pins on first use.
    const client = new SyncClient(webSocketConnector(url), { access: { workspaceId: 'ws', credentials: () => relayCredentials('ws', [new Uint8Array(32).fill(7)]) } });
    client.attach({ docId: 'ws/team', receive: () => {}, onOutgoing: (send) => (send(new Uint8Array([1, 2, 3])), () => {}) });
    client.start();
    await client.idle();
    expect(client.status().logs[0]!.lastSeq).toBe(1);
    client.stop();

    child.kill('SIGTERM');
    const code = await new Promise((done) => child.once('exit', (c) => done(c)));
    expect(code).toBe(0);
    expect(existsSync(db)).toBe(true);
    expect(stderr).toBe('');
  });

  it('refuses a port that is not a number', async () => {
    const child = spawn(process.execPath, [join(bundleDir, 'relay.mjs'), '--port', 'eighty', '--db', join(workDir, 'x.db')], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    expect(await new Promise((done) => child.once('exit', (c) => done(c)))).toBe(2);
    expect(stderr).toContain('--port must be a number');
  });
});
